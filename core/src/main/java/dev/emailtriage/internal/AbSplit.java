package dev.emailtriage.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The stable A/B split of prompt traffic by a hash of {@code email_id}. Not API. */
public final class AbSplit {
  private AbSplit() {}

  /** True when {@code emailId} falls in the first {@code share} of the hash space; the same id always answers alike. */
  public static boolean inShare(String emailId, double share) {
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
