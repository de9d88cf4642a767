package dev.emailtriage.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every refusal of {@link ImapMailbox.Builder}, one case each. */
class ImapMailboxBuilderTest {

  private static ImapMailbox.Builder valid() {
    return ImapMailbox.builder().imapUrl("imaps://imap.example.com").username("ana@example.com").password("pw");
  }

  @Test
  void aValidMailboxHasItsIdAddressAndDefaultPorts() {
    ImapMailbox m = valid().build();
    assertThat(m.id()).isEqualTo("imap:ana@example.com@imap.example.com/INBOX");
    assertThat(m.address()).contains("ana@example.com");
    assertThat(m.canSend()).isFalse();
    assertThat(valid().smtpUrl("smtp://smtp.example.com").build().canSend()).isTrue();
  }

  @Test
  void imapUrlWithAnotherScheme() {
    assertThatThrownBy(() -> ImapMailbox.builder().imapUrl("https://imap.example.com"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imap:// or imaps://");
  }

  @Test
  void imapUrlWithAPath() {
    assertThatThrownBy(() -> ImapMailbox.builder().imapUrl("imap://imap.example.com/INBOX"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without a path");
  }

  @Test
  void imapUrlWithCredentials() {
    assertThatThrownBy(() -> ImapMailbox.builder().imapUrl("imaps://ana:secret@imap.example.com"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not carry a user")
        .hasMessageNotContaining("secret");
  }

  @Test
  void blankImapUrl() {
    assertThatThrownBy(() -> ImapMailbox.builder().imapUrl(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void smtpUrlWithAnImapScheme() {
    assertThatThrownBy(() -> ImapMailbox.builder().smtpUrl("imaps://x")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void blankUsername() {
    assertThatThrownBy(() -> ImapMailbox.builder().username("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emptyPassword() {
    assertThatThrownBy(() -> ImapMailbox.builder().password("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addressThatIsNotOne() {
    assertThatThrownBy(() -> ImapMailbox.builder().address("Ana <ana@example.com>"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void initialMessagesOutOfRange() {
    assertThatThrownBy(() -> ImapMailbox.builder().initialMessages(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void timeoutOutOfRange() {
    assertThatThrownBy(() -> ImapMailbox.builder().timeout(Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSettingMadeTwice() {
    assertThatThrownBy(() -> ImapMailbox.builder().folder("A").folder("B"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("folder was already set");
  }

  @Test
  void missingUrlOrUsername() {
    assertThatThrownBy(() -> ImapMailbox.builder().username("ana@example.com").password("pw").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("imapUrl and username");
  }

  @Test
  void neitherPasswordNorToken() {
    assertThatThrownBy(() -> ImapMailbox.builder().imapUrl("imaps://x").username("ana@example.com").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("neither");
  }

  @Test
  void bothPasswordAndToken() {
    assertThatThrownBy(() -> valid().accessToken(() -> "t").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("both");
  }

  @Test
  void halfTheSmtpCredentials() {
    assertThatThrownBy(() -> valid().smtpUrl("smtp://s").smtpUsername("u").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("go together");
  }

  @Test
  void smtpCredentialsWithoutSmtpUrl() {
    assertThatThrownBy(() -> valid().smtpUsername("u").smtpPassword("p").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("without smtpUrl");
  }

  @Test
  void aUsernameThatIsNoAddressNeedsOne() {
    assertThatThrownBy(() -> ImapMailbox.builder().imapUrl("imaps://x").username("ana").password("pw").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("set address");
    assertThat(ImapMailbox.builder().imapUrl("imaps://x").username("ana").password("pw").address("ana@x.org")
        .build().address()).contains("ana@x.org");
  }

  @Test
  void checkpointsAreValidityColonUid() {
    assertThat(ImapMailbox.parseCheckpoint("7:42")).containsExactly(7, 42);
    assertThat(ImapMailbox.parseCheckpoint(null)).isNull();
    assertThatThrownBy(() -> ImapMailbox.parseCheckpoint("history:9")).isInstanceOf(IllegalArgumentException.class);
  }
}
