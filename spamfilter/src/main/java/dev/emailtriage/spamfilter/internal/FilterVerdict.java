package dev.emailtriage.spamfilter.internal;

import java.util.List;

/**
 * What one spam filter answered about one message. Immutable.
 *
 * @param spam the filter's own verdict (spamd's {@code Spam: True}; Rspamd's action {@code reject}, {@code add
 *     header} or {@code rewrite subject})
 * @param score the filter's score
 * @param required the score at which the filter calls a message spam (Rspamd: the score of its spam action)
 * @param action Rspamd's action, or {@code null} for spamd
 * @param symbols the names of the rules that hit, in the filter's order
 */
public record FilterVerdict(boolean spam, double score, double required, String action, List<String> symbols) {

  /** Copies the symbols. */
  public FilterVerdict {
    symbols = List.copyOf(symbols);
  }
}
