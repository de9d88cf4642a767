package dev.emailtriage.spi.model;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads the model settings shared by the server, the CLI, the starter and the adapters' {@code fromEnvironment()}
 * builders from environment variables (DESIGN.md's names), in one place: which provider, its API key and base URL,
 * the model names and the cascade's threshold. Values are read through a lookup ({@code System::getenv} in
 * production, a map in tests); blank values count as absent. Stateless and thread-safe.
 *
 * <p>The names: {@code GEMINI_API_KEY} (else {@code GOOGLE_API_KEY}), {@code GEMINI_BASE_URL}, {@code OPENAI_API_KEY},
 * {@code OPENAI_BASE_URL}, {@code EMAILTRIAGE_MODEL_PROVIDER} ({@code gemini|openai}; required when both keys are
 * set), {@code EMAILTRIAGE_MODEL}, {@code EMAILTRIAGE_ESCALATION_MODEL}, {@code EMAILTRIAGE_ESCALATE_BELOW}.
 */
public final class ModelEnvironment {

  /** The Gemini API key's variable. */
  public static final String GEMINI_API_KEY = "GEMINI_API_KEY";
  /** The Gemini API key's second variable, read when {@value #GEMINI_API_KEY} is not set. */
  public static final String GOOGLE_API_KEY = "GOOGLE_API_KEY";
  /** The Gemini base URL's variable ({@code scheme://host[:port]}). */
  public static final String GEMINI_BASE_URL = "GEMINI_BASE_URL";
  /** The OpenAI (or compatible server's) API key's variable. */
  public static final String OPENAI_API_KEY = "OPENAI_API_KEY";
  /** The OpenAI-compatible base URL's variable, with its {@code /v1}. */
  public static final String OPENAI_BASE_URL = "OPENAI_BASE_URL";
  /** The provider's variable: {@code gemini} or {@code openai}. */
  public static final String MODEL_PROVIDER = "EMAILTRIAGE_MODEL_PROVIDER";
  /** The model name's variable. */
  public static final String MODEL = "EMAILTRIAGE_MODEL";
  /** The cascade's strong model's variable. */
  public static final String ESCALATION_MODEL = "EMAILTRIAGE_ESCALATION_MODEL";
  /** The cascade's confidence threshold's variable. */
  public static final String ESCALATE_BELOW = "EMAILTRIAGE_ESCALATE_BELOW";

  /** A model provider an adapter of ours serves. */
  public enum Provider {
    /** Google Gemini ({@code email-triage-gemini}). */
    GEMINI,
    /** OpenAI and OpenAI-compatible servers ({@code email-triage-openai}). */
    OPENAI;

    /**
     * The lowercase name used in configuration.
     *
     * @return {@code gemini} or {@code openai}
     */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private ModelEnvironment() {}

  /**
   * The Gemini API key: {@value #GEMINI_API_KEY}, else {@value #GOOGLE_API_KEY}.
   *
   * @param env a variable's value by name, or {@code null}
   * @return the key stripped, or {@code null} when neither is set
   */
  public static String geminiApiKey(Function<String, String> env) {
    String source = geminiApiKeySource(env);
    return source == null ? null : text(env.apply(source));
  }

  /**
   * Which variable the Gemini API key comes from (for messages; never the key itself).
   *
   * @param env a variable's value by name, or {@code null}
   * @return {@value #GEMINI_API_KEY}, {@value #GOOGLE_API_KEY} or {@code null}
   */
  public static String geminiApiKeySource(Function<String, String> env) {
    Objects.requireNonNull(env, "env");
    if (text(env.apply(GEMINI_API_KEY)) != null) {
      return GEMINI_API_KEY;
    }
    return text(env.apply(GOOGLE_API_KEY)) != null ? GOOGLE_API_KEY : null;
  }

  /**
   * The OpenAI API key, {@value #OPENAI_API_KEY}.
   *
   * @param env a variable's value by name, or {@code null}
   * @return the key stripped, or {@code null}
   */
  public static String openAiApiKey(Function<String, String> env) {
    return value(env, OPENAI_API_KEY);
  }

  /**
   * A variable's value, stripped; {@code null} when absent or blank.
   *
   * @param env a variable's value by name, or {@code null}
   * @param name the variable
   * @return the value or {@code null}
   */
  public static String value(Function<String, String> env, String name) {
    Objects.requireNonNull(env, "env");
    return text(env.apply(name));
  }

  /**
   * The provider to use: {@value #MODEL_PROVIDER} when set; else the one whose key is set; else none. With both a
   * Gemini and an OpenAI key and no {@value #MODEL_PROVIDER}, the choice must be explicit.
   *
   * @param env a variable's value by name, or {@code null}
   * @return the provider, or {@code null} when no key is set and no provider named
   * @throws IllegalArgumentException naming {@value #MODEL_PROVIDER} when it is not {@code gemini|openai}, or when
   *     both keys are set and it is not
   */
  public static Provider provider(Function<String, String> env) {
    return provider(value(env, MODEL_PROVIDER), MODEL_PROVIDER, geminiApiKey(env) != null,
        openAiApiKey(env) != null);
  }

  /**
   * The provider from a setting and the keys present (for configuration sources other than the environment).
   *
   * @param configured the configured provider name, or {@code null}
   * @param settingName the setting's name for messages, e.g. {@code emailtriage.model.provider}
   * @param geminiKey whether a Gemini key is configured
   * @param openAiKey whether an OpenAI key is configured
   * @return the provider, or {@code null} when none is configured and no key is set
   * @throws IllegalArgumentException naming {@code settingName} when it is unknown, or missing with both keys
   */
  public static Provider provider(String configured, String settingName, boolean geminiKey, boolean openAiKey) {
    if (configured != null && !configured.isBlank()) {
      for (Provider p : Provider.values()) {
        if (p.wireName().equalsIgnoreCase(configured.strip())) {
          return p;
        }
      }
      throw new IllegalArgumentException(settingName + " must be gemini or openai, was '" + configured + "'");
    }
    if (geminiKey && openAiKey) {
      throw new IllegalArgumentException("both a Gemini and an OpenAI API key are set: set " + settingName
          + " to gemini or openai to choose");
    }
    return geminiKey ? Provider.GEMINI : openAiKey ? Provider.OPENAI : null;
  }

  /**
   * The cascade's threshold, {@value #ESCALATE_BELOW}.
   *
   * @param env a variable's value by name, or {@code null}
   * @return the threshold in (0, 1], or {@code null} when not set
   * @throws IllegalArgumentException naming the variable when it is not a number in (0, 1]
   */
  public static Double escalateBelow(Function<String, String> env) {
    String v = value(env, ESCALATE_BELOW);
    if (v == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(v);
      if (d > 0 && d <= 1) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(ESCALATE_BELOW + " must be a number in (0, 1], was '" + v + "'");
  }

  private static String text(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
