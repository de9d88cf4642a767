package dev.emailtriage.gemini.internal;

import dev.emailtriage.Email;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * The settings checks shared by the adapter's builders ({@code GeminiDecider.Builder},
 * {@code GeminiBatchDecider.Builder}): each returns the checked (and normalised) value or throws
 * {@link IllegalArgumentException} with a message that starts with the setting's name. Not API.
 */
public final class SettingChecks {

  private SettingChecks() {}

  /** Throws {@link IllegalArgumentException} with {@code message} unless {@code condition}. */
  public static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** {@code value}, or an exception naming {@code setting} when it is {@code null}. */
  public static <T> T notNull(String setting, T value) {
    require(value != null, setting + " must not be null");
    return value;
  }

  /** A non-blank API key, stripped. */
  public static String apiKey(String apiKey) {
    require(apiKey != null && !apiKey.isBlank(), "apiKey must not be blank");
    return apiKey.strip();
  }

  /** A model name: non-blank, no whitespace. */
  public static String model(String setting, String model) {
    require(model != null && !model.isBlank() && !model.matches(".*\\s.*"),
        setting + " must be a non-blank model name without whitespace, was '" + model + "'");
    return model;
  }

  /** A temperature in [0, 2]. */
  public static double temperature(double temperature) {
    require(temperature >= 0.0 && temperature <= 2.0, "temperature must be in [0, 2], was " + temperature);
    return temperature;
  }

  /** A top-p in (0, 1]. */
  public static double topP(double topP) {
    require(topP > 0.0 && topP <= 1.0, "topP must be in (0, 1], was " + topP);
    return topP;
  }

  /** An output token limit of 1 or more. */
  public static int maxOutputTokens(int maxOutputTokens) {
    require(maxOutputTokens >= 1, "maxOutputTokens must be 1 or more, was " + maxOutputTokens);
    return maxOutputTokens;
  }

  /** A thinking budget of -1 or more. */
  public static int thinkingBudget(int thinkingBudget) {
    require(thinkingBudget >= -1, "thinkingBudget must be -1 or more, was " + thinkingBudget);
    return thinkingBudget;
  }

  /** A body cap in [100, {@link Email#MAX_BODY_CHARS}]. */
  public static int maxBodyChars(int maxBodyChars) {
    require(maxBodyChars >= 100 && maxBodyChars <= Email.MAX_BODY_CHARS,
        "maxBodyChars must be in [100, " + Email.MAX_BODY_CHARS + "], was " + maxBodyChars);
    return maxBodyChars;
  }

  /** A duration in [{@code min}, {@code max}]; the message names {@code setting} and the bounds. */
  public static Duration duration(String setting, Duration value, Duration min, Duration max, String bounds) {
    require(value != null && value.compareTo(min) >= 0 && value.compareTo(max) <= 0,
        setting + " must be between " + bounds + ", was " + value);
    return value;
  }

  /** A duration between 1 ms and 1 h. */
  public static Duration between1msAnd1h(String setting, Duration value) {
    return duration(setting, value, Duration.ofMillis(1), Duration.ofHours(1), "1 ms and 1 h");
  }

  /** An int in [{@code min}, {@code max}]. */
  public static int range(String setting, int value, int min, int max) {
    require(value >= min && value <= max, setting + " must be in [" + min + ", " + max + "], was " + value);
    return value;
  }

  /**
   * A base URL {@code scheme://host[:port]} with no path, without a trailing slash.
   *
   * @param setting the name used in the message ({@code baseUrl}, {@code GEMINI_BASE_URL})
   */
  public static String baseUrl(String setting, String value) {
    String problem = baseUrlProblem(value);
    require(problem == null, setting + " must be scheme://host[:port] with no path, was '" + value + "' ("
        + problem + ")");
    String v = value.strip();
    return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
  }

  private static String baseUrlProblem(String value) {
    if (value == null || value.isBlank()) {
      return "blank";
    }
    try {
      URI uri = new URI(value.strip());
      if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
        return "scheme must be http or https";
      }
      if (uri.getHost() == null || uri.getHost().isBlank()) {
        return "no host";
      }
      if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
        return "has a path; the API version is added by the adapter";
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
        return "has a query, fragment or user info";
      }
      return null;
    } catch (URISyntaxException e) {
      return "not a URI";
    }
  }
}
