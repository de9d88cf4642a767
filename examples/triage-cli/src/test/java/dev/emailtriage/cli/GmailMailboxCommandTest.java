package dev.emailtriage.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code triage-cli mailbox --gmail-credentials}: an authorized-user JSON whose token endpoint and the Gmail API are
 * both WireMock (response shapes as in mailbox-gmail's test resources, from Google's API reference).
 */
class GmailMailboxCommandTest {

  private static final String USERS = "/gmail/v1/users/me";

  @TempDir
  Path tmp;

  private WireMockServer wm;

  @BeforeEach
  void start() {
    wm = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    wm.start();
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

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

  private void stub(String method, String path, String body) {
    var m = method.equals("GET") ? get(urlPathMatching(path)) : post(urlPathMatching(path));
    wm.stubFor(m.willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body)));
  }

  @Test
  void onceReadsTheInboxThroughTheGmailApiAndLabelsIt() throws Exception {
    Path credentials = tmp.resolve("authorized_user.json");
    Files.writeString(credentials, "{\"type\": \"authorized_user\", \"client_id\": \"id.apps.googleusercontent.com\","
        + " \"client_secret\": \"secret\", \"refresh_token\": \"refresh\", \"token_uri\": \"http://localhost:"
        + wm.port() + "/token\"}");
    stub("POST", "/token", "{\"access_token\": \"ya29.test\", \"expires_in\": 3599, \"token_type\": \"Bearer\"}");
    stub("GET", USERS + "/profile", "{\"emailAddress\": \"support@biofraga.example\", \"messagesTotal\": 1,"
        + " \"threadsTotal\": 1, \"historyId\": \"1000\"}");
    stub("GET", USERS + "/messages", "{\"messages\": [{\"id\": \"18c0000000000001\", \"threadId\": "
        + "\"18c0000000000001\"}], \"resultSizeEstimate\": 1}");
    String raw = Base64.getUrlEncoder().encodeToString(("From: ana@example.com\r\nTo: support@biofraga.example\r\n"
        + "Subject: Qual o prazo?\r\nMessage-ID: <q1@example.com>\r\n\r\nQual o prazo?\r\n")
        .getBytes(StandardCharsets.UTF_8));
    stub("GET", USERS + "/messages/18c0000000000001", "{\"id\": \"18c0000000000001\", \"threadId\": "
        + "\"18c0000000000001\", \"labelIds\": [\"INBOX\"], \"internalDate\": \"1738584000000\", \"raw\": \"" + raw
        + "\"}");
    stub("GET", USERS + "/labels", "{\"labels\": [{\"id\": \"INBOX\", \"name\": \"INBOX\", \"type\": \"system\"}]}");
    stub("POST", USERS + "/labels", "{\"id\": \"Label_1\", \"name\": \"EmailTriage/Respond\", \"type\": \"user\"}");
    stub("POST", USERS + "/messages/18c0000000000001/modify", "{\"id\": \"18c0000000000001\", \"threadId\": "
        + "\"18c0000000000001\", \"labelIds\": [\"INBOX\", \"Label_1\"]}");

    Fixtures.Run run = mailbox(Map.of("EMAILTRIAGE_GMAIL_ROOT_URL", "http://localhost:" + wm.port()),
        "--gmail-credentials", credentials.toString(), "--username", "support@biofraga.example", "--offline",
        "--once");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("fetched 1, handled 1").contains("checkpoint 1000");
    assertThat(run.err()).contains("mailbox gmail:support@biofraga.example");
    wm.verify(postRequestedFor(urlPathEqualTo("/token")));
    wm.verify(getRequestedFor(urlPathEqualTo(USERS + "/messages/18c0000000000001")).withHeader("Authorization",
        com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer ya29.test")));
    wm.verify(postRequestedFor(urlPathEqualTo(USERS + "/messages/18c0000000000001/modify")));
  }

  @Test
  void gmailSettingsErrorsAreUsageErrors() {
    Fixtures.Run missing = mailbox(Map.of(), "--gmail-credentials", tmp.resolve("none.json").toString(),
        "--username", "support@biofraga.example", "--once");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot read the Gmail credentials");
    assertThat(mailbox(Map.of(), "--gmail-credentials", "x.json", "--once").err())
        .contains("give --username (or EMAILTRIAGE_GMAIL_USER)");
    assertThat(mailbox(Map.of(), "--gmail-credentials", "x.json", "--imap-url", "imaps://x", "--once").err())
        .contains("not both");
  }
}
