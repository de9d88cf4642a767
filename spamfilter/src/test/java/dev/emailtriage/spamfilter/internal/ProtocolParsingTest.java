package dev.emailtriage.spamfilter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Parsing of spamd and Rspamd replies, and the small JSON reader. */
class ProtocolParsingTest {

  private static FilterVerdict spamd(String reply) throws SpamFilterException {
    return SpamcClient.parse(reply.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void readsASymbolsReply() throws Exception {
    FilterVerdict v = spamd("SPAMD/1.1 0 EX_OK\r\nContent-length: 25\r\nSpam: True ; 1003.3 / 5.0\r\n\r\n"
        + "GTUBE,MISSING_DATE,NO_RELAYS");
    assertThat(v.spam()).isTrue();
    assertThat(v.score()).isEqualTo(1003.3);
    assertThat(v.required()).isEqualTo(5.0);
    assertThat(v.symbols()).containsExactly("GTUBE", "MISSING_DATE", "NO_RELAYS");
  }

  @Test
  void readsACheckReplyWithNegativeScoreAndNoSymbols() throws Exception {
    FilterVerdict v = spamd("SPAMD/1.5 0 EX_OK\r\nSpam: False ; -1.9 / 5.0\r\n\r\n");
    assertThat(v.spam()).isFalse();
    assertThat(v.score()).isEqualTo(-1.9);
    assertThat(v.symbols()).isEmpty();
  }

  @Test
  void refusesAnErrorStatus() {
    assertThatThrownBy(() -> spamd("SPAMD/1.0 76 Bad header line: (Content-length mismatch)\r\n"))
        .isInstanceOf(SpamFilterException.class).hasMessageContaining("76");
  }

  @Test
  void refusesAMalformedSpamHeader() {
    assertThatThrownBy(() -> spamd("SPAMD/1.1 0 EX_OK\r\nSpam: maybe\r\n\r\n"))
        .isInstanceOf(SpamFilterException.class).hasMessageContaining("Spam header");
  }

  @Test
  void refusesAnEmptyReply() {
    assertThatThrownBy(() -> spamd("")).isInstanceOf(SpamFilterException.class);
  }

  @Test
  void readsAnRspamdReply() throws Exception {
    FilterVerdict v = RspamdClient.parse("{\"is_skipped\":false,\"score\":16.5,\"required_score\":15,"
        + "\"action\":\"reject\",\"symbols\":{\"A\":{\"score\":10},\"B\":{\"score\":6.5}},\"urls\":[\"x\"]}");
    assertThat(v.spam()).isTrue();
    assertThat(v.action()).isEqualTo("reject");
    assertThat(v.symbols()).containsExactly("A", "B");
  }

  @Test
  void refusesAnRspamdReplyWithoutAction() {
    assertThatThrownBy(() -> RspamdClient.parse("{\"score\":1}")).isInstanceOf(SpamFilterException.class);
  }
}
