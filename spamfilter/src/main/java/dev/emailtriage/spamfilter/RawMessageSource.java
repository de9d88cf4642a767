package dev.emailtriage.spamfilter;

import dev.emailtriage.Email;
import java.util.Optional;

/**
 * Where {@link SpamFilterRule} gets the raw RFC 5322 bytes of an email, when the application still has them (a
 * mailbox connector, a folder of {@code .eml} files). Without one, or when it returns empty, the rule rebuilds a
 * message from the {@link Email} (see {@link SpamFilterRule}). Implementations must be thread-safe.
 */
@FunctionalInterface
public interface RawMessageSource {

  /** The message exactly as received, or empty when it is not known. */
  Optional<byte[]> rawMessage(Email email);
}
