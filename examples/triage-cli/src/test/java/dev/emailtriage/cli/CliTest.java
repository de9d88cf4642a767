package dev.emailtriage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DIR = Fixtures.mailDir().toString();

  @TempDir
  Path tmp;

  @Test
  void jsonPrintsOneWireObjectPerMessageAndNothingElse() throws Exception {
    Fixtures.Run run = Fixtures.cli("triage", "--format", "json", DIR);

    assertThat(run.code()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(10).allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
    Map<String, JsonNode> byFile = new HashMap<>();
    for (String line : lines) {
      JsonNode node = JSON.readTree(line);
      assertThat(node.isObject()).isTrue();
      assertThat(node.has("file")).isTrue();
      byFile.put(Path.of(node.get("file").asText()).getFileName().toString(), node);
      assertThat(node.get("status").asText()).isEqualTo("processed");
      assertThat(node.get("email_id").asText()).isNotBlank();
      assertThat(node.get("decision").asText()).isIn("respond", "ignore");
      assertThat(node.get("confidence").isNumber()).isTrue();
      assertThat(node.get("email_type").asText()).isIn("question", "complaint", "request", "spam", "newsletter",
          "auto_reply", "other", "notification");
      assertThat(node.get("urgency").asText()).isIn("high", "medium", "low");
      assertThat(node.get("reason").asText()).isNotBlank();
      assertThat(node.get("source").asText()).isIn("rule", "cache", "model", "fallback");
      assertThat(node.get("needs_review").isBoolean()).isTrue();
      assertThat(node.get("processing_time").isNumber()).isTrue();
      assertThat(Instant.parse(node.get("processed_at").asText())).isNotNull();
      assertThat(node.has("suggested_response")).as("no draft without a model").isFalse();
    }
    assertThat(byFile).containsOnlyKeys("pt-br-latin1-qp.eml", "newsletter-html-only.eml", "three.mbox#1",
        "three.mbox#2", "three.mbox#3", "multipart-attachment.eml", "base64-utf8.eml", "windows-1252.eml",
        "gb2312.eml", "iso-2022-jp.eml");
    assertThat(byFile.get("three.mbox#2").get("file").asText()).isEqualTo(DIR + "/three.mbox#2");

    JsonNode newsletter = byFile.get("newsletter-html-only.eml");
    assertThat(newsletter.get("decision").asText()).isEqualTo("ignore");
    assertThat(newsletter.get("source").asText()).isEqualTo("rule");
    assertThat(newsletter.get("rule").asText()).isEqualTo("bulk-campaign");
    assertThat(newsletter.get("email_type").asText()).isEqualTo("newsletter");
    assertThat(newsletter.get("email_id").asText()).isEqualTo("news-2025-01@news.example");

    JsonNode question = byFile.get("pt-br-latin1-qp.eml");
    assertThat(question.get("decision").asText()).isEqualTo("respond");
    assertThat(question.get("source").asText()).isEqualTo("fallback");
    assertThat(question.get("needs_review").asBoolean()).isTrue();

    assertThat(run.out()).doesNotContain("broken.eml", "Triaged", "progress");
    assertThat(run.err()).contains("skipped " + DIR + "/broken.eml: unparseable: no mail headers")
        .contains("Triaged 11 message(s)").contains("1 skipped");
  }

  @Test
  void csvHasAHeaderAndOneRowPerMessageIncludingSkippedOnes() {
    Fixtures.Run run = Fixtures.cli("triage", "--format", "csv", "--no-progress", DIR);

    assertThat(run.code()).isZero();
    List<List<String>> rows = parseCsv(run.out());
    assertThat(rows.get(0)).containsExactlyElementsOf(ResultWriter.Csv.COLUMNS);
    assertThat(rows).hasSize(12).allSatisfy(r -> assertThat(r).hasSize(ResultWriter.Csv.COLUMNS.size()));
    Map<String, List<String>> byFile = new HashMap<>();
    rows.subList(1, rows.size()).forEach(r -> byFile.put(Path.of(r.get(0)).getFileName().toString(), r));
    List<String> pt = byFile.get("pt-br-latin1-qp.eml");
    assertThat(pt.get(2)).isEqualTo("processed");
    assertThat(pt.get(3)).isEqualTo("respond");
    assertThat(pt.get(4)).isEqualTo("0.10");
    assertThat(pt.get(12)).isEqualTo("Dúvida sobre o orçamento");
    List<String> broken = byFile.get("broken.eml");
    assertThat(broken.get(2)).isEqualTo("skipped");
    assertThat(broken.get(15)).startsWith("unparseable:");
    assertThat(byFile.get("newsletter-html-only.eml").get(8)).isEqualTo("bulk-campaign");
    assertThat(byFile.get("multipart-attachment.eml").get(11)).isEqualTo("Maria <maria@example.net>");
    assertThat(run.err()).contains("Triaged 11 message(s)");
  }

  @Test
  void tableIsTheDefaultAndIsFollowedByTheSummary() {
    Fixtures.Run run = Fixtures.cli("triage", DIR + "/three.mbox", DIR + "/newsletter-html-only.eml");

    assertThat(run.code()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).startsWith("FILE").contains("DECISION", "TYPE", "URGENCY", "CONF", "SOURCE");
    assertThat(lines.get(1)).contains("three.mbox#1").contains("respond", "fallback", "needs review");
    assertThat(lines.get(4)).contains("ignore", "newsletter", "rule", "bulk-campaign");
    assertThat(run.out()).contains("Triaged 4 message(s)").contains("rule 1, cache 0, model 0, fallback 3");
    assertThat(run.err()).contains("progress: 4/4 messages done");
  }

  @Test
  void badArgumentsExitWith2() throws Exception {
    Path badLabels = tmp.resolve("bad.tsv");
    Files.writeString(badLabels, "name\tdecision\nx.eml\trespond\n");
    Path badValue = tmp.resolve("bad-value.tsv");
    Files.writeString(badValue, "file\texpected_decision\nx.eml\tmaybe\n");

    assertThat(Fixtures.cli().code()).isEqualTo(2);
    assertThat(Fixtures.cli("triage").code()).isEqualTo(2);
    assertThat(Fixtures.cli("triage", "--bogus", DIR).code()).isEqualTo(2);
    assertThat(Fixtures.cli("frobnicate", DIR).code()).isEqualTo(2);
    Fixtures.Run missing = Fixtures.cli("triage", tmp.resolve("nope").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("No such file or folder");
    assertThat(missing.out()).isEmpty();
    assertThat(Fixtures.cli("triage", "--concurrency", "0", DIR).code()).isEqualTo(2);
    assertThat(Fixtures.cli("triage", "--concurrency", "many", DIR).code()).isEqualTo(2);
    assertThat(Fixtures.cli("triage", "--format", "xml", DIR).code()).isEqualTo(2);
    assertThat(Fixtures.cli("triage", "--labels", tmp.resolve("none.tsv").toString(), DIR).code()).isEqualTo(2);
    Fixtures.Run bad = Fixtures.cli("triage", "--labels", badLabels.toString(), DIR);
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("file and expected_decision");
    assertThat(Fixtures.cli("triage", "--labels", badValue.toString(), DIR).code()).isEqualTo(2);
    assertThat(Fixtures.cli("triage", "--report", tmp.resolve("no/such/dir/r.html").toString(), DIR).code())
        .isEqualTo(2);
  }

  @Test
  void ownAddressesAllowAndDenyListsConfigureTheBuiltInRules() throws Exception {
    Fixtures.Run run = Fixtures.cli("triage", "--format", "json", "--own-address", "maria@example.net",
        "--deny", "news.example,spam.example", Fixtures.mail("multipart-attachment.eml").toString(),
        Fixtures.mail("newsletter-html-only.eml").toString());

    assertThat(run.code()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(JSON.readTree(lines.get(0)).get("rule").asText()).isEqualTo("own-address");
    assertThat(JSON.readTree(lines.get(1)).get("rule").asText()).isEqualTo("deny-list");

    Fixtures.Run bad = Fixtures.cli("triage", "--deny", "not an address", DIR);
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("not an address or a domain").contains("--help");
  }

  @Test
  void aRunWithOnlyBrokenFilesStillFinishesWith0() {
    Fixtures.Run run = Fixtures.cli("triage", "--format", "json", DIR + "/broken.eml");

    assertThat(run.code()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("skipped", "broken.eml");
  }

  @Test
  void helpListsEveryOption() {
    Fixtures.Run run = Fixtures.cli("triage", "--help");

    assertThat(run.code()).isZero();
    assertThat(run.out()).contains("PATH", "--concurrency", "--format", "table", "json", "csv", "--report",
        "--labels", "--no-progress", "--model", "--offline", "--own-address", "--allow", "--deny", "--jdbc-url", "--help", "--version", "Exit codes",
        "GEMINI_API_KEY", "GOOGLE_API_KEY", "GEMINI_BASE_URL", "SPRING_DATASOURCE_USERNAME",
        "SPRING_DATASOURCE_PASSWORD");
    Fixtures.Run top = Fixtures.cli("--help");
    assertThat(top.code()).isZero();
    assertThat(top.out()).contains("triage");
  }

  @Test
  void reportIsSelfContainedHtmlWithCharts() throws Exception {
    Path labels = tmp.resolve("labels.tsv");
    Files.writeString(labels, "file\texpected_decision\tlabel_type\n"
        + Fixtures.mail("newsletter-html-only.eml") + "\tignore\tnewsletter\n"
        + Fixtures.mail("pt-br-latin1-qp.eml") + "\trespond\tquestion\n");
    Path report = tmp.resolve("report.html");

    Fixtures.Run run = Fixtures.cli("triage", "--format", "json", "--report", report.toString(), "--labels",
        labels.toString(), DIR);

    assertThat(run.code()).isZero();
    String html = Files.readString(report, StandardCharsets.UTF_8);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg", "Decisions", "Decided by", "Email types",
        "Evaluation against", "Confusion matrix", "three.mbox#2", "Dúvida sobre o orçamento", "broken.eml");
    assertThat(html).doesNotContain("<script", "<link", "src=\"http", "href=\"http", "@import");
    assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://", "https://");
    assertThat(run.err()).contains("Report written to " + report);
  }

  /** RFC 4180 CSV with CRLF rows. */
  static List<List<String>> parseCsv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(cell.toString());
        cell.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i++;
      } else {
        cell.append(c);
      }
    }
    return rows;
  }
}
