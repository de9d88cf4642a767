package dev.emailtriage;

import dev.emailtriage.spi.Decider;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/** A decider for tests that answers with a function of the email and counts its calls. */
class ScriptedDecider implements Decider {
  final AtomicInteger calls = new AtomicInteger();
  private final BiFunction<Email, Prompt, Decision> answer;

  ScriptedDecider(BiFunction<Email, Prompt, Decision> answer) {
    this.answer = answer;
  }

  static ScriptedDecider answering(Action action) {
    return new ScriptedDecider((email, prompt) -> model(action, prompt));
  }

  static Decision model(Action action, Prompt prompt) {
    Decision.Builder b = Decision.builder().action(action).confidence(0.92)
        .emailType(action == Action.RESPOND ? EmailType.QUESTION : EmailType.NEWSLETTER)
        .urgency(Urgency.MEDIUM).reason("model says " + action.wireName())
        .source(DecisionSource.MODEL).prompt(prompt.id(), prompt.version()).modelVersion("test-model")
        .tokenUsage(new TokenUsage(100, 50, 10, 160));
    if (action == Action.RESPOND) {
      b.suggestedResponse(new SuggestedResponse("Re: pergunta", "Olá! Obrigado pelo contato.", Tone.FRIENDLY));
    }
    return b.build();
  }

  @Override
  public Decision decide(Email email, Prompt prompt) {
    calls.incrementAndGet();
    return answer.apply(email, prompt);
  }

  @Override
  public String name() {
    return "scripted";
  }
}
