package dev.emailtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailType;
import dev.emailtriage.TriageResult;
import dev.emailtriage.Urgency;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation numbers on tiny labelled sets, computed by hand. */
class EvaluationTest {

  @TempDir
  Path tmp;

  /**
   * Six decided messages, one skipped, one missing, one unlabelled:
   *
   * <pre>
   * file  label               decided                    source
   * f1    respond question    respond question           model
   * f2    respond request     ignore  notification       rule no-reply-sender   (a rule ignored a respond)
   * f3    ignore  spam        respond other              fallback
   * f4    ignore  newsletter  ignore  newsletter         rule bulk-campaign
   * f5    ignore  notification ignore notification       cache
   * f6    respond question    respond other              fallback
   * f7    respond question    (skipped: unparseable)
   * f8    ignore  spam        (not in the run)
   * u1    (no label)          ignore  spam               rule
   * </pre>
   *
   * <p>Confusion (rows expected respond/ignore, columns decided respond/ignore): [[2, 1], [1, 2]]. respond: TP 2,
   * decided 3 (f1 f3 f6), expected 3 (f1 f2 f6): precision 2/3, recall 2/3. ignore: TP 2 (f4 f5), decided 3
   * (f2 f4 f5), expected 3 (f3 f4 f5): 2/3 and 2/3. Accuracy 4/6. Types: question TP 1 (f1), decided 1, expected
   * 2: precision 1, recall 1/2; request 0/0/1: n/a and 0; spam 0/0/1; newsletter 1/1/1; other 0/2/0: precision 0,
   * recall n/a; notification TP 1 (f5), decided 2 (f2 f5), expected 1: 1/2 and 1. Rule or cache: f2 f4 f5 = 3/6.
   */
  @Test
  void numbersComputedByHand() throws Exception {
    Path tsv = tmp.resolve("labels.tsv");
    Files.writeString(tsv, "file\tnote\texpected_decision\tlabel_type\n"
        + "f1.eml\t-\trespond\tquestion\n"
        + "f2.eml\t-\trespond\trequest\n"
        + "f3.eml\t-\tignore\tspam\n"
        + "f4.eml\t-\tignore\tnewsletter\n"
        + "f5.eml\t-\tignore\tnotification\n"
        + "f6.eml\t-\trespond\tquestion\n"
        + "f7.eml\t-\trespond\tquestion\n"
        + "f8.eml\t-\tignore\tspam\n");
    for (String f : List.of("f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "u1")) {
      Files.writeString(tmp.resolve(f + ".eml"), "From: x@example.com\n\nx\n");
    }
    List<Outcome> outcomes = new ArrayList<>();
    outcomes.add(decided("f1", Action.RESPOND, EmailType.QUESTION, DecisionSource.MODEL, null));
    outcomes.add(decided("f2", Action.IGNORE, EmailType.NOTIFICATION, DecisionSource.RULE, "no-reply-sender"));
    outcomes.add(decided("f3", Action.RESPOND, EmailType.OTHER, DecisionSource.FALLBACK, null));
    outcomes.add(decided("f4", Action.IGNORE, EmailType.NEWSLETTER, DecisionSource.RULE, "bulk-campaign"));
    outcomes.add(decided("f5", Action.IGNORE, EmailType.NOTIFICATION, DecisionSource.CACHE, null));
    outcomes.add(decided("f6", Action.RESPOND, EmailType.OTHER, DecisionSource.FALLBACK, null));
    outcomes.add(Outcome.skipped("f7.eml", key("f7"), "unparseable: no mail headers"));
    outcomes.add(decided("u1", Action.IGNORE, EmailType.SPAM, DecisionSource.RULE, "deny-list"));

    Evaluation e = Evaluation.compute(Labels.read(tsv), outcomes);

    assertThat(e.labelled()).isEqualTo(8);
    assertThat(e.evaluated()).hasSize(6);
    assertThat(e.notDecided()).extracting(m -> m.label().file()).containsExactly("f7.eml");
    assertThat(e.notInRun()).extracting(Labels.Label::file).containsExactly("f8.eml");
    assertThat(e.unlabelled()).isEqualTo(1);
    assertThat(e.correct()).isEqualTo(4);
    assertThat(e.confusion()).isEqualTo(new int[][] {{2, 1}, {1, 2}});

    assertThat(e.perDecision()).containsExactly(
        new Evaluation.ClassStats("respond", 2, 3, 3),
        new Evaluation.ClassStats("ignore", 2, 3, 3));
    assertThat(e.perDecision().get(0).precision()).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(e.perDecision().get(0).recall()).isCloseTo(2.0 / 3, within(1e-9));

    assertThat(e.perType()).containsExactly(
        new Evaluation.ClassStats("question", 1, 1, 2),
        new Evaluation.ClassStats("request", 0, 0, 1),
        new Evaluation.ClassStats("spam", 0, 0, 1),
        new Evaluation.ClassStats("newsletter", 1, 1, 1),
        new Evaluation.ClassStats("other", 0, 2, 0),
        new Evaluation.ClassStats("notification", 1, 2, 1));
    Evaluation.ClassStats question = e.perType().get(0);
    assertThat(question.precision()).isEqualTo(1.0);
    assertThat(question.recall()).isEqualTo(0.5);
    assertThat(e.perType().get(1).precision()).isNaN();
    assertThat(e.perType().get(4).precision()).isZero();
    assertThat(e.perType().get(4).recall()).isNaN();
    assertThat(e.perType().get(5).precision()).isEqualTo(0.5);
    assertThat(e.perType().get(5).recall()).isEqualTo(1.0);

    assertThat(e.decisionByType()).containsExactly(
        new Evaluation.TypeDecision("question", 2, 2),
        new Evaluation.TypeDecision("request", 1, 0),
        new Evaluation.TypeDecision("spam", 1, 0),
        new Evaluation.TypeDecision("newsletter", 1, 1),
        new Evaluation.TypeDecision("notification", 1, 1));

    assertThat(e.bySource()).containsEntry(DecisionSource.RULE, 2).containsEntry(DecisionSource.CACHE, 1)
        .containsEntry(DecisionSource.MODEL, 1).containsEntry(DecisionSource.FALLBACK, 2);
    assertThat(e.withoutModelShare()).isEqualTo(0.5);
    assertThat(e.ruleIgnoredRespond()).extracting(m -> m.label().file()).containsExactly("f2.eml");

    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    e.print(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8), "labels.tsv");
    String text = bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(text)
        .contains("decision accuracy: 4/6 = 66.7%")
        .containsPattern("respond\\s+66\\.7%\\s+66\\.7%\\s+66\\.7%\\s+3\\s+3")
        .containsPattern("exp\\. respond\\s+2\\s+1")
        .containsPattern("exp\\. ignore\\s+1\\s+2")
        .containsPattern("question\\s+100\\.0%\\s+50\\.0%\\s+2\\s+1\\s+2/2 = 100\\.0%")
        .containsPattern("request\\s+n/a\\s+0\\.0%\\s+1\\s+0\\s+0/1 = 0\\.0%")
        .contains("Decided by a rule or the cache (no model call): 3 of 6 = 50.0%")
        .contains("Ignored by a rule although labelled respond: 1")
        .contains("f2.eml  rule=no-reply-sender  type=request");
  }

