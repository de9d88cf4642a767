package dev.emailtriage.gemini.internal;

import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.Part;
import com.google.genai.types.ThinkingConfig;
import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import java.util.List;

/**
 * Builds what one triage request sends, the same for a single call ({@link GeminiEngine}) and for each inlined
 * request of a batch ({@link BatchEngine}): the system instruction with the injection guard, the email rendered
 * between random-token markers after cleaning and capping its body, and the generation config with the response
 * schema. Thread-safe. Not API.
 */
public final class GeminiRequests {

  private GeminiRequests() {}

  /**
   * The rendered parts of one email's request.
   *
   * @param user the user message (role {@code user}) with the email between its markers
   * @param system the system instruction: the prompt's text plus {@link PromptRenderer#INJECTION_GUARD}
   * @param bodyTruncated whether the body was cut at the cap
   */
  public record Prepared(Content user, Content system, boolean bodyTruncated) {}

  /**
   * The generation settings shared by every request.
   *
   * @param temperature sampling temperature
   * @param topP nucleus sampling
   * @param maxOutputTokens output token limit
   * @param thinkingBudget thinking token budget, or {@code null} for the model's default
   */
  public record Generation(float temperature, float topP, int maxOutputTokens, Integer thinkingBudget) {}

  /** Cleans and caps {@code email}'s body and renders the user message and system instruction. */
  public static Prepared prepare(Email email, Prompt prompt, int maxBodyChars) {
    BodyCleaner.Cleaned body = BodyCleaner.clean(email.body(), maxBodyChars);
    PromptRenderer.Rendered rendered = PromptRenderer.render(email, body.text(), prompt);
    Content user = Content.builder().role("user").parts(List.of(Part.fromText(rendered.userMessage()))).build();
    Content system = Content.builder().role("user")
        .parts(List.of(Part.fromText(rendered.systemInstruction()))).build();
    return new Prepared(user, system, body.truncated());
  }

  /**
   * The config of a request: the system instruction, sampling, {@code maxOutputTokens} (which may differ from
   * {@code generation}'s on a repair), one candidate, JSON with {@link DecisionSchema#SCHEMA}.
   */
  public static GenerateContentConfig config(Content system, Generation generation, int maxOutputTokens) {
    GenerateContentConfig.Builder b = GenerateContentConfig.builder()
        .systemInstruction(system)
        .temperature(generation.temperature())
        .topP(generation.topP())
        .maxOutputTokens(maxOutputTokens)
        .candidateCount(1)
        .responseMimeType("application/json")
        .responseSchema(DecisionSchema.SCHEMA);
    if (generation.thinkingBudget() != null) {
      b.thinkingConfig(ThinkingConfig.builder().thinkingBudget(generation.thinkingBudget()).build());
    }
    return b.build();
  }
}
