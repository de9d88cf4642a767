package dev.emailtriage.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emailtriage.Email;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MboxTest {

  @TempDir
  Path tmp;

  @Test
  void mboxIsSplitOnFromLinesAndUnescaped() throws Exception {
    Path mbox = TestMail.path("three.mbox");
    List<Mbox.Entry> entries = Mbox.index(mbox);

    assertThat(entries).extracting(Mbox.Entry::index).containsExactly(1, 2, 3);
    String first = new String(Mbox.read(mbox, entries.get(0)), StandardCharsets.US_ASCII);
    assertThat(first).startsWith("Message-ID: <mbox-1@example.org>\n")
        .contains("\nFrom the desk of Alice: thanks.\n")
        .doesNotContain("From alice@", "From bob@", "Second message");

    Email second = MimeParser.parse(Mbox.read(mbox, entries.get(1)), Instant.EPOCH);
    assertThat(second.emailId()).isEqualTo("mbox-2@example.org");
    assertThat(second.body()).isEqualTo("A line that mentions From in the middle is not a separator.\n"
        + ">From quoted twice stays quoted once.");

    byte[] third = Mbox.read(mbox, entries.get(2));
    assertThat(MimeParser.parse(third, Instant.EPOCH).emailId()).isEqualTo(MimeParser.emailId(null, third));
  }

  @Test
  void crlfMboxAndAFromLineWithoutABlankLineBefore() throws Exception {
    Path mbox = tmp.resolve("crlf.mbox");
    Files.writeString(mbox, "From a@example.com Mon Jan  6 09:00:00 2025\r\n"
        + "From: a@example.com\r\nSubject: one\r\n\r\nbody one\r\nFrom here on, no separator (no blank line before)\r\n"
        + "\r\nFrom b@example.com Mon Jan  6 09:00:00 2025\r\n"
        + "From: b@example.com\r\nSubject: two\r\n\r\nbody two\r\n", StandardCharsets.US_ASCII);

    List<Mbox.Entry> entries = Mbox.index(mbox);

    assertThat(entries).hasSize(2);
    Email one = MimeParser.parse(Mbox.read(mbox, entries.get(0)), Instant.EPOCH);
    assertThat(one.body()).isEqualTo("body one\nFrom here on, no separator (no blank line before)");
    assertThat(MimeParser.parse(Mbox.read(mbox, entries.get(1)), Instant.EPOCH).subject()).isEqualTo("two");
  }

  @Test
  void aFileWithoutFromLineHasNoEntries() throws Exception {
    Path eml = tmp.resolve("a.eml");
    Files.writeString(eml, "From: a@example.com\n\nhello\n");

    assertThat(Mbox.startsWithFromLine(eml)).isFalse();
    assertThat(Mbox.index(eml)).isEmpty();
    assertThat(Mbox.startsWithFromLine(tmp.resolve("missing"))).isFalse();
  }

  @Test
  void unescapingRemovesOneQuoteLevelOnly() {
    byte[] out = Mbox.unescapeFromLines(">From a\n>>From b\n> From c\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo("From a\n>From b\n> From c\n");
  }

  @Test
  void entryRefusesImpossiblePositions() {
    assertThatThrownBy(() -> new Mbox.Entry(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Mbox.Entry(1, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Mbox.Entry(1, 0, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
