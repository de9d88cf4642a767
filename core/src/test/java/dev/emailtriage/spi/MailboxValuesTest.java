package dev.emailtriage.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emailtriage.Email;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The refusals of the mailbox SPI's values. */
class MailboxValuesTest {

  private static final Email EMAIL = Email.builder().emailId("m1").receivedAt(Instant.EPOCH).build();

  @Test
  void replyRefusesABlankAddressABadMarkerAndAMissingRef() {
    assertThatThrownBy(() -> new Reply(" ", "Re: x", "b", null, List.of(), null, "r", "et-0123456789", false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("to");
    assertThatThrownBy(() -> new Reply("a@b", "Re: x", "b", null, List.of(), null, "r", "short", false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("marker");
    assertThatThrownBy(() -> new Reply("a@b", "Re: x", "b", null, List.of(), null, "r", "et 0123456789", false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("marker");
    assertThatThrownBy(() -> new Reply("a@b", "Re: x", "b", null, List.of(), null, "", "et-0123456789", false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("originalRef");
  }

  @Test
  void messageAndBatchNeedTheirCheckpoints() {
    assertThatThrownBy(() -> new MailboxMessage(EMAIL, "1:1", " ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MailboxMessage(EMAIL, "", "1:1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MailboxBatch(List.of(), "", false, false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new MailboxBatch(List.of(new MailboxMessage(EMAIL, "1:1", "1:1")), "1:1", false, false).messages())
        .hasSize(1);
  }

  @Test
  void recordRefusesAPendingStepWithoutMarkerAndNegativeAttempts() {
    assertThatThrownBy(() -> new MailboxRecord("m", "e", MailboxRecord.Step.DRAFTING, null, null, null, null, null,
        0, null, Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("marker");
    assertThatThrownBy(() -> new MailboxRecord("m", "e", MailboxRecord.Step.DONE, null, null, null, null, null,
        -1, null, Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("attempts");
    assertThatThrownBy(() -> new MailboxRecord(" ", "e", MailboxRecord.Step.DONE, null, null, null, null, null,
        0, null, Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mailboxId");
  }
}
