package dev.emailtriage.spring.boot.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code emailtriage.spamfilter.*}: the spam filter asked after the built-in rules (needs
 * {@code email-triage-spamfilter} on the class path). {@code spamd} falls back to the environment variable
 * {@code EMAILTRIAGE_SPAMD} and {@code rspamd-url} to {@code EMAILTRIAGE_RSPAMD_URL}. Not thread-safe (Spring binds
 * it once).
 *
 * <pre>
 * emailtriage.spamfilter.spamd=127.0.0.1:783
 * emailtriage.spamfilter.timeout=2s
 * </pre>
 */
@ConfigurationProperties(prefix = "emailtriage.spamfilter")
public class EmailTriageSpamFilterProperties {

  /** SpamAssassin's spamd as host:port; else EMAILTRIAGE_SPAMD. */
  private String spamd;

  /** Rspamd's base URL (http://127.0.0.1:11333); else EMAILTRIAGE_RSPAMD_URL. */
  private String rspamdUrl;

  /** Deadline of one check, all filters together. */
  private Duration timeout = Duration.ofSeconds(3);

  /** Ignore when spamd's score is at least this, instead of spamd's own verdict. */
  private Double spamdThreshold;

  /** Ignore when Rspamd's score is at least this, instead of Rspamd's action. */
  private Double rspamdThreshold;

  /** Creates the properties with their defaults; Spring calls it. */
  public EmailTriageSpamFilterProperties() {}

  /** SpamAssassin's spamd as host:port. */
  public String getSpamd() {
    return spamd;
  }

  /** Sets spamd's host:port. */
  public void setSpamd(String spamd) {
    this.spamd = spamd;
  }

  /** Rspamd's base URL. */
  public String getRspamdUrl() {
    return rspamdUrl;
  }

  /** Sets Rspamd's base URL. */
  public void setRspamdUrl(String rspamdUrl) {
    this.rspamdUrl = rspamdUrl;
  }

  /** The deadline of one check. */
  public Duration getTimeout() {
    return timeout;
  }

  /** Sets the deadline of one check. */
  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  /** spamd's score threshold, or null for spamd's own verdict. */
  public Double getSpamdThreshold() {
    return spamdThreshold;
  }

  /** Sets spamd's score threshold. */
  public void setSpamdThreshold(Double spamdThreshold) {
    this.spamdThreshold = spamdThreshold;
  }

  /** Rspamd's score threshold, or null for Rspamd's own verdict. */
  public Double getRspamdThreshold() {
    return rspamdThreshold;
  }

  /** Sets Rspamd's score threshold. */
  public void setRspamdThreshold(Double rspamdThreshold) {
    this.rspamdThreshold = rspamdThreshold;
  }
}
