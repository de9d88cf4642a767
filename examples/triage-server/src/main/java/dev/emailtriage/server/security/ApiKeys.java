package dev.emailtriage.server.security;

import dev.emailtriage.server.config.ServerSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The two API keys: the ordinary one (everything but prompt changes) and the admin one (everything). Keys come from
 * configuration; a missing key is made at random at start-up (never a known default) and shown once by
 * {@link StartupBanner}. Keys are compared in constant time on their SHA-256 digests, so neither their content nor
 * their length leaks through timing. Keys are never logged: requests are identified by {@link Role#keyId()}.
 */
@Component
public class ApiKeys {

  /** Who a key belongs to. */
  public enum Role {
    /** The ordinary key. */
    USER("user-key"),
    /** The admin key. */
    ADMIN("admin-key");

    private final String keyId;

    Role(String keyId) {
      this.keyId = keyId;
    }

    /** The name that stands for the key in audit logs and {@code created_by}. */
    public String keyId() {
      return keyId;
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);

  /** Keys shorter than this are accepted with a WARN: they can be guessed. */
  static final int MIN_RECOMMENDED_LENGTH = 24;

  private final byte[] userDigest;
  private final byte[] adminDigest;
  private final String generatedUserKey;
  private final String generatedAdminKey;

  /** Reads the keys from the settings and makes the missing ones. */
  public ApiKeys(ServerSettings settings) {
    String user = settings.apiKey();
    String admin = settings.adminKey();
    this.generatedUserKey = isBlank(user) ? random("etk_") : null;
    this.generatedAdminKey = isBlank(admin) ? random("etk_admin_") : null;
    warnIfShort("EMAILTRIAGE_API_KEY", user);
    warnIfShort("EMAILTRIAGE_ADMIN_KEY", admin);
    this.userDigest = sha256(generatedUserKey != null ? generatedUserKey : user.trim());
    this.adminDigest = sha256(generatedAdminKey != null ? generatedAdminKey : admin.trim());
  }

  /** The role of the presented key, if it is one of ours; constant time for any key of any length. */
  public Optional<Role> identify(String presented) {
    if (presented == null || presented.isEmpty()) {
      return Optional.empty();
    }
    byte[] digest = sha256(presented);
    boolean admin = MessageDigest.isEqual(digest, adminDigest);
    boolean user = MessageDigest.isEqual(digest, userDigest);
    if (admin) {
      return Optional.of(Role.ADMIN);
    }
    return user ? Optional.of(Role.USER) : Optional.empty();
  }

  /** The ordinary key made at start-up, when none was configured: shown once, at start-up. */
  Optional<String> generatedUserKey() {
    return Optional.ofNullable(generatedUserKey);
  }

  /** The admin key made at start-up, when none was configured: shown once, at start-up. */
  Optional<String> generatedAdminKey() {
    return Optional.ofNullable(generatedAdminKey);
  }

  private static void warnIfShort(String name, String key) {
    if (!isBlank(key) && key.trim().length() < MIN_RECOMMENDED_LENGTH) {
      LOG.warn("{} is shorter than {} characters; use a long random key (openssl rand -base64 32)", name,
          MIN_RECOMMENDED_LENGTH);
    }
  }

  private static String random(String prefix) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
