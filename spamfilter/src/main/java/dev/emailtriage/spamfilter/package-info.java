/**
 * A triage {@link dev.emailtriage.spi.Rule} that asks a real spam filter: SpamAssassin's {@code spamd} over the
 * SPAMC protocol, or Rspamd over its HTTP {@code checkv2} API. Entry point: {@link
 * dev.emailtriage.spamfilter.SpamFilterRule#builder()}. Everything under {@code internal} may change at any time.
 */
package dev.emailtriage.spamfilter;
