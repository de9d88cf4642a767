package dev.emailtriage.spi.model;

import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import java.util.Objects;

/**
 * What one triage request sends to a model, whatever the model: the system instruction (the prompt's text plus
 * {@link PromptRenderer#INJECTION_GUARD}) and the user message (the email between random-token markers, its body
 * cleaned and capped by {@link BodyCleaner}). An adapter puts the two texts into its SDK's request, adds
 * {@link DecisionSchema} as the response format, and parses the answer with {@link AnswerParser}. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * ModelRequest request = ModelRequest.of(email, prompt, 10_000);
 * sdk.send(request.systemInstruction(), request.userMessage(), DecisionSchema.strictJsonSchema());
 * }</pre>
 *
 * @param systemInstruction the prompt's text followed by the injection guard
 * @param userMessage the email rendered between its markers
 * @param bodyTruncated whether the body was cut at the cap (record it with the decision)
 */
public record ModelRequest(String systemInstruction, String userMessage, boolean bodyTruncated) {

  /** Checks that both texts are present. */
  public ModelRequest {
    Objects.requireNonNull(systemInstruction, "systemInstruction");
    Objects.requireNonNull(userMessage, "userMessage");
  }

  /**
   * The request for {@code email} under {@code prompt}, with a fresh random marker token.
   *
   * @param email the email
   * @param prompt the prompt whose text becomes the system instruction
   * @param maxBodyChars the longest body sent, after cleaning
   * @return the request
   */
  public static ModelRequest of(Email email, Prompt prompt, int maxBodyChars) {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(prompt, "prompt");
    BodyCleaner.Cleaned body = BodyCleaner.clean(email.body(), maxBodyChars);
    PromptRenderer.Rendered rendered = PromptRenderer.render(email, body.text(), prompt);
    return new ModelRequest(rendered.systemInstruction(), rendered.userMessage(), body.truncated());
  }
}
