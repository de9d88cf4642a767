package dev.emailtriage;

import dev.emailtriage.internal.Validation;
import dev.emailtriage.internal.engine.Engine;
import dev.emailtriage.internal.engine.EngineSettings;
import dev.emailtriage.spi.BatchDecider;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.spi.PromptSource;
import dev.emailtriage.spi.Rule;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decides, for each incoming email, whether it deserves a reply, and drafts the reply: the library's entry point and
 * the one facade an application uses (the {@link DecisionStore} SPI is for store writers). Thread-safe; build one
 * per application with {@link #builder()} and {@link #close()} it on shutdown.
 *
 * <p>Each email goes through: validation (every bad field reported at once in an {@link InvalidEmailException});
 * idempotency (an email id already decided returns the stored result; concurrent submissions of one id coalesce into
 * one decision, in this process and across processes sharing the store, whose processing lease is the lock); the
 * {@linkplain BuiltInRules rules}; the similar-email cache (scoped by prompt version and decider); the
 * {@link Decider} (the model) under one deadline, handed down to it; the confidence gate ({@code needs_review} below
 * the review threshold); the store, under the lease the email was decided with; the listeners. When the decider
 * fails, nothing is lost: the email is stored as failed and retryable (or decided by the configured fallback,
 * marked as such), and the worker decides it again later with exponential backoff.
 *
 * <pre>{@code
 * try (EmailTriage triage = EmailTriage.builder()
 *     .decider(myDecider)                       // default: the offline fallback
 *     .store(new InMemoryDecisionStore())       // default
 *     .build()) {
 *   TriageResult result = triage.process(email);
 *   Page<EmailRecord> page = triage.list(EmailQuery.all());
 * }
 * }</pre>
 */
public final class EmailTriage implements AutoCloseable {

  private final DecisionStore store;
  private final SenderMemory memory;
  private final Engine engine;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmailTriage(DecisionStore store, SenderMemory memory, Engine engine) {
    this.store = store;
    this.memory = memory;
    this.engine = engine;
  }

  /** A builder with the defaults: offline fallback decider, in-memory store, default prompt, built-in rules. */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- deciding

  /**
   * Decides {@code email} now and stores the decision. An email id already processed returns the stored result
   * without deciding again; while another pipeline sharing the store decides the same id, this call waits for its
   * result (up to the decider timeout, then answers the stored state). When the decider fails, the result's status
   * is {@link TriageStatus#FAILED}: the email is stored as failed and, if {@linkplain TriageResult#retryable()
   * retryable}, the worker decides it later.
   *
   * @throws InvalidEmailException naming every invalid field
   * @throws IllegalStateException after {@link #close()}
   */
  public TriageResult process(Email email) {
    requireOpen();
    Validation.requireValid(email);
    return engine.process(email);
  }

  /**
   * Decides {@code email} on the pipeline's own threads (at most the configured model concurrency at once).
   * The future fails with {@link InvalidEmailException} for an invalid email.
   */
  public CompletableFuture<TriageResult> processAsync(Email email) {
    requireOpen();
    return CompletableFuture.completedFuture(email).thenCompose(e -> {
      Validation.requireValid(e);
      return engine.processAsync(e);
    });
  }

  /**
   * Stores {@code email} as queued and returns at once with a job id; a worker decides it later. The email is
   * persisted before this method returns, so a crash loses nothing. Submitting an id that is already stored
   * returns its current state instead. With a {@linkplain Builder#batchDecider batch decider}, an email of priority
   * {@code low} or {@code normal} that needs the model is decided in a batch job (minutes to hours later);
   * {@code high} and {@code medium} ones by the decider as soon as the worker takes them.
   *
   * @throws InvalidEmailException naming every invalid field
   */
  public TriageResult submit(Email email) {
    requireOpen();
    Validation.requireValid(email);
    return engine.submit(email);
  }

  /**
   * Decides again up to {@code limit} stored emails whose decision came from {@code source} — for instance every
   * {@link DecisionSource#FALLBACK} decision once a model is configured. The cache is not consulted; an email whose
   * new decision fails keeps its earlier one.
   *
   * @return how many were decided again
   */
  public int retriage(DecisionSource source, int limit) {
    requireOpen();
    Objects.requireNonNull(source, "source");
    return engine.retriage(source, limit);
  }

  /**
   * Claims the due queued and retryable emails and decides them, waiting until they are stored; in batch mode, then
   * submits the emails left for the model as one batch job and stores the results of the jobs that ended. Workers
   * call it on their own every poll interval; call it directly when the pipeline was built with no workers.
   *
   * @return how many emails were claimed
   */
  public int drainQueue() {
    return engine.drainQueue();
  }

  // ---------------------------------------------------------------- reading and marking

  /** The stored state of an email, if the store knows it. */
  public Optional<TriageResult> status(String emailId) {
    return store.find(emailId).map(EmailRecord::toResult);
  }

  /** Everything stored about an email (the email, its state, decision, feedback), if the store knows it. */
  public Optional<EmailRecord> record(String emailId) {
    return store.find(emailId);
  }

  /**
   * Stored emails, filtered, newest first, one page at a time.
   *
   * @throws IllegalArgumentException for a cursor this pipeline's store did not write
   */
  public Page<EmailRecord> list(EmailQuery query) {
    return store.list(Objects.requireNonNull(query, "query"));
  }

  /**
   * Records a person's feedback on a stored email and tells the listeners (the {@linkplain SenderMemory sender
   * memory} learns from it: a {@code respond} retires a learned rule of the sender at once).
   *
   * @return false when the email is unknown
   */
  public boolean feedback(String emailId, Feedback feedback) {
    Objects.requireNonNull(emailId, "emailId");
    Objects.requireNonNull(feedback, "feedback");
    return engine.feedback(emailId, feedback);
  }

  /**
   * How well the decisions processed from {@code start} to {@code end} (inclusive, UTC days) agree with people's
   * feedback, per prompt version and per source (see {@link QualityReport}).
   */
  public QualityReport quality(LocalDate start, LocalDate end) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("end " + end + " is before start " + start);
    }
    return store.quality(start, end);
  }

  /** The sender rules learned so far and active now (empty without a {@link Builder#senderMemory sender memory}). */
  public List<LearnedRule> learnedRules() {
    return memory == null ? List.of() : memory.rules();
  }

  /**
   * Retires a learned sender rule and bars its sender from learning again.
   *
   * @return false when there is no such rule (or no sender memory)
   */
  public boolean revokeLearnedRule(String ruleId) {
    return memory != null && memory.revoke(ruleId);
  }

  /** Marks the reply to this email as sent; false when the email is unknown. */
  public boolean markResponseSent(String emailId) {
    return store.markResponseSent(emailId);
  }

  /** The analytics of the decisions taken from {@code start} to {@code end}, inclusive UTC days. */
  public AnalyticsSummary summary(LocalDate start, LocalDate end) {
    return store.summarize(start, end);
  }

  /**
   * The decisions of each UTC day from {@code start} to {@code end}, inclusive, oldest first, days without
   * decisions included: one store query, from its daily rows.
   *
   * @throws IllegalArgumentException when {@code end} is before {@code start}
   */
  public List<DailyCount> dailySeries(LocalDate start, LocalDate end) {
    return store.dailySeries(start, end);
  }

  /** How many emails are queued or waiting for a retry. */
  public long queueDepth() {
    return store.queueDepth();
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("EmailTriage is closed");
    }
  }

  /**
   * Stops taking work and lets the workers finish the emails they hold (waiting up to the decider timeout).
   * Emails still queued stay queued in the store for the next start. The store is not closed.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      engine.close();
    }
  }

  /**
   * Configures an {@link EmailTriage}, as strictly as Caffeine's builder: each setter checks its argument at once
   * ({@link IllegalArgumentException} naming the setting); every setting may be made once
   * ({@link IllegalStateException} on the second, except {@link #addRule} and {@link #listener}, which add); and
   * {@link #build()} refuses settings that contradict each other with an {@link IllegalStateException}. Not
   * thread-safe.
   */
  public static final class Builder {
    private Decider decider;
    private Decider fallback;
    private BatchDecider batchDecider;
    private DecisionStore store;
    private PromptSource prompts;
    private List<Rule> rules;
    private final List<Rule> extraRules = new ArrayList<>();
    private Boolean rulesEnabled;
    private Boolean cacheEnabled;
    private Long cacheMaxSize;
    private Duration cacheTtl;
    private Double reviewThreshold;
    private Duration deciderTimeout;
    private Integer maxConcurrentModelCalls;
    private Integer workerThreads;
    private Duration pollInterval;
    private Integer maxAttempts;
    private Duration retryBase;
    private Duration retryMax;
    private Duration lease;
    private Duration promptCacheTtl;
    private Clock clock;
    private SenderMemory memory;
    private Integer correctionExamples;
    private final List<TriageListener> listeners = new ArrayList<>();

    private Builder() {}

    /**
     * Learns sender rules from the model's decisions and people's feedback and applies them after the rules and
     * before the cache (source {@code learned}); default none.
     */
    public Builder senderMemory(SenderMemory memory) {
      this.memory = once(this.memory, memory, "senderMemory");
      return this;
    }

    /**
     * Corrections teach the model: before each model call (never for a rule, learned-rule or cache decision), up to
     * {@code max} corrected earlier emails most like this one — the same content, the same sender, then the same
     * sender domain ({@link dev.emailtriage.spi.DecisionStore#findCorrections}) — are sent with it as labelled
     * examples inside the injection guard ({@link CorrectionExample}: subject and a capped excerpt only; another
     * sender shown by domain only). The decision records how many in {@link Decision#examplesUsed()}. Default off
     * (the examples are other emails' text sent to the model).
     *
     * @param max 1 to 5
     */
    public Builder correctionExamples(int max) {
      if (max < 1 || max > 5) {
        throw new IllegalArgumentException("correctionExamples must be 1 to 5, was " + max);
      }
      this.correctionExamples = once(this.correctionExamples, max, "correctionExamples");
      return this;
    }

    /** The model (or other decider) asked when no rule and no cached decision can answer; default the offline fallback. */
    public Builder decider(Decider decider) {
      this.decider = once(this.decider, decider, "decider");
      return this;
    }

    /**
     * A decider used when the main one fails (its decisions are marked {@code fallback}); default none, so a
     * failure is stored as failed-retryable and decided again later.
     */
    public Builder fallback(Decider fallback) {
      this.fallback = once(this.fallback, fallback, "fallback");
      return this;
    }

    /**
     * Turns batch mode on: the queue worker sends the non-urgent emails that the rules, the sender memory and the
     * cache cannot decide to this decider's batch jobs (Gemini's Batch API: half the price, minutes to hours of
     * latency) instead of the {@link #decider}; default none.
     *
     * <p>Non-urgent means an email whose {@linkplain EmailMetadata#priority() priority} is {@code low} or
     * {@code normal} (the default) and that the queue worker decides: one given to {@link EmailTriage#submit}, or
     * one whose earlier attempt failed. {@link EmailTriage#process} and emails of priority {@code high} or
     * {@code medium} are always decided at once by the {@link #decider}. A batch's emails stay {@code processing}
     * until their job ends; its results are stored as a single call's are (confidence gate, fencing by lease
     * version), and a failed or missing result leaves that email {@code failed} and retryable, decided again later
     * with backoff (the {@link #fallback} is not asked for batch failures).
     *
     * <p>The job's id is stored with each email's lease, which is extended to the job's
     * {@linkplain BatchDecider#timeout() timeout} plus one {@link #lease}: after a crash or restart, the pipeline
     * (or another sharing the store) polls the same job instead of submitting again. A crash between submitting a
     * job and storing its id (one store transaction) leaves the emails to be taken again when their short lease
     * expires: they are then submitted in a new job, and the first job's results are never read.
     */
    public Builder batchDecider(BatchDecider batchDecider) {
      this.batchDecider = once(this.batchDecider, batchDecider, "batchDecider");
      return this;
    }

    /** Where decisions and the queue live; default a new {@link InMemoryDecisionStore}. */
    public Builder store(DecisionStore store) {
      this.store = once(this.store, store, "store");
      return this;
    }

    /** Where prompts come from; default a new {@link InMemoryPromptRepository} holding {@link DefaultPrompt}. */
    public Builder promptSource(PromptSource promptSource) {
      this.prompts = once(this.prompts, promptSource, "promptSource");
      return this;
    }

    /** Replaces the built-in rules (see {@link BuiltInRules#builder()} to configure them). */
    public Builder rules(List<Rule> rules) {
      Objects.requireNonNull(rules, "rules");
      rules.forEach(r -> Objects.requireNonNull(r, "rules must not contain null"));
      this.rules = once(this.rules, List.copyOf(rules), "rules");
      return this;
    }

    /** Adds a rule of your own; your rules run before the built-in ones, in the order added. */
    public Builder addRule(Rule rule) {
      extraRules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Whether the built-in (or {@link #rules}-given) rules run; default true. Rules added with {@link #addRule}
     * always run. False contradicts {@link #rules}.
     */
    public Builder rulesEnabled(boolean enabled) {
      this.rulesEnabled = once(this.rulesEnabled, enabled, "rulesEnabled");
      return this;
    }

    /** Whether the similar-email cache is used; default true. False contradicts the cache's size and time. */
    public Builder cacheEnabled(boolean enabled) {
      this.cacheEnabled = once(this.cacheEnabled, enabled, "cacheEnabled");
      return this;
    }

    /** How many decisions the cache keeps; default 10,000. */
    public Builder cacheMaxSize(long maxSize) {
      if (maxSize < 1) {
        throw new IllegalArgumentException("cacheMaxSize must be at least 1, was " + maxSize);
      }
      this.cacheMaxSize = once(this.cacheMaxSize, maxSize, "cacheMaxSize");
      return this;
    }

    /** How long the cache keeps a decision; default 24 hours. */
    public Builder cacheTtl(Duration ttl) {
      this.cacheTtl = once(this.cacheTtl, positive(ttl, "cacheTtl"), "cacheTtl");
      return this;
    }

    /** Decisions with a lower confidence are flagged {@code needs_review}; default 0.7. */
    public Builder reviewThreshold(double threshold) {
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("reviewThreshold must be in [0, 1], was " + threshold);
      }
      this.reviewThreshold = once(this.reviewThreshold, threshold, "reviewThreshold");
      return this;
    }

    /**
     * The deadline of one decider call, waiting for a free call slot and the decider's own retries included;
     * default 60 seconds. The pipeline is the one owner of this deadline: it hands the time left to
     * {@link Decider#decide(Email, Prompt, Duration)} and cuts the call when it is up.
     */
    public Builder deciderTimeout(Duration timeout) {
      this.deciderTimeout = once(this.deciderTimeout, positive(timeout, "deciderTimeout"), "deciderTimeout");
      return this;
    }

    /**
     * How many decider calls may run at once; default 8. The pipeline is the one owner of this limit (a decider
     * need not limit itself). Also the size of the {@code processAsync} pool.
     */
    public Builder maxConcurrentModelCalls(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConcurrentModelCalls must be at least 1, was " + max);
      }
      this.maxConcurrentModelCalls = once(this.maxConcurrentModelCalls, max, "maxConcurrentModelCalls");
      return this;
    }

    /**
     * Threads deciding queued emails; default 1. Zero starts no worker (call {@link EmailTriage#drainQueue()}),
     * and then contradicts {@link #pollInterval}.
     */
    public Builder workerThreads(int threads) {
      if (threads < 0) {
        throw new IllegalArgumentException("workerThreads must not be negative, was " + threads);
      }
      this.workerThreads = once(this.workerThreads, threads, "workerThreads");
      return this;
    }

    /** How often workers look for due emails; default 1 second. */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = once(this.pollInterval, positive(interval, "pollInterval"), "pollInterval");
      return this;
    }

    /** How many attempts an email gets before its failure is final; default 5. One contradicts {@link #retryBackoff}. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + attempts);
      }
      this.maxAttempts = once(this.maxAttempts, attempts, "maxAttempts");
      return this;
    }

    /** The first retry delay and the cap of the exponential backoff; default 30 seconds and 1 hour. */
    public Builder retryBackoff(Duration base, Duration max) {
      positive(base, "retryBackoff base");
      positive(max, "retryBackoff max");
      if (max.compareTo(base) < 0) {
        throw new IllegalArgumentException("retryBackoff max " + max + " is below base " + base);
      }
      this.retryBase = once(this.retryBase, base, "retryBackoff");
      this.retryMax = max;
      return this;
    }

    /**
     * How long a worker holds an email before another may take it; default twice the decider timeout. Must be
     * longer than the decider timeout.
     */
    public Builder lease(Duration lease) {
      this.lease = once(this.lease, positive(lease, "lease"), "lease");
      return this;
    }

    /**
     * How long the pipeline reuses its prompt source's {@linkplain PromptSource#selection() selection} before it
     * asks again; default 10 seconds. Changes made through the source object itself are seen at once (its
     * {@linkplain PromptSource#changeCount() change count}); this bounds how late a change made by another process
     * is seen. Zero asks the source for every email.
     */
    public Builder promptCacheTtl(Duration ttl) {
      Objects.requireNonNull(ttl, "promptCacheTtl");
      if (ttl.isNegative()) {
        throw new IllegalArgumentException("promptCacheTtl must not be negative, was " + ttl);
      }
      this.promptCacheTtl = once(this.promptCacheTtl, ttl, "promptCacheTtl");
      return this;
    }

    /** The clock for stored times, leases, retries and the prompt cache; default the UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = once(this.clock, clock, "clock");
      return this;
    }

    /** Adds a listener (metrics, webhooks, logs). */
    public Builder listener(TriageListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * The pipeline; starts its workers when {@link #workerThreads} is above zero.
     *
     * @throws IllegalStateException when settings contradict each other: {@code cacheEnabled(false)} with a cache
     *     size or time; {@code rulesEnabled(false)} with {@code rules}; {@code workerThreads(0)} with a poll
     *     interval; {@code maxAttempts(1)} with a retry backoff; a lease not longer than the decider timeout
     */
    public EmailTriage build() {
      boolean cacheOn = cacheEnabled == null || cacheEnabled;
      refuse(!cacheOn && cacheMaxSize != null, "cacheMaxSize is set but the cache is disabled");
      refuse(!cacheOn && cacheTtl != null, "cacheTtl is set but the cache is disabled");
      boolean rulesOn = rulesEnabled == null || rulesEnabled;
      refuse(!rulesOn && rules != null, "rules are given but rulesEnabled(false) turns them off");
      int threads = workerThreads == null ? 1 : workerThreads;
      refuse(threads == 0 && pollInterval != null, "pollInterval is set but workerThreads(0) starts no worker");
      int attempts = maxAttempts == null ? 5 : maxAttempts;
      refuse(attempts == 1 && retryBase != null, "retryBackoff is set but maxAttempts(1) never retries");
      Duration timeout = deciderTimeout == null ? Duration.ofSeconds(60) : deciderTimeout;
      Duration leaseTime = lease == null ? timeout.multipliedBy(2) : lease;
      refuse(leaseTime.compareTo(timeout) <= 0,
          "lease " + leaseTime + " must be longer than deciderTimeout " + timeout);

      DecisionStore theStore = store == null ? new InMemoryDecisionStore() : store;
      List<Rule> all = new ArrayList<>(extraRules);
      if (rulesOn) {
        all.addAll(rules == null ? BuiltInRules.defaults() : rules);
      }
      EngineSettings settings = new EngineSettings(
          decider == null ? new OfflineFallbackDecider() : decider,
          fallback,
          batchDecider,
          theStore,
          prompts == null ? new InMemoryPromptRepository() : prompts,
          all,
          cacheOn ? (cacheMaxSize == null ? 10_000 : cacheMaxSize) : 0,
          cacheTtl == null ? Duration.ofHours(24) : cacheTtl,
          reviewThreshold == null ? 0.7 : reviewThreshold,
          timeout,
          maxConcurrentModelCalls == null ? 8 : maxConcurrentModelCalls,
          threads,
          pollInterval == null ? Duration.ofSeconds(1) : pollInterval,
          attempts,
          retryBase == null ? Duration.ofSeconds(30) : retryBase,
          retryMax == null ? Duration.ofHours(1) : retryMax,
          leaseTime,
          promptCacheTtl == null ? Duration.ofSeconds(10) : promptCacheTtl,
          clock == null ? Clock.systemUTC() : clock,
          memory,
          correctionExamples == null ? 0 : correctionExamples,
          listeners);
      return new EmailTriage(theStore, memory, new Engine(settings));
    }

    private static void refuse(boolean contradiction, String message) {
      if (contradiction) {
        throw new IllegalStateException(message);
      }
    }

    private static <T> T once(T current, T value, String setting) {
      Objects.requireNonNull(value, setting);
      if (current != null) {
        throw new IllegalStateException(setting + " was already set");
      }
      return value;
    }

    private static Duration positive(Duration d, String setting) {
      Objects.requireNonNull(d, setting);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(setting + " must be positive, was " + d);
      }
      return d;
    }
  }
}
