package dev.emailtriage.gemini;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.emailtriage.gemini.BatchFixtures.BATCH_NAME;
import static dev.emailtriage.gemini.BatchFixtures.CREATE_PATH;
import static dev.emailtriage.gemini.BatchFixtures.GET_PATH;
import static dev.emailtriage.gemini.BatchFixtures.PENDING;
import static dev.emailtriage.gemini.BatchFixtures.RUNNING;
import static dev.emailtriage.gemini.BatchFixtures.succeeded;
import static dev.emailtriage.gemini.BatchFixtures.threeEmails;
import static dev.emailtriage.gemini.TestSupport.OVERLOADED_503;
import static dev.emailtriage.gemini.TestSupport.SUCCESS;
import static dev.emailtriage.gemini.TestSupport.fixture;
import static dev.emailtriage.gemini.TestSupport.withText;
import static dev.emailtriage.test.TestAnswers.IGNORE_JSON;
import static dev.emailtriage.test.TestAnswers.RESPOND_JSON;
import static dev.emailtriage.test.TestPrompts.prompt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.emailtriage.Action;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.DefaultPrompt;
import dev.emailtriage.Email;
import dev.emailtriage.EmailMetadata;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.Priority;
import dev.emailtriage.Prompt;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.gemini.BatchFixtures.Entry;
import dev.emailtriage.spi.BatchPoll;
import dev.emailtriage.spi.BatchRequest;
import dev.emailtriage.spi.DeciderException;
import dev.emailtriage.spi.DeciderException.Kind;
import dev.emailtriage.test.MutableClock;
import dev.emailtriage.test.RecordingSleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GeminiBatchDecider} as the pipeline's {@link dev.emailtriage.spi.BatchDecider}, over real HTTP against
 * WireMock serving the Batch API bodies of {@code src/test/resources/gemini/batch/} (see the README there): one job
 * created, polled without waiting, results and a partial failure mapped back by email id; and the whole batch mode
 * of an {@link EmailTriage} on it.
 */
class GeminiBatchDeciderPipelineTest {

  private static final String KEY = "test-key-123";

  private WireMockServer server;
  private MutableClock clock;
  private GeminiBatchDecider batch;

  @BeforeEach
  void start() {
    server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
    clock = new MutableClock(TestSupport.START);
    batch = GeminiBatchDecider.builder().apiKey(KEY).baseUrl("http://localhost:" + server.port())
        .pollInterval(Duration.ofSeconds(30)).maxPollInterval(Duration.ofMinutes(2)).timeout(Duration.ofHours(6))
        .clock(clock).sleeper(new RecordingSleeper(clock)).build();
  }

  @AfterEach
  void stop() {
    batch.close();
    server.stop();
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  private static List<Entry> twoAnswersAndARateLimitedEntry() {
    return List.of(
        Entry.response("msg-price", withText(SUCCESS, RESPOND_JSON)),
        Entry.error("msg-news", 8, "Resource has been exhausted (e.g. check quota)."),
        Entry.response("msg-notif", withText(SUCCESS, IGNORE_JSON.replace("newsletter", "notification"))));
  }

  @Test
  void submitCreatesOneJobWithEachEmailsOwnPromptAndReturnsItsNameWithoutPolling() {
    server.stubFor(post(urlEqualTo(CREATE_PATH)).willReturn(json(200, fixture(PENDING))));
    Prompt challenger = new Prompt("prompt_002", "challenger", 1, "Você é o assistente B da Biofraga.", null, false,
        Instant.parse("2025-01-01T00:00:00Z"));
    List<Email> emails = threeEmails();

    String id = batch.submit(List.of(new BatchRequest(emails.get(0), prompt()),
        new BatchRequest(emails.get(1), challenger), new BatchRequest(emails.get(2), prompt())));

    assertThat(id).isEqualTo(BATCH_NAME);
    server.verify(1, postRequestedFor(urlEqualTo(CREATE_PATH))
        .withHeader("x-goog-api-key", equalTo(KEY))
        .withRequestBody(matchingJsonPath("$.batch.inputConfig.requests.requests.length()", equalTo("3")))
        .withRequestBody(matchingJsonPath("$.batch.inputConfig.requests.requests[1].metadata.key",
            equalTo("msg-news")))
        .withRequestBody(matchingJsonPath(
            "$.batch.inputConfig.requests.requests[1].request.systemInstruction.parts[0].text",
            containing("assistente B")))
        .withRequestBody(matchingJsonPath(
            "$.batch.inputConfig.requests.requests[2].request.systemInstruction.parts[0].text",
            containing("assistente inteligente"))));
    server.verify(0, getRequestedFor(urlMatching(".*")));
  }

  @Test
  void aJobThatCannotBeCreatedIsADeciderExceptionOfItsKind() {
    server.stubFor(post(urlEqualTo(CREATE_PATH)).willReturn(json(503, fixture(OVERLOADED_503))));

    DeciderException e = catchThrowableOfType(DeciderException.class,
        () -> batch.submit(List.of(new BatchRequest(threeEmails().get(0), prompt()))));

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.retryable()).isTrue();
  }

