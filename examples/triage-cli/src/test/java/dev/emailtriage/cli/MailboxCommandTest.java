package dev.emailtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code triage-cli mailbox} against GreenMail, a real IMAP server in this JVM. */
class MailboxCommandTest {

  private static final String SUPPORT = "support@biofraga.example";

  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetup.dynamicPort(
      ServerSetupTest.SMTP_IMAP)).withConfiguration(GreenMailConfiguration.aConfig().withUser(SUPPORT, "pw"))
      .withPerMethodLifecycle(true);

  private static Fixtures.Run mailbox(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      String[] all = new String[args.length + 1];
      all[0] = "mailbox";
      System.arraycopy(args, 0, all, 1, args.length);
      code = Main.run(all, o, e, env, false);
    }
    return new Fixtures.Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String imapUrl() {
    return "imap://127.0.0.1:" + GREEN_MAIL.getImap().getPort();
  }

  @Test
  void onceTriagesWhatIsNewKeywordsItAndExits() throws Exception {
    GreenMailUtil.sendTextEmail(SUPPORT, "ana@example.com", "Qual o prazo?", "Qual o prazo de entrega?",
        GREEN_MAIL.getSmtp().getServerSetup());
    GREEN_MAIL.waitForIncomingEmail(1);

    Fixtures.Run run = mailbox(Map.of("MAILBOX_PW", "pw"), "--imap-url", imapUrl(), "--username", SUPPORT,
        "--password-env", "MAILBOX_PW", "--allow-plaintext", "--offline", "--once");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("fetched 1, handled 1").contains("checkpoint ");
    assertThat(run.err()).contains("reply mode draft").contains("state: in memory");
    Properties p = new Properties();
    try (Store store = Session.getInstance(p).getStore("imap")) {
      store.connect("127.0.0.1", GREEN_MAIL.getImap().getPort(), SUPPORT, "pw");
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      Message m = inbox.getMessage(1);
      Flags flags = m.getFlags();
      assertThat(flags.getUserFlags()).containsAnyOf("$EmailTriageRespond", "$EmailTriageIgnored");
      inbox.close(false);
    }
  }

  @Test
  void missingSettingsAndUnsafeSendAreUsageErrors() {
    Map<String, String> env = Map.of("EMAILTRIAGE_IMAP_PASSWORD", "pw");
    assertThat(mailbox(env, "--once").err()).contains("give --imap-url and --username");
    assertThat(mailbox(Map.of(), "--imap-url", imapUrl(), "--username", SUPPORT, "--once").err())
        .contains("EMAILTRIAGE_IMAP_PASSWORD (--password-env) holds no password");
    Fixtures.Run send = mailbox(env, "--imap-url", imapUrl(), "--username", SUPPORT, "--reply-mode", "send",
        "--smtp-url", "smtp://127.0.0.1:25", "--once");
    assertThat(send.code()).isEqualTo(2);
    assertThat(send.err()).contains("--reply-mode send needs --jdbc-url");
    assertThat(mailbox(env, "--imap-url", imapUrl(), "--username", SUPPORT, "--reply-mode", "auto").err())
        .contains("draft, send or off");
    assertThat(mailbox(env, "--imap-url", "http://x", "--username", SUPPORT).err())
        .contains("imap URL must start with imap://");
    assertThat(mailbox(env, "--imap-url", imapUrl(), "--username", SUPPORT, "--once").err())
        .as("STARTTLS is required unless --allow-plaintext").contains("cannot open IMAP folder INBOX");
  }
}
