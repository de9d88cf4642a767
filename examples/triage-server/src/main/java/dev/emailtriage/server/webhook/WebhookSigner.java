package dev.emailtriage.server.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs deliveries as the Standard Webhooks specification asks: {@code webhook-signature: v1,<base64 of
 * HMAC-SHA256(key, webhook-id + "." + webhook-timestamp + "." + body)>}. The key is the base64 after {@code whsec_}
 * when {@code EMAILTRIAGE_WEBHOOK_SECRET} starts so (the specification's format), else the secret's UTF-8 bytes.
 * Thread-safe.
 */
public final class WebhookSigner {

  private final byte[] key;

  /** A signer with {@code secret}. */
  public WebhookSigner(String secret) {
    this.key = key(secret);
  }

  /** The HMAC key of {@code secret}, as above. */
  public static byte[] key(String secret) {
    String s = secret.trim();
    if (s.startsWith("whsec_")) {
      return Base64.getDecoder().decode(s.substring("whsec_".length()));
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The {@code webhook-signature} value of one attempt. */
  public String sign(String id, long timestampSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