  @Test
  void pollAnswersRunningWhileTheJobIsPendingOrRunning() {
    server.stubFor(get(urlEqualTo(GET_PATH)).willReturn(json(200, fixture(RUNNING))));

    assertThat(batch.poll(BATCH_NAME, threeEmails()).ended()).isFalse();
    server.verify(1, getRequestedFor(urlEqualTo(GET_PATH)).withHeader("x-goog-api-key", equalTo(KEY)));
  }

  @Test
  void pollOfAnEndedJobMapsEachResultAndThePartialFailureByEmailId() {
    server.stubFor(get(urlEqualTo(GET_PATH)).willReturn(json(200, succeeded(twoAnswersAndARateLimitedEntry()))));

    BatchPoll r = batch.poll(BATCH_NAME, threeEmails());

    assertThat(r.ended()).isTrue();
    assertThat(r.decisions()).containsOnlyKeys("msg-price", "msg-notif");
    assertThat(r.decisions().get("msg-price").action()).isEqualTo(Action.RESPOND);
    assertThat(r.decisions().get("msg-price").source()).isEqualTo(DecisionSource.MODEL);
    assertThat(r.decisions().get("msg-price").promptId()).isNull(); // the pipeline records the prompt it submitted
    assertThat(r.decisions().get("msg-notif").action()).isEqualTo(Action.IGNORE);
    assertThat(r.failures()).containsOnlyKeys("msg-news");
    assertThat(r.failures().get("msg-news").kind()).isEqualTo(Kind.RATE_LIMITED);
  }

  @Test
  void aTransientPollFailureIsARetryableUnavailableAndAnUnknownJobABadRequest() {
    server.stubFor(get(urlEqualTo(GET_PATH)).willReturn(json(503, fixture(OVERLOADED_503))));
    DeciderException transientFailure = catchThrowableOfType(DeciderException.class,
        () -> batch.poll(BATCH_NAME, threeEmails()));
    assertThat(transientFailure.kind()).isEqualTo(Kind.UNAVAILABLE);

    server.stubFor(get(urlEqualTo(GET_PATH)).willReturn(json(404, "{\"error\":{\"code\":404,"
        + "\"message\":\"Requested entity was not found.\",\"status\":\"NOT_FOUND\"}}")));
    DeciderException unknown = catchThrowableOfType(DeciderException.class,
        () -> batch.poll(BATCH_NAME, threeEmails()));
    assertThat(unknown.kind()).isEqualTo(Kind.BAD_REQUEST);
    assertThat(unknown.getMessage()).contains("unknown batch");
  }

  @Test
  void cancelPostsTheBatchesCancelRequest() {
    server.stubFor(post(urlEqualTo(GET_PATH + ":cancel")).willReturn(json(200, "{}")));

    batch.cancel(BATCH_NAME);

    server.verify(1, postRequestedFor(urlEqualTo(GET_PATH + ":cancel")).withHeader("x-goog-api-key", equalTo(KEY)));
  }

