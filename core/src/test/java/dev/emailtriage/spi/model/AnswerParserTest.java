package dev.emailtriage.spi.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emailtriage.Action;
import dev.emailtriage.EmailType;
import dev.emailtriage.Tone;
import dev.emailtriage.Urgency;
import org.junit.jupiter.api.Test;

class AnswerParserTest {

  private static final String RESPOND = "{\"decision\":\"respond\",\"confidence\":0.8,\"email_type\":\"complaint\","
      + "\"urgency\":\"high\",\"reason\":\"Reclamação\",\"suggested_response\":{\"subject\":\"Re: x\","
      + "\"body\":\"Sentimos muito\",\"tone\":\"formal\"}}";

  @Test
  void respondWithDraftIsParsed() throws Exception {
    ModelAnswer a = AnswerParser.parse(RESPOND);

    assertThat(a.action()).isEqualTo(Action.RESPOND);
    assertThat(a.emailType()).isEqualTo(EmailType.COMPLAINT);
    assertThat(a.urgency()).isEqualTo(Urgency.HIGH);
    assertThat(a.suggestedResponse().tone()).isEqualTo(Tone.FORMAL);
  }

  @Test
  void notificationTypeIsAccepted() throws Exception {
    assertThat(AnswerParser.parse("{\"decision\":\"ignore\",\"confidence\":1,\"email_type\":\"notification\","
        + "\"urgency\":\"low\",\"reason\":\"Aviso do sistema\",\"suggested_response\":null}").emailType())
        .isEqualTo(EmailType.NOTIFICATION);
  }

  @Test
  void jsonInsideAMarkdownFenceIsAccepted() throws Exception {
    assertThat(AnswerParser.parse("```json\n" + RESPOND + "\n```").action()).isEqualTo(Action.RESPOND);
  }

  @Test
  void respondWithoutDraftIsRejected() {
    assertInvalid(RESPOND.replaceAll(",\"suggested_response\":\\{.*}}$", "}"), "suggested_response is missing");
  }

  @Test
  void ignoreWithDraftIsRejected() {
    assertInvalid(RESPOND.replace("\"respond\"", "\"ignore\""), "ignore but a suggested_response");
  }

  @Test
  void confidenceAboveOneIsRejected() {
    assertInvalid(RESPOND.replace("0.8", "1.2"), "outside [0, 1]");
  }

  @Test
  void confidenceAsStringIsRejected() {
    assertInvalid(RESPOND.replace("0.8", "\"0.8\""), "confidence");
  }

  @Test
  void blankReasonIsRejected() {
    assertInvalid(RESPOND.replace("\"Reclamação\"", "\"  \""), "reason");
  }

  @Test
  void unknownEmailTypeIsRejectedListingTheAcceptedValues() {
    assertInvalid(RESPOND.replace("complaint", "invoice"), "notification");
  }

  @Test
  void reasonLongerThanCoreAcceptsIsRejected() {
    assertInvalid(RESPOND.replace("\"Reclamação\"", "\"" + "r".repeat(2001) + "\""), "more than 2000");
  }

  @Test
  void unknownToneIsRejected() {
    assertInvalid(RESPOND.replace("formal", "angry"), "tone");
  }

  @Test
  void truncatedJsonIsRejected() {
    assertInvalid(RESPOND.substring(0, 40), "not valid JSON");
  }

  @Test
  void jsonArrayIsRejected() {
    assertInvalid("[" + RESPOND + "]", "not a JSON object");
  }

  @Test
  void emptyAnswerIsRejected() {
    assertInvalid("", "empty");
  }

  @Test
  void escapedAndUnicodeTextIsDecoded() throws Exception {
    ModelAnswer a = AnswerParser.parse(RESPOND.replace("Reclama\u00e7\u00e3o", "Reclama\\u00e7\\u00e3o \\\"x\\\"\\n"));

    assertThat(a.reason()).isEqualTo("Reclamação \"x\"");
  }

  @Test
  void repeatedPropertyIsRejected() {
    assertInvalid(RESPOND.replace("{\"decision\":\"respond\",", "{\"decision\":\"respond\",\"decision\":\"ignore\","),
        "appears twice");
  }

  @Test
  void textAfterTheObjectIsRejected() {
    assertInvalid(RESPOND + " {}", "not valid JSON");
  }

  @Test
  void confidenceWithExponentIsANumber() throws Exception {
    assertThat(AnswerParser.parse(RESPOND.replace("0.8", "8e-1")).confidence()).isEqualTo(0.8);
  }

  @Test
  void answerBecomesAModelDecisionWithThePromptAndACappedModelVersion() throws Exception {
    dev.emailtriage.Prompt prompt = new dev.emailtriage.Prompt("p1", "default", 3, "x",
        dev.emailtriage.DecisionCriteria.DEFAULT, true, java.time.Instant.EPOCH);

    dev.emailtriage.Decision d = AnswerParser.parse(RESPOND).toDecision(prompt, "m".repeat(150), null, "stop", true);

    assertThat(d.source()).isEqualTo(dev.emailtriage.DecisionSource.MODEL);
    assertThat(d.promptId()).isEqualTo("p1");
    assertThat(d.promptVersion()).isEqualTo(3);
    assertThat(d.modelVersion()).hasSize(ModelAnswer.MODEL_VERSION_MAX);
    assertThat(d.bodyTruncated()).isTrue();
  }

  private static void assertInvalid(String json, String expected) {
    assertThatThrownBy(() -> AnswerParser.parse(json))
        .isInstanceOf(InvalidAnswerException.class)
        .hasMessageContaining(expected);
  }
}