  /**
   * Ignore-labelled mail decided without a model, with and without the spam filter:
   *
   * <pre>
   * file  label              decided                 source
   * s1    ignore spam        ignore spam             rule spam-filter
   * s2    ignore spam        respond other           fallback
   * n1    ignore newsletter  ignore newsletter       rule bulk-content
   * n2    ignore newsletter  ignore newsletter       cache
   * r1    respond question   respond other           fallback
   * </pre>
   *
   * <p>spam: with 1/2, without 0/2; newsletter: 2/2 both; all: with 3/4, without 2/4; the respond message counts in
   * neither.
   */
  @Test
  void ignoreSharesWithAndWithoutTheSpamFilter() throws Exception {
    Path tsv = tmp.resolve("labels.tsv");
    Files.writeString(tsv, "file\texpected_decision\tlabel_type\n"
        + "s1.eml\tignore\tspam\ns2.eml\tignore\tspam\nn1.eml\tignore\tnewsletter\n"
        + "n2.eml\tignore\tnewsletter\nr1.eml\trespond\tquestion\n");
    for (String f : List.of("s1", "s2", "n1", "n2", "r1")) {
      Files.writeString(tmp.resolve(f + ".eml"), "From: x@example.com\n\nx\n");
    }
    List<Outcome> outcomes = List.of(
        decided("s1", Action.IGNORE, EmailType.SPAM, DecisionSource.RULE, "spam-filter"),
        decided("s2", Action.RESPOND, EmailType.OTHER, DecisionSource.FALLBACK, null),
        decided("n1", Action.IGNORE, EmailType.NEWSLETTER, DecisionSource.RULE, "bulk-content"),
        decided("n2", Action.IGNORE, EmailType.NEWSLETTER, DecisionSource.CACHE, null),
        decided("r1", Action.RESPOND, EmailType.OTHER, DecisionSource.FALLBACK, null));

    Evaluation e = Evaluation.compute(Labels.read(tsv), outcomes);

    assertThat(e.ignoreDecidedWithoutModel()).containsOnlyKeys("spam", "newsletter", "all");
    assertThat(e.ignoreDecidedWithoutModel().get("spam")).containsExactly(1, 0, 2);
    assertThat(e.ignoreDecidedWithoutModel().get("newsletter")).containsExactly(2, 2, 2);
    assertThat(e.ignoreDecidedWithoutModel().get("all")).containsExactly(3, 2, 4);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    e.print(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8), "labels.tsv", true);
    assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("with spam filter").contains("without spam filter")
        .containsPattern("spam\\s+1/2 = 50\\.0%\\s+0/2 = 0\\.0%")
        .containsPattern("all\\s+3/4 = 75\\.0%\\s+2/4 = 50\\.0%");
  }

  /**
   * End to end over fixture files: six labelled messages, of which the rules decide two.
   *
   * <pre>
   * file                       label             decided (rules + offline fallback)
   * pt-br-latin1-qp.eml        respond question  respond other  fallback
   * multipart-attachment.eml   respond request   respond other  fallback
   * three.mbox#3               respond question  respond other  fallback
   * vacation-question.eml      respond question  ignore  auto_reply  rule auto-reply-headers (Auto-Submitted)
   * newsletter-html-only.eml   ignore newsletter ignore  newsletter  rule bulk-campaign
   * gb2312.eml                 ignore spam       respond other  fallback
   * </pre>
   *
   * <p>Confusion [[3, 1], [1, 1]]; respond: TP 3, decided 4, expected 4 = 75.0% / 75.0%; ignore: TP 1, decided 2,
   * expected 2 = 50.0% / 50.0%; accuracy 4/6 = 66.7%; rule or cache 2 of 6 = 33.3%; one respond ignored by a rule.
   */
  @Test
  void endToEndOnLabelledFixtures() throws Exception {
    Path dir = tmp.resolve("set");
    Files.createDirectories(dir);
    for (String name : List.of("pt-br-latin1-qp.eml", "multipart-attachment.eml", "three.mbox",
        "newsletter-html-only.eml", "gb2312.eml")) {
      Files.copy(Fixtures.mail(name), dir.resolve(name));
    }
    Files.writeString(dir.resolve("vacation-question.eml"), "Message-ID: <vac-1@example.org>\n"
        + "From: Pat <pat@example.org>\nTo: support@example.com\nSubject: Question about my order\n"
        + "Auto-Submitted: auto-replied\n\nWhen will my order ship?\n");
    Path tsv = dir.resolve("labels.tsv");
    Files.writeString(tsv, "file\texpected_decision\tlabel_type\n"
        + "pt-br-latin1-qp.eml\trespond\tquestion\n"
        + "multipart-attachment.eml\trespond\trequest\n"
        + "three.mbox#3\trespond\tquestion\n"
        + "vacation-question.eml\trespond\tquestion\n"
        + "newsletter-html-only.eml\tignore\tnewsletter\n"
        + "gb2312.eml\tignore\tspam\n");

    Fixtures.Run run = Fixtures.cli("triage", "--labels", tsv.toString(), dir.toString());

    assertThat(run.code()).isZero();
    assertThat(run.out())
        .contains("labelled: 6, evaluated: 6, labelled but not in this run: 0, labelled but skipped or failed: 0,"
            + " decided but unlabelled: 2")
        .contains("decision accuracy: 4/6 = 66.7%")
        .containsPattern("respond\\s+75\\.0%\\s+75\\.0%\\s+75\\.0%\\s+4\\s+4")
        .containsPattern("ignore\\s+50\\.0%\\s+50\\.0%\\s+50\\.0%\\s+2\\s+2")
        .containsPattern("exp\\. respond\\s+3\\s+1")
        .containsPattern("exp\\. ignore\\s+1\\s+1")
        .containsPattern("newsletter\\s+100\\.0%\\s+100\\.0%\\s+1\\s+1\\s+1/1 = 100\\.0%")
        .contains("Decided by a rule or the cache (no model call): 2 of 6 = 33.3%")
        .contains("Ignored by a rule although labelled respond: 1")
        .contains("vacation-question.eml  rule=auto-reply-headers  type=question");

    Fixtures.Run json = Fixtures.cli("triage", "--format", "json", "--labels", tsv.toString(), dir.toString());
    assertThat(json.out()).doesNotContain("Evaluation", "accuracy");
    assertThat(json.err()).contains("decision accuracy: 4/6 = 66.7%");
  }

  private Outcome decided(String name, Action action, EmailType type, DecisionSource source, String rule) {
    Decision d = Decision.builder().action(action).confidence(0.9).emailType(type).urgency(Urgency.LOW)
        .reason("because").source(source).rule(rule).build();
    TriageResult r = TriageResult.processed(name, d, 0.001, Instant.EPOCH, null);
    return new Outcome(name + ".eml", key(name), "x@example.com", "s", r, null);
  }

  private String key(String name) {
    return MailSources.keyOf(tmp.resolve(name + ".eml"));
  }
}
