package dev.emailtriage.spring.boot.autoconfigure;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import dev.emailtriage.Prompt;
import dev.emailtriage.TokenUsage;
import dev.emailtriage.Urgency;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DeciderException;

/** A decider that answers like a model (with token usage), or fails for emails whose id starts with {@code fail}. */
class ScriptedDecider implements Decider {
  private volatile Prompt lastPrompt;

  @Override
  public Decision decide(Email email, Prompt prompt) {
    lastPrompt = prompt;
    if (email.emailId().startsWith("fail")) {
      throw new DeciderException(DeciderException.Kind.RATE_LIMITED, "quota");
    }
    return Decision.builder().action(Action.RESPOND).confidence(0.9).emailType(EmailType.QUESTION)
        .urgency(Urgency.MEDIUM).reason("a question").source(DecisionSource.MODEL)
        .prompt(prompt.id(), prompt.version()).modelVersion("scripted-1")
        .tokenUsage(new TokenUsage(120, 40, 15, 175)).build();
  }

  @Override
  public String name() {
    return "scripted";
  }

  Prompt lastPrompt() {
    return lastPrompt;
  }
}
