package dev.emailtriage.spamfilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.sun.net.httpserver.HttpServer;
import dev.emailtriage.Action;
import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import dev.emailtriage.Urgency;
import dev.emailtriage.spi.RuleOutcome;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The rule against in-test fake servers: verdicts, thresholds, replies, and abstaining on every failure. */
class SpamFilterRuleTest {

  private static final String SPAM_REPLY = "SPAMD/1.1 0 EX_OK\r\nContent-length: 29\r\nSpam: True ; 15.2 / 5.0\r\n"
      + "\r\nBAYES_99,HTML_MESSAGE,URIBL_X";
  private static final String HAM_REPLY = "SPAMD/1.1 0 EX_OK\r\nContent-length: 9\r\nSpam: False ; 3.1 / 5.0\r\n"
      + "\r\nNO_RELAYS";

  private static void assertSpam(RuleOutcome outcome) {
    assertThat(outcome.verdict()).isEqualTo(RuleOutcome.Verdict.DECIDE);
    assertThat(outcome.action()).isEqualTo(Action.IGNORE);
    assertThat(outcome.emailType()).isEqualTo(EmailType.SPAM);
    assertThat(outcome.urgency()).isEqualTo(Urgency.LOW);
  }

  private static void assertAbstains(RuleOutcome outcome) {
    assertThat(outcome.verdict()).as("reason: %s", outcome.reason()).isEqualTo(RuleOutcome.Verdict.ABSTAIN);
  }

  @Nested
  class Spamd {

    @Test
    void hasAStableName() {
      assertThat(SpamFilterRule.builder().spamd("127.0.0.1:783").build().name()).isEqualTo("spam-filter");
    }

    @Test
    void ignoresWhatSpamdCallsSpamAndSaysWhy() throws IOException {
      try (FakeSpamd spamd = FakeSpamd.replying(SPAM_REPLY)) {
        RuleOutcome outcome = SpamFilterRule.builder().spamd(spamd.address()).build()
            .evaluate(Mail.question().build());
        assertSpam(outcome);
        assertThat(outcome.reason()).contains("spamd at " + spamd.address()).contains("15.2")
            .contains("required 5.0").contains("BAYES_99, HTML_MESSAGE, URIBL_X");
      }
    }

    @Test
    void sendsASymbolsRequestWithTheMessageLengthAndUser() throws IOException {
      try (FakeSpamd spamd = FakeSpamd.replying(HAM_REPLY)) {
        SpamFilterRule.builder().spamd(spamd.address()).spamdUser("triage").build().evaluate(Mail.question().build());
        String request = new String(spamd.requests().get(0), StandardCharsets.UTF_8);
        int split = request.indexOf("\r\n\r\n");
        String head = request.substring(0, split);
        String message = request.substring(split + 4);
        assertThat(head.split("\r\n")).containsExactly("SYMBOLS SPAMC/1.5",
            "Content-length: " + message.getBytes(StandardCharsets.UTF_8).length, "User: triage");
        assertThat(message).contains("Subject: Invoice for order 123\r\n").contains("resend the invoice");
      }
    }

    @Test
    void sendsTheRawMessageWhenTheSourceHasIt() throws IOException {
      byte[] raw = "From: a@example.com\r\nSubject: raw\r\n\r\nthe original bytes\r\n".getBytes(StandardCharsets.UTF_8);
      try (FakeSpamd spamd = FakeSpamd.replying(HAM_REPLY)) {
        SpamFilterRule.builder().spamd(spamd.address()).rawMessages(email -> Optional.of(raw)).build()
            .evaluate(Mail.question().build());
        assertThat(new String(spamd.requests().get(0), StandardCharsets.UTF_8)).endsWith("\r\n\r\n"
            + new String(raw, StandardCharsets.UTF_8));
      }
    }

    @Test
    void abstainsOnWhatSpamdCallsHam() throws IOException {
      try (FakeSpamd spamd = FakeSpamd.replying(HAM_REPLY)) {
        assertAbstains(SpamFilterRule.builder().spamd(spamd.address()).build().evaluate(Mail.question().build()));
      }
    }

