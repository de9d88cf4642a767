package dev.emailtriage.benchmarks;

import dev.emailtriage.EmailTriage;
import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.TriageResult;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.gemini.GeminiDecider;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** System (a): email-triage with {@link GeminiDecider}, the built-in rules, the similar-email cache. */
final class Systems {

  private Systems() {}

  /**
   * email-triage as a user would configure it against the mock: model concurrency {@code threads} (the pipeline's
   * {@code maxConcurrentModelCalls} and the decider's {@code maxConcurrentCalls}), an in-memory store, no worker
   * threads (the load runner's caller threads call {@link EmailTriage#process}, which is what
   * {@code processAsync} does on a pool of the same size). Everything else is the default.
   */
  static LoadRunner.SystemUnderTest emailTriage(String baseUrl, int threads, Map<String, String> args) {
    GeminiDecider decider = GeminiDecider.builder().apiKey("bench-key").baseUrl(baseUrl)
        .maxConcurrentCalls(threads).timeout(Duration.ofSeconds(30)).build();
    EmailTriage triage = EmailTriage.builder().decider(decider).store(new InMemoryDecisionStore())
        .maxConcurrentModelCalls(threads).workerThreads(0).build();
    Map<String, LongAdder> rules = new ConcurrentHashMap<>();
    return new LoadRunner.SystemUnderTest() {
      @Override
      public LoadRunner.Outcome decide(dev.emailtriage.Email email) {
        TriageResult r = triage.process(email);
        if (r.status() != TriageStatus.PROCESSED) {
          throw new IllegalStateException(email.emailId() + " ended " + r.status() + ": " + r.error());
        }
        if (r.decision().rule() != null) {
          rules.computeIfAbsent(r.decision().rule(), k -> new LongAdder()).increment();
        }
        return new LoadRunner.Outcome(r.decision().action().wireName(), r.decision().source().wireName());
      }

      @Override
      public Map<String, Object> extra() {
        Map<String, Object> out = new TreeMap<>();
        rules.forEach((k, v) -> out.put(k, v.sum()));
        return Map.of("by_rule", out);
      }

      @Override
      public void close() {
        triage.close();
        decider.close();
      }
    };
  }
}
