package dev.emailtriage.spi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The stable A/B split of prompt traffic by a hash of {@code email_id}: which emails a challenger prompt decides.
 * Stateless and thread-safe. Every {@link PromptRepository} uses it, so that an email lands on the same side
 * whichever store or process answers, and a share that grows keeps every email it already had.
 */
public final class AbSplit {
  private AbSplit() {}

  /**
   * True when {@code emailId} falls in the first {@code share} of the hash space (SHA-256 of the id's UTF-8 bytes,
   * its top 53 bits as a number in [0, 1)); the same id always answers alike.
   *
   * @param share the challenger's share, from 0 (none) to 1 (all)
   */
  public static boolean inShare(String emailId, double share) {
    Objects.requireNonNull(emailId, "emailId");
    if (share <= 0) {
      return false;
    }
    return bucket(emailId) < share;
  }

  /** A uniform number in [0, 1) derived from SHA-256 of {@code emailId}. */
  static double bucket(String emailId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(emailId.getBytes(StandardCharsets.UTF_8));
      long top = ByteBuffer.wrap(digest).getLong() >>> 11;
      return top / (double) (1L << 53);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}