    @Test
    void aThresholdOverridesSpamdsOwnVerdictBothWays() throws IOException {
      try (FakeSpamd spamd = FakeSpamd.replying(HAM_REPLY)) {
        RuleOutcome lowBar = SpamFilterRule.builder().spamd(spamd.address()).spamdThreshold(3.0).build()
            .evaluate(Mail.question().build());
        assertSpam(lowBar);
        assertThat(lowBar.reason()).contains("threshold 3.0");
      }
      try (FakeSpamd spamd = FakeSpamd.replying(SPAM_REPLY)) {
        assertAbstains(SpamFilterRule.builder().spamd(spamd.address()).spamdThreshold(20.0).build()
            .evaluate(Mail.question().build()));
      }
    }

    @Test
    void aReplyNeedsTwiceTheRequiredScore() throws IOException {
      Email reply = Mail.question().header("In-Reply-To", "<earlier@shop.example>").build();
      String justSpam = "SPAMD/1.1 0 EX_OK\r\nSpam: True ; 6.6 / 5.0\r\n\r\nRDNS_DYNAMIC";
      try (FakeSpamd spamd = FakeSpamd.replying(justSpam)) {
        assertAbstains(SpamFilterRule.builder().spamd(spamd.address()).build().evaluate(reply));
        assertSpam(SpamFilterRule.builder().spamd(spamd.address()).build().evaluate(Mail.question().build()));
        assertSpam(SpamFilterRule.builder().spamd(spamd.address()).replyFactor(1).build().evaluate(reply));
      }
      try (FakeSpamd spamd = FakeSpamd.replying(SPAM_REPLY)) {
        RuleOutcome outcome = SpamFilterRule.builder().spamd(spamd.address()).build()
            .evaluate(Mail.question().header("References", "<earlier@shop.example>").build());
        assertSpam(outcome);
        assertThat(outcome.reason()).contains("reply, 2.0 x required 5.0");
      }
    }

    @Test
    void aReplyNeedsTwiceTheThreshold() throws IOException {
      Email reply = Mail.question().header("References", "<earlier@shop.example>").build();
      try (FakeSpamd spamd = FakeSpamd.replying(SPAM_REPLY)) { // 15.2
        assertAbstains(SpamFilterRule.builder().spamd(spamd.address()).spamdThreshold(8).build().evaluate(reply));
        assertSpam(SpamFilterRule.builder().spamd(spamd.address()).spamdThreshold(7).build().evaluate(reply));
      }
    }

    @Test
    void abstainsOnAnErrorStatus() throws IOException {
      try (FakeSpamd spamd = FakeSpamd.replying("SPAMD/1.0 76 Bad header line: (Content-length mismatch)\r\n")) {
        assertAbstains(SpamFilterRule.builder().spamd(spamd.address()).build().evaluate(Mail.gtube()));
      }
    }

    @Test
    void abstainsOnAReplyThatIsNotSpamc() throws IOException {
      try (FakeSpamd spamd = FakeSpamd.replying("HTTP/1.1 400 Bad Request\r\n\r\n")) {
        assertAbstains(SpamFilterRule.builder().spamd(spamd.address()).build().evaluate(Mail.gtube()));
      }
    }

    @Test
    void abstainsOnAReplyWithoutSpamHeader() throws IOException {
      try (FakeSpamd spamd = FakeSpamd.replying("SPAMD/1.1 0 EX_OK\r\nContent-length: 0\r\n\r\n")) {
        assertAbstains(SpamFilterRule.builder().spamd(spamd.address()).build().evaluate(Mail.gtube()));
      }
    }

    @Test
    void abstainsWhenSpamdClosesWithoutReplying() throws IOException {
      try (FakeSpamd spamd = FakeSpamd.replying("")) {
        assertAbstains(SpamFilterRule.builder().spamd(spamd.address()).build().evaluate(Mail.gtube()));
      }
    }

