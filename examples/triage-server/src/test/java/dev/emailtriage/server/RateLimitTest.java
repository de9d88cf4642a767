package dev.emailtriage.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The per-key rate limit on processing: 429 with Retry-After, per key, and only on processing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "GEMINI_API_KEY=", "GOOGLE_API_KEY=", "EMAILTRIAGE_EMBEDDED_DB=false",
    "EMAILTRIAGE_API_KEY=rate-user-key-123456", "EMAILTRIAGE_ADMIN_KEY=rate-admin-key-123456",
    "EMAILTRIAGE_RATE_LIMIT_PER_MINUTE=3"})
class RateLimitTest {

  @LocalServerPort
  int port;

  @Test
  void theFourthProcessingRequestInAMinuteIsA429WithRetryAfter() {
    Http http = new Http(port);
    for (int i = 0; i < 3; i++) {
      Http.Answer ok = http.post("/api/v1/emails/process", "rate-user-key-123456",
          Http.email("rate-" + i, "a@example.com", "2025-01-15T10:30:00Z"));
      assertThat(ok.status()).as(ok.body()).isEqualTo(200);
      assertThat(ok.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(2 - i));
    }
    Http.Answer limited = http.post("/api/v1/emails/process", "rate-user-key-123456",
        Http.email("rate-3", "a@example.com", "2025-01-15T10:30:00Z"));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Content-Type")).startsWith("application/problem+json");
    long retryAfter = Long.parseLong(limited.header("Retry-After"));
    assertThat(retryAfter).isBetween(1L, 60L);
    assertThat(limited.json().path("retry_after").asLong()).isEqualTo(retryAfter);

    // Other endpoints are not limited, and the other key has its own bucket.
    assertThat(http.get("/api/v1/emails/rate-0/status", "rate-user-key-123456").status()).isEqualTo(200);
    assertThat(http.post("/api/v1/emails/process", "rate-admin-key-123456",
        Http.email("rate-4", "a@example.com", "2025-01-15T10:30:00Z")).status()).isEqualTo(200);
  }
}
