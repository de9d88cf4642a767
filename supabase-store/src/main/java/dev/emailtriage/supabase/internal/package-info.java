/** Implementation details of the PostgreSQL store; not API, may change in any release. */
package dev.emailtriage.supabase.internal;
