package dev.emailtriage.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.EmailType;
import dev.emailtriage.Feedback;
import dev.emailtriage.QualityReport;
import dev.emailtriage.QualityReport.Bin;
import dev.emailtriage.QualityReport.Cell;
import dev.emailtriage.QualityReport.Group;
import dev.emailtriage.TokenUsage;
import dev.emailtriage.Urgency;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The quality report every {@link DecisionStore} must compute, checked against hand-computed numbers (so the
 * in-memory store's Java and the PostgreSQL store's SQL give the same results). A store's test extends this class
 * and gives a fresh, empty store per test.
 */
public abstract class QualityContract {

  private static final Instant DAY = Instant.parse("2025-01-15T10:30:00Z");
  private static final LocalDate D15 = LocalDate.of(2025, 1, 15);

  /** A fresh, empty store for one test. */
  protected abstract DecisionStore store();

  private static void save(DecisionStore store, String id, DecisionSource source, String promptId, int version,
      Action action, double confidence, EmailType type, Integer tokens, Feedback feedback, Instant processedAt) {
    Email e = Email.builder().emailId(id).from("a@b.example").to("s@biofraga.com").subject("s " + id)
        .body("b " + id).receivedAt(DAY).build();
    Decision d = Decision.builder().action(action).confidence(confidence).emailType(type).urgency(Urgency.LOW)
        .reason("r").source(source).prompt(promptId, version)
        .tokenUsage(tokens == null ? null : new TokenUsage(tokens - 1, 1, 0, tokens)).build();
    store.save(EmailRecord.queued(e, null, DAY).processed(d, null, 0.1, processedAt));
    if (feedback != null) {
      store.recordFeedback(id, feedback);
    }
  }

  private static Feedback fb(Action decision, EmailType type) {
    return new Feedback(decision, type, null, DAY);
  }

  private static void fill(DecisionStore s) {
    save(s, "q1", DecisionSource.MODEL, "p1", 1, Action.RESPOND, 0.95, EmailType.QUESTION, 100, fb(null, null), DAY);
    save(s, "q2", DecisionSource.MODEL, "p1", 1, Action.IGNORE, 0.91, EmailType.NEWSLETTER, 200,
        fb(Action.RESPOND, EmailType.QUESTION), DAY);
    save(s, "q3", DecisionSource.MODEL, "p1", 2, Action.IGNORE, 0.55, EmailType.NEWSLETTER, 50,
        fb(Action.IGNORE, EmailType.SPAM), DAY);
    save(s, "q4", DecisionSource.RULE, null, 0, Action.IGNORE, 0.99, EmailType.NOTIFICATION, null, null, DAY);
    save(s, "q5", DecisionSource.LEARNED, null, 0, Action.IGNORE, 0.93, EmailType.NEWSLETTER, null,
        fb(Action.RESPOND, null), DAY);
    save(s, "q6", DecisionSource.CACHE, "p1", 2, Action.IGNORE, 0.70, EmailType.NEWSLETTER, null,
        fb(Action.IGNORE, null), DAY);
    save(s, "q7", DecisionSource.MODEL, "p1", 2, Action.RESPOND, 1.0, EmailType.QUESTION, 10, fb(null, null),
        DAY.plusSeconds(13 * 3600 + 29 * 60 + 59)); // 23:59:59, still the 15th
    save(s, "q8", DecisionSource.MODEL, "p1", 1, Action.IGNORE, 0.95, EmailType.SPAM, 40, fb(Action.RESPOND, null),
        Instant.parse("2025-01-16T00:00:00Z"));
    Email queued = Email.builder().emailId("q9").from("a@b.example").to("s@biofraga.com").subject("s").body("b")
        .receivedAt(DAY).build();
    s.enqueue(EmailRecord.queued(queued, "job", DAY));
  }

  private static long[] cells(Group g) {
    return g.confusion().stream().mapToLong(Cell::count).toArray();
  }

