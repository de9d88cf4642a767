package dev.emailtriage.cli;

import dev.emailtriage.BuiltInRules;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.OfflineFallbackDecider;
import dev.emailtriage.Deciders;
import dev.emailtriage.gemini.GeminiDecider;
import dev.emailtriage.openai.OpenAiDecider;
import dev.emailtriage.spamfilter.SpamFilterRule;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.model.ModelEnvironment;
import dev.emailtriage.supabase.SupabaseStore;
import dev.emailtriage.spi.Rule;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the {@link EmailTriage} pipeline the way the server and the starter do: the model provider chosen by
 * core's {@link ModelEnvironment} (Gemini with {@code GEMINI_API_KEY} else {@code GOOGLE_API_KEY}, an
 * OpenAI-compatible server with {@code OPENAI_API_KEY} and {@code OPENAI_BASE_URL}, {@code EMAILTRIAGE_MODEL_PROVIDER}
 * when both keys are set, {@code EMAILTRIAGE_MODEL}, and a cascade with {@code EMAILTRIAGE_ESCALATION_MODEL} /
 * {@code EMAILTRIAGE_ESCALATE_BELOW}), else the built-in rules plus the clearly marked offline fallback; the PostgreSQL store of {@code email-triage-supabase} (with its prompt
 * repository) when a JDBC URL is given, else an in-memory store.
 *
 * @param triage the pipeline
 * @param decider what decides mail that no rule and no cached decision answers, for the summary
 * @param store where decisions are kept, for the summary
 * @param onClose run after the pipeline is closed (to close the model client or a connection pool), or null
 * @param postgres the PostgreSQL store when one is used (the mailbox command keeps its state there), else null
 * @param rawMessages the raw bytes of the messages being triaged, by email_id, for the spam filter (which sends the
 *     original message rather than one rebuilt from the parsed email); fill it before {@code process} and empty
 *     it after
 * @param spamFilter the spam filter asked after the other rules, for the summary, or null when none
 */
