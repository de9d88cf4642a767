package dev.emailtriage.gemini;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.emailtriage.Action;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.TriageResult;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.test.MutableClock;
import dev.emailtriage.test.RecordingSleeper;
import dev.emailtriage.test.TestAnswers;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pipeline end to end with GeminiDecider against WireMock: email in, stored decision out. */
class EmailTriageWithGeminiTest {

  private static final String PATH = "/v1beta/models/gemini-2.5-flash:generateContent";

  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private GeminiDecider.Builder gemini() {
    MutableClock clock = new MutableClock(TestSupport.START);
    return GeminiDecider.builder().apiKey("k").baseUrl("http://localhost:" + server.port())
        .clock(clock).sleeper(new RecordingSleeper(clock));
  }

  @Test
  void modelDecisionIsStoredWithModelVersionAndTokenUsage() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(TestSupport.withText(TestSupport.SUCCESS, TestAnswers.RESPOND_JSON))));
    InMemoryDecisionStore store = new InMemoryDecisionStore();

    try (GeminiDecider decider = gemini().build();
        EmailTriage triage = EmailTriage.builder().decider(decider).store(store).workerThreads(0).build()) {
      TriageResult result = triage.process(TestSupport.email("Olá, gostaria de saber o preço do produto X."));

      assertThat(result.status()).isEqualTo(TriageStatus.PROCESSED);
      assertThat(result.decision().action()).isEqualTo(Action.RESPOND);
      assertThat(result.decision().source()).isEqualTo(DecisionSource.MODEL);
      EmailRecord stored = store.find("msg_12345").orElseThrow();
      assertThat(stored.status()).isEqualTo(TriageStatus.PROCESSED);
      assertThat(stored.toResult().decision().modelVersion()).isEqualTo("gemini-2.0-flash");
      assertThat(stored.toResult().decision().tokenUsage().total()).isEqualTo(29);
    }
    server.verify(1, postRequestedFor(urlEqualTo(PATH))
        .withRequestBody(matchingJsonPath("$.systemInstruction.parts[0].text", containing("Biofraga"))));
  }

  @Test
  void overloadedModelLeavesTheEmailStoredAsFailedAndRetryable() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(503)
        .withHeader("Content-Type", "application/json")
        .withBody(TestSupport.fixture(TestSupport.OVERLOADED_503))));
    InMemoryDecisionStore store = new InMemoryDecisionStore();

    try (GeminiDecider decider = gemini().maxRetries(1).build();
        EmailTriage triage = EmailTriage.builder().decider(decider).store(store).workerThreads(0)
            .deciderTimeout(Duration.ofSeconds(30)).build()) {
      TriageResult result = triage.process(TestSupport.email("Olá, gostaria de saber o preço do produto X."));

      assertThat(result.status()).isEqualTo(TriageStatus.FAILED);
      assertThat(result.retryable()).isTrue();
      assertThat(store.find("msg_12345").orElseThrow().status()).isEqualTo(TriageStatus.FAILED);
    }
    server.verify(2, postRequestedFor(urlEqualTo(PATH)));
  }

  @Test
  void aCorrectedEmailOfTheSenderGoesWithItsNextModelCallInsideTheGuard() throws Exception {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(TestSupport.withText(TestSupport.SUCCESS, TestAnswers.RESPOND_JSON))));

    try (GeminiDecider decider = gemini().build();
        EmailTriage triage = EmailTriage.builder().decider(decider).workerThreads(0).correctionExamples(3)
            .build()) {
      TriageResult first = triage.process(TestSupport.email("Promoção imperdível de verão para você."));
      triage.feedback(first.emailId(), new dev.emailtriage.Feedback(Action.IGNORE,
          dev.emailtriage.EmailType.NEWSLETTER, null, java.time.Instant.now()));
      TriageResult second = triage.process(TestSupport.email("Olá, quanto custa o produto Y?").toBuilder()
          .emailId("msg_2").build());

      assertThat(first.decision().examplesUsed()).isZero();
      assertThat(second.decision().examplesUsed()).isEqualTo(1);
    }
    var requests = server.findAll(postRequestedFor(urlEqualTo(PATH)));
    String user = TestSupport.JSON.readTree(requests.get(1).getBodyAsString()).at("/contents/0/parts/0/text")
        .asText();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("<<<BEGIN_EMAIL ([0-9a-f]{24})>>>").matcher(user);
    assertThat(m.find()).isTrue();
    String token = m.group(1);
    int begin = user.indexOf(m.group());
    int example = user.indexOf("[EXAMPLE " + token + " 1] same sender | From: cliente@example.com");
    int verdict = user.indexOf("[CORRECTION " + token
        + " 1] decided respond; the person said: ignore, type newsletter");
    assertThat(example).isGreaterThan(begin);
    assertThat(verdict).isGreaterThan(example).isLessThan(user.indexOf("<<<END_EMAIL " + token + ">>>"));
    assertThat(user).contains("Excerpt: Promoção imperdível de verão para você.");
  }
}
