package dev.emailtriage.spring.boot.autoconfigure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailType;
import dev.emailtriage.MailboxTriage;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.Tone;
import dev.emailtriage.Urgency;
import dev.emailtriage.gmail.GmailMailbox;
import dev.emailtriage.spi.Decider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@link EmailTriageMailboxAutoConfiguration} with {@code emailtriage.mailbox.gmail.*}: a {@link GmailMailbox} from an
 * authorized-user JSON, run against WireMock serving the Gmail API's documented shapes (fixtures copied from
 * {@code mailbox-gmail}) and the OAuth token endpoint.
 */
class GmailMailboxAutoConfigurationTest {

  private static final String USERS = "/gmail/v1/users/me";
  private static final String SUPPORT = "support@biofraga.example";

  @TempDir
  Path dir;

  private WireMockServer wm;

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(EmailTriageAutoConfiguration.class,
          EmailTriageDeciderAutoConfiguration.class, EmailTriageStoreAutoConfiguration.class,
          EmailTriagePromptAutoConfiguration.class, EmailTriageMailboxAutoConfiguration.class))
      .withPropertyValues("GEMINI_API_KEY=", "GOOGLE_API_KEY=")
      .withBean(Decider.class, () -> (email, prompt) -> {
        boolean respond = email.subject().contains("?");
        Decision.Builder b = Decision.builder().action(respond ? Action.RESPOND : Action.IGNORE).confidence(0.95)
            .emailType(respond ? EmailType.QUESTION : EmailType.OTHER).urgency(Urgency.MEDIUM).reason("scripted")
            .source(DecisionSource.MODEL).prompt(prompt.id(), prompt.version());
        if (respond) {
          b.suggestedResponse(new SuggestedResponse("Re: x", "Olá! Prazo de 5 dias.", Tone.FRIENDLY));
        }
        return b.build();
      });

  @BeforeEach
  void start() {
    wm = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    wm.start();
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  /** An authorized-user JSON (as {@code gcloud auth application-default login} writes) whose token URI is WireMock. */
  private Path authorizedUser() throws IOException {
    Path file = dir.resolve("authorized-user.json");
    Files.writeString(file, "{\"type\": \"authorized_user\", \"client_id\": \"test-client.apps.googleusercontent.com\","
        + " \"client_secret\": \"test-secret\", \"refresh_token\": \"test-refresh\","
        + " \"token_uri\": \"http://localhost:" + wm.port() + "/token\"}");
    return file;
  }

  private ApplicationContextRunner gmail(Path credentials, String... more) {
    return runner.withPropertyValues("emailtriage.mailbox.gmail.credentials=" + credentials,
        "emailtriage.mailbox.gmail.root-url=http://localhost:"
            + wm.port() + "/", "emailtriage.mailbox.scheduler-enabled=false").withPropertyValues(more);
  }

  private static String resource(String name) {
    try (InputStream in = Objects.requireNonNull(
        GmailMailboxAutoConfigurationTest.class.getResourceAsStream("/gmail/" + name), name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void json(boolean getMethod, String path, String body) {
    var mapping = getMethod ? get(urlPathEqualTo(path)) : post(urlPathEqualTo(path));
    wm.stubFor(mapping.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody(body)));
  }

  private static String rawMessage(String id, String headersAndBody) {
    String raw = Base64.getUrlEncoder().encodeToString(headersAndBody.replace("\n", "\r\n")
        .getBytes(StandardCharsets.UTF_8));
    return "{\"id\": \"" + id + "\", \"threadId\": \"" + id + "\", \"labelIds\": [\"UNREAD\", \"INBOX\"],"
        + " \"snippet\": \"\", \"sizeEstimate\": " + raw.length() + ", \"historyId\": \"999\","
        + " \"internalDate\": \"1738584000000\", \"raw\": \"" + raw + "\"}";
  }

  private void inbox() {
    json(false, "/token", "{\"access_token\": \"token-from-refresh\", \"expires_in\": 3600,"
        + " \"token_type\": \"Bearer\"}");
    json(true, USERS + "/profile", resource("profile.json"));
    json(true, USERS + "/messages", resource("messages-list.json"));
    json(true, USERS + "/messages/18c0000000000001", rawMessage("18c0000000000001",
        "From: Ana <ana@example.com>\nTo: " + SUPPORT + "\nSubject: Qual o prazo?\nMessage-ID: <q1@example.com>\n"
            + "Date: Mon, 3 Feb 2025 10:00:00 +0000\n\nQual o prazo de entrega para Campinas?\n"));
    json(true, USERS + "/messages/18c0000000000002", rawMessage("18c0000000000002",
        "From: Loja <news@loja.example>\nTo: " + SUPPORT + "\nSubject: Ofertas da semana\n"
            + "Message-ID: <n1@loja.example>\nPrecedence: bulk\nList-Unsubscribe: <https://loja.example/u>\n\n"
            + "Promoções.\n"));
    json(true, USERS + "/labels", resource("labels-list.json"));
    json(false, USERS + "/labels", resource("label-created.json"));
    json(true, USERS + "/drafts", resource("drafts-list-empty.json"));
    json(false, USERS + "/drafts", resource("draft-created.json"));
    json(false, USERS + "/messages/18c0000000000001/modify", resource("message-modified.json"));
    json(false, USERS + "/messages/18c0000000000002/modify", resource("message-modified.json"));
  }

  @Test
  void withCredentialsTheGmailMailboxIsTriagedWithHealthAndMetrics() throws Exception {
    inbox();
    Path credentials = authorizedUser();
    gmail(credentials, "emailtriage.mailbox.gmail.address=" + SUPPORT).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).hasSingleBean(GmailMailbox.class);
      assertThat(context).hasSingleBean(MailboxTriage.class);
      MailboxRunner mailboxRunner = context.getBean(MailboxRunner.class);
      HealthIndicator health = context.getBean("emailTriageMailboxHealthIndicator", HealthIndicator.class);
      assertThat(health.health().getStatus()).as("no run yet").isEqualTo(Status.UNKNOWN);

      mailboxRunner.runOnce();

      assertThat(mailboxRunner.fetched()).isEqualTo(2);
      assertThat(mailboxRunner.drafted()).isEqualTo(1);
      Health h = health.health();
      assertThat(h.getStatus()).isEqualTo(Status.UP);
      assertThat(h.getDetails()).containsEntry("drafted", 1L).containsEntry("reply_mode", "draft");
      MeterRegistry registry = new SimpleMeterRegistry();
      context.getBean("emailTriageMailboxMeters", MeterBinder.class).bindTo(registry);
      assertThat(registry.get("emailtriage.mailbox.messages.fetched").functionCounter().count()).isEqualTo(2.0);
      assertThat(registry.get("emailtriage.mailbox.drafts").functionCounter().count()).isEqualTo(1.0);
    });
    wm.verify(postRequestedFor(urlPathEqualTo("/token")).withRequestBody(containing("refresh_token=test-refresh")));
    wm.verify(getRequestedFor(urlPathEqualTo(USERS + "/messages"))
        .withHeader("Authorization", equalTo("Bearer token-from-refresh")));
    wm.verify(1, postRequestedFor(urlPathEqualTo(USERS + "/drafts")));
  }

  @Test
  void userMeNeedsTheAddress() throws Exception {
    gmail(authorizedUser()).run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining("emailtriage.mailbox.gmail.address"));
  }

  @Test
  void aMissingCredentialsFileFailsStartUpNamingTheProperty() {
    gmail(dir.resolve("absent.json"), "emailtriage.mailbox.gmail.user=" + SUPPORT).run(context ->
        assertThat(context).getFailure().hasStackTraceContaining("emailtriage.mailbox.gmail.credentials: cannot "
            + "read the Gmail credentials " + dir.resolve("absent.json")));
  }

  @Test
  void imapAndGmailAtOnceAreRefused() throws Exception {
    gmail(authorizedUser(), "emailtriage.mailbox.imap.url=imaps://imap.example.com",
        "emailtriage.mailbox.imap.username=" + SUPPORT, "emailtriage.mailbox.imap.password=pw").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining("emailtriage.mailbox.imap.url")
            .hasMessageContaining("emailtriage.mailbox.gmail.credentials"));
  }

  @Test
  void blankCredentialsLeaveTheMailboxOff() {
    runner.withPropertyValues("emailtriage.mailbox.gmail.credentials= ").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(GmailMailbox.class);
      assertThat(context).doesNotHaveBean(MailboxRunner.class);
    });
  }
}
