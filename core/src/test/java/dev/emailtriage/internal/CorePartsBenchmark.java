package dev.emailtriage.internal;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.Tone;
import dev.emailtriage.Urgency;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH micro-benchmarks of core's internal parts of the pipeline (the benchmarks module measures the pipeline
 * through public API only): the fingerprint, its normalisation, the similar-email cache's look-up, the email's
 * validation and the check of a decider's decision. Not run by {@code verify}; see benchmarks/README.md (JMH) for
 * the command. Bodies are mail-like generated English of the given size.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CorePartsBenchmark {

  private static final String SUBJECT = "Question about order and delivery";

  /** A text and what is made of it. */
  @State(Scope.Benchmark)
  public static class Texts {
    @Param({"1024", "10240", "20480", "102400", "1048576"})
    public int bodyBytes;

    String body;
    String promptKey;
    Email email;
    Fingerprint fingerprint;
    SimilarEmailCache cache;
    Decision decision;

    @Setup(Level.Trial)
    public void setUp() {
      body = mailLikeText(bodyBytes, 7L);
      promptKey = "default@1|instant";
      email = Email.builder().emailId("part-1").from("Ana Souza <ana@example.net>").to("support@example.com")
          .subject(SUBJECT).body(body).receivedAt(Instant.parse("2026-11-25T09:00:00Z"))
          .headers(Map.of("Message-ID", List.of("<abc123@example.net>"), "Date",
              List.of("Wed, 25 Nov 2026 09:00:00 +0000"), "Content-Type", List.of("text/plain; charset=UTF-8")))
          .build();
      fingerprint = Fingerprint.of(promptKey, SUBJECT, body);
      cache = new SimilarEmailCache(10_000, Duration.ofHours(1));
      decision = Decision.builder().action(Action.RESPOND).confidence(0.92).emailType(EmailType.QUESTION)
          .urgency(Urgency.MEDIUM).reason("The sender asks about prices and delivery.")
          .suggestedResponse(new SuggestedResponse("Re: your question", "Thank you; here are the prices.",
              Tone.PROFESSIONAL))
          .source(DecisionSource.MODEL).modelVersion("instant").prompt("default", 1).build();
    }
  }

  /** {@link Fingerprint#of}: the window's normalisation, SHA-256 and SimHash. */
  @Benchmark
  public Fingerprint fingerprint(Texts t) {
    return Fingerprint.of(t.promptKey, SUBJECT, t.body);
  }

  /** The normalised text alone (built only for diagnostics; the fingerprint does not build it). */
  @Benchmark
  public String normaliseOnly(Texts t) {
    return Fingerprint.normalise(SUBJECT, t.body);
  }

  /** A similar-email cache look-up that misses (empty cache): exact key, personal key, the seven bands. */
  @Benchmark
  public Object cacheMissOnly(Texts t) {
    return t.cache.find(t.fingerprint, t.promptKey, t.email.from());
  }

  /** The email's whole validation, as {@code EmailTriage.process} runs it (Hibernate Validator and the text rule). */
  @Benchmark
  public Object validateEmail(Texts t) {
    return Validation.violations(t.email);
  }

  /** The check of a decider's valid decision, as the pipeline runs it after a model call. */
  @Benchmark
  public Object checkDecision(Texts t) {
    return Validation.decisionViolations(t.decision);
  }

  private static final String[] WORDS = ("hello thanks order invoice delivery price product please question help "
      + "support account payment shipping customer request meeting tomorrow report update issue problem service "
      + "contract team project schedule review attached document information available discount quantity deadline "
      + "the of and to in is you that it for on are as with they at be this have from or one by not what all we "
      + "when your can there use each which do how if will up other about out many then them so some would make "
      + "like into time has look more write see number no way could people than first been call who now find day")
      .split(" ");

  /**
   * At least {@code chars} characters of mail-like English: sentences over a line every dozen words, now and then
   * an order number or a tracking URL (which the fingerprint drops), a quoted line and a signature at the end.
   */
  static String mailLikeText(int chars, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder(chars + 200).append("Hello,\n\n");
    for (int words = 1; sb.length() < chars - 120; words++) {
      sb.append(WORDS[r.nextInt(WORDS.length)]);
      int roll = r.nextInt(100);
      if (roll < 2) {
        sb.append(" #").append(10_000 + r.nextInt(90_000));
      } else if (roll < 3) {
        sb.append(" https://track.example.com/c/").append(Long.toHexString(r.nextLong()));
      }
      sb.append(words % 12 == 0 ? "\n" : r.nextInt(10) == 0 ? ". " : " ");
    }
    return sb.append("\n\n> an earlier line quoted from the previous message\n\n-- \nAna Souza\n").toString();
  }
}
