package dev.emailtriage.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Maria Souza <Maria@Example.com>   | maria@example.com",
      "maria@example.com                 | maria@example.com",
      "<maria@example.com>               | maria@example.com",
      "maria@example.com (Maria Souza)   | maria@example.com",
      "\"Souza, Maria <x>\" <maria@example.com> | maria@example.com",
      "mailto:maria@example.com          | maria@example.com"})
  void extractsTheAddressFromAHeaderValue(String raw, String expected) {
    assertThat(Addresses.extract(raw)).contains(expected);
  }

  @Test
  void givesAnEmptyAddressForTheNullSender() {
    assertThat(Addresses.extract("<>")).contains("");
    assertThat(Addresses.isNullSender(" <> ")).isTrue();
    assertThat(Addresses.isNullSender("<maria@example.com>")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "Maria Souza", "undisclosed-recipients:;"})
  void findsNoAddressWhereThereIsNone(String raw) {
    assertThat(Addresses.extract(raw)).isEmpty();
  }

  @Test
  void findsNoAddressInNull() {
    assertThat(Addresses.extract(null)).isEmpty();
  }

  @Test
  void splitsLocalPartAndDomain() {
    assertThat(Addresses.localPart("no-reply@shop.example")).isEqualTo("no-reply");
    assertThat(Addresses.domain("no-reply@shop.example")).isEqualTo("shop.example");
    assertThat(Addresses.senderLocalPart("Mail Delivery System <MAILER-DAEMON@mx.example>")).isEqualTo("mailer-daemon");
  }

  /** The regular expressions {@link Addresses#extract} replaced, kept as the oracle its scan must agree with. */
  private static final Pattern ANGLE = Pattern.compile("<\\s*([^<>\\s]*)\\s*>");
  private static final Pattern BARE = Pattern.compile("([^\\s<>()\",;:]+@[^\\s<>()\",;:]+)");

  private static Optional<String> extractWithRegularExpressions(String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    Matcher angle = ANGLE.matcher(raw);
    String candidate = null;
    while (angle.find()) {
      candidate = angle.group(1);
    }
    if (candidate == null) {
      Matcher bare = BARE.matcher(raw.replaceAll("\\([^()]*\\)", " "));
      if (!bare.find()) {
        return Optional.empty();
      }
      candidate = bare.group(1);
    }
    String a = candidate.strip();
    a = a.regionMatches(true, 0, "mailto:", 0, 7) ? a.substring(7) : a;
    return Optional.of(a.toLowerCase(Locale.ROOT));
  }

  @Test
  void findsWhatTheRegularExpressionsFoundOnGeneratedHeaderValues() {
    String[] pieces = {"<", ">", "(", ")", "@", " ", "\t", "\r\n", "\"", ",", ";", ":", "a", "Bo", "ç", "mailto:",
        "\u00a0", "\u2003", "x.y", "-", "Ana Souza", "ana@example.com", "<ana@example.com>", "(c)", "\u000b"};
    SplittableRandom r = new SplittableRandom(7);
    for (int n = 0; n < 200_000; n++) {
      StringBuilder raw = new StringBuilder();
      int count = 1 + r.nextInt(12);
      for (int i = 0; i < count; i++) {
        raw.append(pieces[r.nextInt(pieces.length)]);
      }
      String value = raw.toString();
      assertThat(Addresses.extract(value)).as("extract(\"%s\")", value)
          .isEqualTo(extractWithRegularExpressions(value));
    }
  }
}
