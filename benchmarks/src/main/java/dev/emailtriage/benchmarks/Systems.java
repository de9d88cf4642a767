package dev.emailtriage.benchmarks;

import dev.emailtriage.Email;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.TriageResult;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.gemini.GeminiDecider;
import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.supabase.SupabaseStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** System (a): email-triage with {@link GeminiDecider}, the built-in rules, the similar-email cache. */
final class Systems {

  private Systems() {}

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
    GeminiDecider decider = GeminiDecider.builder().apiKey("bench-key").baseUrl(baseUrl)
        .timeout(Duration.ofSeconds(faults ? 5 : 30)).build();
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
        return new SystemUnderTest.Outcome(r.decision().action().wireName(), r.decision().source().wireName());
      }

      @Override
      public Map<String, Object> extra() {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> byRule = new TreeMap<>();
        rules.forEach((k, v) -> byRule.put(k, v.sum()));
        out.put("by_rule", byRule);
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
        decider.close();
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
