package dev.emailtriage;

import dev.emailtriage.spi.BatchDecider;
import dev.emailtriage.spi.BatchPoll;
import dev.emailtriage.spi.BatchRequest;
import dev.emailtriage.spi.DeciderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiFunction;

/**
 * A batch decider for tests: records every job submitted and every poll, and answers polls with a script
 * (running until told otherwise). Thread-safe.
 */
class ScriptedBatchDecider implements BatchDecider {
  static final Duration POLL_DELAY = Duration.ofMinutes(10);

  /** The requests of each job, in submission order; job {@code i} has id {@code batches/job-i}. */
  final List<List<BatchRequest>> jobs = Collections.synchronizedList(new ArrayList<>());
  /** The id and emails of every poll. */
  final List<Map.Entry<String, List<String>>> polls = Collections.synchronizedList(new ArrayList<>());
  /** The ids of the jobs cancelled. */
  final List<String> cancelled = Collections.synchronizedList(new ArrayList<>());
  /** Counted down at each submission. */
  volatile CountDownLatch submitted = new CountDownLatch(1);
  private volatile BiFunction<String, List<Email>, BatchPoll> script = (id, emails) -> BatchPoll.running();
  private final int maxBatchSize;
  private final Duration timeout;

  ScriptedBatchDecider() {
    this(1000, Duration.ofHours(24));
  }

  ScriptedBatchDecider(int maxBatchSize, Duration timeout) {
    this.maxBatchSize = maxBatchSize;
    this.timeout = timeout;
  }

  /** Polls answer with {@code script} from now on. */
  void answer(BiFunction<String, List<Email>, BatchPoll> script) {
    this.script = script;
  }

  /** Every email decided {@code action} by the model, except those in {@code failures}. */
  static BatchPoll endedWith(List<Email> emails, Action action, Map<String, DeciderException> failures) {
    Map<String, Decision> decisions = new LinkedHashMap<>();
    Prompt any = new Prompt("elsewhere", "elsewhere", 9, "not the prompt submitted", null, false, null);
    for (Email e : emails) {
      if (!failures.containsKey(e.emailId())) {
        // the prompt on the decision is not the one submitted: the pipeline stamps the one it recorded
        decisions.put(e.emailId(), ScriptedDecider.model(action, any).toBuilder().modelVersion("batch-model")
            .build());
      }
    }
    Map<String, DeciderException> known = new LinkedHashMap<>(failures);
    known.keySet().retainAll(emails.stream().map(Email::emailId).toList());
    return BatchPoll.ended(decisions, known);
  }

  @Override
  public String submit(List<BatchRequest> requests) {
    jobs.add(List.copyOf(requests));
    String id = "batches/job-" + (jobs.size() - 1);
    submitted.countDown();
    return id;
  }

  @Override
  public BatchPoll poll(String batchId, List<Email> emails) {
    polls.add(Map.entry(batchId, emails.stream().map(Email::emailId).toList()));
    return script.apply(batchId, emails);
  }

  @Override
  public void cancel(String batchId) {
    cancelled.add(batchId);
  }

  @Override
  public int maxBatchSize() {
    return maxBatchSize;
  }

  @Override
  public Duration pollDelay(int polls) {
    return POLL_DELAY;
  }

  @Override
  public Duration timeout() {
    return timeout;
  }

  @Override
  public String name() {
    return "scripted-batch";
  }

  @Override
  public String cacheScope() {
    return "scripted";
  }
}
