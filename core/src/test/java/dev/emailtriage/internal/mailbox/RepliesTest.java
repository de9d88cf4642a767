package dev.emailtriage.internal.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Email;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.Tone;
import dev.emailtriage.spi.Reply;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RepliesTest {

  private static final SuggestedResponse TEXT = new SuggestedResponse("ignored", "Olá!", Tone.FRIENDLY);

  private static Email.Builder mail() {
    return Email.builder().emailId("e").from("Ana <ana@example.com>").subject("Prazo").body("?")
        .receivedAt(Instant.EPOCH).header("Message-ID", "<3@h>");
  }

  @Test
  void referencesAreTheOriginalsThenItsMessageId() {
    Reply r = Replies.reply(mail().header("References", "<1@h> <2@h>").header("In-Reply-To", "<2@h>").build(),
        TEXT, "ref", Replies.marker("m", "e"), false);
    assertThat(r.inReplyTo()).isEqualTo("<3@h>");
    assertThat(r.references()).containsExactly("<1@h>", "<2@h>", "<3@h>");
    assertThat(r.subject()).isEqualTo("Re: Prazo");
    assertThat(r.to()).isEqualTo("Ana <ana@example.com>");
    assertThat(r.body()).isEqualTo("Olá!");
  }

  @Test
  void inReplyToStandsInForMissingReferencesAndReplyToWins() {
    Reply r = Replies.reply(mail().header("In-Reply-To", "<2@h>").header("Reply-To", "vendas@example.com").build(),
        TEXT, "ref", Replies.marker("m", "e"), true);
    assertThat(r.references()).containsExactly("<2@h>", "<3@h>");
    assertThat(r.to()).isEqualTo("vendas@example.com");
    assertThat(r.autoSubmitted()).isTrue();
  }

  @Test
  void subjectGetsOneReplyPrefix() {
    assertThat(Replies.subject("Re: Prazo")).isEqualTo("Re: Prazo");
    assertThat(Replies.subject("RES: Prazo")).isEqualTo("RES: Prazo");
    assertThat(Replies.subject("AW[2]: Frist")).isEqualTo("AW[2]: Frist");
    assertThat(Replies.subject("Regarding: x")).isEqualTo("Re: Regarding: x");
    assertThat(Replies.subject("")).isEqualTo("Re:");
  }

  @Test
  void markerIsDeterministicAndPerMailbox() {
    assertThat(Replies.marker("imap:a", "1")).isEqualTo(Replies.marker("imap:a", "1")).startsWith("et-").hasSize(35);
    assertThat(Replies.marker("imap:a", "1")).isNotEqualTo(Replies.marker("imap:b", "1"));
  }

  @Test
  void threadKeyIsTheThreadElseTheMessageIdWithoutBrackets() {
    assertThat(Replies.threadKey(mail().threadId("1@h").build())).isEqualTo("1@h");
    assertThat(Replies.threadKey(mail().build())).isEqualTo("3@h");
  }
}
