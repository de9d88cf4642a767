package dev.emailtriage.gmail;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.EmailType;
import dev.emailtriage.InMemoryMailboxStateStore;
import dev.emailtriage.MailboxTriage;
import dev.emailtriage.ReplyMode;
import dev.emailtriage.ReplyPolicy;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.Tone;
import dev.emailtriage.Urgency;
import dev.emailtriage.spi.MailboxBatch;
import dev.emailtriage.spi.MailboxException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link GmailMailbox} over HTTP against WireMock serving the Gmail API's documented shapes (see resources). */
class GmailMailboxTest {

  private static final String USERS = "/gmail/v1/users/me";
  private static final String SUPPORT = "support@biofraga.example";

  private WireMockServer wm;
  private EmailTriage triage;

  @BeforeEach
  void start() {
    wm = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    wm.start();
    triage = EmailTriage.builder().workerThreads(0).cacheEnabled(false)
        .decider((email, prompt) -> {
          boolean respond = email.subject().contains("?");
          Decision.Builder b = Decision.builder().action(respond ? Action.RESPOND : Action.IGNORE).confidence(0.95)
              .emailType(respond ? EmailType.QUESTION : EmailType.OTHER).urgency(Urgency.MEDIUM).reason("scripted")
              .source(DecisionSource.MODEL);
          if (respond) {
            b.suggestedResponse(new SuggestedResponse("Re: x", "Olá! Prazo de 5 dias.", Tone.FRIENDLY));
          }
          return b.build();
        }).build();
  }

  @AfterEach
  void stop() {
    triage.close();
    wm.stop();
  }

