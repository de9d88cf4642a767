package dev.emailtriage.test;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import dev.emailtriage.Prompt;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.TokenUsage;
import dev.emailtriage.Tone;
import dev.emailtriage.Urgency;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DeciderException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A {@link Decider} for tests that answers with a function of the email and prompt, like a model (source
 * {@code MODEL}, the prompt stamped, token usage), counts its calls and remembers the last prompt. Thread-safe.
 *
 * <pre>{@code
 * ScriptedDecider model = ScriptedDecider.answering(Action.RESPOND).failingFor("fail");
 * EmailTriage triage = EmailTriage.builder().decider(model).build();
 * triage.process(TestEmails.question("msg_1"));
 * assertThat(model.calls()).isEqualTo(1);
 * }</pre>
 */
public final class ScriptedDecider implements Decider {

  private final BiFunction<Email, Prompt, Decision> answer;
  private final String failingPrefix;
  private final AtomicInteger calls = new AtomicInteger();
  private volatile Prompt lastPrompt;

  private ScriptedDecider(BiFunction<Email, Prompt, Decision> answer, String failingPrefix) {
    this.answer = Objects.requireNonNull(answer, "answer");
    this.failingPrefix = failingPrefix;
  }

  /** A decider that answers {@code answer.apply(email, prompt)}. */
  public static ScriptedDecider of(BiFunction<Email, Prompt, Decision> answer) {
    return new ScriptedDecider(answer, null);
  }

  /** A decider that always answers {@code action}, as {@link #model(Action, Prompt)} builds it. */
  public static ScriptedDecider answering(Action action) {
    Objects.requireNonNull(action, "action");
    return of((email, prompt) -> model(action, prompt));
  }

  /**
   * This decider, except that emails whose id starts with {@code emailIdPrefix} fail with a retryable
   * {@link DeciderException} ({@code RATE_LIMITED}, "quota"), as a model over its quota would.
   */
  public ScriptedDecider failingFor(String emailIdPrefix) {
    if (emailIdPrefix == null || emailIdPrefix.isEmpty()) {
      throw new IllegalArgumentException("emailIdPrefix must not be empty");
    }
    return new ScriptedDecider(answer, emailIdPrefix);
  }

  /**
   * A model's decision: {@code action} with confidence 0.92, type question (respond) or newsletter (ignore), urgency
   * medium, the prompt's id and version, model version {@code test-model}, token usage 120 in / 40 out / 15
   * thinking / 175 total, and for respond a friendly draft.
   */
  public static Decision model(Action action, Prompt prompt) {
    Decision.Builder b = Decision.builder().action(action).confidence(0.92)
        .emailType(action == Action.RESPOND ? EmailType.QUESTION : EmailType.NEWSLETTER)
        .urgency(Urgency.MEDIUM).reason("model says " + action.wireName())
        .source(DecisionSource.MODEL).prompt(prompt.id(), prompt.version()).modelVersion("test-model")
        .tokenUsage(new TokenUsage(120, 40, 15, 175));
    if (action == Action.RESPOND) {
      b.suggestedResponse(new SuggestedResponse("Re: pergunta", "Olá! Obrigado pelo contato.", Tone.FRIENDLY));
    }
    return b.build();
  }

  @Override
  public Decision decide(Email email, Prompt prompt) {
    calls.incrementAndGet();
    lastPrompt = prompt;
    if (failingPrefix != null && email.emailId().startsWith(failingPrefix)) {
      throw new DeciderException(DeciderException.Kind.RATE_LIMITED, "quota");
    }
    return answer.apply(email, prompt);
  }

  @Override
  public String name() {
    return "scripted";
  }

  /** How many times {@link #decide} was called. */
  public int calls() {
    return calls.get();
  }

  /** The prompt of the last call, or {@code null} before the first. */
  public Prompt lastPrompt() {
    return lastPrompt;
  }
}
