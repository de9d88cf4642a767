package dev.emailtriage.internal.engine;

import dev.emailtriage.SenderMemory;
import dev.emailtriage.TriageListener;
import dev.emailtriage.spi.BatchDecider;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.spi.PromptSource;
import dev.emailtriage.spi.Rule;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Everything an {@link Engine} runs with, resolved and checked by {@code EmailTriage.Builder}. Immutable. Not API.
 *
 * @param decider the decider asked when no rule or cached decision answers
 * @param fallback the decider asked when {@code decider} fails, or {@code null}
 * @param batchDecider the decider of the queue's non-urgent emails in batch jobs, or {@code null} (no batch mode)
 * @param store where records and the queue live
 * @param prompts where prompts come from
 * @param rules the rules, in order
 * @param cacheMaxSize the similar-email cache's size, or 0 for no cache
 * @param cacheTtl how long the cache keeps a decision
 * @param reviewThreshold below it a decision needs review
 * @param deciderTimeout the deadline of one decider call, its retries included
 * @param maxConcurrentModelCalls how many decider calls may run at once
 * @param workerThreads the queue worker's threads (0: none)
 * @param pollInterval how often the worker looks for due emails
 * @param maxAttempts attempts before a failure is final
 * @param retryBase the first retry delay
 * @param retryMax the longest retry delay
 * @param lease how long a worker holds an email
 * @param promptCacheTtl how long a prompt selection is reused (zero: ask the source for every email)
 * @param clock the clock of stored times
 * @param memory the sender memory (learned rules), or {@code null}
 * @param correctionExamples how many corrected emails go with a model call as examples (0: none)
 * @param listeners the listeners
 */
public record EngineSettings(
    Decider decider,
    Decider fallback,
    BatchDecider batchDecider,
    DecisionStore store,
    PromptSource prompts,
    List<Rule> rules,
    long cacheMaxSize,
    Duration cacheTtl,
    double reviewThreshold,
    Duration deciderTimeout,
    int maxConcurrentModelCalls,
    int workerThreads,
    Duration pollInterval,
    int maxAttempts,
    Duration retryBase,
    Duration retryMax,
    Duration lease,
    Duration promptCacheTtl,
    Clock clock,
    SenderMemory memory,
    int correctionExamples,
    List<TriageListener> listeners) {

  /** Copies the lists. */
  public EngineSettings {
    rules = List.copyOf(rules);
    listeners = List.copyOf(listeners);
  }
}
