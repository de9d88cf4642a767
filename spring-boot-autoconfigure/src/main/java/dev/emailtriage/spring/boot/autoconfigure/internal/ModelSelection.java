package dev.emailtriage.spring.boot.autoconfigure.internal;

import dev.emailtriage.spi.model.ModelEnvironment;
import dev.emailtriage.spi.model.ModelEnvironment.Provider;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Which model provider the starter configures, from {@code emailtriage.model-provider} (else
 * {@code EMAILTRIAGE_MODEL_PROVIDER}) and the keys present, decided by core's {@link ModelEnvironment}: with both a
 * Gemini and an OpenAI key and both adapters on the classpath, the provider must be named. Not API. Stateless.
 */
public final class ModelSelection {

  /** The provider property. */
  public static final String PROVIDER_PROPERTY = "emailtriage.model-provider";
  /** The OpenAI key property. */
  public static final String OPENAI_API_KEY_PROPERTY = "emailtriage.openai.api-key";
  /** The OpenAI base URL property. */
  public static final String OPENAI_BASE_URL_PROPERTY = "emailtriage.openai.base-url";

  private ModelSelection() {}

  /**
   * The provider to configure, or {@code null} for none.
   *
   * @throws IllegalStateException naming the property when it is unknown, or when both keys are set, both adapters
   *     are present and no provider is named
   */
  public static Provider provider(Environment env, ClassLoader classLoader) {
    return provider(env, ClassUtils.isPresent("dev.emailtriage.gemini.GeminiDecider", classLoader),
        ClassUtils.isPresent("dev.emailtriage.openai.OpenAiDecider", classLoader));
  }

  static Provider provider(Environment env, boolean geminiAdapter, boolean openAiAdapter) {
    String configured = text(env.getProperty(PROVIDER_PROPERTY));
    String name = PROVIDER_PROPERTY;
    if (configured == null) {
      configured = text(env.getProperty(ModelEnvironment.MODEL_PROVIDER));
      name = ModelEnvironment.MODEL_PROVIDER;
    }
    boolean gemini = geminiAdapter && geminiKeySource(env) != null;
    boolean openAi = openAiAdapter && openAiApiKeySource(env) != null;
    try {
      return ModelEnvironment.provider(configured, configured == null
          ? PROVIDER_PROPERTY + " (or " + ModelEnvironment.MODEL_PROVIDER + ")" : name, gemini, openAi);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static String geminiKeySource(Environment env) {
    return dev.emailtriage.spring.boot.autoconfigure.internal.ModelEnvironment.apiKeySource(env);
  }

  /** Where the OpenAI key comes from ({@code emailtriage.openai.api-key} or {@code OPENAI_API_KEY}), or null. */
  public static String openAiApiKeySource(Environment env) {
    if (text(env.getProperty(OPENAI_API_KEY_PROPERTY)) != null) {
      return OPENAI_API_KEY_PROPERTY;
    }
    return text(env.getProperty(ModelEnvironment.OPENAI_API_KEY)) != null ? ModelEnvironment.OPENAI_API_KEY : null;
  }

  /** The OpenAI key from the property, else {@code OPENAI_API_KEY}, or null. */
  public static String openAiApiKey(Environment env) {
    String source = openAiApiKeySource(env);
    return source == null ? null : text(env.getProperty(source));
  }

  /** The OpenAI base URL from the property, else {@code OPENAI_BASE_URL}, or null. */
  public static String openAiBaseUrl(Environment env) {
    String v = text(env.getProperty(OPENAI_BASE_URL_PROPERTY));
    return v != null ? v : text(env.getProperty(ModelEnvironment.OPENAI_BASE_URL));
  }

  /** Where the OpenAI base URL comes from, for messages. */
  public static String openAiBaseUrlSource(Environment env) {
    return text(env.getProperty(OPENAI_BASE_URL_PROPERTY)) != null
        ? OPENAI_BASE_URL_PROPERTY : ModelEnvironment.OPENAI_BASE_URL;
  }

  /**
   * The model name: {@code property} when set explicitly, else {@code EMAILTRIAGE_MODEL}, else {@code fallback}.
   */
  public static String model(Environment env, String property, String fallback) {
    String explicit = text(env.getProperty(property));
    if (explicit != null) {
      return explicit;
    }
    String shared = text(env.getProperty(ModelEnvironment.MODEL));
    return shared != null ? shared : fallback;
  }

  /** The cascade's strong model: {@code emailtriage.cascade.escalation-model}, else the environment name. */
  public static String escalationModel(Environment env) {
    String v = text(env.getProperty("emailtriage.cascade.escalation-model"));
    return v != null ? v : text(env.getProperty(ModelEnvironment.ESCALATION_MODEL));
  }

  /** The cascade's threshold text: {@code emailtriage.cascade.escalate-below}, else the environment name. */
  public static String escalateBelow(Environment env) {
    String v = text(env.getProperty("emailtriage.cascade.escalate-below"));
    return v != null ? v : text(env.getProperty(ModelEnvironment.ESCALATE_BELOW));
  }

  private static String text(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
