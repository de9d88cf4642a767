package dev.emailtriage.spring.boot.autoconfigure;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code emailtriage.*} configuration properties of the Spring Boot auto-configuration, validated at start-up: a
 * bad value stops the application with a message naming the property. Defaults follow the origin plan
 * (gemini-2.5-flash, temperature 0.3, top-p 0.9, 1000 output tokens, Biofraga, pt-BR). A mutable JavaBean that
 * Spring binds once at start-up; not meant to be changed afterwards.
 *
 * <pre>{@code
 * emailtriage.gemini.api-key=${GEMINI_API_KEY}
 * emailtriage.review-threshold=0.8
 * emailtriage.rules.own-addresses=support@acme.com
 * emailtriage.prompt.company-name=Acme
 * }</pre>
 */
@ConfigurationProperties(prefix = EmailTriageProperties.PREFIX)
@Validated
public class EmailTriageProperties {

  /** The prefix of every property: {@value}. */
  public static final String PREFIX = "emailtriage";

  /** The Gemini model; the model is used only when an API key is configured. */
  @Valid
  private final Gemini gemini = new Gemini();

  /** An OpenAI or OpenAI-compatible model; used when the OpenAI adapter is present and selected. */
  @Valid
  private final OpenAi openai = new OpenAi();

  /**
   * The model provider, gemini or openai; required when both a Gemini and an OpenAI key are set. When unset, the
   * environment variable EMAILTRIAGE_MODEL_PROVIDER is used, else the provider whose key is set.
   */
  @Pattern(regexp = "(?i)gemini|openai", message = "emailtriage.model-provider must be gemini or openai")
  private String modelProvider;

  /** A cheap-first cascade of two models of the provider. */
  @Valid
  private final Cascade cascade = new Cascade();

  /** The similar-email cache. */
  @Valid
  private final Cache cache = new Cache();

  /** The built-in rules. */
  @Valid
  private final Rules rules = new Rules();

  /**
   * Decisions with a lower confidence are flagged needs_review; between 0 and 1.
   */
  @DecimalMin(value = "0.0", message = "emailtriage.review-threshold must be between 0 and 1")
  @DecimalMax(value = "1.0", message = "emailtriage.review-threshold must be between 0 and 1")
  private double reviewThreshold = 0.7;

  /** Where decisions and the queue are kept. */
  @Valid
  private final Store store = new Store();

  /** The company details of the default prompt. */
  @Valid
  private final Prompt prompt = new Prompt();

  /** What a Spring MVC application gets. */
  private final Web web = new Web();

  public Gemini getGemini() {
    return gemini;
  }

  public OpenAi getOpenai() {
    return openai;
  }

  public String getModelProvider() {
    return modelProvider;
  }

  public void setModelProvider(String modelProvider) {
    this.modelProvider = modelProvider;
  }

  public Cascade getCascade() {
    return cascade;
  }

  public Cache getCache() {
    return cache;
  }

  public Rules getRules() {
    return rules;
  }

  public double getReviewThreshold() {
    return reviewThreshold;
  }

  public void setReviewThreshold(double reviewThreshold) {
    this.reviewThreshold = reviewThreshold;
  }

  public Store getStore() {
    return store;
  }

  public Prompt getPrompt() {
    return prompt;
  }

  public Web getWeb() {
    return web;
  }

  /** {@code emailtriage.gemini.*}: the Gemini model. */
  public static class Gemini {

    /**
     * The Gemini API key. When unset, the environment variables GEMINI_API_KEY, then GOOGLE_API_KEY, are used;
     * with none of them, email-triage runs on the offline fallback (no model).
     */
    private String apiKey;

    /** The Gemini model to ask. */
    @NotBlank(message = "emailtriage.gemini.model must not be blank")
    private String model = "gemini-2.5-flash";

    /** Sampling temperature, between 0 and 2. */
    @DecimalMin(value = "0.0", message = "emailtriage.gemini.temperature must be between 0 and 2")
    @DecimalMax(value = "2.0", message = "emailtriage.gemini.temperature must be between 0 and 2")
    private double temperature = 0.3;

    /** Nucleus sampling (top-p), above 0 and at most 1. */
    @DecimalMin(value = "0.0", inclusive = false, message = "emailtriage.gemini.top-p must be above 0 and at most 1")
    @DecimalMax(value = "1.0", message = "emailtriage.gemini.top-p must be above 0 and at most 1")
    private double topP = 0.9;

    /** The most tokens the model may write in one answer. */
    @Min(value = 1, message = "emailtriage.gemini.max-output-tokens must be at least 1")
    private int maxOutputTokens = 1000;

