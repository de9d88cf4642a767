/**
 * The PostgreSQL / Supabase store of email-triage: start at {@link dev.emailtriage.supabase.SupabaseStore}, which
 * gives a {@link dev.emailtriage.supabase.PostgresDecisionStore} (decisions, durable queue, analytics, retention) and
 * a {@link dev.emailtriage.supabase.PostgresPromptRepository} (versioned prompts, one active, A/B challenger).
 */
package dev.emailtriage.supabase;
