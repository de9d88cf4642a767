package dev.emailtriage.internal.engine;

import dev.emailtriage.Decision;
import dev.emailtriage.Email;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.Priority;
import dev.emailtriage.Prompt;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.spi.BatchDecider;
import dev.emailtriage.spi.BatchHold;
import dev.emailtriage.spi.BatchPoll;
import dev.emailtriage.spi.BatchRequest;
import dev.emailtriage.spi.DeciderException;
import dev.emailtriage.spi.DecisionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's batch mode: collects the queued non-urgent emails that the rules, the sender memory and the cache
 * left for the model, submits them as one {@link BatchDecider} job at the end of a queue drain (or when a job is
 * full), records the job in the store next to each email's lease ({@link DecisionStore#holdForBatch}, the lease
 * extended to the job's timeout plus one lease), polls it on the decider's schedule, and hands each result to the
 * engine's storing path ({@link Decided}, {@link Failed}). Jobs another process (or this one before a restart)
 * submitted are found in the store and polled too, never submitted again. Thread-safe: emails are added from the
 * worker threads; one thread at a time submits and polls.
 */
final class BatchLane {

  private static final Logger LOG = LoggerFactory.getLogger(BatchLane.class);

  /** Where a decision goes: the engine's storing path. */
  @FunctionalInterface
  interface Decided {
    /** Stores {@code decision} for the email held under {@code base}, decided with the given prompt. */
    void store(EmailRecord base, Decision decision, String promptId, int promptVersion, Duration took);
  }

  /** Where a failure goes: the engine's storing path. */
  @FunctionalInterface
  interface Failed {
    /** Stores the failure of the email held under {@code base}. */
    void store(EmailRecord base, RuntimeException error, Duration took);
  }

  private record Waiting(EmailRecord base, Prompt prompt) {}

  /** A submitted job: what is held for it, its emails once read, and when to look at it next. */
  private static final class Job {
    final BatchHold hold;
    Map<String, EmailRecord> bases;
    int polls;
    Instant nextPoll;

    Job(BatchHold hold, Map<String, EmailRecord> bases, Instant nextPoll) {
      this.hold = hold;
      this.bases = bases;
      this.nextPoll = nextPoll;
    }
  }

  private final BatchDecider decider;
  private final DecisionStore store;
  private final Clock clock;
  private final Duration lease;
  private final Decided decided;
  private final Failed failed;
  private final List<Waiting> waiting = new ArrayList<>();
  private final Object pollLock = new Object();
  /** Jobs being polled, by id; guarded by {@link #pollLock}. */
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  /** When the store is next asked for jobs this process does not know; guarded by {@link #pollLock}. */
  private Instant nextScan = Instant.MIN;

  BatchLane(BatchDecider decider, DecisionStore store, Clock clock, Duration lease, Decided decided, Failed failed) {
    this.decider = decider;
    this.store = store;
    this.clock = clock;
    this.lease = lease;
    this.decided = decided;
    this.failed = failed;
  }

  /** Whether a queued email of this priority is decided in a batch: low and normal are; high and medium are not. */
  static boolean nonUrgent(Email email) {
    Priority p = email.metadata().priority();
    return p == Priority.LOW || p == Priority.NORMAL;
  }

  /** The batch decider's name. */
  String name() {
    return decider.name();
  }

  /** The batch decider's cache scope. */
  String cacheScope() {
    return decider.cacheScope();
  }

  /**
   * Adds an email the queue worker leased and nothing but the model can decide; submits a job when
   * {@link BatchDecider#maxBatchSize()} are waiting.
   */
  void add(EmailRecord base, Prompt prompt) {
    List<Waiting> full = null;
    synchronized (waiting) {
      waiting.add(new Waiting(base, prompt));
      if (waiting.size() >= decider.maxBatchSize()) {
        full = takeWaiting();
      }
    }
    if (full != null) {
      synchronized (pollLock) {
        submit(full);
      }
    }
  }

