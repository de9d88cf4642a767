package dev.emailtriage.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The similar-email fingerprint of a message: its normalised text (quoted replies, signatures, URLs' paths and
 * tracking tokens, numbers, punctuation, whitespace and case removed), an exact SHA-256 key scoped by prompt
 * version, and a 64-bit SimHash for near-duplicates. Immutable. Not API.
 *
 * @param exact hex SHA-256 of the prompt key and the normalised text
 * @param simHash the 64-bit SimHash of the normalised text's word pairs
 * @param tokens how many words the normalised text has (near matches need enough of them)
 */
public record Fingerprint(String exact, long simHash, int tokens) {

  private static final Pattern SUBJECT_PREFIX =
      Pattern.compile("^\\s*((re|res|fw|fwd|enc|aw|sv|tr)\\s*(\\[\\d+\\])?\\s*:\\s*)+", Pattern.CASE_INSENSITIVE);
  private static final Pattern QUOTE_HEADER = Pattern.compile(
      "(?im)^(on .{0,200}wrote:|em .{0,200}escreveu:|el .{0,200}escribi[oó]:|-{2,}\\s*original message\\s*-{2,}"
          + "|-{2,}\\s*mensagem original\\s*-{2,}|_{10,}|from: .*\\R(sent|date|to): ).*");
  private static final Pattern SIGNATURE = Pattern.compile("(?m)^-- ?$");
  private static final Pattern QUOTED_LINE = Pattern.compile("(?m)^\\s*>.*$");
  private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)([^/\\s?#]+)[^\\s]*");
  private static final Pattern TOKEN_WITH_DIGITS = Pattern.compile("\\b(?=\\w*\\d)\\w+\\b");
  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  /** The fingerprint of a message under a prompt version ({@code promptKey}). */
  public static Fingerprint of(String promptKey, String subject, String body) {
    String text = normalise(subject, body);
    return new Fingerprint(sha256(promptKey + "\n" + text), simHash(text), text.isEmpty() ? 0
        : text.split(" ").length);
  }

  /** The normalised text of a message: what two copies of the same mail have in common. */
  public static String normalise(String subject, String body) {
    String b = body == null ? "" : body;
    b = cutAt(b, QUOTE_HEADER);
    b = cutAt(b, SIGNATURE);
    b = QUOTED_LINE.matcher(b).replaceAll(" ");
    String s = SUBJECT_PREFIX.matcher(subject == null ? "" : subject).replaceFirst("");
    String all = (s + " " + b).toLowerCase(Locale.ROOT);
    all = URL.matcher(all).replaceAll(" $1 ");
    all = TOKEN_WITH_DIGITS.matcher(all).replaceAll(" ");
    return NON_WORD.matcher(all).replaceAll(" ").trim();
  }

  private static String cutAt(String text, Pattern marker) {
    var m = marker.matcher(text);
    return m.find() ? text.substring(0, m.start()) : text;
  }

  /** The SimHash of consecutive word pairs (single words for a one-word text). */
  static long simHash(String normalised) {
    if (normalised.isEmpty()) {
      return 0;
    }
    String[] words = normalised.split(" ");
    int[] weights = new int[64];
    int n = Math.max(1, words.length - 1);
    for (int i = 0; i < n; i++) {
      String shingle = words.length == 1 ? words[0] : words[i] + ' ' + words[i + 1];
      long h = hash64(shingle);
      for (int bit = 0; bit < 64; bit++) {
        weights[bit] += ((h >>> bit) & 1) == 1 ? 1 : -1;
      }
    }
    long out = 0;
    for (int bit = 0; bit < 64; bit++) {
      if (weights[bit] > 0) {
        out |= 1L << bit;
      }
    }
    return out;
  }

  /** FNV-1a 64 over the UTF-16 chars, finished with a MurmurHash3 mix so nearby strings spread. */
  private static long hash64(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }

  /** How many bits differ between two SimHashes. */
  public static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}
