/**
 * The PostgreSQL store of email-triage (for Supabase and any PostgreSQL 14 or newer): start at
 * {@link dev.emailtriage.supabase.SupabaseStore}, the one entry point, which gives a
 * {@link dev.emailtriage.supabase.PostgresDecisionStore} (decisions, durable queue, analytics, retention), a
 * {@link dev.emailtriage.supabase.PostgresPromptRepository} (versioned prompts, one active, A/B challenger), a
 * {@link dev.emailtriage.supabase.PostgresLearnedRuleStore} (sender memory) and a
 * {@link dev.emailtriage.supabase.PostgresMailboxStateStore} (mailbox checkpoints and steps).
 *
 * <p>Names: the module ({@code supabase-store}), the artifact ({@code email-triage-supabase}), this package and the
 * entry point {@code SupabaseStore} say Supabase, the product users look for; the classes that do the work say
 * Postgres, because they run on any PostgreSQL.
 */
package dev.emailtriage.supabase;
