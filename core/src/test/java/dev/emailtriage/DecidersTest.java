package dev.emailtriage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DeciderException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DecidersTest {

  /** A model that answers with a confidence and type chosen per email id, recording its version. */
  private static ScriptedDecider model(String version, Map<String, Double> confidence, EmailType type) {
    return new ScriptedDecider((email, prompt) -> ScriptedDecider.model(Action.RESPOND, prompt).toBuilder()
        .confidence(confidence.getOrDefault(email.emailId(), 0.95)).emailType(type).modelVersion(version).build());
  }

  @Test
  void strongModelIsAskedOnlyForTheEscalatedShareAndEachDecisionRecordsWhoDecided() {
    // 200 emails: every fifth gets a low confidence from the cheap model (40 = 20 %).
    Map<String, Double> cheapConfidence = new ConcurrentHashMap<>();
    for (int i = 0; i < 200; i++) {
      cheapConfidence.put("m" + i, i % 5 == 0 ? 0.55 : 0.93);
    }
    ScriptedDecider cheap = model("gemini-2.5-flash-lite", cheapConfidence, EmailType.QUESTION);
    ScriptedDecider strong = model("gemini-2.5-flash", Map.of(), EmailType.QUESTION);
    List<Deciders.Escalation> escalations = new CopyOnWriteArrayList<>();
    Decider cascade = Deciders.cascade(cheap, strong).escalateBelow(0.8)
        .listener((email, reason, d, e) -> escalations.add(reason)).build();
    InMemoryDecisionStore store = new InMemoryDecisionStore();

    try (EmailTriage triage = EmailTriage.builder().decider(cascade).store(store).workerThreads(0)
        .cacheEnabled(false).build()) {
      for (int i = 0; i < 200; i++) {
        triage.process(TestEmails.question("m" + i, "pessoa" + i + "@example.com"));
      }
    }

    assertThat(cheap.calls).hasValue(200);
    assertThat(strong.calls).hasValue(40);
    assertThat(escalations).hasSize(40).containsOnly(Deciders.Escalation.LOW_CONFIDENCE);
    assertThat(store.find("m0").orElseThrow().decision().modelVersion()).isEqualTo("gemini-2.5-flash");
    assertThat(store.find("m1").orElseThrow().decision().modelVersion()).isEqualTo("gemini-2.5-flash-lite");
  }

  @Test
  void alwaysCheckedTypeIsEscalatedWhateverTheConfidence() {
    ScriptedDecider cheap = model("cheap", Map.of(), EmailType.COMPLAINT);
    ScriptedDecider strong = model("strong", Map.of(), EmailType.COMPLAINT);
    List<Deciders.Escalation> escalations = new CopyOnWriteArrayList<>();

    Decision d = Deciders.cascade(cheap, strong).alwaysCheck(EmailType.COMPLAINT)
        .listener((email, reason, c, e) -> escalations.add(reason)).build()
        .decide(TestEmails.question("c1"), DefaultPrompt.create(), Duration.ofSeconds(10));

    assertThat(d.modelVersion()).isEqualTo("strong");
    assertThat(escalations).containsExactly(Deciders.Escalation.ALWAYS_CHECKED_TYPE);
  }

  @Test
  void cheapFailureIsEscalatedAndTheListenerSeesIt() {
    ScriptedDecider cheap = new ScriptedDecider((email, prompt) -> {
      throw new DeciderException(DeciderException.Kind.RATE_LIMITED, "429");
    });
    ScriptedDecider strong = model("strong", Map.of(), EmailType.QUESTION);
    List<RuntimeException> seen = new CopyOnWriteArrayList<>();

    Decision d = Deciders.cascade(cheap, strong).listener((email, reason, c, e) -> seen.add(e)).build()
        .decide(TestEmails.question("f1"), DefaultPrompt.create());

    assertThat(d.modelVersion()).isEqualTo("strong");
    assertThat(seen).singleElement().isInstanceOf(DeciderException.class);
  }

  @Test
  void cheapFailureIsTheCascadesWhenEscalationOnFailureIsOff() {
    ScriptedDecider cheap = new ScriptedDecider((email, prompt) -> {
      throw new DeciderException(DeciderException.Kind.UNAVAILABLE, "503");
    });
    ScriptedDecider strong = model("strong", Map.of(), EmailType.QUESTION);

    DeciderException e = catchThrowableOfType(DeciderException.class,
        () -> Deciders.cascade(cheap, strong).escalateOnFailure(false).build()
            .decide(TestEmails.question("f2"), DefaultPrompt.create()));

    assertThat(e.kind()).isEqualTo(DeciderException.Kind.UNAVAILABLE);
    assertThat(strong.calls).hasValue(0);
  }

  @Test
  void eachModelGetsItsShareOfTheTimeLimit() {
    AtomicInteger cheapLimit = new AtomicInteger();
    AtomicInteger strongLimit = new AtomicInteger();
    Decider cheap = new Decider() {
      @Override
      public Decision decide(Email email, Prompt prompt) {
        throw new AssertionError("the cascade passes the time limit");
      }

      @Override
      public Decision decide(Email email, Prompt prompt, Duration timeLimit) {
        cheapLimit.set((int) timeLimit.toMillis());
        return ScriptedDecider.model(Action.RESPOND, prompt).toBuilder().confidence(0.1).build();
      }
    };
    Decider strong = new Decider() {
      @Override
      public Decision decide(Email email, Prompt prompt) {
        throw new AssertionError("the cascade passes the time limit");
      }

      @Override
      public Decision decide(Email email, Prompt prompt, Duration timeLimit) {
        strongLimit.set((int) timeLimit.toMillis());
        return ScriptedDecider.model(Action.RESPOND, prompt);
      }
    };
    java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC);

    Deciders.cascade(cheap, strong).cheapTimeShare(0.25).clock(clock).build()
        .decide(TestEmails.question("t1"), DefaultPrompt.create(), Duration.ofSeconds(8));

    assertThat(cheapLimit).hasValue(2000);
    assertThat(strongLimit).hasValue(8000);
  }

  @Test
  void nameIsTheProvidersWhenBothShareItElseCascade() {
    ScriptedDecider a = model("a", Map.of(), EmailType.QUESTION);
    ScriptedDecider b = model("b", Map.of(), EmailType.QUESTION);
    assertThat(Deciders.cascade(a, b).build().name()).isEqualTo("scripted");
    assertThat(Deciders.cascade(a, new OfflineFallbackDecider()).build().name()).isEqualTo("cascade");
  }

  @Test
  void sameDeciderTwiceIsRejected() {
    ScriptedDecider a = model("a", Map.of(), EmailType.QUESTION);
    assertThatIllegalArgumentException().isThrownBy(() -> Deciders.cascade(a, a)).withMessageContaining("same");
  }

  @Test
  void nullDeciderIsRejectedNamingIt() {
    assertThatIllegalArgumentException().isThrownBy(() -> Deciders.cascade(null, new OfflineFallbackDecider()))
        .withMessageStartingWith("cheap");
  }

  @Test
  void thresholdOutOfRangeIsRejectedNamingIt() {
    assertThatIllegalArgumentException().isThrownBy(() -> builder().escalateBelow(1.5))
        .withMessageStartingWith("escalateBelow");
  }

  @Test
  void thresholdSetTwiceIsRejected() {
    Deciders.CascadeBuilder b = builder().escalateBelow(0.5);
    assertThatIllegalStateException().isThrownBy(() -> b.escalateBelow(0.6)).withMessageContaining("escalateBelow");
  }

  @Test
  void emptyAlwaysCheckIsRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> builder().alwaysCheck())
        .withMessageStartingWith("alwaysCheck");
  }

  @Test
  void timeShareOutOfRangeIsRejected() {
    assertThatIllegalArgumentException().isThrownBy(() -> builder().cheapTimeShare(1))
        .withMessageStartingWith("cheapTimeShare");
  }

  @Test
  void cascadeThatCouldNeverEscalateIsRefusedAtBuild() {
    assertThatIllegalStateException()
        .isThrownBy(() -> builder().escalateBelow(0).escalateOnFailure(false).build())
        .withMessageContaining("never ask the strong model");
  }

  private static Deciders.CascadeBuilder builder() {
    return Deciders.cascade(model("a", Map.of(), EmailType.QUESTION), model("b", Map.of(), EmailType.QUESTION));
  }

}
