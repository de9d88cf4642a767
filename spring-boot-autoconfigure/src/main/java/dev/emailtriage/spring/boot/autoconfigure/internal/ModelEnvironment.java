package dev.emailtriage.spring.boot.autoconfigure.internal;

import dev.emailtriage.spring.boot.autoconfigure.EmailTriageProperties;
import org.springframework.core.env.Environment;

/**
 * Resolves the model settings that may come from a property or from the environment names shared with the CLI and
 * the plain-Java builders: {@code emailtriage.gemini.api-key}, else what core's
 * {@link dev.emailtriage.spi.model.ModelEnvironment} reads ({@code GEMINI_API_KEY}, else {@code GOOGLE_API_KEY});
 * {@code emailtriage.gemini.base-url}, else {@code GEMINI_BASE_URL}. Not API. Stateless.
 */
public final class ModelEnvironment {

  /** The property of the API key. */
  public static final String API_KEY_PROPERTY = "emailtriage.gemini.api-key";


  /** The property of the base URL. */
  public static final String BASE_URL_PROPERTY = "emailtriage.gemini.base-url";

  /** The environment name of the base URL. */
  public static final String BASE_URL_VARIABLE = dev.emailtriage.spi.model.ModelEnvironment.GEMINI_BASE_URL;

  private ModelEnvironment() {}

  /** The API key, or {@code null} when none is configured anywhere. */
  public static String apiKey(Environment env) {
    String key = text(env.getProperty(API_KEY_PROPERTY));
    return key != null ? key : dev.emailtriage.spi.model.ModelEnvironment.geminiApiKey(env::getProperty);
  }

  /** Which name the API key came from (for logs and health, never the key itself), or {@code null}. */
  public static String apiKeySource(Environment env) {
    if (text(env.getProperty(API_KEY_PROPERTY)) != null) {
      return API_KEY_PROPERTY;
    }
    return dev.emailtriage.spi.model.ModelEnvironment.geminiApiKeySource(env::getProperty);
  }

  /** The base URL from the properties, else {@code GEMINI_BASE_URL}, else {@code null} (Google's endpoint). */
  public static String baseUrl(EmailTriageProperties properties, Environment env) {
    String url = text(properties.getGemini().getBaseUrl());
    if (url != null) {
      return url;
    }
    url = text(env.getProperty(BASE_URL_VARIABLE));
    if (url != null && !url.matches("https?://[^/?#\\s]+/?")) {
      throw new IllegalArgumentException(
          BASE_URL_VARIABLE + " must be scheme://host[:port] without a path, was '" + url + "'");
    }
    return url;
  }

  private static String text(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