    @Test
    void abstainsWhenSpamdDoesNotAnswerBeforeTheDeadline() throws IOException {
      try (FakeSpamd spamd = FakeSpamd.silent()) {
        assertAbstains(SpamFilterRule.builder().spamd(spamd.address()).timeout(Duration.ofMillis(200)).build()
            .evaluate(Mail.gtube()));
        assertThat(spamd.requests()).hasSize(1); // it did receive the request: the deadline, not a refusal
      }
    }

    @Test
    void abstainsWhenNothingListens() throws IOException {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      assertAbstains(SpamFilterRule.builder().spamd("127.0.0.1", port).build().evaluate(Mail.gtube()));
    }

    @Test
    void abstainsWhenTheRawMessageSourceFails() throws IOException {
      try (FakeSpamd spamd = FakeSpamd.replying(SPAM_REPLY)) {
        assertAbstains(SpamFilterRule.builder().spamd(spamd.address())
            .rawMessages(email -> { throw new IllegalStateException("disk gone"); }).build()
            .evaluate(Mail.gtube()));
      }
    }
  }

  @Nested
  class Rspamd {
    private HttpServer server;
    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();

    private String serve(int status, String json) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/checkv2", exchange -> {
        bodies.add(exchange.getRequestBody().readAllBytes());
        byte[] out = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, out.length);
        try (OutputStream o = exchange.getResponseBody()) {
          o.write(out);
        }
      });
      server.start();
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
      if (server != null) {
        server.stop(0);
      }
    }

    private static String reply(String action, double score) {
      return "{\"is_skipped\":false,\"score\":" + score + ",\"required_score\":15.0,\"action\":\"" + action + "\","
          + "\"symbols\":{\"R_SPF_FAIL\":{\"name\":\"R_SPF_FAIL\",\"score\":1.0,\"options\":[\"x\"]},"
          + "\"BAYES_SPAM\":{\"name\":\"BAYES_SPAM\",\"score\":5.1}},\"messages\":{}}";
    }

    @Test
    void ignoresWhatRspamdActsOnAndPostsTheMessage() throws IOException {
      String url = serve(200, reply("add header", 9.3));
      RuleOutcome outcome = SpamFilterRule.builder().rspamd(url).build().evaluate(Mail.gtube());
      assertSpam(outcome);
      assertThat(outcome.reason()).contains("Rspamd at " + url + "/checkv2").contains("action 'add header'")
          .contains("R_SPF_FAIL, BAYES_SPAM");
      assertThat(new String(bodies.get(0), StandardCharsets.UTF_8)).contains(Mail.GTUBE);
    }

    @Test
    void abstainsOnNoAction() throws IOException {
      assertAbstains(SpamFilterRule.builder().rspamd(serve(200, reply("no action", 1.2))).build()
          .evaluate(Mail.question().build()));
    }

    @Test
    void abstainsOnSoftReject() throws IOException {
      assertAbstains(SpamFilterRule.builder().rspamd(serve(200, reply("soft reject", 0.0))).build()
          .evaluate(Mail.question().build()));
    }

    @Test
    void aThresholdOverridesRspamdsAction() throws IOException {
      String url = serve(200, reply("no action", 4.5));
      assertSpam(SpamFilterRule.builder().rspamd(url).rspamdThreshold(4).build().evaluate(Mail.question().build()));
    }

    @Test
    void aReplyNeedsRspamdsRejectAction() throws IOException {
      Email reply = Mail.question().header("In-Reply-To", "<x@shop.example>").build();
      assertAbstains(SpamFilterRule.builder().rspamd(serve(200, reply("add header", 9.3))).build().evaluate(reply));
    }

    @Test
    void aReplyIsIgnoredOnReject() throws IOException {
      Email reply = Mail.question().header("In-Reply-To", "<x@shop.example>").build();
      assertSpam(SpamFilterRule.builder().rspamd(serve(200, reply("reject", 21.0))).build().evaluate(reply));
    }

    @Test
    void abstainsOnAnHttpError() throws IOException {
      assertAbstains(SpamFilterRule.builder().rspamd(serve(500, "{\"error\":\"boom\"}")).build()
          .evaluate(Mail.gtube()));
    }

    @Test
    void abstainsOnAReplyThatIsNotJson() throws IOException {
      assertAbstains(SpamFilterRule.builder().rspamd(serve(200, "<html>proxy error</html>")).build()
          .evaluate(Mail.gtube()));
    }

    @Test
    void abstainsWhenRspamdSkippedTheMessage() throws IOException {
      assertAbstains(SpamFilterRule.builder()
          .rspamd(serve(200, "{\"is_skipped\":true,\"score\":0,\"required_score\":15,\"action\":\"reject\"}"))
          .build().evaluate(Mail.gtube()));
    }

    @Test
    void asksRspamdWhenSpamdFails() throws IOException {
      String url = serve(200, reply("reject", 30.0));
      try (FakeSpamd spamd = FakeSpamd.replying("SPAMD/1.0 74 Temporary failure\r\n")) {
        RuleOutcome outcome = SpamFilterRule.builder().spamd(spamd.address()).rspamd(url).build()
            .evaluate(Mail.gtube());
        assertSpam(outcome);
        assertThat(outcome.reason()).startsWith("Rspamd");
      }
    }
  }

  @Nested
  class BuilderRefusals {

    @Test
    void rejectsNoFilter() {
      assertThatIllegalStateException().isThrownBy(() -> SpamFilterRule.builder().build())
          .withMessageContaining("spamd").withMessageContaining("rspamd");
    }

    @Test
    void rejectsSpamdWithoutPort() {
      assertThatIllegalArgumentException().isThrownBy(() -> SpamFilterRule.builder().spamd("localhost"))
          .withMessageContaining("host:port");
    }

    @Test
    void rejectsSpamdWithABadPort() {
      assertThatIllegalArgumentException().isThrownBy(() -> SpamFilterRule.builder().spamd("localhost:spamd"))
          .withMessageContaining("host:port");
    }

    @Test
    void rejectsSpamdPortOutOfRange() {
      assertThatIllegalArgumentException().isThrownBy(() -> SpamFilterRule.builder().spamd("localhost", 70000))
          .withMessageContaining("65535");
    }

    @Test
    void rejectsABlankSpamdHost() {
      assertThatIllegalArgumentException().isThrownBy(() -> SpamFilterRule.builder().spamd(" ", 783))
          .withMessageContaining("host");
    }

    @Test
    void acceptsAnIpv6SpamdInBrackets() {
      assertThat(SpamFilterRule.builder().spamd("[::1]:783").build().toString()).contains("[::1]:783");
    }

    @Test
    void rejectsSpamdSetTwice() {
      SpamFilterRule.Builder b = SpamFilterRule.builder().spamd("localhost:783");
      assertThatIllegalStateException().isThrownBy(() -> b.spamd("localhost:784")).withMessageContaining("spamd");
    }

    @Test
    void rejectsAUserWithALineBreak() {
      assertThatIllegalArgumentException().isThrownBy(() -> SpamFilterRule.builder().spamdUser("a\r\nb"))
          .withMessageContaining("spamdUser");
    }

    @Test
    void rejectsSpamdUserSetTwice() {
      SpamFilterRule.Builder b = SpamFilterRule.builder().spamdUser("a");
      assertThatIllegalStateException().isThrownBy(() -> b.spamdUser("b")).withMessageContaining("spamdUser");
    }

    @Test
    void rejectsARspamdUrlThatIsNotHttp() {
      assertThatIllegalArgumentException().isThrownBy(() -> SpamFilterRule.builder().rspamd("ftp://host:11333"))
          .withMessageContaining("rspamd");
    }

    @Test
    void rejectsARspamdUrlWithAQuery() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> SpamFilterRule.builder().rspamd("http://host:11333/?password=x"))
          .withMessageContaining("no query");
    }

    @Test
    void rejectsRspamdSetTwice() {
      SpamFilterRule.Builder b = SpamFilterRule.builder().rspamd("http://127.0.0.1:11333");
      assertThatIllegalStateException().isThrownBy(() -> b.rspamd("http://127.0.0.1:11334"))
          .withMessageContaining("rspamd");
    }

    @Test
    void rejectsANonPositiveSpamdThreshold() {
      assertThatIllegalArgumentException().isThrownBy(() -> SpamFilterRule.builder().spamdThreshold(0))
          .withMessageContaining("spamdThreshold");
    }

    @Test
    void rejectsAnInfiniteRspamdThreshold() {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> SpamFilterRule.builder().rspamdThreshold(Double.POSITIVE_INFINITY))
          .withMessageContaining("rspamdThreshold");
    }

    @Test
    void rejectsSpamdThresholdSetTwice() {
      SpamFilterRule.Builder b = SpamFilterRule.builder().spamdThreshold(5);
      assertThatIllegalStateException().isThrownBy(() -> b.spamdThreshold(6)).withMessageContaining("spamdThreshold");
    }

    @Test
    void rejectsRspamdThresholdSetTwice() {
      SpamFilterRule.Builder b = SpamFilterRule.builder().rspamdThreshold(5);
      assertThatIllegalStateException().isThrownBy(() -> b.rspamdThreshold(6))
          .withMessageContaining("rspamdThreshold");
    }

    @Test
    void rejectsAZeroTimeout() {
      assertThatIllegalArgumentException().isThrownBy(() -> SpamFilterRule.builder().timeout(Duration.ZERO))
          .withMessageContaining("timeout");
    }

    @Test
    void rejectsANullTimeout() {
      assertThatIllegalArgumentException().isThrownBy(() -> SpamFilterRule.builder().timeout(null))
          .withMessageContaining("timeout");
    }

    @Test
    void rejectsTimeoutSetTwice() {
      SpamFilterRule.Builder b = SpamFilterRule.builder().timeout(Duration.ofSeconds(1));
      assertThatIllegalStateException().isThrownBy(() -> b.timeout(Duration.ofSeconds(2)))
          .withMessageContaining("timeout");
    }

    @Test
    void rejectsAReplyFactorBelowOne() {
      assertThatIllegalArgumentException().isThrownBy(() -> SpamFilterRule.builder().replyFactor(0.5))
          .withMessageContaining("replyFactor");
    }

    @Test
    void rejectsReplyFactorSetTwice() {
      SpamFilterRule.Builder b = SpamFilterRule.builder().replyFactor(2);
      assertThatIllegalStateException().isThrownBy(() -> b.replyFactor(3)).withMessageContaining("replyFactor");
    }

    @Test
    void rejectsATinyMaxMessageBytes() {
      assertThatIllegalArgumentException().isThrownBy(() -> SpamFilterRule.builder().maxMessageBytes(100))
          .withMessageContaining("maxMessageBytes");
    }

    @Test
    void rejectsMaxMessageBytesSetTwice() {
      SpamFilterRule.Builder b = SpamFilterRule.builder().maxMessageBytes(4096);
      assertThatIllegalStateException().isThrownBy(() -> b.maxMessageBytes(8192))
          .withMessageContaining("maxMessageBytes");
    }

    @Test
    void rejectsANullRawMessageSource() {
      assertThatIllegalArgumentException().isThrownBy(() -> SpamFilterRule.builder().rawMessages(null))
          .withMessageContaining("rawMessages");
    }

    @Test
    void rejectsRawMessagesSetTwice() {
      SpamFilterRule.Builder b = SpamFilterRule.builder().rawMessages(e -> Optional.empty());
      assertThatIllegalStateException().isThrownBy(() -> b.rawMessages(e -> Optional.empty()))
          .withMessageContaining("rawMessages");
    }

    @Test
    void rejectsASpamdThresholdWithoutSpamd() {
      assertThatIllegalStateException().isThrownBy(() -> SpamFilterRule.builder().rspamd("http://127.0.0.1:11333")
          .spamdThreshold(5).build()).withMessageContaining("spamdThreshold");
    }

    @Test
    void rejectsAnRspamdThresholdWithoutRspamd() {
      assertThatIllegalStateException().isThrownBy(() -> SpamFilterRule.builder().spamd("127.0.0.1:783")
          .rspamdThreshold(5).build()).withMessageContaining("rspamdThreshold");
    }
  }
}
