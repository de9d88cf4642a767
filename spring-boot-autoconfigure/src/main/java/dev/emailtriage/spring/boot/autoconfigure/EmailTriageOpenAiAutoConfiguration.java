package dev.emailtriage.spring.boot.autoconfigure;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.emailtriage.openai.OpenAiDecider;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.model.ModelEnvironment.Provider;
import dev.emailtriage.spring.boot.autoconfigure.internal.ConditionalOnModelProvider;
import dev.emailtriage.spring.boot.autoconfigure.internal.ModelSelection;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The {@link OpenAiDecider}, when {@code email-triage-openai} is on the classpath and OpenAI is the selected
 * provider: an OpenAI key is configured ({@code emailtriage.openai.api-key}, else {@code OPENAI_API_KEY}) and no
 * Gemini key competes, or {@code emailtriage.model-provider} / {@code EMAILTRIAGE_MODEL_PROVIDER} says
 * {@code openai}. With both keys (and both adapters) and no provider named, the start fails naming the property.
 * The base URL comes from {@code emailtriage.openai.base-url}, else {@code OPENAI_BASE_URL}; the model from
 * {@code emailtriage.openai.model}, else {@code EMAILTRIAGE_MODEL}. The SDK {@link OpenAIClient} is an overridable
 * bean. The choice is logged once.
 */
@AutoConfiguration(before = EmailTriageDeciderAutoConfiguration.class)
@ConditionalOnClass(OpenAiDecider.class)
@ConditionalOnModelProvider(Provider.OPENAI)
@EnableConfigurationProperties(EmailTriageProperties.class)
public class EmailTriageOpenAiAutoConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(EmailTriageOpenAiAutoConfiguration.class);

  /** Creates the configuration; Spring calls it. */
  public EmailTriageOpenAiAutoConfiguration() {}

  /**
   * The OpenAI SDK client with its retries off (the decider retries); replace it by defining an
   * {@link OpenAIClient} bean.
   *
   * @param environment where the properties and environment names are read
   * @return the client
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(OpenAIClient.class)
  public OpenAIClient emailTriageOpenAiClient(Environment environment) {
    String key = ModelSelection.openAiApiKey(environment);
    if (key == null) {
      throw new IllegalStateException("the model provider is openai but no key is set: set "
          + ModelSelection.OPENAI_API_KEY_PROPERTY + " or OPENAI_API_KEY (local servers accept any value)");
    }
    String baseUrl = ModelSelection.openAiBaseUrl(environment);
    OpenAIOkHttpClient.Builder b = OpenAIOkHttpClient.builder().apiKey(key).maxRetries(0);
    if (baseUrl != null) {
      if (!baseUrl.matches("https?://\\S+")) {
        throw new IllegalArgumentException(ModelSelection.openAiBaseUrlSource(environment)
            + " must be an http(s) URL such as http://localhost:11434/v1, was '" + baseUrl + "'");
      }
      b.baseUrl(baseUrl);
    }
    return b.build();
  }

  /**
   * The OpenAI decider, built from {@code emailtriage.openai.*} on the {@link OpenAIClient} bean.
   *
   * @param properties the bound properties
   * @param client the SDK client bean
   * @param environment where {@code EMAILTRIAGE_MODEL} and the base URL are read
   * @return the decider
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(Decider.class)
  public OpenAiDecider emailTriageOpenAiDecider(EmailTriageProperties properties, OpenAIClient client,
      Environment environment) {
    OpenAiDecider decider = builder(properties, client, environment,
        ModelSelection.model(environment, "emailtriage.openai.model", OpenAiDecider.DEFAULT_MODEL)).build();
    String baseUrl = ModelSelection.openAiBaseUrl(environment);
    LOG.info("email-triage model: openai {} at {} (key from {})", decider.model(),
        baseUrl == null ? OpenAiDecider.DEFAULT_BASE_URL : baseUrl, ModelSelection.openAiApiKeySource(environment));
    return decider;
  }

  /** A builder with every {@code emailtriage.openai.*} setting but the model; for the cascade's second model too. */
  static OpenAiDecider.Builder builder(EmailTriageProperties properties, OpenAIClient client, Environment environment,
      String model) {
    EmailTriageProperties.OpenAi o = properties.getOpenai();
    OpenAiDecider.Builder b = OpenAiDecider.builder().client(client);
    named("emailtriage.openai.model", () -> b.model(model));
    if (o.getTemperature() != null) {
      named("emailtriage.openai.temperature", () -> b.temperature(o.getTemperature()));
    }
    named("emailtriage.openai.max-output-tokens", () -> b.maxOutputTokens(o.getMaxOutputTokens()));
    named("emailtriage.openai.timeout", () -> b.timeout(o.getTimeout()));
    named("emailtriage.openai.max-retries", () -> b.maxRetries(o.getMaxRetries()));
    String format = o.getResponseFormat() == null ? "json_schema"
        : o.getResponseFormat().toLowerCase(Locale.ROOT).replace('-', '_');
    b.responseFormat("json_object".equals(format)
        ? OpenAiDecider.ResponseFormat.JSON_OBJECT : OpenAiDecider.ResponseFormat.JSON_SCHEMA);
    String tokens = o.getTokenLimitParameter();
    b.tokenLimitParameter(tokens == null
        ? OpenAiDecider.TokenLimitParameter.forBaseUrl(ModelSelection.openAiBaseUrl(environment))
        : OpenAiDecider.TokenLimitParameter.valueOf(tokens.toUpperCase(Locale.ROOT).replace('-', '_')));
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
