package dev.emailtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Email;
import dev.emailtriage.mime.MimeParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailSourcesTest {

  @TempDir
  Path tmp;

  @Test
  void mboxIsSplitOnFromLinesAndUnescaped() throws Exception {
    Path mbox = Fixtures.mail("three.mbox");
    List<MailInput> inputs = MailSources.scan(List.of(mbox)).inputs();

    assertThat(inputs).extracting(MailInput::file)
        .containsExactly(mbox + "#1", mbox + "#2", mbox + "#3");
    assertThat(inputs).extracting(MailInput::mboxIndex).containsExactly(1, 2, 3);

    String first = new String(inputs.get(0).read(), StandardCharsets.US_ASCII);
    assertThat(first).startsWith("Message-ID: <mbox-1@example.org>\n")
        .contains("\nFrom the desk of Alice: thanks.\n")
        .doesNotContain("From alice@", "From bob@", "Second message");

    Email second = MimeParser.parse(inputs.get(1).read(), Instant.EPOCH);
    assertThat(second.emailId()).isEqualTo("mbox-2@example.org");
    assertThat(second.body()).isEqualTo("A line that mentions From in the middle is not a separator.\n"
        + ">From quoted twice stays quoted once.");

    Email third = MimeParser.parse(inputs.get(2).read(), Instant.EPOCH);
    assertThat(third.subject()).isEqualTo("Third message, without a Message-ID");
    assertThat(third.emailId()).isEqualTo(MimeParser.emailId(null, inputs.get(2).read()));
    assertThat(third.body()).isEqualTo("When is the meeting?");
  }

  @Test
  void crlfMboxAndAFromLineWithoutABlankLineBefore() throws Exception {
    Path mbox = tmp.resolve("crlf.mbox");
    Files.writeString(mbox, "From a@example.com Mon Jan  6 09:00:00 2025\r\n"
        + "From: a@example.com\r\nSubject: one\r\n\r\nbody one\r\nFrom here on, no separator (no blank line before)\r\n"
        + "\r\nFrom b@example.com Mon Jan  6 09:00:00 2025\r\n"
        + "From: b@example.com\r\nSubject: two\r\n\r\nbody two\r\n", StandardCharsets.US_ASCII);

    List<MailInput> inputs = MailSources.scan(List.of(mbox)).inputs();

    assertThat(inputs).hasSize(2);
    Email one = MimeParser.parse(inputs.get(0).read(), Instant.EPOCH);
    assertThat(one.subject()).isEqualTo("one");
    assertThat(one.body()).isEqualTo("body one\nFrom here on, no separator (no blank line before)");
    assertThat(MimeParser.parse(inputs.get(1).read(), Instant.EPOCH).subject()).isEqualTo("two");
  }

  @Test
  void aSingleMessageWithAnEnvelopeLineKeepsItsFileName() throws Exception {
    Path eml = tmp.resolve("single.eml");
    Files.writeString(eml, "From a@example.com Mon Jan  6 09:00:00 2025\nFrom: a@example.com\nSubject: hi\n\nhello\n");

    List<MailInput> inputs = MailSources.scan(List.of(eml)).inputs();

    assertThat(inputs).singleElement().satisfies(in -> {
      assertThat(in.file()).isEqualTo(eml.toString());
      assertThat(MimeParser.parse(in.read(), Instant.EPOCH).subject()).isEqualTo("hi");
    });
  }

  @Test
  void foldersAreSearchedRecursivelyForMailFilesOnly() throws Exception {
    Files.createDirectories(tmp.resolve("sub/deeper"));
    Files.createDirectories(tmp.resolve(".hidden"));
    Files.writeString(tmp.resolve("a.eml"), "From: a@example.com\n\nx\n");
    Files.writeString(tmp.resolve("sub/deeper/b.EML"), "From: b@example.com\n\nx\n");
    Files.writeString(tmp.resolve(".hidden/c.eml"), "From: c@example.com\n\nx\n");
    Files.writeString(tmp.resolve("README.md"), "not mail\n");
    Files.writeString(tmp.resolve("labels.tsv"), "file\texpected_decision\n");
    Files.writeString(tmp.resolve("Inbox"), "From x Mon Jan  6 09:00:00 2025\nFrom: x@example.com\n\n1\n\n"
        + "From y Mon Jan  6 09:00:00 2025\nFrom: y@example.com\n\n2\n");
    Files.writeString(tmp.resolve("notes"), "just notes\n");

    List<MailInput> inputs = MailSources.scan(List.of(tmp)).inputs();

    assertThat(inputs).extracting(MailInput::file).containsExactlyInAnyOrder(
        tmp.resolve("a.eml").toString(),
        tmp.resolve("sub/deeper/b.EML").toString(),
        tmp.resolve("Inbox") + "#1",
        tmp.resolve("Inbox") + "#2");
  }

  @Test
  void aFileReachedTwiceIsReadOnce() throws Exception {
    Files.writeString(tmp.resolve("a.eml"), "From: a@example.com\n\nx\n");

    List<MailInput> inputs = MailSources.scan(List.of(tmp, tmp.resolve("a.eml"), tmp.resolve("./a.eml"))).inputs();

    assertThat(inputs).extracting(MailInput::file).containsExactly(tmp.resolve("a.eml").toString());
  }

  @Test
  void theFileIsThePathAsFoundUnderTheArgument() throws Exception {
    Files.createDirectories(tmp.resolve("box/sub"));
    Files.writeString(tmp.resolve("box/sub/m.eml"), "From: a@example.com\n\nx\n");
    Path relative = Path.of("").toAbsolutePath().relativize(tmp.resolve("box"));

    List<MailInput> inputs = MailSources.scan(List.of(relative)).inputs();

    assertThat(inputs).singleElement().satisfies(in -> {
      assertThat(in.file()).isEqualTo(relative.resolve("sub/m.eml").toString());
      assertThat(in.key()).isEqualTo(tmp.resolve("box/sub/m.eml").toRealPath().toString());
    });
  }
}
