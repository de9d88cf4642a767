package dev.emailtriage.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;

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
}