  @Test
  void qualityMatchesHandComputedNumbers() {
    DecisionStore s = store();
    fill(s);
    QualityReport r = s.quality(D15, D15);

    Group all = r.overall();
    assertThat(all.decided()).isEqualTo(7);
    assertThat(all.modelCalls()).isEqualTo(4);
    assertThat(all.totalTokens()).isEqualTo(360);
    assertThat(all.withFeedback()).isEqualTo(6);
    assertThat(all.decisionAgreed()).isEqualTo(4);
    assertThat(all.decisionAgreement()).isEqualTo(0.667);
    assertThat(all.typeAgreed()).isEqualTo(4);
    assertThat(all.typeAgreement()).isEqualTo(0.667);
    assertThat(all.confusion()).extracting(Cell::decided, Cell::correct).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Action.RESPOND, Action.RESPOND),
        org.assertj.core.groups.Tuple.tuple(Action.RESPOND, Action.IGNORE),
        org.assertj.core.groups.Tuple.tuple(Action.IGNORE, Action.RESPOND),
        org.assertj.core.groups.Tuple.tuple(Action.IGNORE, Action.IGNORE));
    assertThat(cells(all)).containsExactly(2, 0, 2, 2);
    assertThat(all.calibration()).hasSize(10);
    assertThat(all.calibration()).extracting(Bin::withFeedback).containsExactly(0L, 0L, 0L, 0L, 0L, 1L, 0L, 1L, 0L,
        4L);
    assertThat(all.calibration()).extracting(Bin::agreed).containsExactly(0L, 0L, 0L, 0L, 0L, 1L, 0L, 1L, 0L, 2L);
    assertThat(all.calibration().get(9).agreement()).isEqualTo(0.5);
    assertThat(all.calibration().get(0).agreement()).isNull();
    assertThat(all.calibration().get(7).lower()).isEqualTo(0.7);

    assertThat(r.byPromptVersion()).extracting(Group::promptId, Group::promptVersion).containsExactly(
        org.assertj.core.groups.Tuple.tuple("p1", 1), org.assertj.core.groups.Tuple.tuple("p1", 2));
    Group v1 = r.promptVersion("p1", 1).orElseThrow();
    assertThat(List.of(v1.decided(), v1.modelCalls(), v1.totalTokens(), v1.withFeedback(), v1.decisionAgreed(),
        v1.typeAgreed())).containsExactly(2L, 2L, 300L, 2L, 1L, 1L);
    assertThat(v1.decisionAgreement()).isEqualTo(0.5);
    Group v2 = r.promptVersion("p1", 2).orElseThrow();
    assertThat(List.of(v2.decided(), v2.modelCalls(), v2.totalTokens(), v2.withFeedback(), v2.decisionAgreed(),
        v2.typeAgreed())).containsExactly(3L, 2L, 60L, 3L, 3L, 2L);
    assertThat(v2.decisionAgreement()).isEqualTo(1.0);
    assertThat(v2.typeAgreement()).isEqualTo(0.667);

    assertThat(r.bySource()).extracting(Group::source)
        .containsExactly("rule", "learned", "cache", "model", "fallback");
    Group rule = r.bySource().get(0);
    assertThat(rule.decided()).isEqualTo(1);
    assertThat(rule.withFeedback()).isZero();
    assertThat(rule.decisionAgreement()).isNull();
    Group learned = r.bySource().get(1);
    assertThat(List.of(learned.decided(), learned.withFeedback(), learned.decisionAgreed(), learned.typeAgreed()))
        .containsExactly(1L, 1L, 0L, 1L);
    assertThat(learned.decisionAgreement()).isEqualTo(0.0);
    assertThat(cells(learned)).containsExactly(0, 0, 1, 0);
    Group model = r.bySource().get(3);
    assertThat(List.of(model.decided(), model.modelCalls(), model.totalTokens(), model.withFeedback(),
        model.decisionAgreed(), model.typeAgreed())).containsExactly(4L, 4L, 360L, 4L, 3L, 2L);
    assertThat(model.decisionAgreement()).isEqualTo(0.75);
    assertThat(r.bySource().get(4).decided()).isZero();
    assertThat(r.suggestedReviewThreshold()).as("no bin has five emails with feedback").isNull();
  }

  @Test
  void anEmptyPeriodHasEveryGroupAtZero() {
    DecisionStore s = store();
    fill(s);
    QualityReport r = s.quality(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31));
    assertThat(r.overall().decided()).isZero();
    assertThat(r.overall().decisionAgreement()).isNull();
    assertThat(r.overall().calibration()).hasSize(10);
    assertThat(cells(r.overall())).containsExactly(0, 0, 0, 0);
    assertThat(r.byPromptVersion()).isEmpty();
    assertThat(r.bySource()).hasSize(5).allSatisfy(g -> assertThat(g.decided()).isZero());
    assertThat(r.period().start()).isEqualTo(LocalDate.of(2024, 1, 1));
  }

  @Test
  void theNextDayHoldsOnlyItsOwnEmail() {
    DecisionStore s = store();
    fill(s);
    QualityReport r = s.quality(LocalDate.of(2025, 1, 16), LocalDate.of(2025, 1, 16));
    assertThat(r.overall().decided()).isEqualTo(1);
    assertThat(cells(r.overall())).containsExactly(0, 0, 1, 0);
    assertThat(r.overall().calibration().get(9).withFeedback()).isEqualTo(1);
  }
}