    /**
     * The deadline of one model call, its retries included, at most one hour; the pipeline's own deadline is five
     * seconds longer.
     */
    @NotNull(message = "emailtriage.gemini.timeout must be set")
    @DurationMin(millis = 1, message = "emailtriage.gemini.timeout must be positive and at most 1h")
    @DurationMax(hours = 1, message = "emailtriage.gemini.timeout must be positive and at most 1h")
    private Duration timeout = Duration.ofSeconds(30);

    /** How many times a transient failure (429, 5xx, network) is retried within the deadline, 0 to 20. */
    @Min(value = 0, message = "emailtriage.gemini.max-retries must be between 0 and 20")
    @Max(value = 20, message = "emailtriage.gemini.max-retries must be between 0 and 20")
    private int maxRetries = 3;

    /**
     * The API's base URL, scheme://host:port without a path (the adapter pins the API version); for a proxy
     * or a test server. When unset, the environment variable GEMINI_BASE_URL is used, else Google's endpoint.
     */
    @Pattern(regexp = "https?://[^/?#\\s]+/?", message = "emailtriage.gemini.base-url must be scheme://host[:port] without a path")
    private String baseUrl;

    /** {@code emailtriage.gemini.batch.*}: batch mode. */
    @Valid
    private final Batch batch = new Batch();

    public String getApiKey() {
      return apiKey;
    }

    public void setApiKey(String apiKey) {
      this.apiKey = apiKey;
    }

    public String getModel() {
      return model;
    }

    public void setModel(String model) {
      this.model = model;
    }

    public double getTemperature() {
      return temperature;
    }

    public void setTemperature(double temperature) {
      this.temperature = temperature;
    }

    public double getTopP() {
      return topP;
    }

    public void setTopP(double topP) {
      this.topP = topP;
    }

    public int getMaxOutputTokens() {
      return maxOutputTokens;
    }

