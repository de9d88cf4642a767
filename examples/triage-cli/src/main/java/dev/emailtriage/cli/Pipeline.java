package dev.emailtriage.cli;

import dev.emailtriage.EmailTriage;
import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.OfflineFallbackDecider;
import java.util.Map;

/**
 * Builds the {@link EmailTriage} pipeline the way the server and the starter do: the model when an API key is in
 * the environment, else the built-in rules plus the clearly marked offline fallback; an in-memory store.
 *
 * @param triage the pipeline
 * @param decider what decides mail that no rule and no cached decision answers, for the summary
 * @param store where decisions are kept, for the summary
 * @param onClose run after the pipeline is closed (to close a connection pool), or {@code null}
 */
record Pipeline(EmailTriage triage, String decider, String store, Runnable onClose) implements AutoCloseable {

  static final String OFFLINE = "rules + offline fallback (no model configured: mail that no rule decides is"
      + " marked respond with needs_review)";

  /** The pipeline for {@code concurrency} parallel messages. */
  static Pipeline create(Map<String, String> env, int concurrency) {
    EmailTriage triage = EmailTriage.builder()
        .decider(new OfflineFallbackDecider())
        .store(new InMemoryDecisionStore())
        .workerThreads(0)
        .maxConcurrentModelCalls(concurrency)
        .build();
    return new Pipeline(triage, OFFLINE, "in memory", null);
  }

  @Override
  public void close() {
    try {
      triage.close();
    } finally {
      if (onClose != null) {
        onClose.run();
      }
    }
  }
}
