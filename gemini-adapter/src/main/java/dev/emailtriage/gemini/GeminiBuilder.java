package dev.emailtriage.gemini;

import com.google.genai.Client;
import dev.emailtriage.Email;
import dev.emailtriage.gemini.internal.ClientFactory;
import dev.emailtriage.gemini.internal.GeminiRequests;
import dev.emailtriage.gemini.internal.GeminiSettings;
import dev.emailtriage.gemini.internal.SettingChecks;
import dev.emailtriage.spi.model.ModelEnvironment;
import dev.emailtriage.spi.model.Sleeper;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * The settings that {@code GeminiDecider.Builder} and {@code GeminiBatchDecider.Builder} share, checked by one piece
 * of code: how to reach Gemini (an API key and base URL, or a ready SDK {@link Client}), the model, sampling, the
 * body cap, and the clock and sleeper tests inject. Not thread-safe. Every setter checks its argument at once
 * ({@link IllegalArgumentException} naming the setting) and may be called once ({@link IllegalStateException} on a
 * second call); values seeded by {@code fromEnvironment} may still be set once.
 *
 * @param <B> the concrete builder
 */
public abstract class GeminiBuilder<B extends GeminiBuilder<B>> {

  private final boolean fromEnvironment;
  private final Set<String> set = new HashSet<>();
  String apiKey;
  Client client;
  String baseUrl;
  String model = ClientFactory.DEFAULT_MODEL;
  double temperature = 0.3;
  double topP = 0.9;
  int maxOutputTokens = 1000;
  Integer thinkingBudget;
  int maxBodyChars = 10_000;
  Clock clock = Clock.systemUTC();
  Sleeper sleeper = Sleeper.system();

