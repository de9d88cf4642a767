package dev.emailtriage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailType;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.TokenUsage;
import dev.emailtriage.Tone;
import dev.emailtriage.Urgency;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The hand-written check of decisions that spares Hibernate Validator on valid model answers. */
class ValidationTest {

  /**
   * The constraints {@link Validation#satisfiesConstraints} checks by hand. When this list changes, change that
   * check with it (and this list).
   */
  @Test
  void theHandWrittenCheckKnowsEveryConstraintOfADecision() {
    List<String> declared = new ArrayList<>();
    for (Class<?> type : List.of(Decision.class, SuggestedResponse.class, TokenUsage.class)) {
      for (RecordComponent c : type.getRecordComponents()) {
        Annotation[] onField;
        try {
          onField = type.getDeclaredField(c.getName()).getAnnotations();
        } catch (NoSuchFieldException e) {
          throw new AssertionError(e);
        }
        Stream.concat(Stream.of(onField), Stream.of(c.getAccessor().getAnnotatedReturnType().getAnnotations()))
            .filter(a -> a.annotationType().getPackageName().startsWith("jakarta.validation"))
            .map(ValidationTest::describe)
            .distinct()
            .forEach(a -> declared.add(type.getSimpleName() + "." + c.getName() + " " + a));
      }
    }
    assertThat(declared).containsExactlyInAnyOrder(
        "Decision.action NotNull",
        "Decision.confidence DecimalMin(0.0)",
        "Decision.confidence DecimalMax(1.0)",
        "Decision.emailType NotNull",
        "Decision.urgency NotNull",
        "Decision.reason NotBlank",
        "Decision.reason Size(0..2000)",
        "Decision.suggestedResponse Valid",
        "Decision.source NotNull",
        "Decision.promptVersion PositiveOrZero",
        "Decision.modelVersion Size(0..100)",
        "Decision.tokenUsage Valid",
        "Decision.examplesUsed PositiveOrZero",
        "SuggestedResponse.subject NotNull",
        "SuggestedResponse.subject Size(0..998)",
        "SuggestedResponse.body NotBlank",
        "SuggestedResponse.body Size(0..100000)",
        "SuggestedResponse.tone NotNull",
        "TokenUsage.prompt PositiveOrZero",
        "TokenUsage.candidates PositiveOrZero",
        "TokenUsage.thoughts PositiveOrZero",
        "TokenUsage.total PositiveOrZero");
  }

  private static String describe(Annotation a) {
    String name = a.annotationType().getSimpleName();
    if (a instanceof Size s) {
      return name + "(" + s.min() + ".." + s.max() + ")";
    }
    if (a instanceof DecimalMin m) {
      return name + "(" + m.value() + ")";
    }
    if (a instanceof DecimalMax m) {
      return name + "(" + m.value() + ")";
    }
    return name;
  }

  @Test
  void aDecisionPassingTheHandWrittenCheckIsOneHibernateValidatorAccepts() {
    SplittableRandom r = new SplittableRandom(11);
    int passed = 0;
    int refused = 0;
    for (int n = 0; n < 10_000; n++) {
      Decision d = generated(r);
      boolean quick = Validation.satisfiesConstraints(d);
      boolean valid = Validation.violations(d).isEmpty();
      if (quick) {
        assertThat(valid).as("%s", d).isTrue();
        passed++;
      }
      if (!valid) {
        assertThat(Validation.decisionViolations(d)).isEqualTo(Validation.violations(d)).isNotEmpty();
        refused++;
      }
    }
    assertThat(passed).as("valid decisions pass the quick check").isGreaterThan(200);
    assertThat(refused).isGreaterThan(5000);
  }

  @Test
  void anOrdinaryModelDecisionPassesTheHandWrittenCheck() {
    Decision d = Decision.builder().action(Action.RESPOND).confidence(0.92).emailType(EmailType.QUESTION)
        .urgency(Urgency.MEDIUM).reason("Asks about prices.").source(DecisionSource.MODEL).modelVersion("m")
        .suggestedResponse(new SuggestedResponse("", "Olá!", Tone.FRIENDLY)).tokenUsage(new TokenUsage(1, 2, 0, 3))
        .prompt("default", 1).build();
    assertThat(Validation.satisfiesConstraints(d)).isTrue();
    assertThat(Validation.decisionViolations(d)).isEmpty();
  }

  @Test
  void aDecisionFailingTheCheckIsReportedWithHibernateValidatorsMessages() {
    Decision d = Decision.builder().action(Action.RESPOND).confidence(1.7).emailType(EmailType.QUESTION)
        .urgency(Urgency.MEDIUM).reason(" ").source(DecisionSource.MODEL).build();
    assertThat(Validation.decisionViolations(d)).extracting(v -> v.field() + " " + v.message())
        .containsExactly("confidence must be between 0 and 1", "reason must not be blank");
  }

  private static final String[] TEXTS = {null, "", " ", "\t", "\u2003", "\u00a0", "\u2007", "\u001f", "ok", "x",
      " razão ", "\ud83d\ude00"};
  private static final double[] CONFIDENCES = {0, -0.0, 0.004, 0.995, 1, 1.004, 1.006, -0.006, -0.004, 0.5,
      Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE};
  private static final int[] COUNTS = {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE};

  private static Decision generated(SplittableRandom r) {
    Decision.Builder b = Decision.builder()
        .action(r.nextInt(8) == 0 ? null : Action.values()[r.nextInt(Action.values().length)])
        .confidence(CONFIDENCES[r.nextInt(CONFIDENCES.length)])
        .emailType(r.nextInt(8) == 0 ? null : EmailType.values()[r.nextInt(EmailType.values().length)])
        .urgency(r.nextInt(8) == 0 ? null : Urgency.values()[r.nextInt(Urgency.values().length)])
        .reason(text(r, 2000))
        .source(r.nextInt(8) == 0 ? null : DecisionSource.values()[r.nextInt(DecisionSource.values().length)])
        .prompt("p", r.nextInt(6) == 0 ? -1 : r.nextInt(3))
        .modelVersion(r.nextBoolean() ? null : r.nextBoolean() ? "m".repeat(100) : "m".repeat(101))
        .examplesUsed(r.nextInt(8) == 0 ? -1 : r.nextInt(3));
    if (r.nextBoolean()) {
      b.suggestedResponse(new SuggestedResponse(r.nextInt(10) == 0 ? "s".repeat(999) : text(r, 998),
          text(r, 100_000), r.nextInt(8) == 0 ? null : Tone.values()[r.nextInt(Tone.values().length)]));
    }
    if (r.nextBoolean()) {
      b.tokenUsage(new TokenUsage(COUNTS[r.nextInt(COUNTS.length)], r.nextInt(5), r.nextInt(5) == 0 ? -2 : 0,
          COUNTS[r.nextInt(COUNTS.length)]));
    }
    return b.build();
  }

  /** A text from {@link #TEXTS}, now and then at or just over {@code max} characters. */
  private static String text(SplittableRandom r, int max) {
    int pick = r.nextInt(TEXTS.length + 2);
    if (pick == TEXTS.length) {
      return "a".repeat(max);
    }
    if (pick == TEXTS.length + 1) {
      return "a".repeat(max + 1);
    }
    return TEXTS[pick];
  }
}