    public void setMaxOutputTokens(int maxOutputTokens) {
      this.maxOutputTokens = maxOutputTokens;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public int getMaxRetries() {
      return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
    }

    public String getBaseUrl() {
      return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    public Batch getBatch() {
      return batch;
    }
  }

  /**
   * {@code emailtriage.gemini.batch.*}: batch mode, queued mail of priority low or normal decided in Gemini Batch
   * API jobs (half the price, minutes to hours of latency); same key, client, model and sampling as the decider.
   */
  public static class Batch {

    /** Whether batch mode is on (EMAILTRIAGE_GEMINI_BATCH_ENABLED in the sample server). */
    private boolean enabled;

    /** The first wait between two polls of a job; doubles up to max-poll-interval. 1 ms to 1 h. */
    @NotNull(message = "emailtriage.gemini.batch.poll-interval must be set")
    private Duration pollInterval = Duration.ofSeconds(30);

    /** The longest wait between two polls of a job, 1 ms to 1 h. */
    @NotNull(message = "emailtriage.gemini.batch.max-poll-interval must be set")
    private Duration maxPollInterval = Duration.ofMinutes(10);

    /** How long after its submission a job still running is given up (its emails are submitted again), to 72 h. */
    @NotNull(message = "emailtriage.gemini.batch.timeout must be set")
    private Duration timeout = Duration.ofHours(24);

    /** The most emails in one job, 1 to 100,000. */
    private int maxEmails = 1000;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getPollInterval() {
      return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
    }

    public Duration getMaxPollInterval() {
      return maxPollInterval;
    }

    public void setMaxPollInterval(Duration maxPollInterval) {
      this.maxPollInterval = maxPollInterval;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public int getMaxEmails() {
      return maxEmails;
    }

    public void setMaxEmails(int maxEmails) {
      this.maxEmails = maxEmails;
    }
  }

  /** {@code emailtriage.openai.*}: OpenAI or an OpenAI-compatible server (Ollama, vLLM, Azure OpenAI...). */
  public static class OpenAi {

    /** The API key; when unset, OPENAI_API_KEY. Local servers accept any value. */
    private String apiKey;

    /** The base URL with its /v1 (http://localhost:11434/v1 for Ollama); when unset, OPENAI_BASE_URL, else OpenAI. */
    @Pattern(regexp = "https?://\\S+", message = "emailtriage.openai.base-url must be an http(s) URL such as http://localhost:11434/v1")
    private String baseUrl;

    /** The model; when unset, EMAILTRIAGE_MODEL, else gpt-4o-mini. */
    private String model;

    /** Sampling temperature, between 0 and 2; unset sends 0.3. */
    @DecimalMin(value = "0.0", message = "emailtriage.openai.temperature must be between 0 and 2")
    @DecimalMax(value = "2.0", message = "emailtriage.openai.temperature must be between 0 and 2")
    private Double temperature;

    /** The most tokens the model may write in one answer. */
    @Min(value = 1, message = "emailtriage.openai.max-output-tokens must be at least 1")
    private int maxOutputTokens = 1000;

    /** The time limit of one call when none is passed, at most one hour. */
    @NotNull(message = "emailtriage.openai.timeout must be set")
    @DurationMin(millis = 1, message = "emailtriage.openai.timeout must be positive and at most 1h")
    @DurationMax(hours = 1, message = "emailtriage.openai.timeout must be positive and at most 1h")
    private Duration timeout = Duration.ofSeconds(30);

    /** Retries of a transient failure (429, 5xx, network) within the time limit, 0 to 20. */
    @Min(value = 0, message = "emailtriage.openai.max-retries must be between 0 and 20")
    @Max(value = 20, message = "emailtriage.openai.max-retries must be between 0 and 20")
    private int maxRetries = 3;

    /** json_schema (strict structured outputs) or json_object (servers without strict schemas). */
    @Pattern(regexp = "(?i)json[_-]schema|json[_-]object",
        message = "emailtriage.openai.response-format must be json_schema or json_object")
    private String responseFormat = "json_schema";

    /** max_completion_tokens or max_tokens; unset picks by base URL (OpenAI: the first, others: the second). */
    @Pattern(regexp = "(?i)max[_-]completion[_-]tokens|max[_-]tokens",
        message = "emailtriage.openai.token-limit-parameter must be max_completion_tokens or max_tokens")
    private String tokenLimitParameter;

    public String getApiKey() {
      return apiKey;
    }

    public void setApiKey(String apiKey) {
      this.apiKey = apiKey;
    }

    public String getBaseUrl() {
      return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
    }

    public String getModel() {
      return model;
    }

    public void setModel(String model) {
      this.model = model;
    }

    public Double getTemperature() {
      return temperature;
    }

    public void setTemperature(Double temperature) {
      this.temperature = temperature;
    }

    public int getMaxOutputTokens() {
      return maxOutputTokens;
    }

    public void setMaxOutputTokens(int maxOutputTokens) {
      this.maxOutputTokens = maxOutputTokens;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public int getMaxRetries() {
      return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
    }

    public String getResponseFormat() {
      return responseFormat;
    }

    public void setResponseFormat(String responseFormat) {
      this.responseFormat = responseFormat;
    }

    public String getTokenLimitParameter() {
      return tokenLimitParameter;
    }

    public void setTokenLimitParameter(String tokenLimitParameter) {
      this.tokenLimitParameter = tokenLimitParameter;
    }
  }

  /** {@code emailtriage.cascade.*}: a cheap model first, a strong one of the same provider when it must. */
  public static class Cascade {

    /**
     * The strong model asked for the escalated share; when unset, EMAILTRIAGE_ESCALATION_MODEL; with neither, no
     * cascade.
     */
    private String escalationModel;

    /** Escalate when the first model's confidence is below this; when unset, EMAILTRIAGE_ESCALATE_BELOW, else 0.7. */
    @DecimalMin(value = "0.0", message = "emailtriage.cascade.escalate-below must be between 0 and 1")
    @DecimalMax(value = "1.0", message = "emailtriage.cascade.escalate-below must be between 0 and 1")
    private Double escalateBelow;

    /** Email types always checked by the strong model (e.g. complaint). */
    private java.util.List<dev.emailtriage.EmailType> alwaysCheck = new java.util.ArrayList<>();

    /** Whether a failure of the first model goes to the strong one. */
    private boolean escalateOnFailure = true;

    public String getEscalationModel() {
      return escalationModel;
    }

    public void setEscalationModel(String escalationModel) {
      this.escalationModel = escalationModel;
    }

    public Double getEscalateBelow() {
      return escalateBelow;
    }

    public void setEscalateBelow(Double escalateBelow) {
      this.escalateBelow = escalateBelow;
    }

    public java.util.List<dev.emailtriage.EmailType> getAlwaysCheck() {
      return alwaysCheck;
    }

    public void setAlwaysCheck(java.util.List<dev.emailtriage.EmailType> alwaysCheck) {
      this.alwaysCheck = alwaysCheck;
    }

    public boolean isEscalateOnFailure() {
      return escalateOnFailure;
    }

    public void setEscalateOnFailure(boolean escalateOnFailure) {
      this.escalateOnFailure = escalateOnFailure;
    }
  }

  /** {@code emailtriage.cache.*}: the similar-email cache. */
  public static class Cache {

    /** Whether duplicates and near-duplicates reuse an earlier decision instead of asking the model. */
    private boolean enabled = true;

    /** How many decisions the cache keeps. */
    @Min(value = 1, message = "emailtriage.cache.max-size must be at least 1")
    private long maxSize = 10_000;

    /** How long the cache keeps a decision. */
    @NotNull(message = "emailtriage.cache.ttl must be set")
    @DurationMin(millis = 1, message = "emailtriage.cache.ttl must be positive")
    private Duration ttl = Duration.ofHours(24);

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public long getMaxSize() {
      return maxSize;
    }

    public void setMaxSize(long maxSize) {
      this.maxSize = maxSize;
    }

    public Duration getTtl() {
      return ttl;
    }

    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }
  }

  /** {@code emailtriage.rules.*}: the built-in rules. */
  public static class Rules {

    /** Whether the built-in rules run; your own Rule beans always run. */
    private boolean enabled = true;

    /** Our own addresses or domains: mail from them is ignored (our own copies, mail loops). */
    private List<@NotBlank(message = "emailtriage.rules.own-addresses must not have blank entries") String> ownAddresses =
        new ArrayList<>();

    /** Senders (addresses or domains) whose mail always reaches the model. */
    private List<@NotBlank(message = "emailtriage.rules.allow must not have blank entries") String> allow =
        new ArrayList<>();

    /** Senders (addresses or domains) whose mail is always ignored; wins over the allow list. */
    private List<@NotBlank(message = "emailtriage.rules.deny must not have blank entries") String> deny =
        new ArrayList<>();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public List<String> getOwnAddresses() {
      return ownAddresses;
    }

    public void setOwnAddresses(List<String> ownAddresses) {
      this.ownAddresses = ownAddresses;
    }

    public List<String> getAllow() {
      return allow;
    }

    public void setAllow(List<String> allow) {
      this.allow = allow;
    }

    public List<String> getDeny() {
      return deny;
    }

    public void setDeny(List<String> deny) {
      this.deny = deny;
    }
  }

  /** Where decisions are kept. */
  public enum StoreType {
    /** PostgreSQL when a DataSource bean and the PostgreSQL store are present, else in memory. */
    AUTO,
    /** In memory: lost on restart, not shared between instances. */
    MEMORY,
    /** PostgreSQL (Supabase) through the application's DataSource; start-up fails when there is none. */
    POSTGRES
  }

  /** {@code emailtriage.store.*}: where decisions and the queue are kept. */
  public static class Store {

    /** Which store: auto (PostgreSQL when a DataSource exists, else memory), memory or postgres. */
    @NotNull(message = "emailtriage.store.type must be set")
    private StoreType type = StoreType.AUTO;

    /** Whether the PostgreSQL store runs its Flyway migrations (own location and history table) at start-up. */
    private boolean migrate = true;

    public StoreType getType() {
      return type;
    }

    public void setType(StoreType type) {
      this.type = type;
    }

    public boolean isMigrate() {
      return migrate;
    }

    public void setMigrate(boolean migrate) {
      this.migrate = migrate;
    }
  }

  /** {@code emailtriage.prompt.*}: the company details of the default prompt. */
  public static class Prompt {

    /** The company's name. */
    @NotBlank(message = "emailtriage.prompt.company-name must not be blank")
    private String companyName = "Biofraga";

    /** The company's sector. */
    @NotBlank(message = "emailtriage.prompt.sector must not be blank")
    private String sector = "[Definir setor]";

    /** The support address given in the prompt. */
    @NotBlank(message = "emailtriage.prompt.support-address must not be blank")
    private String supportAddress = "support@biofraga.com";

    /** How replies are signed; unset means "Equipe" followed by the company name. */
    @Pattern(regexp = "(?s).*\\S.*", message = "emailtriage.prompt.signature must not be blank")
    private String signature;

    /** The language of drafted replies: a tag (pt-BR, en, es) or its name. */
    @NotBlank(message = "emailtriage.prompt.language must not be blank")
    private String language = "pt-BR";

    public String getCompanyName() {
      return companyName;
    }

    public void setCompanyName(String companyName) {
      this.companyName = companyName;
    }

    public String getSector() {
      return sector;
    }

    public void setSector(String sector) {
      this.sector = sector;
    }

    public String getSupportAddress() {
      return supportAddress;
    }

    public void setSupportAddress(String supportAddress) {
      this.supportAddress = supportAddress;
    }

    public String getSignature() {
      return signature;
    }

    public void setSignature(String signature) {
      this.signature = signature;
    }

    public String getLanguage() {
      return language;
    }

    public void setLanguage(String language) {
      this.language = language;
    }
  }

  /** {@code emailtriage.web.*}: what a Spring MVC application gets. */
  public static class Web {

    /**
     * Whether an InvalidEmailException leaving a controller becomes a 400 problem (RFC 9457) naming the bad fields.
     */
    private boolean problemDetails = true;

    public boolean isProblemDetails() {
      return problemDetails;
    }

    public void setProblemDetails(boolean problemDetails) {
      this.problemDetails = problemDetails;
    }
  }
}