  GeminiBuilder(Function<String, String> environment) {
    this.fromEnvironment = environment != null;
    if (environment != null) {
      ClientFactory.Environment env = ClientFactory.environment(environment);
      this.apiKey = env.apiKey();
      this.baseUrl = env.baseUrl();
    }
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** Records that {@code setting} was set; a second time is an error. */
  final void once(String setting) {
    if (!set.add(setting)) {
      throw new IllegalStateException(setting + " was already set");
    }
  }

  /**
   * The Gemini Developer API key, sent in the {@code x-goog-api-key} header.
   *
   * @param apiKey a non-blank key
   * @return this builder
   * @throws IllegalArgumentException naming {@code apiKey} when blank
   * @throws IllegalStateException when already set
   */
  public B apiKey(String apiKey) {
    String checked = SettingChecks.apiKey(apiKey);
    once("apiKey");
    this.apiKey = checked;
    return self();
  }

  /**
   * A ready SDK client to use instead of building one (its base URL, credentials and HTTP client); its owner
   * closes it. {@link GeminiClients#create} builds one as the adapter would. Each request still overrides the API
   * version ({@code v1beta}) and its timeout, and turns the SDK's retries off. A client not
   * made by {@link GeminiClients} cannot report {@code Retry-After} headers; the error's {@code RetryInfo} is
   * still honoured.
   *
   * @param client the client
   * @return this builder
   * @throws IllegalArgumentException naming {@code client} when {@code null}
   * @throws IllegalStateException when already set
   */
  public B client(Client client) {
    Client checked = SettingChecks.notNull("client", client);
    once("client");
    this.client = checked;
    return self();
  }

  /**
   * Where the API is: {@code scheme://host[:port]} with no path (tests, proxies, API gateways). Default
   * {@code https://generativelanguage.googleapis.com}; the API version is appended by the SDK.
   *
   * @param baseUrl an http or https URL with no path, query or fragment
   * @return this builder
   * @throws IllegalArgumentException naming {@code baseUrl} when malformed
   * @throws IllegalStateException when already set
   */
  public B baseUrl(String baseUrl) {
    String checked = SettingChecks.baseUrl("baseUrl", baseUrl);
    once("baseUrl");
    this.baseUrl = checked;
    return self();
  }

  /**
   * The model to ask; default {@code gemini-2.5-flash}.
   *
   * @param model a model name without spaces, e.g. {@code gemini-2.5-flash}
   * @return this builder
   * @throws IllegalArgumentException naming {@code model} when blank or containing whitespace
   * @throws IllegalStateException when already set
   */
  public B model(String model) {
    String checked = SettingChecks.model("model", model);
    once("model");
    this.model = checked;
    return self();
  }

  /**
   * The sampling temperature; default 0.3.
   *
   * @param temperature in [0, 2]
   * @return this builder
   * @throws IllegalArgumentException naming {@code temperature} when out of range
   * @throws IllegalStateException when already set
   */
  public B temperature(double temperature) {
    double checked = SettingChecks.temperature(temperature);
    once("temperature");
    this.temperature = checked;
    return self();
  }

  /**
   * The nucleus sampling top-p; default 0.9.
   *
   * @param topP in (0, 1]
   * @return this builder
   * @throws IllegalArgumentException naming {@code topP} when out of range
   * @throws IllegalStateException when already set
   */
  public B topP(double topP) {
    double checked = SettingChecks.topP(topP);
    once("topP");
    this.topP = checked;
    return self();
  }

  /**
   * The most tokens the model may write per email; default 1000. On {@code gemini-2.5-*} thinking tokens count
   * against it too (see {@link #thinkingBudget(int)}).
   *
   * @param maxOutputTokens 1 or more
   * @return this builder
   * @throws IllegalArgumentException naming {@code maxOutputTokens} when below 1
   * @throws IllegalStateException when already set
   */
  public B maxOutputTokens(int maxOutputTokens) {
    int checked = SettingChecks.maxOutputTokens(maxOutputTokens);
    once("maxOutputTokens");
    this.maxOutputTokens = checked;
    return self();
  }

  /**
   * The thinking budget in tokens: 0 turns thinking off (where the model allows it), -1 lets the model choose.
   * Unset by default (the model's default).
   *
   * @param thinkingBudget -1 or more
   * @return this builder
   * @throws IllegalArgumentException naming {@code thinkingBudget} when below -1
   * @throws IllegalStateException when already set
   */
  public B thinkingBudget(int thinkingBudget) {
    int checked = SettingChecks.thinkingBudget(thinkingBudget);
    once("thinkingBudget");
    this.thinkingBudget = checked;
    return self();
  }

  /**
   * The longest body sent to the model, in characters, after cleaning; a longer body is cut and the decision
   * records {@code body_truncated}. Default 10,000.
   *
   * @param maxBodyChars 100 to {@link Email#MAX_BODY_CHARS}
   * @return this builder
   * @throws IllegalArgumentException naming {@code maxBodyChars} when out of range
   * @throws IllegalStateException when already set
   */
  public B maxBodyChars(int maxBodyChars) {
    int checked = SettingChecks.maxBodyChars(maxBodyChars);
    once("maxBodyChars");
    this.maxBodyChars = checked;
    return self();
  }

  /**
   * The clock deadlines are measured with; default the system UTC clock. For tests.
   *
   * @param clock the clock
   * @return this builder
   * @throws IllegalArgumentException naming {@code clock} when {@code null}
   * @throws IllegalStateException when already set
   */
  public B clock(Clock clock) {
    Clock checked = SettingChecks.notNull("clock", clock);
    once("clock");
    this.clock = checked;
    return self();
  }

  /**
   * What waits between attempts or polls; default {@link Sleeper#system()}. For tests.
   *
   * @param sleeper the sleeper
   * @return this builder
   * @throws IllegalArgumentException naming {@code sleeper} when {@code null}
   * @throws IllegalStateException when already set
   */
  public B sleeper(Sleeper sleeper) {
    Sleeper checked = SettingChecks.notNull("sleeper", sleeper);
    once("sleeper");
    this.sleeper = checked;
    return self();
  }

  /** Whether this builder offers Vertex AI as a way to reach Gemini (for messages). */
  abstract boolean offersVertexAi();

  /**
   * Checks how Gemini is reached, then makes the settings, creating the SDK client unless one was given.
   *
   * @param otherWays how many other ways to reach Gemini a subclass has set (Vertex AI), 0 or 1
   * @param connectionsPerHost the HTTP client's requests in flight to one host, when the client is created here
   * @param vertexProject the Vertex AI project, or {@code null}
   * @param vertexLocation the Vertex AI location, or {@code null}
   */
  final GeminiSettings settings(int otherWays, int connectionsPerHost, String vertexProject, String vertexLocation) {
    int ways = (apiKey != null ? 1 : 0) + (client != null ? 1 : 0) + otherWays;
    if (ways == 0) {
      throw new IllegalStateException("apiKey is required (or client(...)" + (offersVertexAi()
          ? ", or vertexAi(project, location)" : "") + ")" + (fromEnvironment ? "; neither "
          + ModelEnvironment.GEMINI_API_KEY + " nor " + ModelEnvironment.GOOGLE_API_KEY + " is set" : ""));
    }
    if (ways > 1) {
      throw new IllegalStateException(offersVertexAi()
          ? "set only one of apiKey, vertexAi and client" : "set only one of apiKey and client");
    }
    if (client != null && baseUrl != null) {
      throw new IllegalStateException("baseUrl cannot be combined with client: configure the client's HttpOptions");
    }
    boolean owns = client == null;
    Client sdk = owns
        ? ClientFactory.newClient(apiKey, vertexProject, vertexLocation, baseUrl, connectionsPerHost) : client;
    return new GeminiSettings(sdk, owns, model, new GeminiRequests.Generation((float) temperature, (float) topP,
        maxOutputTokens, thinkingBudget), maxBodyChars, clock, sleeper, apiKey);
  }
}
