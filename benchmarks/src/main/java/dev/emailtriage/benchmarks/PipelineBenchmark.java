package dev.emailtriage.benchmarks;

import dev.emailtriage.Action;
import dev.emailtriage.BuiltInRules;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.EmailType;
import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.InMemoryPromptRepository;
import dev.emailtriage.Prompt;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.Tone;
import dev.emailtriage.TriageResult;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.Urgency;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.Rule;
import dev.emailtriage.spi.RuleOutcome;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The pipeline's own cost per email, without a model: {@link EmailTriage#process(Email)} with a decider that
 * returns a fixed decision at once, the built-in rules, the similar-email cache and an {@link InMemoryDecisionStore}.
 *
 * <ul>
 *   <li>{@code pipelineMiss}: a new email id and a new sender on every call, so neither idempotency nor the cache
 *       can answer: validation (Hibernate Validator and the text rule), the lease in the store, the built-in rules
 *       (all abstain: the email has ordinary headers), prompt selection, fingerprint, cache look-up (miss), the
 *       store's fingerprint look-up (miss), the decider call under the deadline (on the caller's thread: the
 *       decider takes the time limit, as the model adapters do), the decision's check, the cache put, the store
 *       write. Building the {@link Email} record (a 9-header map copied) is inside the measurement;
 *       {@code buildEmailOnly} measures that part alone.
 *   <li>{@code pipelineMissPooledDecider}: the same with a decider that implements only
 *       {@code decide(email, prompt)}, which the pipeline calls on its own threads (a hand-off and back).
 *   <li>{@code pipelineCacheHit}: a new email id, the same body and sender each time: everything up to the cache,
 *       which answers (exact duplicate, same sender), then the store write.
 *   <li>{@code validateEmailOnly}, {@code validateDecisionOnly}, {@code rulesOnly}, {@code promptForOnly}: parts
 *       alone, through public API; the fingerprint and the cache look-up are core internals, measured by core's own
 *       JMH benchmark {@code CorePartsBenchmark} (see benchmarks/README.md).
 * </ul>
 *
 * <p>Each iteration starts a new pipeline and store.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PipelineBenchmark {

  static final Instant RECEIVED = Instant.parse("2026-11-25T09:00:00Z");
  static final int DISTINCT_BODIES = 64;

  /** Headers an ordinary person-to-person message carries; none of them makes a rule decide. */
  static final Map<String, List<String>> HEADERS = Map.of(
      "Received", List.of("from mx.example.net by mail.example.com", "from client by mx.example.net"),
      "Message-ID", List.of("<abc123@example.net>"),
      "Date", List.of("Wed, 25 Nov 2026 09:00:00 +0000"),
      "MIME-Version", List.of("1.0"),
      "Content-Type", List.of("text/plain; charset=UTF-8"),
      "Content-Transfer-Encoding", List.of("8bit"),
      "DKIM-Signature", List.of("v=1; a=rsa-sha256; d=example.net; s=s1; b=AAAA"),
      "Return-Path", List.of("<ana@example.net>"),
      "X-Mailer", List.of("Thunderbird"));

  /**
   * A decider that answers at once with a fixed, valid respond decision (as a model would, with a draft). Like the
   * Gemini and OpenAI adapters it takes the pipeline's time limit ({@code decide(email, prompt, timeLimit)}), so the
   * pipeline calls it on the caller's thread.
   */
  static final class InstantDecider implements Decider {
    private final Decision decision = Decision.builder().action(Action.RESPOND).confidence(0.92)
        .emailType(EmailType.QUESTION).urgency(Urgency.MEDIUM).reason("The sender asks about prices and delivery.")
        .suggestedResponse(new SuggestedResponse("Re: your question", "Thank you for writing; here are the prices.",
            Tone.PROFESSIONAL))
        .source(DecisionSource.MODEL).modelVersion("instant").build();

    @Override
    public Decision decide(Email email, Prompt prompt) {
      return decision.toBuilder().prompt(prompt.id(), prompt.version()).build();
    }

    @Override
    public Decision decide(Email email, Prompt prompt, Duration timeLimit) {
      return decide(email, prompt);
    }

    @Override
    public String name() {
      return "instant";
    }
  }

  /**
   * The same decider without the time limit ({@code decide(email, prompt)} only): the pipeline runs it on its own
   * threads and stops waiting at the deadline, so each call is handed to another thread and back.
   */
  static final class InstantDeciderWithoutTimeLimit implements Decider {
    private final InstantDecider answers = new InstantDecider();

    @Override
    public Decision decide(Email email, Prompt prompt) {
      return answers.decide(email, prompt);
    }

    @Override
    public String name() {
      return "instant";
    }
  }

  /** One pipeline and its bodies. */
  @State(Scope.Benchmark)
  public static class Pipeline {
    @Param({"1024", "10240", "20480", "102400", "1048576"})
    public int bodyBytes = 10240;

    String[] bodies;
    EmailTriage triage;
    InMemoryDecisionStore store;
    long counter;
    int misses;

    @Setup(Level.Trial)
    public void bodies() {
      bodies = new String[DISTINCT_BODIES];
      for (int i = 0; i < DISTINCT_BODIES; i++) {
        bodies[i] = SyntheticText.body(bodyBytes, 42L + i);
      }
    }

    @Setup(Level.Iteration)
    public void start() {
      store = new InMemoryDecisionStore();
      triage = EmailTriage.builder().decider(decider()).store(store).workerThreads(0).build();
      misses = 0;
    }

    Decider decider() {
      return new InstantDecider();
    }

    @TearDown(Level.Iteration)
    public void stop() {
      triage.close();
    }

    Email next(boolean sameSender) {
      long n = counter++;
      return Email.builder().emailId("bench-" + n)
          .from(sameSender ? "Ana Souza <ana@example.net>" : "person" + n + "@example.net")
          .to("support@example.com")
          .subject("Question about order and delivery")
          .body(sameSender ? bodies[0] : bodies[(int) (n % DISTINCT_BODIES)])
          .receivedAt(RECEIVED).headers(HEADERS).build();
    }
  }

  @Benchmark
  public TriageResult pipelineMiss(Pipeline p) {
    TriageResult r = p.triage.process(p.next(false));
    if (r.status() != TriageStatus.PROCESSED || r.decision().source() != DecisionSource.MODEL) {
      throw new IllegalStateException("expected a model decision, got " + r);
    }
    return r;
  }

  @Benchmark
  public TriageResult pipelineCacheHit(Pipeline p) {
    TriageResult r = p.triage.process(p.next(true));
    if (r.status() != TriageStatus.PROCESSED) {
      throw new IllegalStateException("expected a processed email, got " + r);
    }
    if (r.decision().source() != DecisionSource.CACHE && ++p.misses > 1) {
      throw new IllegalStateException("expected a cache hit after the first email, got " + r.decision().source());
    }
    return r;
  }

  @Benchmark
  public Email buildEmailOnly(Pipeline p) {
    return p.next(false);
  }

  /** The same miss path with 10,000 other processed emails already in the in-memory store. */
  @State(Scope.Benchmark)
  public static class PrefilledPipeline extends Pipeline {
    @Setup(Level.Iteration)
    @Override
    public void start() {
      super.start();
      Decision d = new InstantDecider().decision;
      Instant now = Instant.now();
      for (int i = 0; i < PREFILL; i++) {
        Email e = Email.builder().emailId("old-" + i).from("old" + i + "@example.net").to("support@example.com")
            .subject("old").body("old " + i).receivedAt(RECEIVED).build();
        store.save(EmailRecord.queued(e, null, now).processed(d, "old-fingerprint-" + i, 0.001, now));
      }
    }
  }

  static final int PREFILL = 10_000;

  /** The same miss path with a decider that does not take the time limit, so it runs on the pipeline's threads. */
  @State(Scope.Benchmark)
  public static class PooledPipeline extends Pipeline {
    @Override
    Decider decider() {
      return new InstantDeciderWithoutTimeLimit();
    }
  }

  @Benchmark
  public TriageResult pipelineMissPooledDecider(PooledPipeline p) {
    return pipelineMiss(p);
  }

  @Benchmark
  public TriageResult pipelineMissStore10k(PrefilledPipeline p) {
    return pipelineMiss(p);
  }

  /**
   * The pipeline's other parts, one at a time, on a 10 KB email, through public API (the fingerprint and the cache,
   * which are core internals, are measured by core's own {@code CorePartsBenchmark}).
   */
  @State(Scope.Benchmark)
  public static class Parts {
    Email email;
    Decision decision;
    List<Rule> rules;
    InMemoryPromptRepository prompts;
    Validator validator;

    @Setup(Level.Trial)
    public void setUp() {
      email = Email.builder().emailId("part-1").from("Ana Souza <ana@example.net>").to("support@example.com")
          .subject("Question about order and delivery").body(SyntheticText.body(10240, 7L))
          .receivedAt(RECEIVED).headers(HEADERS).build();
      decision = new InstantDecider().decision;
      rules = BuiltInRules.defaults();
      prompts = new InMemoryPromptRepository();
      // configured as core configures it (parameter interpolator, no Jakarta EL)
      validator = Validation.byProvider(org.hibernate.validator.HibernateValidator.class).configure()
          .messageInterpolator(new org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator())
          .buildValidatorFactory().getValidator();
    }
  }

  /**
   * Hibernate Validator on the incoming email's declared constraints (what {@code process} runs first, before its
   * own text-rule pass over every field and header).
   */
  @Benchmark
  public Object validateEmailOnly(Parts p) {
    return p.validator.validate(p.email);
  }

  /**
   * Hibernate Validator on a decider's valid decision: what the pipeline no longer runs after a model call whose
   * decision passes its hand-written check of the same constraints.
   */
  @Benchmark
  public Object validateDecisionOnly(Parts p) {
    return p.validator.validate(p.decision);
  }

  /** The built-in rules, in order, on an ordinary email (all abstain). */
  @Benchmark
  public int rulesOnly(Parts p, Blackhole bh) {
    int abstained = 0;
    for (Rule r : p.rules) {
      RuleOutcome o = r.evaluate(p.email);
      bh.consume(o);
      if (o.verdict() == RuleOutcome.Verdict.ABSTAIN) {
        abstained++;
      }
    }
    return abstained;
  }

  /** The prompt selection of the in-memory prompt repository. */
  @Benchmark
  public Prompt promptForOnly(Parts p) {
    return p.prompts.promptFor(p.email);
  }
}
