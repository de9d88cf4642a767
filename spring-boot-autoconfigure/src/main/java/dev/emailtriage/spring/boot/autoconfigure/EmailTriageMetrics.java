package dev.emailtriage.spring.boot.autoconfigure;

import dev.emailtriage.Decision;
import dev.emailtriage.Email;
import dev.emailtriage.TokenUsage;
import dev.emailtriage.TriageListener;
import dev.emailtriage.TriageResult;
import dev.emailtriage.spi.DeciderException;
import dev.emailtriage.spi.DecisionStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link TriageListener} that records what the pipeline does as Micrometer meters. Thread-safe (Micrometer meters
 * are); each callback is a few map look-ups.
 *
 * <ul>
 *   <li>{@value #DECISIONS} (counter): decisions stored, by {@code action} (respond, ignore), {@code type}
 *       (question, complaint…) and {@code source} (rule, cache, model, fallback);</li>
 *   <li>{@value #FAILURES} (counter): emails that could not be decided, by {@code cause} and {@code retryable};</li>
 *   <li>{@value #OPERATION_DURATION} (timer, OpenTelemetry GenAI name): model call latency, by
 *       {@code gen_ai.operation.name} (chat), {@code gen_ai.provider.name} ({@code gcp.gemini} for Gemini, else the decider's name) and
 *       {@code error.type} ({@code none} on success);</li>
 *   <li>{@value #MODEL_ERRORS} (counter): failed model calls, by {@code decider} and {@code cause} (rate_limited,
 *       unavailable, timeout, invalid_response, blocked, unauthorized, bad_request, other);</li>
 *   <li>{@value #TOKEN_USAGE} (distribution summary, OpenTelemetry GenAI name): tokens per model call, by
 *       {@code gen_ai.token.type} (input, output, thoughts) and {@code gen_ai.provider.name};</li>
 *   <li>{@value #CACHE_LOOKUPS} (counter): similar-email cache look-ups, by {@code result} (hit, miss);</li>
 *   <li>{@value #RULE_HITS} (counter): decisions by a rule, by {@code rule};</li>
 *   <li>{@value #QUEUE_DEPTH} (gauge): emails queued or waiting for a retry, from the store.</li>
 * </ul>
 */
public final class EmailTriageMetrics implements TriageListener {

  /** Decisions stored. */
  public static final String DECISIONS = "emailtriage.decisions";
  /** Emails that could not be decided. */
  public static final String FAILURES = "emailtriage.failures";
  /** Model call latency (OpenTelemetry GenAI semantic conventions). */
  public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
  /** Failed model calls. */
  public static final String MODEL_ERRORS = "emailtriage.model.errors";
  /** Tokens per model call (OpenTelemetry GenAI semantic conventions). */
  public static final String TOKEN_USAGE = "gen_ai.client.token.usage";
  /** Similar-email cache look-ups. */
  public static final String CACHE_LOOKUPS = "emailtriage.cache.lookups";
  /** Decisions by a rule. */
  public static final String RULE_HITS = "emailtriage.rule.hits";
  /** Emails queued or waiting for a retry. */
  public static final String QUEUE_DEPTH = "emailtriage.queue.depth";

  private static final String OPERATION = "chat";

  private final MeterRegistry registry;
  private final Counter cacheHits;
  private final Counter cacheMisses;

  /**
   * Records into {@code registry}; registers the queue depth gauge when {@code store} is not {@code null}.
   */
  public EmailTriageMetrics(MeterRegistry registry, DecisionStore store) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.cacheHits = Counter.builder(CACHE_LOOKUPS).description("Similar-email cache look-ups")
        .tag("result", "hit").register(registry);
    this.cacheMisses = Counter.builder(CACHE_LOOKUPS).description("Similar-email cache look-ups")
        .tag("result", "miss").register(registry);
    if (store != null) {
      Gauge.builder(QUEUE_DEPTH, store, DecisionStore::queueDepth)
          .description("Emails queued or waiting for a retry")
          .strongReference(true)
          .register(registry);
    }
  }

  @Override
  public void onDecision(Email email, TriageResult result) {
    Decision d = result.decision();
    if (d == null) {
      return;
    }
    Counter.builder(DECISIONS).description("Decisions stored")
        .tag("action", d.action().wireName())
        .tag("type", d.emailType().wireName())
        .tag("source", d.source().wireName())
        .register(registry).increment();
  }

  @Override
  public void onFailure(Email email, TriageResult stored, Throwable error) {
    Counter.builder(FAILURES).description("Emails that could not be decided")
        .tag("cause", cause(error))
        .tag("retryable", Boolean.toString(stored.retryable()))
        .register(registry).increment();
  }

  @Override
  public void onRuleHit(String rule) {
    Counter.builder(RULE_HITS).description("Decisions made by a rule").tag("rule", rule)
        .register(registry).increment();
  }

  @Override
  public void onCacheLookup(boolean hit) {
    (hit ? cacheHits : cacheMisses).increment();
  }

  @Override
  public void onModelCall(String decider, Duration latency, Decision decision, Throwable error) {
    String name = decider == null ? "unknown" : decider;
    // OpenTelemetry's registered value for the Gemini Developer API; other deciders keep their own name.
    String provider = "gemini".equals(name) ? "gcp.gemini" : name;
    Timer.builder(OPERATION_DURATION).description("GenAI operation duration")
        .tag("gen_ai.operation.name", OPERATION)
        .tag("gen_ai.provider.name", provider)
        .tag("error.type", error == null ? "none" : cause(error))
        .register(registry).record(latency);
    if (error != null) {
      Counter.builder(MODEL_ERRORS).description("Failed model calls")
          .tag("decider", name)
          .tag("cause", cause(error))
          .register(registry).increment();
    }
    TokenUsage usage = decision == null ? null : decision.tokenUsage();
    if (usage != null) {
      tokens(provider, "input", usage.prompt());
      tokens(provider, "output", usage.candidates());
      tokens(provider, "thoughts", usage.thoughts());
    }
  }

  private void tokens(String provider, String type, int count) {
    DistributionSummary.builder(TOKEN_USAGE).description("Measures number of input and output tokens used")
        .baseUnit("{token}")
        .tag("gen_ai.operation.name", OPERATION)
        .tag("gen_ai.provider.name", provider)
        .tag("gen_ai.token.type", type)
        .register(registry).record(count);
  }

  private static String cause(Throwable error) {
    if (error instanceof DeciderException de) {
      return de.kind().name().toLowerCase(Locale.ROOT);
    }
    return "other";
  }
}
