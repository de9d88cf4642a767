package dev.emailtriage;

import dev.emailtriage.internal.Fingerprint;
import dev.emailtriage.internal.SimilarEmailCache;
import dev.emailtriage.internal.Validation;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DeciderException;
import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.spi.PromptSource;
import dev.emailtriage.spi.Rule;
import dev.emailtriage.spi.RuleOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for each incoming email, whether it deserves a reply, and drafts the reply: the library's entry point.
 * Thread-safe; build one per application with {@link #builder()} and {@link #close()} it on shutdown.
 *
 * <p>Each email goes through: validation (every bad field reported at once in an {@link InvalidEmailException});
 * idempotency (an email id already decided returns the stored result, and concurrent submissions of one id
 * coalesce into one decision); the {@linkplain BuiltInRules rules}; the similar-email cache; the
 * {@link Decider} (the model) under a deadline; the confidence gate ({@code needs_review} below the review
 * threshold); the {@link DecisionStore}; the listeners. When the decider fails, nothing is lost: the email is stored
 * as failed and retryable (or decided by the configured fallback, marked as such), and the worker decides it again
 * later with exponential backoff.
 *
 * <pre>{@code
 * try (EmailTriage triage = EmailTriage.builder()
 *     .decider(myDecider)                       // default: the offline fallback
 *     .store(new InMemoryDecisionStore())       // default
 *     .build()) {
 *   TriageResult result = triage.process(email);
 * }
 * }</pre>
 */
public final class EmailTriage implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmailTriage.class);

  private final Decider decider;
  private final Decider fallback;
  private final DecisionStore store;
  private final PromptSource prompts;
  private final List<Rule> rules;
  private final SimilarEmailCache cache;
  private final double reviewThreshold;
  private final Duration deciderTimeout;
  private final Semaphore modelPermits;
  private final int maxAttempts;
  private final Duration retryBase;
  private final Duration retryMax;
  private final Duration lease;
  private final Clock clock;
  private final List<TriageListener> listeners;
  private final SenderMemory memory;
  private final int workerThreads;

  private final ConcurrentHashMap<String, CompletableFuture<TriageResult>> inFlight = new ConcurrentHashMap<>();
  private final ExecutorService modelExecutor;
  private final ExecutorService asyncExecutor;
  private final ExecutorService workerExecutor;
  private final ScheduledExecutorService poller;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmailTriage(Builder b) {
    this.decider = b.decider == null ? new OfflineFallbackDecider() : b.decider;
    this.fallback = b.fallback;
    this.store = b.store == null ? new InMemoryDecisionStore() : b.store;
    this.prompts = b.prompts == null ? new InMemoryPromptRepository() : b.prompts;
    List<Rule> all = new ArrayList<>(b.extraRules);
    if (b.rulesEnabled) {
      all.addAll(b.rules == null ? BuiltInRules.defaults() : b.rules);
    }
    this.rules = List.copyOf(all);
    this.cache = b.cacheEnabled ? new SimilarEmailCache(b.cacheMaxSize, b.cacheTtl) : null;
    this.reviewThreshold = b.reviewThreshold;
    this.deciderTimeout = b.deciderTimeout;
    this.modelPermits = new Semaphore(b.maxConcurrentModelCalls, true);
    this.maxAttempts = b.maxAttempts;
    this.retryBase = b.retryBase;
    this.retryMax = b.retryMax;
    this.lease = b.lease;
    // Stores keep microseconds (PostgreSQL): so must the times the pipeline hands out.
    this.clock = Clock.tick(b.clock, Duration.ofNanos(1000));
    this.memory = b.memory;
    List<TriageListener> hear = new ArrayList<>(b.listeners);
    if (memory != null) {
      hear.add(memory);
    }
    this.listeners = List.copyOf(hear);
    this.workerThreads = b.workerThreads;
    this.modelExecutor = Executors.newCachedThreadPool(threads("emailtriage-model"));
    this.asyncExecutor = Executors.newFixedThreadPool(b.maxConcurrentModelCalls, threads("emailtriage-async"));
    if (workerThreads > 0) {
      this.workerExecutor = Executors.newFixedThreadPool(workerThreads, threads("emailtriage-worker"));
      this.poller = Executors.newSingleThreadScheduledExecutor(threads("emailtriage-poller"));
      long every = b.pollInterval.toMillis();
      poller.scheduleWithFixedDelay(this::drainQuietly, 0, every, TimeUnit.MILLISECONDS);
    } else {
      this.workerExecutor = null;
      this.poller = null;
    }
  }

  /** A builder with the defaults: offline fallback decider, in-memory store, default prompt, built-in rules. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Decides {@code email} now and stores the decision. An email id already processed returns the stored result
   * without deciding again. When the decider fails, the result's status is {@link TriageStatus#FAILED}: the email
   * is stored as failed and, if {@linkplain TriageResult#retryable() retryable}, the worker decides it later.
   *
   * @throws InvalidEmailException naming every invalid field
   * @throws IllegalStateException after {@link #close()}
   */
  public TriageResult process(Email email) {
    requireOpen();
    Validation.requireValid(email);
    CompletableFuture<TriageResult> mine = new CompletableFuture<>();
    CompletableFuture<TriageResult> running = inFlight.putIfAbsent(email.emailId(), mine);
    if (running != null) {
      return running.join();
    }
    try {
      TriageResult result = leaseAndDecide(email);
      mine.complete(result);
      return result;
    } catch (RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(email.emailId(), mine);
    }
  }

  /**
   * Takes the email's processing lease in the store (the cross-instance lock) and decides it; when another pipeline
   * holds a live lease, waits for its outcome (up to the decider timeout) instead of asking the model too. One store
   * statement on the common path (a new email), two for an email already processed.
   */
  private TriageResult leaseAndDecide(Email email) {
    long giveUp = System.nanoTime() + deciderTimeout.toNanos();
    long pause = 10;
    while (true) {
      Instant now = clock.instant();
      Optional<EmailRecord> leased = store.tryLease(EmailRecord.queued(email, null, now), lease, now, false);
      if (leased.isPresent()) {
        return decideAndStore(email, leased.get(), false, null);
      }
      EmailRecord current = store.find(email.emailId()).orElse(null);
      if (current == null) {
        continue;
      }
      if (current.status() == TriageStatus.PROCESSED) {
        return current.toResult();
      }
      boolean heldElsewhere = current.status() == TriageStatus.PROCESSING && current.dueAt().isAfter(clock.instant());
      if (!heldElsewhere) {
        continue;
      }
      if (System.nanoTime() - giveUp >= 0) {
        return current.toResult();
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return current.toResult();
      }
      pause = Math.min(500, pause * 2);
    }
  }

  /**
   * Decides {@code email} on the pipeline's own threads (at most the configured model concurrency at once).
   * The future fails with {@link InvalidEmailException} for an invalid email.
   */
  public CompletableFuture<TriageResult> processAsync(Email email) {
    requireOpen();
    return CompletableFuture.supplyAsync(() -> process(email), asyncExecutor);
  }

  /**
   * Stores {@code email} as queued and returns at once with a job id; a worker decides it later. The email is
   * persisted before this method returns, so a crash loses nothing. Submitting an id that is already stored
   * returns its current state instead.
   *
   * @throws InvalidEmailException naming every invalid field
   */
  public TriageResult submit(Email email) {
    requireOpen();
    Validation.requireValid(email);
    String jobId = "job_" + UUID.randomUUID();
    if (!store.enqueue(EmailRecord.queued(email, jobId, clock.instant()))) {
      return store.find(email.emailId()).map(EmailRecord::toResult)
          .orElseThrow(() -> new IllegalStateException("store refused " + email.emailId() + " but has no record"));
    }
    if (poller != null) {
      poller.execute(this::drainQuietly);
    }
    return TriageResult.queued(email.emailId(), jobId);
  }

  /** The stored state of an email, if the store knows it. */
  public Optional<TriageResult> status(String emailId) {
    return store.find(emailId).map(EmailRecord::toResult);
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
    if (!store.recordFeedback(emailId, feedback)) {
      return false;
    }
    store.find(emailId).ifPresent(r -> listeners.forEach(l -> notify(() -> l.onFeedback(r))));
    return true;
  }

  /**
   * How well the decisions processed from {@code start} to {@code end} (inclusive, UTC days) agree with people's
   * feedback, per prompt version and per source (see {@link QualityReport}).
   */
  public QualityReport quality(java.time.LocalDate start, java.time.LocalDate end) {
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

  /**
   * Decides again up to {@code limit} stored emails whose decision came from {@code source} — for instance every
   * {@link DecisionSource#FALLBACK} decision once a model is configured. The cache is not consulted.
   *
   * @return how many were decided again (failures stay stored as they were)
   */
  public int retriage(DecisionSource source, int limit) {
    requireOpen();
    int done = 0;
    for (EmailRecord r : store.findBySource(source, limit)) {
      Instant now = clock.instant();
      Optional<EmailRecord> leased = store.tryLease(r, lease, now, true);
      if (leased.isPresent() && decideAndStore(r.email(), leased.get(), true, r).status() == TriageStatus.PROCESSED) {
        done++;
      }
    }
    return done;
  }

  /**
   * Claims the due queued and retryable emails and decides them, waiting until they are stored. Workers call it
   * on their own every poll interval; call it directly when the pipeline was built with no workers.
   *
   * @return how many emails were claimed
   */
  public int drainQueue() {
    int claimed = 0;
    int batch = Math.max(1, workerThreads) * 4;
    ExecutorService runner = workerExecutor == null ? asyncExecutor : workerExecutor;
    while (!closed.get()) {
      List<EmailRecord> due = store.claim(batch, lease, maxAttempts, clock.instant());
      if (due.isEmpty()) {
        break;
      }
      claimed += due.size();
      List<Future<?>> running = new ArrayList<>();
      for (EmailRecord r : due) {
        running.add(runner.submit(() -> decideAndStore(r.email(), r, false, null)));
      }
      for (Future<?> f : running) {
        try {
          f.get();
        } catch (ExecutionException e) {
          LOG.error("worker failed to store a result", e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return claimed;
        }
      }
    }
    return claimed;
  }

  private void drainQuietly() {
    if (!draining.compareAndSet(false, true)) {
      return;
    }
    try {
      drainQueue();
    } catch (RuntimeException e) {
      LOG.warn("queue poll failed; will try again: {}", e.toString());
    } finally {
      draining.set(false);
    }
  }

  /**
   * Runs the pipeline on an email whose lease {@code base} the caller holds, and stores the outcome under that lease
   * (or, for a failed re-triage, puts {@code previous} back).
   */
  private TriageResult decideAndStore(Email email, EmailRecord base, boolean bypassCache, EmailRecord previous) {
    long start = System.nanoTime();
    boolean consultModel = false;
    for (Rule rule : rules) {
      RuleOutcome outcome = evaluate(rule, email);
      if (outcome.verdict() == RuleOutcome.Verdict.DECIDE) {
        Decision d = Decision.builder().action(outcome.action()).confidence(outcome.confidence())
            .emailType(outcome.emailType()).urgency(outcome.urgency()).reason(outcome.reason())
            .source(DecisionSource.RULE).rule(rule.name()).build();
        listeners.forEach(l -> notify(() -> l.onRuleHit(rule.name())));
        return storeDecision(email, base, d, null, start);
      }
      if (outcome.verdict() == RuleOutcome.Verdict.CONSULT_MODEL) {
        consultModel = true;
        break;
      }
    }

    if (memory != null && !consultModel && !bypassCache) {
      Optional<Decision> learned = memory.decide(email);
      if (learned.isPresent()) {
        return storeDecision(email, base, learned.get(), null, start);
      }
    }

    Prompt prompt = prompts.promptFor(email);
    Fingerprint fp = Fingerprint.of(prompt.versionKey(), email.subject(), email.body());
    if (cache != null && !consultModel && !bypassCache) {
      Optional<Decision> hit = lookup(fp, prompt, email);
      listeners.forEach(l -> notify(() -> l.onCacheLookup(hit.isPresent())));
      if (hit.isPresent()) {
        Decision d = hit.get().toBuilder().source(DecisionSource.CACHE).tokenUsage(null).finishReason(null).build();
        return storeDecision(email, base, d, fp, start);
      }
    }

    try {
      Decision d = callDecider(decider, email, prompt);
      if (cache != null && d.source() == DecisionSource.MODEL) {
        cache.put(fp, prompt.versionKey(), d, email.from());
      }
      return storeDecision(email, base, d, fp, start);
    } catch (RuntimeException e) {
      if (fallback != null) {
        try {
          Decision d = callDecider(fallback, email, prompt).toBuilder().source(DecisionSource.FALLBACK).build();
          return storeDecision(email, base, d, fp, start);
        } catch (RuntimeException fallbackFailure) {
          e.addSuppressed(fallbackFailure);
        }
      }
      if (previous != null) {
        LOG.warn("could not decide email {} again; it keeps its earlier decision: {}", email.emailId(), e.toString());
        EmailRecord restored = previous.withLeaseVersion(base.leaseVersion());
        return store.complete(restored) ? restored.toResult() : stale(base);
      }
      return storeFailure(email, base, e, start);
    }
  }

  private Optional<Decision> lookup(Fingerprint fp, Prompt prompt, Email email) {
    Optional<Decision> hit = cache.find(fp, prompt.versionKey(), email.from());
    if (hit.isPresent()) {
      return hit;
    }
    // Shared memory of other instances: an exact duplicate stored by anyone, under the same prompt version.
    return store.findByFingerprint(fp.exact())
        .filter(r -> r.decision().source() == DecisionSource.MODEL || r.decision().source() == DecisionSource.CACHE)
        .filter(r -> SimilarEmailCache.reusable(r.decision(), r.email().from(), email.from()))
        .map(r -> {
          cache.put(fp, prompt.versionKey(), r.decision(), r.email().from());
          return r.decision();
        });
  }

  private Decision callDecider(Decider d, Email email, Prompt prompt) {
    long t0 = System.nanoTime();
    Decision decision = null;
    RuntimeException failure = null;
    try {
      decision = callWithDeadline(d, email, prompt);
      List<InvalidEmailException.Violation> bad = Validation.violations(decision);
      if (!bad.isEmpty()) {
        throw new DeciderException(DeciderException.Kind.INVALID_RESPONSE,
            d.name() + " returned an invalid decision: " + bad);
      }
      return decision;
    } catch (RuntimeException e) {
      failure = e;
      decision = null;
      throw e;
    } finally {
      Duration latency = Duration.ofNanos(System.nanoTime() - t0);
      Decision seen = decision;
      Throwable error = failure;
      listeners.forEach(l -> notify(() -> l.onModelCall(d.name(), latency, seen, error)));
    }
  }

  private Decision callWithDeadline(Decider d, Email email, Prompt prompt) {
    long deadline = System.nanoTime() + deciderTimeout.toNanos();
    boolean permitted = false;
    Future<Decision> call = null;
    try {
      permitted = modelPermits.tryAcquire(deciderTimeout.toNanos(), TimeUnit.NANOSECONDS);
      if (!permitted) {
        throw new DeciderException(DeciderException.Kind.TIMEOUT,
            "no model call slot free within " + deciderTimeout);
      }
      call = modelExecutor.submit(() -> d.decide(email, prompt));
      Decision decision = call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (decision == null) {
        throw new DeciderException(DeciderException.Kind.INVALID_RESPONSE, d.name() + " returned no decision");
      }
      return decision;
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new DeciderException(DeciderException.Kind.TIMEOUT,
          d.name() + " did not answer within " + deciderTimeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (call != null) {
        call.cancel(true);
      }
      throw new DeciderException(DeciderException.Kind.TIMEOUT, "interrupted while waiting for " + d.name(), e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new DeciderException(DeciderException.Kind.UNAVAILABLE, d.name() + " failed: " + cause, cause);
    } finally {
      if (permitted) {
        modelPermits.release();
      }
    }
  }

  private TriageResult storeDecision(Email email, EmailRecord base, Decision decision, Fingerprint fp, long start) {
    Decision gated = decision.confidence() < reviewThreshold ? decision.withNeedsReview(true) : decision;
    double seconds = (System.nanoTime() - start) / 1e9;
    EmailRecord done = base.processed(gated, fp == null ? null : fp.exact(), seconds, clock.instant());
    if (!store.complete(done)) {
      return stale(base);
    }
    TriageResult result = done.toResult();
    listeners.forEach(l -> notify(() -> l.onDecision(email, result)));
    return result;
  }

  private TriageResult storeFailure(Email email, EmailRecord base, RuntimeException error, long start) {
    boolean retryable = !(error instanceof DeciderException de) || de.retryable();
    int attempts = Math.max(1, base.attempts());
    boolean willRetry = retryable && attempts < maxAttempts;
    Instant now = clock.instant();
    double seconds = (System.nanoTime() - start) / 1e9;
    Duration backoff = backoff(attempts);
    Duration wait = error instanceof DeciderException de
        ? de.retryAfter().filter(asked -> asked.compareTo(backoff) > 0).orElse(backoff)
        : backoff;
    EmailRecord failed = base.failed(String.valueOf(error.getMessage()), willRetry, now.plus(wait), seconds, now);
    if (!store.complete(failed)) {
      return stale(base);
    }
    LOG.warn("could not decide email {} (attempt {}, {}): {}", email.emailId(), attempts,
        willRetry ? "will retry" : "gave up", error.toString());
    listeners.forEach(l -> notify(() -> l.onFailure(email, error, willRetry)));
    return failed.toResult();
  }

  /**
   * The outcome of lease {@code base} came too late: another worker took the email over after the lease expired, so
   * this outcome is dropped (the newer one stands) and the stored state is answered.
   */
  private TriageResult stale(EmailRecord base) {
    LOG.warn("email {}: lease {} was taken over by another worker before this outcome was stored; dropped it",
        base.emailId(), base.leaseVersion());
    return store.find(base.emailId()).map(EmailRecord::toResult).orElseThrow(
        () -> new IllegalStateException("the record of " + base.emailId() + " disappeared"));
  }

  /** Exponential backoff with full jitter between half and all of the step, capped. */
  Duration backoff(int attempts) {
    long base = retryBase.toMillis();
    long step = Math.min(retryMax.toMillis(), base << Math.min(30, Math.max(0, attempts - 1)));
    return Duration.ofMillis(step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1));
  }

  private static RuleOutcome evaluate(Rule rule, Email email) {
    try {
      RuleOutcome outcome = rule.evaluate(email);
      return outcome == null ? RuleOutcome.abstain() : outcome;
    } catch (RuntimeException e) {
      LOG.warn("rule {} failed on email {}; treating it as abstaining: {}", rule.name(), email.emailId(), e.toString());
      return RuleOutcome.abstain();
    }
  }

  private static void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("triage listener failed: {}", e.toString());
    }
  }

  private void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("EmailTriage is closed");
    }
  }

  /**
   * Stops taking work and lets the workers finish the emails they hold (waiting up to the decider timeout).
   * Emails still queued stay queued in the store for the next start.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (poller != null) {
      poller.shutdown();
    }
    for (ExecutorService pool : new ExecutorService[] {workerExecutor, asyncExecutor}) {
      if (pool != null) {
        pool.shutdown();
        awaitQuietly(pool);
      }
    }
    modelExecutor.shutdownNow();
  }

  private void awaitQuietly(ExecutorService pool) {
    try {
      if (!pool.awaitTermination(deciderTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Configures an {@link EmailTriage}. Each setter checks its argument at once ({@link IllegalArgumentException}
   * naming the setting); setting the same component twice is an {@link IllegalStateException}. Not thread-safe.
   */
  public static final class Builder {
    private Decider decider;
    private Decider fallback;
    private DecisionStore store;
    private PromptSource prompts;
    private List<Rule> rules;
    private final List<Rule> extraRules = new ArrayList<>();
    private boolean rulesEnabled = true;
    private boolean cacheEnabled = true;
    private long cacheMaxSize = 10_000;
    private Duration cacheTtl = Duration.ofHours(24);
    private double reviewThreshold = 0.7;
    private Duration deciderTimeout = Duration.ofSeconds(60);
    private int maxConcurrentModelCalls = 8;
    private int workerThreads = 1;
    private Duration pollInterval = Duration.ofSeconds(1);
    private int maxAttempts = 5;
    private Duration retryBase = Duration.ofSeconds(30);
    private Duration retryMax = Duration.ofHours(1);
    private Duration lease;
    private Clock clock = Clock.systemUTC();
    private final List<TriageListener> listeners = new ArrayList<>();
    private SenderMemory memory;

    private Builder() {}

    /**
     * Learns sender rules from the model's decisions and people's feedback and applies them after the rules and
     * before the cache (source {@code learned}); default none.
     */
    public Builder senderMemory(SenderMemory memory) {
      this.memory = once(this.memory, memory, "senderMemory");
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

    /** Whether the built-in (or {@link #rules}-given) rules run; default true. Rules added with {@link #addRule} always run. */
    public Builder rulesEnabled(boolean enabled) {
      this.rulesEnabled = enabled;
      return this;
    }

    /** Whether the similar-email cache is used; default true. */
    public Builder cacheEnabled(boolean enabled) {
      this.cacheEnabled = enabled;
      return this;
    }

    /** How many decisions the cache keeps; default 10,000. */
    public Builder cacheMaxSize(long maxSize) {
      if (maxSize < 1) {
        throw new IllegalArgumentException("cacheMaxSize must be at least 1, was " + maxSize);
      }
      this.cacheMaxSize = maxSize;
      return this;
    }

    /** How long the cache keeps a decision; default 24 hours. */
    public Builder cacheTtl(Duration ttl) {
      this.cacheTtl = positive(ttl, "cacheTtl");
      return this;
    }

    /** Decisions with a lower confidence are flagged {@code needs_review}; default 0.7. */
    public Builder reviewThreshold(double threshold) {
      if (!(threshold >= 0 && threshold <= 1)) {
        throw new IllegalArgumentException("reviewThreshold must be in [0, 1], was " + threshold);
      }
      this.reviewThreshold = threshold;
      return this;
    }

    /** The deadline of one decider call, its retries included; default 60 seconds. */
    public Builder deciderTimeout(Duration timeout) {
      this.deciderTimeout = positive(timeout, "deciderTimeout");
      return this;
    }

    /** How many decider calls may run at once; default 8. Also the size of the {@code processAsync} pool. */
    public Builder maxConcurrentModelCalls(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConcurrentModelCalls must be at least 1, was " + max);
      }
      this.maxConcurrentModelCalls = max;
      return this;
    }

    /** Threads deciding queued emails; default 1. Zero starts no worker (call {@link EmailTriage#drainQueue()}). */
    public Builder workerThreads(int threads) {
      if (threads < 0) {
        throw new IllegalArgumentException("workerThreads must not be negative, was " + threads);
      }
      this.workerThreads = threads;
      return this;
    }

    /** How often workers look for due emails; default 1 second. */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = positive(interval, "pollInterval");
      return this;
    }

    /** How many attempts an email gets before its failure is final; default 5. */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + attempts);
      }
      this.maxAttempts = attempts;
      return this;
    }

    /** The first retry delay and the cap of the exponential backoff; default 30 seconds and 1 hour. */
    public Builder retryBackoff(Duration base, Duration max) {
      this.retryBase = positive(base, "retryBackoff base");
      this.retryMax = positive(max, "retryBackoff max");
      if (max.compareTo(base) < 0) {
        throw new IllegalArgumentException("retryBackoff max " + max + " is below base " + base);
      }
      return this;
    }

    /** How long a worker holds an email before another may take it; default twice the decider timeout. */
    public Builder lease(Duration lease) {
      this.lease = positive(lease, "lease");
      return this;
    }

    /** The clock for stored times; default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
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
     * @throws IllegalArgumentException when the lease is not longer than the decider timeout
     */
    public EmailTriage build() {
      if (lease == null) {
        lease = deciderTimeout.multipliedBy(2);
      } else if (lease.compareTo(deciderTimeout) <= 0) {
        throw new IllegalArgumentException(
            "lease " + lease + " must be longer than deciderTimeout " + deciderTimeout);
      }
      return new EmailTriage(this);
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
