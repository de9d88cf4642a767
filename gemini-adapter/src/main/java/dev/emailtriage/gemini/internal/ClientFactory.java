package dev.emailtriage.gemini.internal;

import java.util.function.Function;
import java.util.Objects;
import dev.emailtriage.spi.model.ModelEnvironment;
import com.google.genai.Client;
import com.google.genai.types.ClientOptions;
import com.google.genai.types.HttpOptions;
import okhttp3.OkHttpClient;

/**
 * Builds the SDK client the adapter's builders own: API version pinned, the SDK's retries off, the base URL pinned
 * (so that {@code GOOGLE_GEMINI_BASE_URL} cannot redirect calls), the HTTP client sized for the calls in flight and
 * the {@link ServerDelay} interceptor installed. Not API.
 */
public final class ClientFactory {

  /** The default model. */
  public static final String DEFAULT_MODEL = "gemini-2.5-flash";
  /** The connections per host of a client the adapter creates (sync calls are not limited by it). */
  public static final int CONNECTIONS_PER_HOST = 64;
  /** The Gemini Developer API's address. */
  public static final String DEFAULT_BASE_URL = "https://generativelanguage.googleapis.com";

  private ClientFactory() {}

  /**
   * What the process environment says about reaching Gemini.
   *
   * @param apiKey {@code GEMINI_API_KEY}, else {@code GOOGLE_API_KEY}, or {@code null}
   * @param baseUrl {@code GEMINI_BASE_URL} checked and normalised, or {@code null}
   */
  public record Environment(String apiKey, String baseUrl) {}

  /**
   * Reads the API key and {@code GEMINI_BASE_URL} through core's {@link ModelEnvironment} (the one place that says
   * {@code GEMINI_API_KEY} else {@code GOOGLE_API_KEY}); blank values count as absent.
   *
   * @throws IllegalArgumentException naming {@code GEMINI_BASE_URL} when it is not {@code scheme://host[:port]}
   */
  public static Environment environment(Function<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    String baseUrl = ModelEnvironment.value(environment, ModelEnvironment.GEMINI_BASE_URL);
    return new Environment(ModelEnvironment.geminiApiKey(environment),
        baseUrl == null ? null : SettingChecks.baseUrl(ModelEnvironment.GEMINI_BASE_URL, baseUrl));
  }


  /**
   * A new client.
   *
   * @param apiKey the Developer API key, or {@code null} with Vertex AI
   * @param vertexProject the Vertex AI project, or {@code null} for the Developer API
   * @param vertexLocation the Vertex AI location, or {@code null}
   * @param baseUrl {@code scheme://host[:port]}, or {@code null} for the default
   * @param connectionsPerHost requests in flight at once to one host
   */
  public static Client newClient(String apiKey, String vertexProject, String vertexLocation, String baseUrl,
      int connectionsPerHost) {
    HttpOptions.Builder http = HttpOptions.builder()
        .apiVersion(GeminiEngine.API_VERSION)
        // Our retry policy replaces the SDK's (see GeminiEngine.NO_SDK_RETRIES).
        .retryOptions(GeminiEngine.NO_SDK_RETRIES);
    if (baseUrl != null) {
      http.baseUrl(baseUrl);
    } else if (vertexProject == null) {
      http.baseUrl(DEFAULT_BASE_URL);
    }
    ClientOptions options = ClientOptions.builder()
        .maxConnections(Math.max(64, connectionsPerHost))
        .maxConnectionsPerHost(connectionsPerHost)
        .customHttpClient(new OkHttpClient.Builder().addInterceptor(new ServerDelay()).build())
        .build();
    Client.Builder b = Client.builder().httpOptions(http.build()).clientOptions(options);
    if (vertexProject != null) {
      b.vertexAI(true).project(vertexProject).location(vertexLocation);
    } else {
      b.vertexAI(false).apiKey(apiKey);
    }
    return b.build();
  }
}