  /** After a drain of the queue: submits the emails waiting, then looks at the jobs that are due. */
  void afterDrain() {
    synchronized (pollLock) {
      List<Waiting> batch;
      synchronized (waiting) {
        batch = takeWaiting();
      }
      if (!batch.isEmpty()) {
        submit(batch);
      }
      Instant now = clock.instant();
      if (!now.isBefore(nextScan)) {
        adoptStoredJobs(now);
        nextScan = now.plus(decider.pollDelay(0));
      }
      for (Job job : new ArrayList<>(jobs.values())) {
        if (!clock.instant().isBefore(job.nextPoll)) {
          poll(job);
        }
      }
    }
  }

  private List<Waiting> takeWaiting() {
    List<Waiting> all = new ArrayList<>(waiting);
    waiting.clear();
    return all;
  }

  private void submit(List<Waiting> batch) {
    Instant submittedAt = clock.instant();
    List<BatchRequest> requests = new ArrayList<>(batch.size());
    List<BatchHold.Item> items = new ArrayList<>(batch.size());
    Map<String, EmailRecord> bases = new LinkedHashMap<>();
    for (Waiting w : batch) {
      requests.add(new BatchRequest(w.base().email(), w.prompt()));
      items.add(new BatchHold.Item(w.base().emailId(), w.base().leaseVersion(), w.prompt().id(),
          w.prompt().version()));
      bases.put(w.base().emailId(), w.base());
    }
    String batchId;
    try {
      batchId = decider.submit(requests);
    } catch (IllegalArgumentException e) {
      if (batch.size() > 1) { // too big for one job (Gemini: 20 MB of inline requests): two halves
        LOG.info("{} refused a batch of {} emails ({}); submitting it in two halves", decider.name(), batch.size(),
            e.getMessage());
        submit(batch.subList(0, batch.size() / 2));
        submit(batch.subList(batch.size() / 2, batch.size()));
        return;
      }
      LOG.warn("{} refused a batch of one email; it is stored as failed: {}", decider.name(), e.toString());
      bases.values().forEach(b -> failed.store(b, e, Duration.ZERO));
      return;
    } catch (RuntimeException e) {
      LOG.warn("{} could not submit a batch of {} emails; they are stored as failed: {}", decider.name(),
          batch.size(), e.toString());
      bases.values().forEach(b -> failed.store(b, e, Duration.ZERO));
      return;
    }
    if (batchId == null || batchId.isBlank() || batchId.length() > 500) {
      DeciderException e = new DeciderException(DeciderException.Kind.INVALID_RESPONSE, decider.name()
          + " returned no usable batch id: " + batchId);
      LOG.warn("{}; its {} emails are stored as failed", e.getMessage(), batch.size());
      bases.values().forEach(b -> failed.store(b, e, Duration.ZERO));
      return;
    }
    BatchHold held;
    try {
      held = store.holdForBatch(new BatchHold(batchId, submittedAt, items),
          submittedAt.plus(decider.timeout()).plus(lease));
    } catch (RuntimeException e) {
      // The job runs at the model's side, but nothing durable points at it: when the leases expire, the worker
      // takes the emails again and submits them in another job (this one's results are never read).
      LOG.error("batch {} of {} emails was submitted but could not be recorded in the store; its emails are "
          + "decided again once their leases expire", batchId, batch.size(), e);
      return;
    }
    LOG.info("{}: batch {} submitted with {} emails ({} held)", decider.name(), batchId, batch.size(),
        held.items().size());
    bases.keySet().retainAll(held.items().stream().map(BatchHold.Item::emailId).toList());
    jobs.put(batchId, new Job(held, bases, submittedAt.plus(decider.pollDelay(0))));
  }