  @Test
  void thePipelinesScheduleIsTheBuildersPollIntervalDoublingUpToItsMaximumAndItsTimeout() {
    assertThat(List.of(batch.pollDelay(0), batch.pollDelay(1), batch.pollDelay(2), batch.pollDelay(9)))
        .containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(2));
    assertThat(batch.timeout()).isEqualTo(Duration.ofHours(6));
    assertThat(batch.maxBatchSize()).isEqualTo(1000);
    assertThat(batch.cacheScope()).isEqualTo("gemini:gemini-2.5-flash");
  }

  @Test
  void batchModeOfThePipelineCreatesOneJobForTheModelShareAndStoresItsResultsAndItsFailure() {
    server.stubFor(post(urlEqualTo(CREATE_PATH)).willReturn(json(200, fixture(PENDING))));
    server.stubFor(get(urlEqualTo(GET_PATH)).willReturn(json(200, fixture(RUNNING))));
    InMemoryDecisionStore store = new InMemoryDecisionStore(clock);
    try (GeminiDecider decider = GeminiDecider.builder().apiKey(KEY).baseUrl("http://localhost:" + server.port())
            .clock(clock).sleeper(new RecordingSleeper(clock)).build();
        EmailTriage triage = EmailTriage.builder().decider(decider).batchDecider(batch).store(store).clock(clock)
            .workerThreads(0).build()) {
      threeEmails().forEach(triage::submit);
      triage.submit(Email.builder().emailId("msg-noreply").from("no-reply@loja.example")
          .to("support@biofraga.com").subject("Seu pedido foi enviado").body("Pedido 123 enviado.")
          .receivedAt(Instant.parse("2025-01-15T10:30:00Z")).metadata(EmailMetadata.of(Priority.LOW, List.of()))
          .build());

      assertThat(triage.drainQueue()).isEqualTo(4);
      server.verify(1, postRequestedFor(urlEqualTo(CREATE_PATH))
          .withRequestBody(matchingJsonPath("$.batch.inputConfig.requests.requests.length()", equalTo("3"))));
      assertThat(store.find("msg-noreply").orElseThrow().decision().source()).isEqualTo(DecisionSource.RULE);
      assertThat(store.find("msg-price").orElseThrow().status()).isEqualTo(TriageStatus.PROCESSING);

      clock.advance(Duration.ofSeconds(30));
      triage.drainQueue(); // still running at Google
      assertThat(store.find("msg-price").orElseThrow().status()).isEqualTo(TriageStatus.PROCESSING);

      server.stubFor(get(urlEqualTo(GET_PATH)).willReturn(json(200, succeeded(twoAnswersAndARateLimitedEntry()))));
      clock.advance(Duration.ofMinutes(1));
      triage.drainQueue();

      EmailRecord price = store.find("msg-price").orElseThrow();
      assertThat(price.status()).isEqualTo(TriageStatus.PROCESSED);
      assertThat(price.decision().source()).isEqualTo(DecisionSource.MODEL);
      assertThat(price.decision().promptId()).isEqualTo(DefaultPrompt.ID);
      assertThat(price.decision().modelVersion()).isEqualTo("gemini-2.0-flash");
      assertThat(price.processingTime()).isEqualTo(90.0);
      assertThat(store.find("msg-notif").orElseThrow().status()).isEqualTo(TriageStatus.PROCESSED);
      EmailRecord news = store.find("msg-news").orElseThrow();
      assertThat(news.status()).isEqualTo(TriageStatus.FAILED);
      assertThat(news.retryable()).isTrue();
      assertThat(news.lastError()).contains("RATE_LIMITED", "status code 8");
      assertThat(store.heldBatches()).isEmpty();
    }
    server.verify(0, postRequestedFor(urlEqualTo("/v1beta/models/gemini-2.5-flash:generateContent")));
    server.verify(2, getRequestedFor(urlEqualTo(GET_PATH)));
  }
}
