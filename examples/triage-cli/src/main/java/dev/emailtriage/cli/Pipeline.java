package dev.emailtriage.cli;

import dev.emailtriage.BuiltInRules;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.OfflineFallbackDecider;
import dev.emailtriage.gemini.GeminiDecider;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.Rule;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@link EmailTriage} pipeline the way the server and the starter do: Gemini when {@code GEMINI_API_KEY}
 * (else {@code GOOGLE_API_KEY}) is in the environment ({@code GEMINI_BASE_URL} honoured), else the built-in rules
 * plus the clearly marked offline fallback; an in-memory store.
 *
 * @param triage the pipeline
 * @param decider what decides mail that no rule and no cached decision answers, for the summary
 * @param store where decisions are kept, for the summary
 * @param onClose run after the pipeline is closed (to close the model client or a connection pool), or null
 */
record Pipeline(EmailTriage triage, String decider, String store, Runnable onClose) implements AutoCloseable {

  static final String OFFLINE = "rules + offline fallback (no model configured: mail that no rule decides is"
      + " marked respond with needs_review)";

  /**
   * What the command asks for.
   *
   * @param concurrency messages in flight, and the most model calls at once
   * @param offline never call the model
   * @param model the Gemini model
   * @param ownAddresses our own addresses (mail from them is ignored), for the built-in rules
   * @param allow senders whose mail always reaches the model
   * @param deny senders whose mail is always ignored
   */
  record Settings(int concurrency, boolean offline, String model, List<String> ownAddresses, List<String> allow,
      List<String> deny) {}

  /** True when the environment names a Gemini API key. */
  static boolean hasApiKey(Map<String, String> env) {
    return nonBlank(env.get("GEMINI_API_KEY")) || nonBlank(env.get("GOOGLE_API_KEY"));
  }

  /**
   * The pipeline for these settings.
   *
   * @throws IllegalArgumentException when the environment or settings are invalid (a malformed GEMINI_BASE_URL)
   */
  static Pipeline create(Map<String, String> env, Settings settings) {
    // Built first, so that a bad sender list fails before any model client is created.
    BuiltInRules.Builder rules = BuiltInRules.builder();
    if (!settings.ownAddresses().isEmpty()) {
      rules.ownAddresses(settings.ownAddresses());
    }
    if (!settings.allow().isEmpty()) {
      rules.allow(settings.allow());
    }
    if (!settings.deny().isEmpty()) {
      rules.deny(settings.deny());
    }
    List<Rule> ruleList = rules.build();
    Decider decider;
    String description;
    GeminiDecider gemini = null;
    if (!settings.offline() && hasApiKey(env)) {
      try {
        gemini = GeminiDecider.fromEnvironment(env::get)
            .model(settings.model())
            .maxConcurrentCalls(settings.concurrency())
            .build();
      } catch (IllegalStateException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      decider = gemini;
      String base = env.get("GEMINI_BASE_URL");
      description = "Gemini " + settings.model() + " after the rules and the cache"
          + (nonBlank(base) ? " (GEMINI_BASE_URL " + base.strip() + ")" : "");
    } else {
      decider = new OfflineFallbackDecider();
      description = OFFLINE;
    }
    EmailTriage triage = EmailTriage.builder()
        .rules(ruleList)
        .decider(decider)
        .store(new InMemoryDecisionStore())
        .workerThreads(0)
        .maxConcurrentModelCalls(settings.concurrency())
        .build();
    GeminiDecider toClose = gemini;
    return new Pipeline(triage, description, "in memory", toClose == null ? null : toClose::close);
  }

  private static boolean nonBlank(String s) {
    return s != null && !s.isBlank();
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
