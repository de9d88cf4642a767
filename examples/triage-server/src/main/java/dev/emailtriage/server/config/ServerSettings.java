package dev.emailtriage.server.config;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The server's own settings, under {@code emailtriage.server}. {@code application.properties} maps the operator's
 * environment names onto them ({@code EMAILTRIAGE_API_KEY}, {@code EMAILTRIAGE_ADMIN_KEY},
 * {@code EMAILTRIAGE_RATE_LIMIT_PER_MINUTE}, {@code EMAILTRIAGE_WEBHOOK_URL}, {@code EMAILTRIAGE_WEBHOOK_SECRET}).
 *
 * @param apiKey the ordinary API key; blank makes a random one at start-up
 * @param adminKey the admin key (prompt changes); blank makes a random one at start-up
 * @param rateLimitPerMinute processing requests allowed per key per minute
 * @param maxBodySize the largest request body accepted (413 above it)
 * @param webhookUrl where completed async jobs are POSTed; blank for none
 * @param webhookSecret the HMAC-SHA256 key of the webhook signature; required with a webhook URL
 * @param webhookMaxAttempts delivery attempts per webhook before giving up
 * @param webhookInitialBackoff the first retry delay; it doubles each attempt
 * @param webhookTimeout the timeout of one delivery attempt
 * @param webhookPollInterval how often the outbox is looked at for due deliveries
 * @param publicDocs serve the OpenAPI document and Swagger UI without a key ({@code EMAILTRIAGE_PUBLIC_DOCS})
 */
@ConfigurationProperties("emailtriage.server")
public record ServerSettings(
    String apiKey,
    String adminKey,
    @DefaultValue("10") int rateLimitPerMinute,
    @DefaultValue("2MB") DataSize maxBodySize,
    String webhookUrl,
    String webhookSecret,
    @DefaultValue("6") int webhookMaxAttempts,
    @DefaultValue("1s") Duration webhookInitialBackoff,
    @DefaultValue("10s") Duration webhookTimeout,
    @DefaultValue("500ms") Duration webhookPollInterval,
    @DefaultValue("false") boolean publicDocs) {

  /** Checks the settings at start-up, naming the environment variable at fault. */
  public ServerSettings {
    if (rateLimitPerMinute < 1) {
      throw new IllegalArgumentException("EMAILTRIAGE_RATE_LIMIT_PER_MINUTE must be at least 1, was "
          + rateLimitPerMinute);
    }
    if (maxBodySize.toBytes() < 1024) {
      throw new IllegalArgumentException("emailtriage.server.max-body-size must be at least 1KB");
    }
    if (webhookPollInterval.isNegative() || webhookPollInterval.isZero()) {
      throw new IllegalArgumentException("emailtriage.server.webhook-poll-interval must be positive");
    }
    if (webhookMaxAttempts < 1) {
      throw new IllegalArgumentException("emailtriage.server.webhook-max-attempts must be at least 1");
    }
    if (hasText(webhookUrl)) {
      URI uri;
      try {
        uri = URI.create(webhookUrl.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("EMAILTRIAGE_WEBHOOK_URL is not a URL", e);
      }
      if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
        throw new IllegalArgumentException("EMAILTRIAGE_WEBHOOK_URL must be an http or https URL");
      }
      if (!hasText(webhookSecret)) {
        throw new IllegalArgumentException(
            "EMAILTRIAGE_WEBHOOK_SECRET is required when EMAILTRIAGE_WEBHOOK_URL is set (deliveries are signed)");
      }
    }
    if (hasText(apiKey) && hasText(adminKey) && apiKey.equals(adminKey)) {
      throw new IllegalArgumentException("EMAILTRIAGE_ADMIN_KEY must differ from EMAILTRIAGE_API_KEY");
    }
  }

  /** True when a webhook URL is configured. */
  public boolean webhookEnabled() {
    return hasText(webhookUrl);
  }

  static boolean hasText(String s) {
    return s != null && !s.isBlank();
  }
}
