package dev.emailtriage.internal.engine;

import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.Feedback;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.InvalidEmailException;
import dev.emailtriage.Prompt;
import dev.emailtriage.SenderMemory;
import dev.emailtriage.TriageListener;
import dev.emailtriage.TriageResult;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.internal.Fingerprint;
import dev.emailtriage.internal.SimilarEmailCache;
import dev.emailtriage.internal.Validation;
import dev.emailtriage.internal.learning.CorrectionExamples;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DeciderException;
import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.spi.Rule;
import dev.emailtriage.spi.RuleOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path of one email through the pipeline, after validation: its lease in the store (single flight within
 * this process and across processes sharing the store), the rules, the similar-email cache, the decider through
 * the {@link ModelGate}, the confidence gate, and the outcome stored under the lease it was decided with (a stale
 * outcome is dropped). Owns the {@link QueueWorker} and the threads. Thread-safe. Not API: use
 * {@link dev.emailtriage.EmailTriage}.
 */
public final class Engine implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
  /** The longest pause between two looks at an email another pipeline holds. */
  private static final long MAX_WAIT_STEP_MS = 500;
  /** The queue worker's outcomes are written this many at once, or after this wait, or when its batch is decided. */
  private static final int OUTCOME_BATCH = 32;
  private static final Duration OUTCOME_WAIT = Duration.ofMillis(50);

  private final Decider decider;
  private final Decider fallback;
  private final DecisionStore store;
  private final List<Rule> rules;
  private final SimilarEmailCache cache;
  private final PromptCache prompts;
  private final double reviewThreshold;
  private final Duration deciderTimeout;
  private final int maxAttempts;
  private final Duration retryBase;
  private final Duration retryMax;
  private final Duration lease;
  private final Clock clock;
  private final SenderMemory memory;
  private final CorrectionExamples examples;
  private final Listeners listeners;
  private final ModelGate gate;
  private final OutcomeBatcher outcomes;
  private final QueueWorker worker;
  private final BatchLane batch;
  private final ExecutorService asyncExecutor;
  private final ConcurrentHashMap<String, CompletableFuture<TriageResult>> inFlight = new ConcurrentHashMap<>();

  /** An engine on these settings; starts the queue worker when it has threads. */
  public Engine(EngineSettings s) {
    this.decider = s.decider();
    this.fallback = s.fallback();
    this.store = s.store();
    this.rules = s.rules();
    this.cache = s.cacheMaxSize() > 0 ? new SimilarEmailCache(s.cacheMaxSize(), s.cacheTtl()) : null;
    this.reviewThreshold = s.reviewThreshold();
    this.deciderTimeout = s.deciderTimeout();
    this.maxAttempts = s.maxAttempts();
    this.retryBase = s.retryBase();
    this.retryMax = s.retryMax();
    this.lease = s.lease();
    // Stores keep microseconds (PostgreSQL): so must the times the pipeline hands out.
    this.clock = Clock.tick(s.clock(), Duration.ofNanos(1000));
    this.prompts = new PromptCache(s.prompts(), clock, s.promptCacheTtl());
    this.memory = s.memory();
    this.examples = s.correctionExamples() > 0 ? new CorrectionExamples(store, s.correctionExamples()) : null;
    List<TriageListener> hear = new ArrayList<>(s.listeners());
    if (memory != null) {
      hear.add(memory);
    }
    this.listeners = new Listeners(hear);
    this.gate = new ModelGate(s.maxConcurrentModelCalls(), deciderTimeout, listeners);
    this.asyncExecutor = Executors.newFixedThreadPool(s.maxConcurrentModelCalls(), Threads.named("emailtriage-async"));
    this.batch = s.batchDecider() == null ? null
        : new BatchLane(s.batchDecider(), store, clock, lease, this::storeBatchDecision, this::storeBatchFailure);
    this.outcomes = new OutcomeBatcher(store, clock, OUTCOME_BATCH, OUTCOME_WAIT);
    this.worker = new QueueWorker(store, clock, s.workerThreads(), s.pollInterval(), lease, maxAttempts,
        r -> decideAndStore(r.email(), r, false, null, true), outcomes, batch == null ? () -> { } : batch::afterDrain,
        asyncExecutor, closeWait());
  }

  /**
   * Decides a valid email now: the stored result when it is processed already; one decision shared by concurrent
   * callers of one id in this process; and across processes, the wait for another holder's outcome.
   */
  public TriageResult process(Email email) {
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

  /** {@link #process} on the engine's own threads. */
  public CompletableFuture<TriageResult> processAsync(Email email) {
    return CompletableFuture.supplyAsync(() -> process(email), asyncExecutor);
  }

  /** Stores a valid email as queued (or answers its stored state) and wakes the worker. */
  public TriageResult submit(Email email) {
    String jobId = "job_" + UUID.randomUUID();
    if (!store.enqueue(EmailRecord.queued(email, jobId, clock.instant()))) {
      return store.find(email.emailId()).map(EmailRecord::toResult)
          .orElseThrow(() -> new IllegalStateException("store refused " + email.emailId() + " but has no record"));
    }
    worker.wake();
    return TriageResult.queued(email.emailId(), jobId);
  }

  /** Decides again up to {@code limit} processed emails from {@code source}; how many were decided again. */
  public int retriage(DecisionSource source, int limit) {
    int done = 0;
    for (EmailRecord r : store.findBySource(source, limit)) {
      Optional<EmailRecord> leased = store.tryLease(r, lease, clock.instant(), true);
      if (leased.isPresent()
          && decideAndStore(r.email(), leased.get(), true, r, false).status() == TriageStatus.PROCESSED) {
        done++;
      }
    }
    return done;
  }

  /** Stores a person's feedback and tells the listeners (the sender memory learns from it); false when unknown. */
  public boolean feedback(String emailId, Feedback feedback) {
    if (!store.recordFeedback(emailId, feedback)) {
      return false;
    }
    store.find(emailId).ifPresent(r -> listeners.each(l -> l.onFeedback(r)));
    return true;
  }

  /** Claims and decides the due queued and retryable emails; how many were claimed. */
  public int drainQueue() {
    return worker.drain();
  }

  /**
   * Takes the email's lease in the store and decides it; when another pipeline holds a live lease, waits for its
   * outcome (up to the decider timeout) instead of asking the model too. One store statement for a new email, two
   * for one already processed.
   */
  private TriageResult leaseAndDecide(Email email) {
    long giveUp = System.nanoTime() + deciderTimeout.toNanos();
    long pause = 10;
    while (true) {
      Instant now = clock.instant();
      Optional<EmailRecord> leased = store.tryLease(EmailRecord.queued(email, null, now), lease, now, false);
      if (leased.isPresent()) {
        return decideAndStore(email, leased.get(), false, null, false);
      }
      EmailRecord current = store.find(email.emailId()).orElse(null);
      if (current == null) {
        continue;
      }
      if (current.status() == TriageStatus.PROCESSED) {
        return current.toResult();
      }
      if (current.status() != TriageStatus.PROCESSING || !current.dueAt().isAfter(clock.instant())) {
        continue;
      }
      // a lease longer than any worker's is a batch job's hold: its outcome may be hours away
      if (System.nanoTime() - giveUp >= 0 || current.dueAt().isAfter(clock.instant().plus(lease))) {
        return current.toResult();
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return current.toResult();
      }
      pause = Math.min(MAX_WAIT_STEP_MS, pause * 2);
    }
  }

  /**
   * Runs the pipeline on an email whose lease {@code base} the caller holds, and stores the outcome under that lease
   * (or, for a failed re-triage, puts {@code previous} back). An email of the queue ({@code queued}) has its outcome
   * written in the worker's next batch (the answer is then its state until that write: processing); a non-urgent one
   * that only the model can decide goes to the batch lane when there is one, still processing under its lease.
   */
  private TriageResult decideAndStore(Email email, EmailRecord base, boolean bypassCache, EmailRecord previous,
      boolean queued) {
    long start = System.nanoTime();
    boolean consultModel = false;
    for (Rule rule : rules) {
      RuleOutcome outcome = evaluate(rule, email);
      if (outcome.verdict() == RuleOutcome.Verdict.DECIDE) {
        Decision d = Decision.builder().action(outcome.action()).confidence(outcome.confidence())
            .emailType(outcome.emailType()).urgency(outcome.urgency()).reason(outcome.reason())
            .source(DecisionSource.RULE).rule(rule.name()).build();
        listeners.each(l -> l.onRuleHit(rule.name()));
        return storeDecision(email, base, d, null, start, queued);
      }
      if (outcome.verdict() == RuleOutcome.Verdict.CONSULT_MODEL) {
        consultModel = true;
        break;
      }
    }

    if (memory != null && !consultModel && !bypassCache) {
      Optional<Decision> learned = memory.decide(email);
      if (learned.isPresent()) {
        return storeDecision(email, base, learned.get(), null, start, queued);
      }
    }

    Prompt prompt = prompts.promptFor(email);
    boolean viaBatch = queued && batch != null && BatchLane.nonUrgent(email);
    // the cache never reuses a decision across prompt versions, deciders or models
    String scope = prompt.versionKey() + "|" + (viaBatch ? batch.cacheScope() : decider.cacheScope());
    Fingerprint fp = Fingerprint.of(scope, email.subject(), email.body());
    if (cache != null && !consultModel && !bypassCache) {
      Optional<Decision> hit = lookup(fp, scope, email);
      listeners.each(l -> l.onCacheLookup(hit.isPresent()));
      if (hit.isPresent()) {
        Decision d = hit.get().toBuilder().source(DecisionSource.CACHE).tokenUsage(null).finishReason(null).build();
        return storeDecision(email, base, d, fp, start, queued);
      }
    }
    if (viaBatch) {
      batch.add(base, prompt);
      return base.toResult();
    }

    // corrections teach the model: examples are read only here, just before a model call
    Prompt asked = examples == null ? prompt : examples.attach(email, fp.exact(), prompt);
    try {
      Decision d = CorrectionExamples.recorded(stamped(gate.decide(decider, email, asked), prompt), asked);
      if (cache != null && d.source() == DecisionSource.MODEL) {
        cache.put(fp, scope, d, email.from());
      }
      return storeDecision(email, base, d, fp, start, queued);
    } catch (RuntimeException e) {
      if (fallback != null) {
        try {
          Decision d = stamped(gate.decide(fallback, email, prompt), prompt).toBuilder()
              .source(DecisionSource.FALLBACK).build();
          return storeDecision(email, base, d, fp, start, queued);
        } catch (RuntimeException fallbackFailure) {
          e.addSuppressed(fallbackFailure);
        }
      }
      if (previous != null) {
        LOG.warn("could not decide email {} again; it keeps its earlier decision: {}", email.emailId(), e.toString());
        EmailRecord restored = previous.withLeaseVersion(base.leaseVersion());
        return store.complete(restored) ? restored.toResult() : stale(base);
      }
      return storeFailure(email, base, e, start, queued);
    }
  }

  /** The decision with the prompt that made it, whatever the decider put there. */
  private static Decision stamped(Decision d, Prompt prompt) {
    return d.promptId() != null && d.promptId().equals(prompt.id()) && d.promptVersion() == prompt.version() ? d
        : d.toBuilder().prompt(prompt.id(), prompt.version()).build();
  }

  private Optional<Decision> lookup(Fingerprint fp, String scope, Email email) {
    Optional<Decision> hit = cache.find(fp, scope, email.from());
    if (hit.isPresent()) {
      return hit;
    }
    // Shared memory of other instances: an exact duplicate stored by anyone in the same scope (the fingerprint's).
    return store.findByFingerprint(fp.exact())
        .filter(r -> r.decision().source() == DecisionSource.MODEL || r.decision().source() == DecisionSource.CACHE)
        .filter(r -> SimilarEmailCache.reusable(r.decision(), r.email().from(), email.from()))
        .map(r -> {
          cache.put(fp, scope, r.decision(), r.email().from());
          return r.decision();
        });
  }

  private TriageResult storeDecision(Email email, EmailRecord base, Decision decision, Fingerprint fp, long start,
      boolean queued) {
    return storeDecided(email, base, decision, fp, (System.nanoTime() - start) / 1e9, queued);
  }

  private TriageResult storeDecided(Email email, EmailRecord base, Decision decision, Fingerprint fp,
      double seconds, boolean queued) {
    Decision gated = decision.confidence() < reviewThreshold ? decision.withNeedsReview(true) : decision;
    EmailRecord done = base.processed(gated, fp == null ? null : fp.exact(), seconds, clock.instant());
    return save(done, base, queued, () -> {
      TriageResult result = done.toResult();
      listeners.each(l -> l.onDecision(email, result));
      return result;
    });
  }

  private TriageResult storeFailure(Email email, EmailRecord base, RuntimeException error, long start,
      boolean queued) {
    return storeFailed(email, base, error, (System.nanoTime() - start) / 1e9, queued);
  }

  private TriageResult storeFailed(Email email, EmailRecord base, RuntimeException error, double seconds,
      boolean queued) {
    boolean retryable = !(error instanceof DeciderException de) || de.retryable();
    int attempts = Math.max(1, base.attempts());
    boolean willRetry = retryable && attempts < maxAttempts;
    Instant now = clock.instant();
    Duration backoff = backoff(attempts);
    Duration wait = error instanceof DeciderException de
        ? de.retryAfter().filter(asked -> asked.compareTo(backoff) > 0).orElse(backoff)
        : backoff;
    EmailRecord failed = base.failed(String.valueOf(error.getMessage()), willRetry, now.plus(wait), seconds, now);
    return save(failed, base, queued, () -> {
      LOG.warn("could not decide email {} (attempt {}, {}): {}", email.emailId(), attempts,
          willRetry ? "will retry" : "gave up", error.toString());
      TriageResult result = failed.toResult();
      listeners.each(l -> l.onFailure(email, result, error));
      return result;
    });
  }

  /**
   * Stores the outcome of lease {@code base} and answers {@code told} (which tells the listeners), or the stale answer
   * when the lease was taken over. A queue email's outcome ({@code queued}) goes to the worker's next batch write:
   * {@code told} or the stale path runs once it is written, and the answer until then is the email's state
   * (processing).
   */
  private TriageResult save(EmailRecord outcome, EmailRecord base, boolean queued, Supplier<TriageResult> told) {
    if (!queued) {
      return store.complete(outcome) ? told.get() : stale(base);
    }
    outcomes.add(outcome, stored -> {
      if (stored) {
        told.get();
      } else {
        stale(base);
      }
    });
    return base.toResult();
  }

  /**
   * A batch job's decision on the email held under {@code base}, through the path of a single call's: validated,
   * stamped with the prompt it was submitted with, told to the listeners as a model call, cached, gated, stored under
   * the lease (a stale one is dropped).
   */
  private void storeBatchDecision(EmailRecord base, Decision decision, String promptId, int promptVersion,
      Duration took) {
    String name = batch.name();
    List<InvalidEmailException.Violation> bad = Validation.violations(decision);
    if (!bad.isEmpty()) {
      storeBatchFailure(base, new DeciderException(DeciderException.Kind.INVALID_RESPONSE,
          name + " returned an invalid decision: " + bad), took);
      return;
    }
    Decision d = promptId.equals(decision.promptId()) && decision.promptVersion() == promptVersion ? decision
        : decision.toBuilder().prompt(promptId, promptVersion).build();
    listeners.each(l -> l.onModelCall(name, took, d, null));
    Email email = base.email();
    String scope = promptId + "@" + promptVersion + "|" + batch.cacheScope(); // the scope of Prompt.versionKey()
    Fingerprint fp = Fingerprint.of(scope, email.subject(), email.body());
    if (cache != null && d.source() == DecisionSource.MODEL) {
      cache.put(fp, scope, d, email.from());
    }
    storeDecided(email, base, d, fp, took.toNanos() / 1e9, false);
  }

  /** A batch job's failure on the email held under {@code base}: stored failed, retried with backoff when it may. */
  private void storeBatchFailure(EmailRecord base, RuntimeException error, Duration took) {
    listeners.each(l -> l.onModelCall(batch.name(), took, null, error));
    storeFailed(base.email(), base, error, took.toNanos() / 1e9, false);
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

  private Duration closeWait() {
    return deciderTimeout.plusSeconds(1);
  }

  /**
   * Stops the worker and lets the emails held finish (waiting up to the decider timeout), then interrupts the
   * decider calls still running and writes the outcomes not written yet. Emails still queued stay queued in the store.
   */
  @Override
  public void close() {
    worker.close();
    Threads.shutdownAndWait(asyncExecutor, closeWait());
    outcomes.flush();
    gate.close();
  }
}
