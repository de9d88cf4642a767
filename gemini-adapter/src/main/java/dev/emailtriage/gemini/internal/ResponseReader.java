package dev.emailtriage.gemini.internal;

import com.google.genai.types.Candidate;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentResponse;
import dev.emailtriage.Decision;
import dev.emailtriage.Prompt;
import dev.emailtriage.spi.DeciderException;
import dev.emailtriage.spi.DeciderException.Kind;
import dev.emailtriage.spi.model.AnswerParser;
import dev.emailtriage.spi.model.InvalidAnswerException;
import dev.emailtriage.spi.model.ModelAnswer;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads what Gemini answered, the same for a single call ({@link GeminiEngine}) and for each inlined response of a
 * batch ({@link BatchEngine}): a response into a valid answer, a problem worth a repair, or a block; an answer into
 * a {@link Decision}. Stateless and thread-safe. Not API.
 */
public final class ResponseReader {

  /** Finish reasons that mean the model refused to answer. */
  private static final Set<String> BLOCKING_FINISH_REASONS = Set.of("SAFETY", "RECITATION", "BLOCKLIST",
      "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION");

  private ResponseReader() {}

  /**
   * What one response means: a valid answer, or a problem (blocks are thrown by {@link #interpret}).
   *
   * @param answer the validated answer, or {@code null} when there is a problem
   * @param text the answer's text (thought parts left out), or {@code null} without candidates
   * @param problem why the answer is not valid, or {@code null}
   * @param finishReason the candidate's finish reason, or {@code null}
   * @param maxTokens whether the output was cut at the token limit
   */
  public record Outcome(ModelAnswer answer, String text, String problem, String finishReason,
      boolean maxTokens) {}

  /**
   * Interprets {@code response}.
   *
   * @throws DeciderException {@code BLOCKED} when the prompt was blocked or the model stopped for safety
   */
  public static Outcome interpret(GenerateContentResponse response) {
    List<Candidate> candidates = response.candidates().orElse(List.of());
    if (candidates.isEmpty()) {
      if (response.promptFeedback().isPresent()) {
        var feedback = response.promptFeedback().get();
        String why = feedback.blockReason().map(Object::toString).orElse("no block reason")
            + feedback.blockReasonMessage().map(m -> ": " + m).orElse("");
        throw new DeciderException(Kind.BLOCKED, "the prompt was blocked, the model returned no candidates ("
            + why + ")");
      }
      return new Outcome(null, null, "the model returned no candidates", null, false);
    }
    Candidate candidate = candidates.get(0);
    String finish = candidate.finishReason().map(Object::toString).orElse(null);
    if (finish != null && BLOCKING_FINISH_REASONS.contains(finish)) {
      throw new DeciderException(Kind.BLOCKED, "the model stopped with finish reason " + finish
          + candidate.finishMessage().map(m -> " (" + m + ")").orElse(""));
    }
    String text = candidate.content().flatMap(Content::parts).orElse(List.of()).stream()
        .filter(p -> !p.thought().orElse(false))
        .map(p -> p.text().orElse(""))
        .collect(Collectors.joining());
    boolean maxTokens = "MAX_TOKENS".equals(finish);
    try {
      return new Outcome(AnswerParser.parse(text), text, null, finish, maxTokens);
    } catch (InvalidAnswerException e) {
      String problem = maxTokens
          ? "the answer was cut at the output token limit (finish reason MAX_TOKENS): " + e.getMessage()
          : e.getMessage();
      return new Outcome(null, text, problem, finish, maxTokens);
    }
  }

  /**
   * The decision of a valid outcome.
   *
   * @param o an outcome with an answer
   * @param response the response it came from (for its model version)
   * @param model the model asked, used when the response names none
   * @param versionSuffix appended to the model version (e.g. a fallback note), or empty
   * @param prompt the prompt whose id and version are recorded
   * @param truncated whether the body was cut
   * @param usage the tokens of every call that led to it
   */
  public static Decision decision(Outcome o, GenerateContentResponse response, String model, String versionSuffix,
      Prompt prompt, boolean truncated, UsageSum usage) {
    String version = response.modelVersion().filter(v -> !v.isBlank()).orElse(model) + versionSuffix;
    return o.answer().toDecision(prompt, version, usage.toTokenUsage(), o.finishReason(), truncated);
  }
}
