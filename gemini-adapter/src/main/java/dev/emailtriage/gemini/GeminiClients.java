package dev.emailtriage.gemini;

import com.google.genai.Client;
import dev.emailtriage.gemini.internal.ClientFactory;
import dev.emailtriage.gemini.internal.SettingChecks;

/**
 * Makes SDK {@link Client}s set up as the adapter's builders set up their own: API version pinned
 * ({@value GeminiDecider#API_VERSION}), the SDK's retries off, the base URL pinned (so that
 * {@code GOOGLE_GEMINI_BASE_URL} cannot redirect calls) and the {@code Retry-After} header of error responses
 * reported to the adapter. For an application that shares one client (a Spring bean) between
 * {@link GeminiDecider} and {@link GeminiBatchDecider} through their builders' {@code client(Client)}. Stateless
 * and thread-safe; the caller closes the clients it makes.
 *
 * <pre>{@code
 * try (Client client = GeminiClients.create(System.getenv("GEMINI_API_KEY"), null)) {
 *   GeminiDecider decider = GeminiDecider.builder().client(client).build();
 * }
 * }</pre>
 */
public final class GeminiClients {

  private GeminiClients() {}

  /**
   * A client of the Gemini Developer API.
   *
   * @param apiKey the API key, non-blank
   * @param baseUrl {@code scheme://host[:port]} with no path, or {@code null} for
   *     {@value GeminiDecider#DEFAULT_BASE_URL}
   * @return a new client, to be closed by the caller
   * @throws IllegalArgumentException naming {@code apiKey} or {@code baseUrl} when malformed
   */
  public static Client create(String apiKey, String baseUrl) {
    String key = SettingChecks.apiKey(apiKey);
    String url = baseUrl == null ? null : SettingChecks.baseUrl("baseUrl", baseUrl);
    return ClientFactory.newClient(key, null, null, url, ClientFactory.CONNECTIONS_PER_HOST);
  }
}