  private GmailMailbox mailbox(int maxRetries) {
    return GmailMailbox.builder().credentials(GoogleCredentials.create(new AccessToken("test-token", null)))
        .address(SUPPORT).rootUrl("http://localhost:" + wm.port() + "/").maxRetries(maxRetries)
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(2)).build();
  }

  private static String resource(String name) {
    try (InputStream in = Objects.requireNonNull(GmailMailboxTest.class.getResourceAsStream("/gmail/" + name),
        name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void json(String method, String path, int status, String body) {
    var mapping = method.equals("GET") ? get(urlPathEqualTo(USERS + path)) : post(urlPathEqualTo(USERS + path));
    wm.stubFor(mapping.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withBody(body)));
  }

  /** A {@code messages.get?format=raw} Message resource: id, threadId, labelIds, internalDate, raw (base64url). */
  static String rawMessage(String id, String threadId, String headersAndBody) {
    String raw = Base64.getUrlEncoder().encodeToString(headersAndBody.replace("\n", "\r\n")
        .getBytes(StandardCharsets.UTF_8));
    return "{\"id\": \"" + id + "\", \"threadId\": \"" + threadId + "\", \"labelIds\": [\"UNREAD\", \"INBOX\"],"
        + " \"snippet\": \"\", \"sizeEstimate\": " + raw.length() + ", \"historyId\": \"999\","
        + " \"internalDate\": \"1738584000000\", \"raw\": \"" + raw + "\"}";
  }

  private void inbox() {
    json("GET", "/profile", 200, resource("profile.json"));
    json("GET", "/messages", 200, resource("messages-list.json"));
    json("GET", "/messages/18c0000000000001", 200, rawMessage("18c0000000000001", "18c0000000000001",
        "From: Ana <ana@example.com>\nTo: " + SUPPORT + "\nSubject: Qual o prazo?\nMessage-ID: <q1@example.com>\n"
            + "Date: Mon, 3 Feb 2025 10:00:00 +0000\n\nQual o prazo de entrega para Campinas?\n"));
    json("GET", "/messages/18c0000000000002", 200, rawMessage("18c0000000000002", "18c0000000000002",
        "From: Loja <news@loja.example>\nTo: " + SUPPORT + "\nSubject: Ofertas da semana\n"
            + "Message-ID: <n1@loja.example>\nPrecedence: bulk\nList-Unsubscribe: <https://loja.example/u>\n"
            + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\n\nPromoções.\n"));
    json("GET", "/labels", 200, resource("labels-list.json"));
    json("POST", "/labels", 200, resource("label-created.json"));
    json("GET", "/drafts", 200, resource("drafts-list-empty.json"));
    json("POST", "/drafts", 200, resource("draft-created.json"));
    wm.stubFor(post(urlPathEqualTo(USERS + "/messages/18c0000000000001/modify")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json").withBody(resource("message-modified.json"))));
    wm.stubFor(post(urlPathEqualTo(USERS + "/messages/18c0000000000002/modify")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json").withBody(resource("message-modified.json"))));
  }

  private static String decodedRaw(LoggedRequest request) {
    String body = request.getBodyAsString();
    int at = body.indexOf("\"raw\":\"") + 7;
    String raw = body.substring(at, body.indexOf('"', at));
    return new String(Base64.getUrlDecoder().decode(raw), StandardCharsets.UTF_8);
  }

  private MailboxTriage loop(GmailMailbox mailbox, InMemoryMailboxStateStore state, ReplyPolicy policy) {
    return MailboxTriage.builder().triage(triage).mailbox(mailbox).state(state).policy(policy)
        .allowSendWithMemoryState(true).build();
  }

  @Test
  void aFirstRunListsTheInboxDraftsInTheThreadAndLabelsEveryMessage() {
    inbox();
    InMemoryMailboxStateStore state = new InMemoryMailboxStateStore();

    MailboxTriage.Report report = loop(mailbox(0), state, ReplyPolicy.defaults()).runOnce();

    assertThat(report.fetched()).isEqualTo(2);
    assertThat(report.drafted()).isEqualTo(1);
    assertThat(report.checkpoint()).isEqualTo("1000");
    List<LoggedRequest> drafts = wm.findAll(postRequestedFor(urlPathEqualTo(USERS + "/drafts")));
    assertThat(drafts).hasSize(1);
    assertThat(drafts.get(0).getBodyAsString()).contains("\"threadId\":\"18c0000000000001\"");
    assertThat(drafts.get(0).getHeader("Authorization")).isEqualTo("Bearer test-token");
    String raw = decodedRaw(drafts.get(0));
    assertThat(raw).contains("In-Reply-To: <q1@example.com>\r\n").contains("Subject: Re: Qual o prazo?\r\n")
        .contains("To: Ana <ana@example.com>\r\n").doesNotContain("Auto-Submitted");
    wm.verify(getRequestedFor(urlPathEqualTo(USERS + "/drafts")).withQueryParam("q",
        matching("rfc822msgid:et-[0-9a-f]{32}\\.draft@biofraga\\.example")));
    wm.verify(postRequestedFor(urlPathEqualTo(USERS + "/labels"))
        .withRequestBody(matching(".*\"name\":\"EmailTriage/Ignored\".*")));
    wm.verify(postRequestedFor(urlPathEqualTo(USERS + "/messages/18c0000000000001/modify"))
        .withRequestBody(matching(".*\"addLabelIds\":\\[\"Label_7\"\\].*")));
    wm.verify(postRequestedFor(urlPathEqualTo(USERS + "/messages/18c0000000000002/modify"))
        .withRequestBody(matching(".*\"addLabelIds\":\\[\"Label_8\"\\].*")));
    wm.verify(getRequestedFor(urlPathEqualTo(USERS + "/messages/18c0000000000001"))
        .withQueryParam("format", equalTo("raw")));
  }

  @Test
  void theNextRunReadsHistoryFromTheStoredIdAndA404ResyncsWithoutDuplicates() {
    inbox();
    InMemoryMailboxStateStore state = new InMemoryMailboxStateStore();
    loop(mailbox(0), state, ReplyPolicy.defaults()).runOnce();
    json("GET", "/history", 200, resource("history.json"));
    json("GET", "/messages/18c0000000000003", 200, rawMessage("18c0000000000003", "18c0000000000001",
        "From: ana@example.com\nTo: " + SUPPORT + "\nSubject: Re: Qual o prazo? E o frete?\n"
            + "Message-ID: <q3@example.com>\nIn-Reply-To: <q1@example.com>\nReferences: <q1@example.com>\n\n"
            + "E o frete?\n"));
    wm.stubFor(post(urlPathEqualTo(USERS + "/messages/18c0000000000003/modify")).willReturn(aResponse()
        .withHeader("Content-Type", "application/json").withBody(resource("message-modified.json"))));

    MailboxTriage.Report second = loop(mailbox(0), state, ReplyPolicy.defaults()).runOnce();

    assertThat(second.fetched()).isEqualTo(1);
    assertThat(second.drafted()).isEqualTo(1);
    assertThat(second.checkpoint()).isEqualTo("1002");
    wm.verify(getRequestedFor(urlPathEqualTo(USERS + "/history")).withQueryParam("startHistoryId", equalTo("1000"))
        .withQueryParam("historyTypes", equalTo("messageAdded")).withQueryParam("labelId", equalTo("INBOX")));
    String raw = decodedRaw(wm.findAll(postRequestedFor(urlPathEqualTo(USERS + "/drafts"))).get(1));
    assertThat(raw).contains("References: <q1@example.com>\r\n <q3@example.com>\r\n");

    json("GET", "/history", 404, resource("error-404-history.json"));
    MailboxTriage.Report resync = loop(mailbox(0), state, ReplyPolicy.defaults()).runOnce();

    assertThat(resync.resynced()).isTrue();
    assertThat(resync.skipped()).isEqualTo(2);
    assertThat(resync.drafted()).isZero();
    assertThat(resync.checkpoint()).isEqualTo("1000");
    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(USERS + "/drafts")))).hasSize(2);
  }

  @Test
  void a429IsRetriedWithBackoffAndFailsClearlyWhenRetriesRunOut() {
    inbox();
    wm.stubFor(get(urlPathEqualTo(USERS + "/profile")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
            .withBody(resource("error-429.json"))).willSetStateTo("calm"));
    wm.stubFor(get(urlPathEqualTo(USERS + "/profile")).inScenario("busy").whenScenarioStateIs("calm")
        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(resource("profile.json"))));

    MailboxBatch batch = mailbox(2).fetch(null, 10);

    assertThat(batch.checkpoint()).isEqualTo("1000");
    assertThat(batch.messages()).extracting(m -> m.email().emailId())
        .containsExactly("18c0000000000001", "18c0000000000002");
    assertThat(batch.messages().get(0).email().threadId()).isEqualTo("18c0000000000001");
    assertThat(batch.messages().get(0).email().metadata().labels()).containsExactly("UNREAD", "INBOX");
    wm.verify(2, getRequestedFor(urlPathEqualTo(USERS + "/profile")));

    json("GET", "/profile", 429, resource("error-429.json"));
    assertThatThrownBy(() -> mailbox(0).fetch(null, 10)).isInstanceOf(MailboxException.class)
        .hasMessageContaining("HTTP 429").hasMessageContaining("Too many concurrent requests for user");
  }

  @Test
  void aDraftAlreadyMadeBeforeACrashIsFoundNotMadeAgain() {
    inbox();
    json("GET", "/drafts", 200, resource("drafts-list-found.json"));

    MailboxTriage.Report report = loop(mailbox(0), new InMemoryMailboxStateStore(), ReplyPolicy.defaults())
        .runOnce();

    assertThat(report.drafted()).isEqualTo(1);
    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(USERS + "/drafts")))).isEmpty();
  }

  @Test
  void sendModeSendsInTheThreadWithTheRfc3834Header() {
    inbox();
    json("POST", "/messages/send", 200, resource("message-sent.json"));

    MailboxTriage.Report report = loop(mailbox(0), new InMemoryMailboxStateStore(),
        ReplyPolicy.builder().mode(ReplyMode.SEND).build()).runOnce();

    assertThat(report.sent()).isEqualTo(1);
    LoggedRequest sent = wm.findAll(postRequestedFor(urlPathEqualTo(USERS + "/messages/send"))).get(0);
    assertThat(sent.getBodyAsString()).contains("\"threadId\":\"18c0000000000001\"");
    assertThat(decodedRaw(sent)).contains("Auto-Submitted: auto-replied\r\n")
        .contains("In-Reply-To: <q1@example.com>\r\n");
    assertThat(wm.findAll(postRequestedFor(urlPathEqualTo(USERS + "/drafts")))).isEmpty();
  }

  @Test
  void builderRefusals() {
    assertThatThrownBy(() -> GmailMailbox.builder().address("Ana <a@b.c>")).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> GmailMailbox.builder().user(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GmailMailbox.builder().rootUrl("http://x")).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> GmailMailbox.builder().initialMessages(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GmailMailbox.builder().maxRetries(11)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GmailMailbox.builder().retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GmailMailbox.builder().timeout(Duration.ZERO)).isInstanceOf(
        IllegalArgumentException.class);
    assertThatThrownBy(() -> GmailMailbox.builder().user("me").user("me")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> GmailMailbox.builder().address(SUPPORT).build()).isInstanceOf(
        IllegalStateException.class).hasMessageContaining("credentials");
    assertThat(mailbox(0).id()).isEqualTo("gmail:" + SUPPORT);
  }
}
