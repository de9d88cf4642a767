package dev.emailtriage.benchmarks;

import java.util.SplittableRandom;

/**
 * Deterministic mail-like text for the benchmarks: sentences of common English words with line breaks, a number
 * now and then, a URL with a tracking token, a quoted line and a signature, so the fingerprint's normalisation has
 * the kinds of text it strips. Not meant to read well; meant to cost what real text costs.
 */
final class SyntheticText {

  private static final String[] WORDS = (
      "the of and to in is you that it he was for on are as with his they at be this have from or one had by "
      + "word but not what all were we when your can said there use an each which she do how their if will up "
      + "other about out many then them these so some her would make like him into time has look two more write "
      + "go see number no way could people my than first water been call who oil its now find long down day did "
      + "get come made may part order invoice delivery price product please thanks question help support account "
      + "payment shipping customer request meeting tomorrow report update issue problem service contract team "
      + "project schedule review attached document information available possible discount quantity deadline").split(" ");

  private SyntheticText() {}

  /** A body of at least {@code chars} characters, the same for the same {@code seed}. */
  static String body(int chars, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    StringBuilder sb = new StringBuilder(chars + 200);
    sb.append("Hello,\n\n");
    int wordsInLine = 0;
    while (sb.length() < chars - 120) {
      int sentence = 6 + r.nextInt(14);
      for (int i = 0; i < sentence; i++) {
        String w = WORDS[r.nextInt(WORDS.length)];
        sb.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
        int roll = r.nextInt(100);
        if (roll < 2) {
          sb.append(" #").append(10_000 + r.nextInt(90_000));
        } else if (roll < 3) {
          sb.append(" https://track.example.com/c/").append(Long.toHexString(r.nextLong())).append("?u=")
              .append(r.nextInt(1_000_000));
        }
        sb.append(i == sentence - 1 ? (r.nextInt(5) == 0 ? "? " : ". ") : " ");
        if (++wordsInLine >= 12) {
          sb.append('\n');
          wordsInLine = 0;
        }
      }
      if (r.nextInt(8) == 0) {
        sb.append("\n\n");
      }
    }
    sb.append("\n\n> an earlier line quoted from the previous message\n\n-- \nAna Souza\nBuyer, Example Co.\n");
    return sb.toString();
  }
}
