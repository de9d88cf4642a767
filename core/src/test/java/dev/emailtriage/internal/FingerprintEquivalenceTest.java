package dev.emailtriage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The one-pass {@link Fingerprint} gives exactly what the earlier regular-expression fingerprint
 * ({@link RegexFingerprint}) gave for any text inside its window, so quality is unchanged and fingerprints already
 * stored keep matching; beyond the window nothing is read.
 */
class FingerprintEquivalenceTest {

  private static final String[] PIECES = {
      "Hello Ana,", "please check my order", "On Mon, 3 Feb 2025, Bob <bob@example.com> wrote:", "on tue bob wrote:",
      "-- ", "--", "---", "--  ", "> quoted text", "  >> deeper", ">", "-----Original Message-----",
      "-- Mensagem original --", "From: Ana <ana@example.com>", "Sent: Monday", "To: bob", "Date: today", "from: x",
      "__________", "_________", "Em 3 de jan. de 2025, Ana escreveu:", "El lunes, Juan escribió:",
      "El lunes, Juan escribio:", "https://t.example.com/c/a8f7e6d5?u=991", "HTTP://Www.Example.org/x#y", "www.",
      "www.shop.example.com.br/promo", "http://", "ação rápida", "Straße", "İstanbul", "ÉCOLE", "abc123 x9y",
      "order #12345", "😀 emoji", "tab\there", "nbsp\u00a0space", "nel\u0085line", "ls\u2028sep", "ünïcödé-wörds",
      "日本語のテキスト", "Привет мир", "e-mail, (punctuation)!", "a", "Re: subject in body", "  indented line",
      "wrote:", "on " + "x".repeat(210) + " wrote:", "httpſ://ſhop.example.com/x", "HTTPS://A.B/c?d=1",
      "(https://paren.example.com/x)", "<http://angle.example.com/path/words>", "wWw.Mixed.Case/Path", "h", "w",
      "httpx://not.a.url/path words", "mail@example.com", "x".repeat(700), "ä".repeat(700) + " end"};
  private static final String[] BREAKS = {"\n", "\r\n", "\r", " ", "\n\n", "\u2028", "\t"};
  private static final String[] SUBJECTS = {"", "Pedido atrasado", "RE: Fwd: pedido ATRASADO", "Re[2]: x",
      "  res : fw[12] :  hello", "Re:", "Fwd", "re :tr:AW: sv: enc: Thema", "Reserva confirmada", "Fwd[: x",
      "RE: " + "long subject words ".repeat(80)};

  private static void assertSame(String key, String subject, String body) {
    Fingerprint now = Fingerprint.of(key, subject, body);
    String window = body.length() > Fingerprint.BODY_WINDOW ? body.substring(0, Fingerprint.BODY_WINDOW) : body;
    String sub = subject.length() > Fingerprint.SUBJECT_WINDOW ? subject.substring(0, Fingerprint.SUBJECT_WINDOW)
        : subject;
    String normalised = RegexFingerprint.normalise(sub, window);
    String[] words = normalised.split(" ");
    if (words.length > Fingerprint.MAX_WORDS) {
      normalised = String.join(" ", Arrays.copyOf(words, Fingerprint.MAX_WORDS));
    }
    assertThat(Fingerprint.normalise(subject, body)).as("normalised %s / %s", subject, body).isEqualTo(normalised);
    assertThat(now.exact()).as("exact of %s / %s", subject, body)
        .isEqualTo(RegexFingerprint.sha256(key + "\n" + normalised));
    assertThat(now.simHash()).as("simHash of %s / %s", subject, body).isEqualTo(RegexFingerprint.simHash(normalised));
    assertThat(now.tokens()).isEqualTo(normalised.isEmpty() ? 0 : Math.min(words.length, Fingerprint.MAX_WORDS));
    if (normalised.length() == RegexFingerprint.normalise(subject, body).length()) {
      assertThat(now).as("inside the window, the same as before").isEqualTo(toFingerprint(
          RegexFingerprint.of(key, subject, body)));
    }
  }

  private static Fingerprint toFingerprint(RegexFingerprint r) {
    return new Fingerprint(r.exact(), r.simHash(), r.tokens());
  }

  @Test
  void generatedTextsFingerprintAsTheRegularExpressionsDid() {
    SplittableRandom r = new SplittableRandom(16);
    for (int n = 0; n < 3000; n++) {
      StringBuilder body = new StringBuilder();
      int pieces = r.nextInt(n % 100 == 0 ? 4000 : 40);
      for (int i = 0; i < pieces; i++) {
        body.append(PIECES[r.nextInt(PIECES.length)]).append(BREAKS[r.nextInt(BREAKS.length)]);
      }
      assertSame(n % 2 == 0 ? "p@1" : "prompt-ção@7", SUBJECTS[r.nextInt(SUBJECTS.length)], body.toString());
    }
  }

  @Test
  void fixtureFilesFingerprintAsTheRegularExpressionsDid() throws IOException {
    Path mail = Path.of(System.getProperty("emailtriage.fixtures", "../../shared/fixtures/mail"));
    assumeTrue(Files.isDirectory(mail), "fixtures absent: " + mail);
    List<Path> files;
    try (Stream<Path> s = Files.list(mail)) {
      files = s.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
    }
    assertThat(files).hasSize(90);
    for (Path f : files) {
      String raw = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
      String subject = raw.lines().filter(l -> l.startsWith("Subject:")).map(l -> l.substring(8))
          .findFirst().orElse("");
      int headerEnd = raw.indexOf("\n\n");
      assertSame("p@1", subject, headerEnd < 0 ? raw : raw.substring(headerEnd + 2));
      assertSame("p@1", "", raw);
    }
  }

  @Test
  void nothingBeyondTheWindowIsRead() {
    String head = "Weekly news from the shop about autumn launches and discounts. ".repeat(300);
    Fingerprint a = Fingerprint.of("p", "News", head + "one ending");
    Fingerprint b = Fingerprint.of("p", "News", head + "another ending ".repeat(70_000));
    assertThat(a).isEqualTo(b);
    assertThat(a.tokens()).isEqualTo(Fingerprint.MAX_WORDS);
    assertThat(Fingerprint.of("p", "News", head)).isEqualTo(a);
    assertThat(Fingerprint.of("p", "News", "1234 " + head + "567")).as("numbers do not move the window")
        .isEqualTo(a);
    assertThat(Fingerprint.of("p", "News", "x " + head)).isNotEqualTo(a);
  }
}
