package dev.emailtriage.benchmarks;

import dev.emailtriage.Email;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.TriageResult;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.gemini.GeminiDecider;
import dev.emailtriage.openai.OpenAiDecider;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.supabase.SupabaseStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * System (a): email-triage with a model adapter ({@link GeminiDecider} by default, {@link OpenAiDecider}, or a
 * cascade of two), the built-in rules, the similar-email cache.
 */
final class Systems {

  /** The decider of system (a) when {@code --decider} is not given. */
  static final String DEFAULT_DECIDER = "gemini:" + GeminiDecider.DEFAULT_MODEL;

  private Systems() {}

  /** The deciders built for a run (closed with it) and the cascade's escalations by reason. */
  static final class Deciders implements AutoCloseable {
    final List<AutoCloseable> built = new ArrayList<>();
    final Map<String, LongAdder> escalations = new ConcurrentHashMap<>();

    @Override
    public void close() {
      for (AutoCloseable c : built) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /**
   * The decider a spec names, against the mock at {@code baseUrl}: {@code gemini:MODEL} ({@link GeminiDecider}),
   * {@code openai:MODEL} ({@link OpenAiDecider}, base URL {@code baseUrl/v1}), or {@code cascade:CHEAP>STRONG}
   * ({@link dev.emailtriage.Deciders#cascade}: escalates below {@code escalateBelow} and when the cheap model fails;
   * escalations are counted in {@code into}).
   */
  static Decider decider(String spec, String baseUrl, Duration timeout, double escalateBelow, Deciders into) {
    int colon = spec.indexOf(':');
    String kind = colon < 0 ? spec : spec.substring(0, colon);
    String rest = colon < 0 ? "" : spec.substring(colon + 1);
    switch (kind) {
      case "gemini" -> {
        GeminiDecider d = GeminiDecider.builder().apiKey("bench-key").baseUrl(baseUrl).model(rest)
            .timeout(timeout).build();
        into.built.add(d);
        return d;
      }
      case "openai" -> {
        OpenAiDecider d = OpenAiDecider.builder().apiKey("bench-key").baseUrl(baseUrl + "/v1").model(rest)
            .timeout(timeout).build();
        into.built.add(d);
        return d;
      }
      case "cascade" -> {
        int gt = rest.indexOf('>');
        if (gt < 0) {
          throw new IllegalArgumentException("--decider cascade:CHEAP>STRONG, was " + spec);
        }
        return dev.emailtriage.Deciders.cascade(decider(rest.substring(0, gt), baseUrl, timeout, escalateBelow, into),
                decider(rest.substring(gt + 1), baseUrl, timeout, escalateBelow, into))
            .escalateBelow(escalateBelow)
            .listener((email, reason, cheap, failure) ->
                into.escalations.computeIfAbsent(reason.wireName(), k -> new LongAdder()).increment())
            .build();
      }
      default -> throw new IllegalArgumentException("--decider must be gemini:MODEL, openai:MODEL or"
          + " cascade:CHEAP>STRONG, was " + spec);
    }
  }

  /**
   * email-triage as a user would configure it against the mock: model concurrency {@code threads} (the pipeline's
   * {@code maxConcurrentModelCalls}; the decider has no limiter of its own), an in-memory store, no worker
   * threads (the load runner's caller threads call {@link EmailTriage#process}, which is what
   * {@code processAsync} does on a pool of the same size). Everything else is the default.
   *
   * <p>Under faults ({@code --faults}): the decider's deadline is 5 s (the pipeline's 8 s), failed emails are
   * retried from 0.5 s to 4 s later, at most 8 attempts; a failed email is not an error of the first pass (it is
   * stored, failed and retryable); {@link SystemUnderTest#extra()} then drains the retry queue and
   * checks the store.
   *
   * <p>{@code --store postgres} keeps the decisions in an embedded PostgreSQL through {@link SupabaseStore} instead
   * of the in-memory store; with {@code --restart-pg-at N} that server is stopped and started again when the N-th
   * email is handed to the pipeline. Under faults an email whose {@code process} threw (store unreachable) is
   * submitted again after the first pass, as a caller would.
   */
  static SystemUnderTest emailTriage(String baseUrl, int threads, Map<String, String> args) {
    boolean faults = Double.parseDouble(args.getOrDefault("faults", "0")) > 0;
    boolean postgres = "postgres".equals(args.getOrDefault("store", "memory"));
    int restartAt = Integer.parseInt(args.getOrDefault("restart-pg-at", "-1"));
    RestartablePostgres pg;
    SupabaseStore supabase;
    DecisionStore inner;
    try {
      pg = postgres ? new RestartablePostgres() : null;
      supabase = postgres ? SupabaseStore.builder().jdbcUrl(pg.jdbcUrl()).username("postgres").build() : null;
      inner = postgres ? supabase.decisionStore() : new InMemoryDecisionStore();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    AtomicInteger seen = new AtomicInteger();
    Map<String, Object> restarts = new ConcurrentHashMap<>();
    Set<String> threw = ConcurrentHashMap.newKeySet();
    Deciders deciders = new Deciders();
    Decider decider = decider(args.getOrDefault("decider", DEFAULT_DECIDER), baseUrl,
        Duration.ofSeconds(faults ? 5 : 30), Double.parseDouble(args.getOrDefault("escalate-below", "0.7")),
        deciders);
    Map<String, LongAdder> models = new ConcurrentHashMap<>();
    LongAdder needsReview = new LongAdder();
    CountingStore store = new CountingStore(inner);
    EmailTriage.Builder b = EmailTriage.builder().decider(decider).store(store)
        .maxConcurrentModelCalls(threads).workerThreads(0);
    if (faults) {
      b.deciderTimeout(Duration.ofSeconds(8)).retryBackoff(Duration.ofMillis(500), Duration.ofSeconds(4))
          .maxAttempts(8);
    }
    EmailTriage triage = b.build();
    Map<String, LongAdder> rules = new ConcurrentHashMap<>();
    Set<String> submitted = ConcurrentHashMap.newKeySet();
    Map<String, Email> emails = new ConcurrentHashMap<>();
    return new SystemUnderTest() {
      @Override
      public SystemUnderTest.Outcome decide(Email email) {
        submitted.add(email.emailId());
        if (faults) {
          emails.put(email.emailId(), email);
        }
        if (pg != null && seen.incrementAndGet() == restartAt) {
          Thread t = new Thread(() -> restarts.put("pg_restart_down_ms", pg.restart()), "pg-restart");
          t.start();
        }
        TriageResult r;
        try {
          r = triage.process(email);
        } catch (RuntimeException e) {
          if (!faults) {
            throw e;
          }
          threw.add(email.emailId());
          return new SystemUnderTest.Outcome("none", "process-threw");
        }
        if (r.status() != TriageStatus.PROCESSED) {
          if (faults && r.status() == TriageStatus.FAILED) {
            return new SystemUnderTest.Outcome("none", r.retryable() ? "failed-retryable" : "failed-final");
          }
          throw new IllegalStateException(email.emailId() + " ended " + r.status() + ": " + r.error());
        }
        if (r.decision().rule() != null) {
          rules.computeIfAbsent(r.decision().rule(), k -> new LongAdder()).increment();
        }
        if (r.decision().source() == DecisionSource.MODEL) {
          models.computeIfAbsent(String.valueOf(r.decision().modelVersion()), k -> new LongAdder()).increment();
        }
        if (r.decision().needsReview()) {
          needsReview.increment();
        }
        return new SystemUnderTest.Outcome(r.decision().action().wireName(), r.decision().source().wireName());
      }

      @Override
      public Map<String, Object> extra() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> byRule = new TreeMap<>();
        rules.forEach((k, v) -> byRule.put(k, v.sum()));
        out.put("by_rule", byRule);
        Map<String, Object> byModel = new TreeMap<>();
        models.forEach((k, v) -> byModel.put(k, v.sum()));
        out.put("model_decisions_by_model_version", byModel);
        Map<String, Object> escalations = new TreeMap<>();
        deciders.escalations.forEach((k, v) -> escalations.put(k, v.sum()));
        out.put("escalations", escalations);
        out.put("needs_review", needsReview.sum());
        out.put("store", postgres ? "postgres (embedded, SupabaseStore)" : "memory");
        out.putAll(restarts);
        if (faults) {
          // what a caller does when process() throws (the store was unreachable): submit the email again
          out.put("process_threw", (long) threw.size());
          long resubmitFailures = 0;
          for (String id : threw) {
            Email e = emails.get(id);
            try {
              triage.process(e);
            } catch (RuntimeException again) {
              resubmitFailures++;
            }
          }
          out.put("resubmit_failures", resubmitFailures);
          long t0 = System.nanoTime();
          long deadline = t0 + Duration.ofMinutes(10).toNanos();
          while (store.queueDepth() > 0 && System.nanoTime() < deadline) {
            if (triage.drainQueue() == 0) {
              sleep();
            }
          }
          out.put("drain_s", Math.round(10 * (System.nanoTime() - t0) / 1e9) / 10.0);
          Map<String, Long> states = new TreeMap<>();
          for (String id : submitted) {
            Optional<EmailRecord> rec = store.find(id);
            String state = rec.map(r -> r.status() == TriageStatus.FAILED
                ? (r.retryable() ? "failed_retryable" : "failed_final") : r.status().name().toLowerCase(
                java.util.Locale.ROOT)).orElse("missing");
            states.merge(state, 1L, Long::sum);
          }
          out.put("final_states", states);
          out.put("submitted", (long) submitted.size());
          out.put("decided_twice", store.decidedTwice());
        }
        return out;
      }

      @Override
      public void close() {
        triage.close();
        deciders.close();
        if (supabase != null) {
          supabase.close();
        }
        if (pg != null) {
          try {
            pg.close();
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      }
    };
  }

  private static void sleep() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
