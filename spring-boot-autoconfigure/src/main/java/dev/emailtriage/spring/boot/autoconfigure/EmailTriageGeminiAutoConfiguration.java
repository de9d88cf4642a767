package dev.emailtriage.spring.boot.autoconfigure;

import com.google.genai.Client;
import dev.emailtriage.gemini.GeminiBatchDecider;
import dev.emailtriage.gemini.GeminiBuilder;
import dev.emailtriage.gemini.GeminiClients;
import dev.emailtriage.gemini.GeminiDecider;
import dev.emailtriage.spi.BatchDecider;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.model.ModelEnvironment.Provider;
import dev.emailtriage.spring.boot.autoconfigure.internal.ConditionalOnModelProvider;
import dev.emailtriage.spring.boot.autoconfigure.internal.ModelEnvironment;
import dev.emailtriage.spring.boot.autoconfigure.internal.ModelSelection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The {@link GeminiDecider}, when {@code email-triage-gemini} is on the classpath and Gemini is the selected
 * provider: an API key is configured in {@code emailtriage.gemini.api-key}, {@code GEMINI_API_KEY} or
 * {@code GOOGLE_API_KEY} (in that order) and no OpenAI key competes, or {@code emailtriage.model-provider} /
 * {@code EMAILTRIAGE_MODEL_PROVIDER} says {@code gemini} (both keys and both adapters without it: the start fails
 * naming the property). The model is {@code emailtriage.gemini.model} when set, else {@code EMAILTRIAGE_MODEL}, else
 * {@code gemini-2.5-flash}; the choice is logged once. The base URL
 * comes from {@code emailtriage.gemini.base-url}, else {@code GEMINI_BASE_URL}, else Google's endpoint. The SDK
 * {@link Client} is a bean of its own, made by {@link GeminiClients#create}; define your own {@code Client} bean
 * (proxy, HTTP client, Vertex AI) and the decider uses it. Both are closed with the context (a client of yours by
 * your own bean definition). With {@code emailtriage.gemini.batch.enabled=true}, also a {@link GeminiBatchDecider} on
 * the same client, model and sampling: the pipeline's batch mode.
 */
@AutoConfiguration(before = EmailTriageDeciderAutoConfiguration.class)
@ConditionalOnClass(GeminiDecider.class)
@ConditionalOnModelProvider(Provider.GEMINI)
@EnableConfigurationProperties(EmailTriageProperties.class)
public class EmailTriageGeminiAutoConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(EmailTriageGeminiAutoConfiguration.class);

  /** Creates the configuration; Spring calls it. */
  public EmailTriageGeminiAutoConfiguration() {}

  /**
   * The Gemini SDK client, from the API key and base URL; replace it by defining a {@link Client} bean.
   *
   * @param properties the bound {@code emailtriage.*} properties
   * @param environment where the environment names are read
   * @return a client set up as the adapter's builders set up their own
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(Client.class)
  public Client emailTriageGeminiClient(EmailTriageProperties properties, Environment environment) {
    String keySource = ModelEnvironment.apiKeySource(environment);
    String key = ModelEnvironment.apiKey(environment);
    String baseUrl = ModelEnvironment.baseUrl(properties, environment);
    String from = properties.getGemini().getBaseUrl() != null && !properties.getGemini().getBaseUrl().isBlank()
        ? ModelEnvironment.BASE_URL_PROPERTY : ModelEnvironment.BASE_URL_VARIABLE;
    try {
      return GeminiClients.create(key, baseUrl);
    } catch (IllegalArgumentException e) {
      String property = e.getMessage() != null && e.getMessage().startsWith("baseUrl") ? from : keySource;
      throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
    }
  }

  /**
   * The Gemini decider, built from {@code emailtriage.gemini.*} on the {@link Client} bean.
   *
   * @param properties the bound {@code emailtriage.*} properties
   * @param client the SDK client bean
   * @param environment where {@code EMAILTRIAGE_MODEL} is read
   * @return the decider
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(Decider.class)
  public GeminiDecider emailTriageGeminiDecider(EmailTriageProperties properties, Client client,
      Environment environment) {
    GeminiDecider decider = builder(properties, client,
        ModelSelection.model(environment, "emailtriage.gemini.model", properties.getGemini().getModel())).build();
    String baseUrl = ModelEnvironment.baseUrl(properties, environment);
    LOG.info("email-triage model: gemini {} at {} (key from {})", decider.model(),
        baseUrl == null ? GeminiDecider.DEFAULT_BASE_URL : baseUrl, ModelEnvironment.apiKeySource(environment));
    return decider;
  }

  /**
   * The Gemini batch decider of batch mode, built from {@code emailtriage.gemini.*} (model, sampling) and
   * {@code emailtriage.gemini.batch.*} on the {@link Client} bean; the pipeline sends it the queued mail of priority
   * low or normal that the rules and the cache leave for the model.
   *
   * @param properties the bound {@code emailtriage.*} properties
   * @param client the SDK client bean
   * @param environment where {@code EMAILTRIAGE_MODEL} is read
   * @return the batch decider
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(BatchDecider.class)
  @ConditionalOnProperty(prefix = "emailtriage.gemini.batch", name = "enabled", havingValue = "true")
  public GeminiBatchDecider emailTriageGeminiBatchDecider(EmailTriageProperties properties, Client client,
      Environment environment) {
    EmailTriageProperties.Batch batch = properties.getGemini().getBatch();
    GeminiBatchDecider.Builder b = shared(GeminiBatchDecider.builder().client(client), properties,
        ModelSelection.model(environment, "emailtriage.gemini.model", properties.getGemini().getModel()));
    named("emailtriage.gemini.batch.poll-interval", () -> b.pollInterval(batch.getPollInterval()));
    named("emailtriage.gemini.batch.max-poll-interval", () -> b.maxPollInterval(batch.getMaxPollInterval()));
    named("emailtriage.gemini.batch.timeout", () -> b.timeout(batch.getTimeout()));
    named("emailtriage.gemini.batch.max-emails", () -> b.maxEmails(batch.getMaxEmails()));
    GeminiBatchDecider decider;
    try {
      decider = b.build();
    } catch (IllegalStateException e) {
      throw new IllegalStateException("emailtriage.gemini.batch: " + e.getMessage(), e);
    }
    LOG.info("email-triage batch mode: gemini {} Batch API jobs for queued mail of priority low and normal (polls "
        + "from {}, given up after {})", decider.model(), batch.getPollInterval(), batch.getTimeout());
    return decider;
  }

  /** A builder with every {@code emailtriage.gemini.*} setting but the model; for the cascade's second model too. */
  static GeminiDecider.Builder builder(EmailTriageProperties properties, Client client, String model) {
    EmailTriageProperties.Gemini g = properties.getGemini();
    GeminiDecider.Builder b = shared(GeminiDecider.builder().client(client), properties, model);
    named("emailtriage.gemini.timeout", () -> b.timeout(g.getTimeout()));
    named("emailtriage.gemini.max-retries", () -> b.maxRetries(g.getMaxRetries()));
    return b;
  }

  /** The model and the sampling settings both Gemini builders take. */
  private static <B extends GeminiBuilder<B>> B shared(B b, EmailTriageProperties properties, String model) {
    EmailTriageProperties.Gemini g = properties.getGemini();
    named("emailtriage.gemini.model", () -> b.model(model));
    named("emailtriage.gemini.temperature", () -> b.temperature(g.getTemperature()));
    named("emailtriage.gemini.top-p", () -> b.topP(g.getTopP()));
    named("emailtriage.gemini.max-output-tokens", () -> b.maxOutputTokens(g.getMaxOutputTokens()));
    return b;
  }

  private static void named(String property, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
    }
  }
}
