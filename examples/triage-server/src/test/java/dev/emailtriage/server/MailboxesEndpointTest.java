package dev.emailtriage.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.emailtriage.spring.boot.autoconfigure.MailboxRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/v1/mailboxes} with a mailbox configured by the DESIGN.md environment names, on GreenMail. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "GEMINI_API_KEY=", "GOOGLE_API_KEY=", "EMAILTRIAGE_EMBEDDED_DB=false",
    "EMAILTRIAGE_API_KEY=" + MailboxesEndpointTest.KEY, "EMAILTRIAGE_ADMIN_KEY=admin-key-0123456789",
    "EMAILTRIAGE_IMAP_USERNAME=" + MailboxesEndpointTest.SUPPORT, "EMAILTRIAGE_IMAP_PASSWORD=pw",
    "emailtriage.mailbox.imap.require-tls=false", "emailtriage.mailbox.scheduler-enabled=false"})
@Import(TestDecider.Config.class)
class MailboxesEndpointTest {

  static final String KEY = "mailbox-test-key-3c2b1a";
  static final String SUPPORT = "support@biofraga.example";

  /** Started before the Spring context, which reads its port (an extension would start it too late). */
  static final GreenMail GREEN_MAIL = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

  static {
    GREEN_MAIL.withConfiguration(GreenMailConfiguration.aConfig().withUser(SUPPORT, "pw"));
    GREEN_MAIL.start();
  }

  @AfterAll
  static void stopGreenMail() {
    GREEN_MAIL.stop();
  }

  @DynamicPropertySource
  static void imap(DynamicPropertyRegistry registry) {
    registry.add("EMAILTRIAGE_IMAP_URL", () -> "imap://127.0.0.1:" + GREEN_MAIL.getImap().getPort());
  }

  @LocalServerPort
  int port;

  @Autowired
  MailboxRunner runner;

  @Test
  void showsTheSyncStateOfTheConfiguredMailboxBehindTheApiKey() {
    Http http = new Http(port);
    assertThat(http.get("/api/v1/mailboxes", null).status()).isEqualTo(401);

    JsonNode before = http.get("/api/v1/mailboxes", KEY).json().path("mailboxes");
    assertThat(before).hasSize(1);
    assertThat(before.get(0).path("mailbox_id").asString()).isEqualTo("imap:" + SUPPORT + "@127.0.0.1/INBOX");
    assertThat(before.get(0).path("reply_mode").asString()).isEqualTo("draft");

    GreenMailUtil.sendTextEmail(SUPPORT, "ana@example.com", "Qual o prazo?", "Qual o prazo?",
        GREEN_MAIL.getSmtp().getServerSetup());
    GREEN_MAIL.waitForIncomingEmail(1);
    runner.runOnce();

    Http.Answer a = http.get("/api/v1/mailboxes", KEY);
    assertThat(a.status()).isEqualTo(200);
    JsonNode m = a.json().path("mailboxes").get(0);
    assertThat(m.path("handled").asLong()).isEqualTo(1);
    assertThat(m.path("checkpoint").asString()).endsWith(":1");
    assertThat(m.path("last_success").asString()).isNotBlank();
  }
}