record Pipeline(EmailTriage triage, String decider, String store, Runnable onClose, SupabaseStore postgres,
    Map<String, byte[]> rawMessages, String spamFilter) implements AutoCloseable {

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
   * @param jdbcUrl a PostgreSQL JDBC URL for the store, or {@code null} for the in-memory store
   * @param spamd SpamAssassin's spamd as host:port, or {@code null}
   * @param rspamdUrl Rspamd's base URL, or {@code null}
   * @param spamFilterTimeoutSeconds the deadline of one spam-filter check
   */
  record Settings(int concurrency, boolean offline, String model, List<String> ownAddresses, List<String> allow,
      List<String> deny, String jdbcUrl, String spamd, String rspamdUrl, int spamFilterTimeoutSeconds) {}

  /** The PostgreSQL store could not be opened (connection refused, bad credentials, migration failed). */
  static final class StoreUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** True when the environment names a Gemini API key. */
  static boolean hasApiKey(Map<String, String> env) {
    return ModelEnvironment.geminiApiKey(env::get) != null || ModelEnvironment.openAiApiKey(env::get) != null;
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
    Map<String, byte[]> raw = new ConcurrentHashMap<>();
    String spamFilter = null;
    if (settings.spamd() != null || settings.rspamdUrl() != null) {
      SpamFilterRule.Builder filter = SpamFilterRule.builder()
          .rawMessages(email -> Optional.ofNullable(raw.get(email.emailId())))
          .timeout(java.time.Duration.ofSeconds(settings.spamFilterTimeoutSeconds()));
      if (settings.spamd() != null) {
        filter.spamd(settings.spamd());
      }
      if (settings.rspamdUrl() != null) {
        filter.rspamd(settings.rspamdUrl());
      }
      SpamFilterRule rule = filter.build();
      rules.spamFilter(rule);
      spamFilter = rule.toString();
    }
    List<Rule> ruleList = rules.build();
    String jdbcUrl = settings.jdbcUrl();
    if (jdbcUrl != null && !jdbcUrl.strip().startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("--jdbc-url must be a jdbc:postgresql: URL, was '" + withoutQuery(jdbcUrl)
          + "'");
    }
    SupabaseStore postgres = null;
    if (jdbcUrl != null) {
      SupabaseStore.Builder b = SupabaseStore.builder().jdbcUrl(jdbcUrl.strip())
          .maximumPoolSize(settings.concurrency() + 2);
      if (nonBlank(env.get("SPRING_DATASOURCE_USERNAME"))) {
        b.username(env.get("SPRING_DATASOURCE_USERNAME").strip());
      }
      if (env.get("SPRING_DATASOURCE_PASSWORD") != null && !env.get("SPRING_DATASOURCE_PASSWORD").isEmpty()) {
        b.password(env.get("SPRING_DATASOURCE_PASSWORD"));
      }
      if (nonBlank(env.get("EMAILTRIAGE_ENCRYPTION_KEY"))) {
        b.encryptionKey(env.get("EMAILTRIAGE_ENCRYPTION_KEY").strip());
      }
      try {
        postgres = b.build();
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      } catch (RuntimeException e) {
        throw new StoreUnavailableException("could not open the PostgreSQL store at " + withoutQuery(jdbcUrl)
            + ": " + rootMessage(e), e);
      }
    }
    try {
      Pipeline assembled = assemble(env, settings, ruleList, postgres);
      return new Pipeline(assembled.triage(), assembled.decider(), assembled.store(), assembled.onClose(),
          assembled.postgres(), raw,
          spamFilter);
    } catch (RuntimeException e) {
      if (postgres != null) {
        postgres.close();
      }
      throw e;
    }
  }

  private static Pipeline assemble(Map<String, String> env, Settings settings, List<Rule> ruleList,
      SupabaseStore postgres) {
    Decider decider;
    String description;
    List<AutoCloseable> models = new java.util.ArrayList<>();
    ModelEnvironment.Provider provider = settings.offline() ? null : ModelEnvironment.provider(env::get);
    if (provider != null) {
      String escalation = ModelEnvironment.value(env::get, ModelEnvironment.ESCALATION_MODEL);
      Double below = ModelEnvironment.escalateBelow(env::get);
      String model = model(provider, settings, env);
      try {
        Decider main = model(provider, env, model, models);
        decider = escalation == null ? main : Deciders.cascade(main, model(provider, env, escalation, models))
            .escalateBelow(below == null ? 0.7 : below).build();
      } catch (IllegalStateException e) {
        models.forEach(Pipeline::closeQuietly);
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      String base = env.get(provider == ModelEnvironment.Provider.GEMINI ? "GEMINI_BASE_URL" : "OPENAI_BASE_URL");
      description = (provider == ModelEnvironment.Provider.GEMINI ? "Gemini " : "OpenAI-compatible ") + model
          + (escalation == null ? "" : ", escalating to " + escalation + " below " + (below == null ? 0.7 : below))
          + " after the rules and the cache"
          + (nonBlank(base) ? " (" + (provider == ModelEnvironment.Provider.GEMINI ? "GEMINI_BASE_URL " : "OPENAI_BASE_URL ")
          + base.strip() + ")" : "");
    } else {
      decider = new OfflineFallbackDecider();
      description = OFFLINE;
    }
    EmailTriage.Builder builder = EmailTriage.builder()
        .rules(ruleList)
        .decider(decider)
        .workerThreads(0)
        .maxConcurrentModelCalls(settings.concurrency());
    String storeDescription;
    if (postgres != null) {
      builder.store(postgres.decisionStore()).promptSource(postgres.promptRepository());
      storeDescription = "PostgreSQL " + withoutQuery(settings.jdbcUrl().strip());
    } else {
      builder.store(new InMemoryDecisionStore());
      storeDescription = "in memory";
    }
    EmailTriage triage = builder.build();
    SupabaseStore storeToClose = postgres;
    Runnable onClose = () -> {
      try {
        models.forEach(Pipeline::closeQuietly);
      } finally {
        if (storeToClose != null) {
          storeToClose.close();
        }
      }
    };
    return new Pipeline(triage, description, storeDescription, onClose, postgres, null, null);
  }

  /**
   * The model name: {@code --model} when it is not Gemini's default, else {@code EMAILTRIAGE_MODEL}, else the
   * provider's default.
   */
  private static String model(ModelEnvironment.Provider provider, Settings settings, Map<String, String> env) {
    if (settings.model() != null && !settings.model().equals(GeminiDecider.DEFAULT_MODEL)) {
      return settings.model();
    }
    String shared = ModelEnvironment.value(env::get, ModelEnvironment.MODEL);
    if (shared != null) {
      return shared;
    }
    return provider == ModelEnvironment.Provider.GEMINI ? GeminiDecider.DEFAULT_MODEL : OpenAiDecider.DEFAULT_MODEL;
  }

  /** A decider of {@code provider} for {@code model}, configured from the environment, added to {@code opened}. */
  private static Decider model(ModelEnvironment.Provider provider, Map<String, String> env, String model,
      List<AutoCloseable> opened) {
    if (provider == ModelEnvironment.Provider.GEMINI) {
      GeminiDecider g = GeminiDecider.fromEnvironment(env::get).model(model).build();
      opened.add(g);
      return g;
    }
    OpenAiDecider o = OpenAiDecider.fromEnvironment(env::get).model(model).build();
    opened.add(o);
    return o;
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing a model client at exit: nothing to do
    }
  }

  /** The URL without its query, which may carry a password. */
  static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
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
