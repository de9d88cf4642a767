package dev.emailtriage.spi.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryTimingTest {

  private static final Instant NOW = Instant.parse("2025-01-15T10:30:00Z");

  @Test
  void retryAfterInSecondsIsParsed() {
    assertThat(RetryTiming.parseRetryAfter("7", NOW)).contains(Duration.ofSeconds(7));
  }

  @Test
  void retryAfterAsHttpDateIsRelativeToNow() {
    assertThat(RetryTiming.parseRetryAfter("Wed, 15 Jan 2025 10:30:40 GMT", NOW)).contains(Duration.ofSeconds(40));
  }

  @Test
  void retryAfterInThePastIsZero() {
    assertThat(RetryTiming.parseRetryAfter("Wed, 15 Jan 2025 10:29:00 GMT", NOW)).contains(Duration.ZERO);
  }

  @Test
  void garbageRetryAfterGivesNothing() {
    assertThat(RetryTiming.parseRetryAfter("soon", NOW)).isEmpty();
    assertThat(RetryTiming.parseRetryAfter(null, NOW)).isEmpty();
  }

  @Test
  void retryAfterMsIsMilliseconds() {
    assertThat(RetryTiming.parseRetryAfterMillis("1500")).contains(Duration.ofMillis(1500));
    assertThat(RetryTiming.parseRetryAfterMillis("20.4")).contains(Duration.ofMillis(20));
    assertThat(RetryTiming.parseRetryAfterMillis("-1")).isEmpty();
  }

  @Test
  void openAiResetDurationsAreParsed() {
    assertThat(RetryTiming.parseResetDuration("1s")).contains(Duration.ofSeconds(1));
    assertThat(RetryTiming.parseResetDuration("6m0s")).contains(Duration.ofMinutes(6));
    assertThat(RetryTiming.parseResetDuration("20ms")).contains(Duration.ofMillis(20));
    assertThat(RetryTiming.parseResetDuration("1h2m3.5s")).contains(Duration.ofMillis(3_723_500));
    assertThat(RetryTiming.parseResetDuration("0.5")).contains(Duration.ofMillis(500));
    assertThat(RetryTiming.parseResetDuration("tomorrow")).isEmpty();
  }

  @Test
  void retryAfterMsWinsOverRetryAfter() {
    Map<String, String> headers = Map.of("retry-after-ms", "250", "retry-after", "3");

    assertThat(RetryTiming.serverDelay(headers::get, NOW)).contains(Duration.ofMillis(250));
  }

  @Test
  void retryAfterWinsOverRateLimitReset() {
    Map<String, String> headers = Map.of("retry-after", "3", "x-ratelimit-reset-requests", "10s");

    assertThat(RetryTiming.serverDelay(headers::get, NOW)).contains(Duration.ofSeconds(3));
  }

  @Test
  void theLongerOfTheTwoRateLimitResetsIsTaken() {
    Map<String, String> headers = Map.of("x-ratelimit-reset-requests", "1s", "x-ratelimit-reset-tokens", "6m0s");

    assertThat(RetryTiming.serverDelay(headers::get, NOW)).contains(Duration.ofMinutes(6));
  }

  @Test
  void noHeadersGiveNoDelay() {
    assertThat(RetryTiming.serverDelay(Map.<String, String>of()::get, NOW)).isEmpty();
  }

  @RepeatedTest(20)
  void backoffDoublesAndIsJitteredDownByAtMostHalf() {
    Duration initial = Duration.ofSeconds(1);
    Duration max = Duration.ofSeconds(30);

    assertThat(RetryTiming.backoff(0, initial, max)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(RetryTiming.backoff(2, initial, max)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(RetryTiming.backoff(10, initial, max)).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
  }
}