  /** Jobs held in the store that this process does not poll yet: submitted before a restart, or by another one. */
  private void adoptStoredJobs(Instant now) {
    List<BatchHold> stored;
    try {
      stored = store.heldBatches();
    } catch (RuntimeException e) {
      LOG.warn("could not read the held batches; will try again: {}", e.toString());
      return;
    }
    for (BatchHold hold : stored) {
      if (jobs.containsKey(hold.batchId())) {
        continue;
      }
      if (hold.items().isEmpty()) {
        store.releaseBatch(hold.batchId());
        continue;
      }
      LOG.info("{}: resuming batch {} submitted at {} ({} emails waiting)", decider.name(), hold.batchId(),
          hold.submittedAt(), hold.items().size());
      jobs.put(hold.batchId(), new Job(hold, null, now));
    }
  }

  private void poll(Job job) {
    String id = job.hold.batchId();
    Instant now = clock.instant();
    if (job.bases == null) {
      job.bases = currentBases(job.hold);
    }
    if (job.bases.isEmpty()) {
      finish(job);
      return;
    }
    BatchPoll result;
    try {
      result = decider.poll(id, job.bases.values().stream().map(EmailRecord::email).toList());
    } catch (RuntimeException e) {
      boolean retryable = !(e instanceof DeciderException de) || de.retryable();
      if (!retryable) {
        failAll(job, new DeciderException(DeciderException.Kind.UNAVAILABLE, "batch " + id
            + " could not be read; its emails will be submitted again: " + e.getMessage(), e), now);
        return;
      }
      LOG.warn("{}: polling batch {} failed; will poll again: {}", decider.name(), id, e.toString());
      result = BatchPoll.running();
    }
    if (!result.ended()) {
      Duration age = Duration.between(job.hold.submittedAt(), now);
      if (age.compareTo(decider.timeout()) >= 0) {
        try {
          decider.cancel(id);
        } catch (RuntimeException e) {
          LOG.warn("{}: could not cancel batch {}: {}", decider.name(), id, e.toString());
        }
        failAll(job, new DeciderException(DeciderException.Kind.TIMEOUT, "batch " + id + " did not end within "
            + decider.timeout() + "; its emails will be submitted again"), now);
        return;
      }
      job.polls++;
      job.nextPoll = now.plus(decider.pollDelay(job.polls));
      return;
    }
    Duration took = Duration.between(job.hold.submittedAt(), now);
    Map<String, BatchHold.Item> items = new LinkedHashMap<>();
    job.hold.items().forEach(i -> items.put(i.emailId(), i));
    int done = 0;
    for (EmailRecord base : job.bases.values()) {
      Decision d = result.decisions().get(base.emailId());
      if (d != null) {
        BatchHold.Item item = items.get(base.emailId());
        decided.store(base, d, item.promptId(), item.promptVersion(), took);
        done++;
      } else {
        DeciderException failure = result.failures().get(base.emailId());
        failed.store(base, failure != null ? failure : new DeciderException(
            DeciderException.Kind.INVALID_RESPONSE, "batch " + id + " ended without a result for this email"),
            took);
      }
    }
    LOG.info("{}: batch {} ended: {} decided, {} failed", decider.name(), id, done, job.bases.size() - done);
    finish(job);
  }

  /** The held emails still processing under the lease they were submitted with. */
  private Map<String, EmailRecord> currentBases(BatchHold hold) {
    Map<String, EmailRecord> bases = new LinkedHashMap<>();
    for (BatchHold.Item item : hold.items()) {
      Optional<EmailRecord> r = store.find(item.emailId());
      if (r.isPresent() && r.get().status() == TriageStatus.PROCESSING
          && r.get().leaseVersion() == item.leaseVersion()) {
        bases.put(item.emailId(), r.get());
      }
    }
    return bases;
  }

  private void failAll(Job job, DeciderException error, Instant now) {
    LOG.warn("{}: {}", decider.name(), error.getMessage());
    Duration took = Duration.between(job.hold.submittedAt(), now);
    job.bases.values().forEach(b -> failed.store(b, error, took));
    finish(job);
  }

  private void finish(Job job) {
    jobs.remove(job.hold.batchId());
    try {
      store.releaseBatch(job.hold.batchId());
    } catch (RuntimeException e) {
      LOG.warn("could not release batch {}; its stale hold is skipped later: {}", job.hold.batchId(), e.toString());
    }
  }
}
