package dev.emailtriage.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The fingerprint as it was computed before issue 16 (regular expressions, the normalised text built as a string,
 * SHA-256 and SimHash over it, no window), kept as the test oracle that {@link Fingerprint} must agree with inside
 * its window. Original description: the similar-email fingerprint of a message: its normalised text (quoted replies, signatures, URLs' paths and
 * tracking tokens, numbers, punctuation, whitespace and case removed), an exact SHA-256 key scoped by prompt
 * version, and a 64-bit SimHash for near-duplicates. Immutable. Not API.
 *
 * @param exact hex SHA-256 of the prompt key and the normalised text
 * @param simHash the 64-bit SimHash of the normalised text's words and word pairs
 * @param tokens how many words the normalised text has (near matches need enough of them)
 */
record RegexFingerprint(String exact, long simHash, int tokens) {

  private static final Pattern SUBJECT_PREFIX =
      Pattern.compile("^\\s*((re|res|fw|fwd|enc|aw|sv|tr)\\s*(\\[\\d+\\])?\\s*:\\s*)+", Pattern.CASE_INSENSITIVE);
  private static final Pattern QUOTE_HEADER = Pattern.compile(
      "(?im)^(on .{0,200}wrote:|em .{0,200}escreveu:|el .{0,200}escribi[oó]:|-{2,}\\s*original message\\s*-{2,}"
          + "|-{2,}\\s*mensagem original\\s*-{2,}|_{10,}|from: .*\\R(sent|date|to): ).*");
  private static final Pattern SIGNATURE = Pattern.compile("(?m)^-- ?$");
  private static final String[] URL_PREFIXES = {"https://", "http://", "www."};
  private static final Pattern QUOTED_LINE = Pattern.compile("(?m)^\\s*>.*$");

  /** The fingerprint of a message under a prompt version ({@code promptKey}). */
  static RegexFingerprint of(String promptKey, String subject, String body) {
    String text = normalise(subject, body);
    return new RegexFingerprint(sha256(promptKey + "\n" + text), simHash(text), text.isEmpty() ? 0
        : text.split(" ").length);
  }

  /** The normalised text of a message: what two copies of the same mail have in common. */
  public static String normalise(String subject, String body) {
    String b = body == null ? "" : body;
    b = cutAt(b, QUOTE_HEADER);
    b = cutAt(b, SIGNATURE);
    b = QUOTED_LINE.matcher(b).replaceAll(" ");
    String s = SUBJECT_PREFIX.matcher(subject == null ? "" : subject).replaceFirst("");
    StringBuilder out = new StringBuilder(s.length() + b.length());
    appendWords(s, out);
    appendWords(b, out);
    return out.toString();
  }

  /**
   * Appends the words of {@code text}, lowercase and space-separated, in one pass: a URL becomes its host's
   * words, and a run of letters and digits that holds a digit (ids, tracking tokens, numbers) is dropped.
   */
  private static void appendWords(String text, StringBuilder out) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      int scheme = urlPrefix(text, start, i);
      if (scheme < 0) {
        appendRuns(text, start, i, out);
      } else {
        int hostEnd = start + scheme;
        while (hostEnd < i && "/?#".indexOf(text.charAt(hostEnd)) < 0) {
          hostEnd++;
        }
        appendRuns(text, start + scheme, hostEnd, out);
      }
    }
  }

  /** The length of a leading {@code http://}, {@code https://} or {@code www.} in text[from, to), else -1. */
  private static int urlPrefix(String text, int from, int to) {
    for (String prefix : URL_PREFIXES) {
      if (to - from > prefix.length() && text.regionMatches(true, from, prefix, 0, prefix.length())) {
        return prefix.length();
      }
    }
    return -1;
  }

  private static void appendRuns(String text, int from, int to, StringBuilder out) {
    int j = from;
    while (j < to) {
      while (j < to && !Character.isLetterOrDigit(text.charAt(j))) {
        j++;
      }
      int start = j;
      boolean digit = false;
      while (j < to && Character.isLetterOrDigit(text.charAt(j))) {
        digit |= Character.isDigit(text.charAt(j));
        j++;
      }
      if (start < j && !digit) {
        if (out.length() > 0) {
          out.append(' ');
        }
        for (int k = start; k < j; k++) {
          out.append(Character.toLowerCase(text.charAt(k)));
        }
      }
    }
  }

  private static String cutAt(String text, Pattern marker) {
    var m = marker.matcher(text);
    return m.find() ? text.substring(0, m.start()) : text;
  }

  /** The SimHash of the words and the consecutive word pairs. */
  static long simHash(String normalised) {
    if (normalised.isEmpty()) {
      return 0;
    }
    String[] words = normalised.split(" ");
    long[] wordHashes = new long[words.length];
    for (int i = 0; i < words.length; i++) {
      wordHashes[i] = hash64(words[i]);
    }
    int[] weights = new int[64];
    for (int i = 0; i < words.length; i++) {
      addFeature(weights, wordHashes[i]);
      if (i + 1 < words.length) {
        addFeature(weights, mix(wordHashes[i] * 0x9e3779b97f4a7c15L ^ wordHashes[i + 1]));
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

  private static void addFeature(int[] weights, long h) {
    for (int bit = 0; bit < 64; bit++) {
      weights[bit] += (int) ((h >>> bit) & 1) * 2 - 1;
    }
  }

  /** FNV-1a 64 over the UTF-16 chars, finished with a MurmurHash3 mix so nearby strings spread. */
  private static long hash64(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** MurmurHash3's 64-bit finaliser. */
  private static long mix(long h) {
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

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}
