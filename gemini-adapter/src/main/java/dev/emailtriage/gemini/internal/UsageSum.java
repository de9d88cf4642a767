package dev.emailtriage.gemini.internal;

import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import dev.emailtriage.TokenUsage;
import java.util.Optional;

/** The tokens of every call that led to one decision (a repair is a second call), summed. Not thread-safe. Not API. */
public final class UsageSum {
  private int prompt;
  private int candidates;
  private int thoughts;
  private int total;

  /** No tokens yet. */
  public UsageSum() {}

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
