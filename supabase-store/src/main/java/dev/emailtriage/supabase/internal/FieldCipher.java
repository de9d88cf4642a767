package dev.emailtriage.supabase.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM encryption of one text column value, bound to the email and the column (associated data), so a value
 * copied to another row or column does not decrypt. Stored as {@code enc:v1:} + base64(12-byte IV, ciphertext and
 * 16-byte tag). Not API.
 */
public final class FieldCipher {

  /** The prefix of an encrypted value. */
  public static final String PREFIX = "enc:v1:";

  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private static final FieldCipher NONE = new FieldCipher();

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  /** A cipher with this AES key (16, 24 or 32 bytes). */
  public FieldCipher(byte[] key) {
    if (key == null || (key.length != 16 && key.length != 24 && key.length != 32)) {
      throw new IllegalArgumentException("the encryption key must be 16, 24 or 32 bytes (AES-128/192/256), was "
          + (key == null ? "null" : key.length + " bytes"));
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  private FieldCipher() {
    this.key = null;
  }

  /** The cipher of a store without a key: writes plain text, and refuses to read an encrypted value. */
  public static FieldCipher none() {
    return NONE;
  }

  /** Encrypts {@code plain} for this email's column ({@code plain} as it is without a key); {@code null} stays. */
  public String encrypt(String plain, String emailId, String column) {
    if (plain == null || key == null) {
      return plain;
    }
    try {
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(aad(emailId, column));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed);
      return PREFIX + Base64.getEncoder().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * Decrypts a value written by {@link #encrypt}; a value without the prefix is returned as it is. Without a key an
   * encrypted value is refused with an {@link IllegalStateException}.
   */
  public String decrypt(String stored, String emailId, String column) {
    if (key == null) {
      return plainOnly(stored, emailId, column);
    }
    if (stored == null || !stored.startsWith(PREFIX)) {
      return stored;
    }
    try {
      byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
      cipher.updateAAD(aad(emailId, column));
      return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot decrypt " + column + " of email '" + emailId
          + "': wrong encryption key or damaged value", e);
    }
  }

  private static String plainOnly(String stored, String emailId, String column) {
    if (stored != null && stored.startsWith(PREFIX)) {
      throw new IllegalStateException(column + " of email '" + emailId
          + "' is encrypted, but the store has no encryption key");
    }
    return stored;
  }

  private static byte[] aad(String emailId, String column) {
    return ("emailtriage|" + column + "|" + emailId).getBytes(StandardCharsets.UTF_8);
  }
}
