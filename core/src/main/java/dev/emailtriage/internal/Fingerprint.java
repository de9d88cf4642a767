package dev.emailtriage.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The similar-email fingerprint of a message: its normalised text (quoted replies, signatures, URLs' paths and
 * tracking tokens, numbers, punctuation, whitespace and case removed), an exact SHA-256 key scoped by prompt
 * version, and a 64-bit SimHash for near-duplicates. Immutable. Not API.
 *
 * <p>Only a bounded, normalised window is read: the first {@value #MAX_WORDS} normalised words (about 12,000
 * characters of English, more than the 10,000 cleaned characters a model adapter sends by default), taken from the
 * subject's first {@value #SUBJECT_WINDOW} characters and the body's first {@value #BODY_WINDOW}. So a 1 MB body
 * costs what a 20 KB one does, and removed things (numbers, tracking tokens, URL paths, quoted lines) do not move
 * the window. Computed in one pass over the characters, without regular expressions, without building the
 * normalised text or any per-word string: words are hashed as they are read, the SHA-256 is fed from a small
 * per-thread buffer, and the SimHash counts its 64 bit columns in eight byte-lane counters (eight independent
 * additions per feature instead of 64). For texts inside the window the result is the same as that of the earlier
 * regular-expression normaliser, so the exact fingerprints already stored keep matching.
 *
 * @param exact hex SHA-256 of the prompt key and the normalised text
 * @param simHash the 64-bit SimHash of the normalised text's words and word pairs
 * @param tokens how many words the normalised text has (near matches need enough of them)
 */
public record Fingerprint(String exact, long simHash, int tokens) {

  /** How many normalised words are fingerprinted at most; the rest is not read. */
  public static final int MAX_WORDS = 2_000;

  /** How many characters of the body are read at most (whatever the normalisation removes from them). */
  public static final int BODY_WINDOW = 32_768;

  /** How many characters of the subject are fingerprinted. */
  public static final int SUBJECT_WINDOW = 1_024;

  private static final String[] REPLY_PREFIXES = {"res", "re", "fwd", "fw", "enc", "aw", "sv", "tr"};
  private static final String[] URL_PREFIXES = {"https://", "http://", "www."};
  private static final long PAIR = 0x9e3779b97f4a7c15L;
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  /** The lowest bit of each byte. */
  private static final long LOW_BITS = 0x0101010101010101L;
  /** How many features the byte lanes take before they are flushed (a byte counts to 255; two at a time). */
  private static final int LANE_FLUSH = 254;
  /** Free bytes the SHA-256 buffer must have before a run is read into it (else it is flushed first). */
  private static final int RUN_ROOM = 256;

  /** Bits of each character below 128: whitespace, letter, digit (as {@link Character}'s methods say). */
  private static final byte[] ASCII = new byte[128];
  private static final byte SPACE = 1;
  private static final byte LETTER = 2;
  private static final byte DIGIT = 4;

  static {
    for (char c = 0; c < 128; c++) {
      ASCII[c] = (byte) ((Character.isWhitespace(c) ? SPACE : 0) | (Character.isLetter(c) ? LETTER : 0)
          | (Character.isDigit(c) ? DIGIT : 0));
    }
  }

  /** The first characters of the lines that can end the text (see Scanner.cutsHere). */
  private static final String MARKER_START = "-_oOeEfF";

  private static final ThreadLocal<Scanner> SCANNERS = ThreadLocal.withInitial(Scanner::new);

  /** The fingerprint of a message under a prompt version ({@code promptKey}). */
  public static Fingerprint of(String promptKey, String subject, String body) {
    return SCANNERS.get().fingerprint(promptKey, subject, body);
  }

  /**
   * The normalised text of a message (of its window): what two copies of the same mail have in common. For tests
   * and diagnostics; {@link #of} does not build it.
   */
  public static String normalise(String subject, String body) {
    Scanner s = new Scanner();
    s.text = new StringBuilder();
    s.scan(subject, body);
    return s.text.toString();
  }

  /** How many bits differ between two SimHashes. */
  public static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }

  /** FNV-1a 64 over the chars of a word, finished with a MurmurHash3 mix so nearby strings spread. */
  static long hash64(CharSequence word) {
    long h = FNV_OFFSET;
    for (int i = 0; i < word.length(); i++) {
      h ^= word.charAt(i);
      h *= FNV_PRIME;
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

  private static boolean isSpace(char c) {
    return c < 128 ? (ASCII[c] & SPACE) != 0 : Character.isWhitespace(c);
  }

  private static boolean isWordChar(char c) {
    return c < 128 ? (ASCII[c] & (LETTER | DIGIT)) != 0 : Character.isLetterOrDigit(c);
  }

  private static boolean isDigit(char c) {
    return c < 128 ? (ASCII[c] & DIGIT) != 0 : Character.isDigit(c);
  }

  /** {@link Character#toLowerCase(char)}, with ASCII first. */
  private static char lower(char c) {
    if (c < 128) {
      return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
    return Character.toLowerCase(c);
  }

  /** A line terminator as {@code java.util.regex} sees one (for the line-anchored markers). */
  private static boolean isLineEnd(char c) {
    return c <= '\r' ? c == '\n' || c == '\r' : c >= '\u0085' && (c == '\u0085' || c == '\u2028' || c == '\u2029');
  }

  /** Whitespace as the regular expression {@code \s} meant it: ASCII only. */
  private static boolean isRegexSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
  }

  /**
   * One thread's scanner: reads a message's window once, hashes each word as it goes, feeds the normalised text's
   * UTF-8 to SHA-256 through a small buffer and counts SimHash features. Reused by its thread; never shared.
   */
  private static final class Scanner {
    private final MessageDigest sha;
    private final byte[] out = new byte[2048];
    /** The window's characters (subject, then body), copied once: array reads are cheaper than charAt. */
    private char[] chars = new char[1024];
    /**
     * Byte-lane counters of the features since the last flush: byte k of lanes[j] counts the features with bit
     * {@code 8k + j} set (at most {@value #LANE_FLUSH} features, so no byte overflows).
     */
    private final long[] lanes = new long[8];
    /** How many features had bit b set, up to the last flush of the lanes. */
    private final int[] columns = new int[64];
    private int sinceFlush;
    private int outLength;
    private int tokens;
    private int features;
    private long previous;
    private String lastPromptKey;
    private byte[] lastPromptBytes;
    /** When set (normalise), the normalised text is also written here. */
    private StringBuilder text;

    Scanner() {
      try {
        sha = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required by every JDK", e);
      }
    }

    Fingerprint fingerprint(String promptKey, String subject, String body) {
      sha.reset();
      if (promptKey != lastPromptKey) {
        lastPromptBytes = (promptKey + "\n").getBytes(StandardCharsets.UTF_8);
        lastPromptKey = promptKey;
      }
      sha.update(lastPromptBytes);
      scan(subject, body);
      sha.update(out, 0, outLength);
      String exact = HexFormat.of().formatHex(sha.digest());
      return new Fingerprint(exact, simHash(), tokens);
    }

    void scan(String subject, String body) {
      outLength = 0;
      tokens = 0;
      features = 0;
      sinceFlush = 0;
      Arrays.fill(lanes, 0);
      Arrays.fill(columns, 0);
      String s = subject == null ? "" : subject;
      int subjectEnd = Math.min(s.length(), SUBJECT_WINDOW);
      words(copy(s, subjectEnd), replyPrefixEnd(s, subjectEnd), subjectEnd);
      if (body != null) {
        int end = Math.min(body.length(), BODY_WINDOW);
        scanBody(body, copy(body, end), end);
      }
    }

    /** The first {@code end} characters of {@code text} in the reused array. */
    private char[] copy(String text, int end) {
      if (chars.length < end) {
        chars = new char[Math.max(end, Math.min(BODY_WINDOW, 2 * chars.length))];
      }
      text.getChars(0, end, chars, 0);
      return chars;
    }

    /**
     * The body up to {@code end}, line by line: stop at a quote header or a signature line, skip quoted lines,
     * read the words of the others. The markers are checked on the string, once per line; the words on the array.
     */
    private void scanBody(String b, char[] c, int end) {
      int i = 0;
      while (i < end && tokens < MAX_WORDS) {
        int lineEnd = i;
        while (lineEnd < end && !isLineEnd(c[lineEnd])) {
          lineEnd++;
        }
        if (i < lineEnd) {
          char first = c[i];
          if (MARKER_START.indexOf(first) >= 0 && cutsHere(b, i, lineEnd, end)) {
            return;
          }
          if (!quoted(c, i, lineEnd)) {
            words(c, i, lineEnd);
          }
        }
        i = lineEnd + 1;
      }
    }

    /** Whether the line [from, to) ends the text: a signature ({@code -- }) or the header of quoted history. */
    private static boolean cutsHere(String b, int from, int to, int end) {
      if (from == to) {
        return false;
      }
      char c = b.charAt(from);
      switch (c) {
        case '-':
          return signature(b, from, to) || separator(b, from, to, "original message")
              || separator(b, from, to, "mensagem original");
        case '_': {
          int n = 0;
          while (from + n < to && b.charAt(from + n) == '_') {
            n++;
          }
          return n >= 10;
        }
        case 'o', 'O':
          return startsWith(b, from, to, "on ") && within(b, from + 3, to, 200, "wrote:");
        case 'e', 'E':
          return startsWith(b, from, to, "em ") && within(b, from + 3, to, 200, "escreveu:")
              || startsWith(b, from, to, "el ") && (within(b, from + 3, to, 200, "escribió:")
                  || within(b, from + 3, to, 200, "escribio:"));
        case 'f', 'F':
          return startsWith(b, from, to, "from: ") && forwardedHeader(b, to, end);
        default:
          return false;
      }
    }

    /** {@code -- ?} alone on its line. */
    private static boolean signature(String b, int from, int to) {
      int n = to - from;
      return (n == 2 || n == 3 && b.charAt(from + 2) == ' ') && b.charAt(from + 1) == '-';
    }

    /** {@code -{2,}\s*<words>\s*-{2,}} at the start of the line. */
    private static boolean separator(String b, int from, int to, String words) {
      int i = from;
      while (i < to && b.charAt(i) == '-') {
        i++;
      }
      if (i - from < 2) {
        return false;
      }
      while (i < to && isRegexSpace(b.charAt(i))) {
        i++;
      }
      if (!startsWith(b, i, to, words)) {
        return false;
      }
      i += words.length();
      while (i < to && isRegexSpace(b.charAt(i))) {
        i++;
      }
      return i + 1 < to && b.charAt(i) == '-' && b.charAt(i + 1) == '-';
    }

    /** After a {@code from: } line: the next line starts with {@code sent: }, {@code date: } or {@code to: }. */
    private static boolean forwardedHeader(String b, int lineEnd, int end) {
      if (lineEnd >= end) {
        return false;
      }
      int next = lineEnd + 1;
      if (b.charAt(lineEnd) == '\r' && next < end && b.charAt(next) == '\n') {
        next++;
      }
      return startsWith(b, next, end, "sent: ") || startsWith(b, next, end, "date: ")
          || startsWith(b, next, end, "to: ");
    }

    /** Whether {@code word} (lowercase) starts in [from, from + 1 + maxBefore], ending by {@code to}. */
    private static boolean within(String b, int from, int to, int maxBefore, String word) {
      int last = Math.min(from + maxBefore, to - word.length());
      for (int i = from; i <= last; i++) {
        if (b.regionMatches(true, i, word, 0, word.length())) {
          return true;
        }
      }
      return false;
    }

    private static boolean startsWith(String b, int from, int to, String word) {
      return to - from >= word.length() && b.regionMatches(true, from, word, 0, word.length());
    }

    /** Whether the line's first non-whitespace character is {@code >}. */
    private static boolean quoted(char[] c, int from, int to) {
      int i = from;
      while (i < to && isRegexSpace(c[i])) {
        i++;
      }
      return i < to && c[i] == '>';
    }

    /**
     * Where the subject's reply and forward prefixes end ({@code Re: Fwd[2]: ...}, as
     * {@code ^\s*((re|res|fw|fwd|enc|aw|sv|tr)\s*(\[\d+\])?\s*:\s*)+} matched, case-insensitive); 0 without one.
     */
    private static int replyPrefixEnd(String s, int end) {
      int matched = 0;
      int i = 0;
      while (true) {
        while (i < end && isRegexSpace(s.charAt(i))) {
          i++;
        }
        int next = -1;
        for (String p : REPLY_PREFIXES) {
          if (startsWith(s, i, end, p)) {
            next = prefixTail(s, i + p.length(), end);
            if (next >= 0) {
              break;
            }
          }
        }
        if (next < 0) {
          return matched;
        }
        matched = next;
        i = next;
      }
    }

    /** After a prefix word: {@code \s*(\[\d+\])?\s*:\s*}; the end of it, or -1. */
    private static int prefixTail(String s, int i, int end) {
      while (i < end && isRegexSpace(s.charAt(i))) {
        i++;
      }
      if (i < end && s.charAt(i) == '[') {
        int j = i + 1;
        while (j < end && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
          j++;
        }
        if (j > i + 1 && j < end && s.charAt(j) == ']') {
          i = j + 1;
          while (i < end && isRegexSpace(s.charAt(i))) {
            i++;
          }
        }
      }
      if (i >= end || s.charAt(i) != ':') {
        return -1;
      }
      i++;
      while (i < end && isRegexSpace(s.charAt(i))) {
        i++;
      }
      return i;
    }

    /**
     * The words of text[from, to), in one pass: whitespace-separated tokens; a URL becomes its host's words; within
     * a token, each run of letters and digits is a word unless it holds a digit (ids, tracking tokens, numbers).
     */
    private void words(char[] t, int from, int to) {
      int i = from;
      while (i < to && tokens < MAX_WORDS) {
        char c = t[i];
        if (isSpace(c)) {
          i++;
          continue;
        }
        // a URL starts h(t) or w(w): the second letter spares most words the prefix comparison
        int scheme = (c == 'h' || c == 'H' || c == 'w' || c == 'W') && i + 1 < to
            && ((c = t[i + 1]) == 't' || c == 'T' || c == 'w' || c == 'W') ? urlPrefix(t, i, to) : -1;
        if (scheme >= 0) {
          int hostEnd = i + scheme;
          while (hostEnd < to && !isSpace(c = t[hostEnd]) && c != '/' && c != '?' && c != '#') {
            hostEnd++;
          }
          runs(t, i + scheme, hostEnd);
          i = hostEnd;
          while (i < to && !isSpace(t[i])) {
            i++;
          }
          continue;
        }
        // a plain token: its runs, up to the next whitespace
        while (i < to && tokens < MAX_WORDS) {
          c = t[i];
          if (!isWordChar(c)) {
            if (isSpace(c)) {
              break;
            }
            i++;
            continue;
          }
          i = run(t, i, to);
        }
      }
    }

    /** The length of a leading {@code http://}, {@code https://} or {@code www.} in the token at {@code from}. */
    private static int urlPrefix(char[] t, int from, int to) {
      int tokenEnd = from;
      while (tokenEnd < to && tokenEnd - from <= 8 && !isSpace(t[tokenEnd])) {
        tokenEnd++;
      }
      for (String prefix : URL_PREFIXES) {
        int n = prefix.length();
        if (tokenEnd - from > n && startsWithIgnoreCase(t, from, prefix)) {
          return n;
        }
      }
      return -1;
    }

    /** {@code String.regionMatches(true, ...)} on the array, without a copy. */
    private static boolean startsWithIgnoreCase(char[] t, int from, String prefix) {
      for (int k = 0; k < prefix.length(); k++) {
        char a = t[from + k];
        char p = prefix.charAt(k);
        if (a != p) {
          char ua = Character.toUpperCase(a);
          char up = Character.toUpperCase(p);
          if (ua != up && Character.toLowerCase(ua) != Character.toLowerCase(up)) {
            return false;
          }
        }
      }
      return true;
    }

    private void runs(char[] t, int from, int to) {
      int j = from;
      while (j < to && tokens < MAX_WORDS) {
        char c = t[j];
        if (!isWordChar(c)) {
          j++;
          continue;
        }
        j = run(t, j, to);
      }
    }

    /**
     * Reads the run of letters and digits starting at {@code t[i]} (a word character), up to {@code to}: a run
     * without a digit is a word. Hashes it and writes its lowercase UTF-8 (after a space) to the SHA-256 buffer in
     * the same pass, taking the bytes back when the run turns out to hold a digit. Returns where the run ends.
     */
    private int run(char[] t, int i, int to) {
      if (outLength > out.length - RUN_ROOM) {
        sha.update(out, 0, outLength);
        outLength = 0;
      }
      byte[] o = out;
      int n = outLength;
      if (tokens > 0) {
        o[n++] = ' ';
      }
      int limit = o.length - 3;
      int start = i;
      boolean digit = false;
      long h = FNV_OFFSET;
      char c = t[i];
      do {
        digit |= isDigit(c);
        char lc = lower(c);
        h = (h ^ lc) * FNV_PRIME;
        n = utf8(o, n, lc);
        i++;
        if (n > limit) {
          return longRun(t, start, i, to, digit, h);
        }
      } while (i < to && isWordChar(c = t[i]));
      if (!digit) {
        if (text != null) {
          word(t, start, i, mix(h)); // normalise(): the slow path, which also writes the text
        } else {
          outLength = n;
          count(mix(h));
        }
      }
      return i;
    }

    /**
     * A run too long for the buffer's room: its bytes written so far are taken back; the rest of the run is read
     * (from {@code i}, with the hash {@code h} and {@code digit} so far), and a word goes through {@link #word}.
     */
    private int longRun(char[] t, int start, int i, int to, boolean digit, long h) {
      char c;
      while (i < to && isWordChar(c = t[i])) {
        digit |= isDigit(c);
        h = (h ^ lower(c)) * FNV_PRIME;
        i++;
      }
      if (!digit) {
        word(t, start, i, mix(h));
      }
      return i;
    }

    /** One normalised word: into the SHA-256 input (space-separated, lowercase UTF-8) and the SimHash. */
    private void word(char[] t, int from, int to, long hash) {
      if (outLength + 1 + 3 * (to - from) > out.length) {
        sha.update(out, 0, outLength);
        outLength = 0;
      }
      if (tokens > 0) {
        out[outLength++] = ' ';
        if (text != null) {
          text.append(' ');
        }
      }
      for (int k = from; k < to; k++) {
        char c = lower(t[k]);
        if (text != null) {
          text.append(c);
        }
        outLength = utf8(out, outLength, c);
        if (to - from > out.length / 3 && outLength > out.length - 3) {
          sha.update(out, 0, outLength);
          outLength = 0;
        }
      }
      count(hash);
    }

    /** Writes {@code c} as UTF-8 (one to three bytes: a char, so no surrogate pairs) at {@code o[n]}; the new end. */
    private static int utf8(byte[] o, int n, char c) {
      if (c < 0x80) {
        o[n++] = (byte) c;
      } else if (c < 0x800) {
        o[n++] = (byte) (0xc0 | c >> 6);
        o[n++] = (byte) (0x80 | c & 0x3f);
      } else {
        o[n++] = (byte) (0xe0 | c >> 12);
        o[n++] = (byte) (0x80 | c >> 6 & 0x3f);
        o[n++] = (byte) (0x80 | c & 0x3f);
      }
      return n;
    }

    /** Counts one word (its hash) and its pair with the previous word as SimHash features. */
    private void count(long hash) {
      if (tokens > 0) {
        add(mix(previous * PAIR ^ hash), hash);
        features += 2;
      } else {
        add(hash, 0); // the first word has no pair: a zero adds nothing to the lanes
        features++;
      }
      previous = hash;
      tokens++;
    }

    /**
     * Adds two SimHash features' 64 bits to their columns' byte lanes (eight independent additions for both); the
     * caller counts the features.
     */
    private void add(long a, long b) {
      long[] l = lanes;
      l[0] += (a & LOW_BITS) + (b & LOW_BITS);
      l[1] += ((a >>> 1) & LOW_BITS) + ((b >>> 1) & LOW_BITS);
      l[2] += ((a >>> 2) & LOW_BITS) + ((b >>> 2) & LOW_BITS);
      l[3] += ((a >>> 3) & LOW_BITS) + ((b >>> 3) & LOW_BITS);
      l[4] += ((a >>> 4) & LOW_BITS) + ((b >>> 4) & LOW_BITS);
      l[5] += ((a >>> 5) & LOW_BITS) + ((b >>> 5) & LOW_BITS);
      l[6] += ((a >>> 6) & LOW_BITS) + ((b >>> 6) & LOW_BITS);
      l[7] += ((a >>> 7) & LOW_BITS) + ((b >>> 7) & LOW_BITS);
      sinceFlush += 2;
      if (sinceFlush >= LANE_FLUSH) {
        flushLanes();
      }
    }

    /** Moves the byte lanes' counts into the column totals. */
    private void flushLanes() {
      for (int j = 0; j < 8; j++) {
        long lane = lanes[j];
        for (int k = 0; k < 8; k++) {
          columns[8 * k + j] += (int) ((lane >>> (8 * k)) & 0xff);
        }
        lanes[j] = 0;
      }
      sinceFlush = 0;
    }

    /** Bit b is set when more than half of the features had bit b set (the SimHash's positive weight). */
    private long simHash() {
      flushLanes();
      long out = 0;
      for (int bit = 0; bit < 64; bit++) {
        if (2 * columns[bit] > features) {
          out |= 1L << bit;
        }
      }
      return out;
    }
  }
}
