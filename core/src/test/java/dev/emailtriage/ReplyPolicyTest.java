package dev.emailtriage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplyPolicyTest {

  private static final Optional<String> MAILBOX = Optional.of("support@biofraga.com");
  private static final Instant AT = Instant.parse("2025-02-01T09:00:00Z");

  private static Email.Builder question() {
    return Email.builder().emailId("q1").from("Ana <ana@example.com>").to("support@biofraga.com")
        .subject("Qual o prazo?").body("Qual o prazo de entrega?").receivedAt(AT)
        .header("Message-ID", "<q1@example.com>");
  }

  private static TriageResult respond(double confidence, EmailType type, boolean review) {
    Decision d = Decision.builder().action(Action.RESPOND).confidence(confidence).emailType(type)
        .urgency(Urgency.MEDIUM).reason("r").source(DecisionSource.MODEL).needsReview(review)
        .suggestedResponse(new SuggestedResponse("Re: x", "Olá!", Tone.FRIENDLY)).build();
    return TriageResult.processed("q1", d, 0.1, AT, null);
  }

  private static final ReplyPolicy SEND = ReplyPolicy.builder().mode(ReplyMode.SEND).build();

  private static ReplyPolicy.Action send(Email email, TriageResult result) {
    return SEND.evaluate(email, result, MAILBOX).action();
  }

  @Test
  void draftModeDraftsEveryRespondDecisionWithAReply() {
    ReplyPolicy.Verdict v = ReplyPolicy.defaults().evaluate(question().build(),
        respond(0.5, EmailType.COMPLAINT, true), MAILBOX);
    assertThat(v.action()).isEqualTo(ReplyPolicy.Action.DRAFT);
  }

  @Test
  void ignoreDecisionsFailuresMissingRepliesAndOffModeMakeNothing() {
    Decision ignore = Decision.builder().action(Action.IGNORE).confidence(0.99).emailType(EmailType.NEWSLETTER)
        .urgency(Urgency.LOW).reason("r").source(DecisionSource.RULE).build();
    Decision noText = respond(0.99, EmailType.QUESTION, false).decision().toBuilder().suggestedResponse(null).build();
    Email email = question().build();

    assertThat(SEND.evaluate(email, TriageResult.processed("q1", ignore, 0, AT, null), MAILBOX).action())
        .isEqualTo(ReplyPolicy.Action.NONE);
    assertThat(SEND.evaluate(email, TriageResult.processed("q1", noText, 0, AT, null), MAILBOX).reason())
        .contains("no reply was drafted");
    assertThat(SEND.evaluate(email, new TriageResult(TriageStatus.FAILED, "q1", null, 0, null, null, "down", true),
        MAILBOX).action()).isEqualTo(ReplyPolicy.Action.NONE);
    assertThat(ReplyPolicy.builder().mode(ReplyMode.OFF).build()
        .evaluate(email, respond(0.99, EmailType.QUESTION, false), MAILBOX).reason()).isEqualTo("reply mode off");
  }

  @Test
  void sendModeSendsOnlyConfidentReviewedAllowedTypes() {
    assertThat(send(question().build(), respond(0.95, EmailType.QUESTION, false)))
        .isEqualTo(ReplyPolicy.Action.SEND);
    assertThat(send(question().build(), respond(0.9, EmailType.REQUEST, false))).isEqualTo(ReplyPolicy.Action.SEND);
    assertThat(send(question().build(), respond(0.89, EmailType.QUESTION, false)))
        .isEqualTo(ReplyPolicy.Action.DRAFT);
    assertThat(send(question().build(), respond(0.99, EmailType.QUESTION, true))).isEqualTo(ReplyPolicy.Action.DRAFT);
    assertThat(send(question().build(), respond(0.99, EmailType.COMPLAINT, false)))
        .isEqualTo(ReplyPolicy.Action.DRAFT);
  }

  @Test
  void listMailIsDraftedButNeverSent() {
    Email list = question().header("List-Id", "<suporte.biofraga.com>").build();
    ReplyPolicy.Verdict v = SEND.evaluate(list, respond(0.99, EmailType.QUESTION, false), MAILBOX);
    assertThat(v.action()).isEqualTo(ReplyPolicy.Action.DRAFT);
    assertThat(v.reason()).contains("list mail (List-Id)");
  }

  @Test
  void automaticBulkSystemAndOwnMailIsNeverAnswered() {
    TriageResult r = respond(0.99, EmailType.QUESTION, false);
    List<Email> never = List.of(
        question().header("Auto-Submitted", "auto-replied").build(),
        question().header("Auto-Submitted", "auto-generated; owner-email=x@y").build(),
        question().header("X-Autoreply", "yes").build(),
        question().header("Precedence", "bulk").build(),
        question().header("Return-Path", "<>").build(),
        question().from("no-reply@shop.example").build(),
        question().from("MAILER-DAEMON@mx.example").build(),
        question().from("Support <support@biofraga.com>").build(),
        question().header("Reply-To", "support@biofraga.com").build(),
        question().from("Undisclosed").build());
    for (Email email : never) {
      assertThat(SEND.evaluate(email, r, MAILBOX).action()).as(email.headers() + " " + email.from())
          .isEqualTo(ReplyPolicy.Action.NONE);
      assertThat(ReplyPolicy.defaults().evaluate(email, r, MAILBOX).action()).isEqualTo(ReplyPolicy.Action.NONE);
    }
    Email alias = question().from("vendas@biofraga.com").build();
    ReplyPolicy aliases = ReplyPolicy.builder().ownAddresses(List.of("Vendas@Biofraga.com")).build();
    assertThat(aliases.evaluate(alias, r, MAILBOX).reason()).contains("our own address");
  }

  @Test
  void autoSubmittedNoIsAPersonsMail() {
    assertThat(send(question().header("Auto-Submitted", "no").build(), respond(0.99, EmailType.QUESTION, false)))
        .isEqualTo(ReplyPolicy.Action.SEND);
  }

  @Test
  void builderRefusesRepeatsBadValuesAndSendSettingsWithoutSendMode() {
    assertThatThrownBy(() -> ReplyPolicy.builder().mode(ReplyMode.SEND).mode(ReplyMode.DRAFT))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ReplyPolicy.builder().mode(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ReplyPolicy.builder().sendMinConfidence(0.4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReplyPolicy.builder().sendMinConfidence(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReplyPolicy.builder().sendTypes(Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReplyPolicy.builder().sendTypes(Set.of(EmailType.NEWSLETTER)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never sent automatically");
    assertThatThrownBy(() -> ReplyPolicy.builder().ownAddresses(List.of("not an address")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReplyPolicy.builder().autoReplyWindow(Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReplyPolicy.builder().sendMinConfidence(0.95).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("only applies to send mode");
    assertThatThrownBy(() -> ReplyPolicy.builder().mode(ReplyMode.DRAFT).sendTypes(Set.of(EmailType.QUESTION))
        .build()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void replyModeNames() {
    assertThat(ReplyMode.fromWire(" Send ")).isEqualTo(ReplyMode.SEND);
    assertThat(ReplyMode.DRAFT.wireName()).isEqualTo("draft");
    assertThatThrownBy(() -> ReplyMode.fromWire("auto")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("draft, send or off");
  }
}
