package dev.emailtriage.gemini.internal;

import com.google.genai.errors.ApiException;
import com.google.genai.types.Candidate;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import dev.emailtriage.Decision;
import dev.emailtriage.Prompt;
import dev.emailtriage.TokenUsage;
import dev.emailtriage.spi.DeciderException;
import dev.emailtriage.spi.DeciderException.Kind;
import dev.emailtriage.spi.model.AnswerParser;
import dev.emailtriage.spi.model.InvalidAnswerException;
import dev.emailtriage.spi.model.ModelAnswer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads what Gemini answered, the same for a single call ({@link GeminiEngine}) and for each inlined response of a
 * batch ({@link BatchEngine}): a response into a valid answer, a problem worth a repair, or a block; an answer into
 * a {@link Decision}; an HTTP error into a typed {@link DeciderException}. Thread-safe. Not API.
 */
public final class Answers {

  /** Finish reasons that mean the model refused to answer. */
  private static final Set<String> BLOCKING_FINISH_REASONS = Set.of("SAFETY", "RECITATION", "BLOCKLIST",
      "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION");

  private Answers() {}

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
      Prompt prompt, boolean truncated, Usage usage) {
    String version = response.modelVersion().filter(v -> !v.isBlank()).orElse(model) + versionSuffix;
    return o.answer().toDecision(prompt, version, usage.toTokenUsage(), o.finishReason(), truncated);
  }

  /**
   * A typed failure for an HTTP error of a call to {@code model}.
   *
   * @param secret a value never to be shown (the API key), or {@code null}
   */
  public static DeciderException classify(ApiException e, String model, String secret) {
    int code = e.code();
    String detail = "HTTP " + code + " " + e.status() + ": " + redact(e.message(), secret);
    String lower = String.valueOf(e.message()).toLowerCase(Locale.ROOT);
    if (code == 400 && (lower.contains("api key not valid") || lower.contains("api_key_invalid")
        || lower.contains("api key expired"))) {
      // The SDK's message may carry debug details that echo the key: the cause is not kept.
      return new DeciderException(Kind.UNAUTHORIZED, "invalid API key (HTTP 400 " + e.status() + ")");
    }
    if (code == 401 || code == 403) {
      return new DeciderException(Kind.UNAUTHORIZED,
          "invalid API key or no permission for model '" + model + "' (HTTP " + code + " " + e.status() + ")");
    }
    if (code == 404) {
      return new DeciderException(Kind.BAD_REQUEST, "unknown model '" + model + "' (" + detail + ")", e);
    }
    if (code == 408) {
      return new DeciderException(Kind.TIMEOUT, "the server timed out (" + detail + ")", e);
    }
    if (code == 429) {
      return new DeciderException(Kind.RATE_LIMITED, "rate limit or quota exceeded (" + detail + ")", e);
    }
    if (code >= 500) {
      return new DeciderException(Kind.UNAVAILABLE, "Gemini unavailable (" + detail + ")", e);
    }
    return new DeciderException(Kind.BAD_REQUEST, "request rejected (" + detail + ")", e);
  }

  /** {@code text} with {@code secret} replaced by {@code ***}; empty for {@code null}. */
  public static String redact(String text, String secret) {
    if (text == null) {
      return "";
    }
    return secret == null || secret.isEmpty() ? text : text.replace(secret, "***");
  }

  /** Token usage summed over the calls of one decision. Not thread-safe. */
  public static final class Usage {
    private int prompt;
    private int candidates;
    private int thoughts;
    private int total;

    /** No tokens yet. */
    public Usage() {}

    /** Adds {@code r}'s usage metadata, if it has any. */
    public void add(GenerateContentResponse r) {
      Optional<GenerateContentResponseUsageMetadata> u = r.usageMetadata();
      if (u.isEmpty()) {
        return;
      }
      int p = u.get().promptTokenCount().orElse(0);
      int c = u.get().candidatesTokenCount().orElse(0);
      int t = u.get().thoughtsTokenCount().orElse(0);
      prompt += p;
      candidates += c;
      thoughts += t;
      total += u.get().totalTokenCount().orElse(p + c + t);
    }

    /** The sums. */
    public TokenUsage toTokenUsage() {
      return new TokenUsage(prompt, candidates, thoughts, total);
    }
  }
}
