package dev.emailtriage.cli;

import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML report of a run: summary, charts drawn as inline SVG (no script, no CDN, no external
 * resource), the evaluation when labels were given, every message and every skipped file.
 */
final class HtmlReport {

  private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
      "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

  private HtmlReport() {}

  /** Writes the report to {@code file} (UTF-8). */
  static void write(Path file, RunSummary run, List<Outcome> outcomes, Evaluation evaluation, String labelsName)
      throws IOException {
    Files.writeString(file, render(run, outcomes, evaluation, labelsName), StandardCharsets.UTF_8);
  }

  static String render(RunSummary run, List<Outcome> outcomes, Evaluation evaluation, String labelsName) {
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>email-triage report</title><style>")
        .append("body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#222}")
        .append("h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}")
        .append("table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:3px 8px;")
        .append("text-align:left;vertical-align:top}th{background:#f4f4f4}td.n{text-align:right}")
        .append(".charts{display:flex;flex-wrap:wrap;gap:1.5rem}.card{border:1px solid #e3e3e3;border-radius:6px;")
        .append("padding:.6rem}.muted{color:#777}.small{font-size:12px}.bad{color:#b00}")
        .append("</style></head><body>\n");
    h.append("<h1>email-triage report</h1>\n");
    h.append("<p class=\"muted\">Generated ").append(esc(Instant.now().toString())).append(" by triage-cli. ")
        .append("Decider: ").append(esc(run.deciderDescription())).append(". Store: ")
        .append(esc(run.storeDescription())).append(".</p>\n");

    h.append("<h2>Summary</h2>\n<table>");
    row(h, "Messages found", Integer.toString(run.messages()));
    row(h, "Decided", Integer.toString(run.decided()));
    row(h, "Failed (no decision)", Integer.toString(run.failed()));
    row(h, "Skipped (unreadable or unparseable)", Integer.toString(run.skipped()));
    row(h, "respond / ignore", run.respond() + " / " + run.ignore());
    row(h, "Needs review", Integer.toString(run.needsReview()));
    row(h, "Elapsed", String.format(Locale.ROOT, "%.1f s", run.elapsedSeconds()));
    h.append("</table>\n");

    h.append("<div class=\"charts\">\n");
    Map<String, Integer> decisions = new LinkedHashMap<>();
    decisions.put("respond", run.respond());
    decisions.put("ignore", run.ignore());
    decisions.put("failed", run.failed());
    decisions.put("skipped", run.skipped());
    card(h, "Decisions", barChart(decisions));
    Map<String, Integer> sources = new LinkedHashMap<>();
    run.bySource().forEach((s, n) -> sources.put(s.wireName(), n));
    card(h, "Decided by", barChart(sources));
    Map<String, Integer> types = new LinkedHashMap<>();
    for (EmailType t : EmailType.values()) {
      int n = run.byType().getOrDefault(t, 0);
      if (n > 0) {
        types.put(t.wireName(), n);
      }
    }
    card(h, "Email types", barChart(types));
    if (!run.byRule().isEmpty()) {
      card(h, "Rule hits", barChart(run.byRule()));
    }
    h.append("</div>\n");

    if (evaluation != null) {
      evaluationSection(h, evaluation, labelsName);
    }

    h.append("<h2>Messages</h2>\n<table class=\"small\"><tr><th>file</th><th>decision</th><th>type</th>")
        .append("<th>urgency</th><th>conf.</th><th>source</th><th>rule</th><th>review</th><th>from</th>")
        .append("<th>subject</th><th>reason</th></tr>\n");
    for (Outcome o : outcomes) {
      if (o.result() == null) {
        continue;
      }
      Decision d = o.decision();
      h.append("<tr><td>").append(esc(o.file())).append("</td>");
      if (d == null) {
        h.append("<td colspan=\"10\" class=\"bad\">").append(esc(o.result().status().name().toLowerCase(Locale.ROOT)))
            .append(": ").append(esc(String.valueOf(o.result().error()))).append("</td></tr>\n");
        continue;
      }
      h.append("<td>").append(d.action().wireName()).append("</td><td>").append(d.emailType().wireName())
          .append("</td><td>").append(d.urgency().wireName()).append("</td><td class=\"n\">")
          .append(String.format(Locale.ROOT, "%.2f", d.confidence())).append("</td><td>")
          .append(d.source().wireName()).append("</td><td>").append(esc(d.rule() == null ? "" : d.rule()))
          .append("</td><td>").append(d.needsReview() ? "yes" : "").append("</td><td>").append(esc(o.from()))
          .append("</td><td>").append(esc(o.subject())).append("</td><td>").append(esc(d.reason()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");

    List<Outcome> skipped = outcomes.stream().filter(Outcome::isSkipped).toList();
    h.append("<h2>Skipped files</h2>\n");
    if (skipped.isEmpty() && run.unlisted().isEmpty()) {
      h.append("<p>None.</p>\n");
    } else {
      h.append("<table class=\"small\"><tr><th>file</th><th>reason</th></tr>\n");
      for (MailSources.Skipped s : run.unlisted()) {
        h.append("<tr><td>").append(esc(s.file())).append("</td><td>").append(esc(s.reason())).append("</td></tr>\n");
      }
      for (Outcome o : skipped) {
        h.append("<tr><td>").append(esc(o.file())).append("</td><td>").append(esc(o.skipReason()))
            .append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void evaluationSection(StringBuilder h, Evaluation e, String labelsName) {
    h.append("<h2>Evaluation against ").append(esc(labelsName)).append("</h2>\n<table>");
    row(h, "Labelled", Integer.toString(e.labelled()));
    row(h, "Evaluated (labelled and decided)", Integer.toString(e.evaluated().size()));
    row(h, "Labelled but not in this run", Integer.toString(e.notInRun().size()));
    row(h, "Labelled but skipped or failed", Integer.toString(e.notDecided().size()));
    row(h, "Decision accuracy", Evaluation.ratio(e.correct(), e.evaluated().size()));
    Map<DecisionSource, Integer> sources = e.bySource();
    row(h, "Decided by a rule or the cache (no model call)",
        (sources.get(DecisionSource.RULE) + sources.get(DecisionSource.CACHE)) + " of " + e.evaluated().size()
            + " = " + Evaluation.pct(e.withoutModelShare()));
    h.append("</table>\n");

    h.append("<div class=\"charts\">\n");
    card(h, "Precision and recall per decision", prChart(e.perDecision()));
    List<String> actions = Evaluation.ACTIONS.stream().map(a -> a.wireName()).toList();
    card(h, "Confusion matrix (rows: expected, columns: decided)", heatmap(actions, e.confusion()));
    h.append("</div>\n");
    h.append("<table><tr><th>decision</th><th>precision</th><th>recall</th><th>f1</th><th>support</th>")
        .append("<th>decided</th></tr>\n");
    for (Evaluation.ClassStats s : e.perDecision()) {
      statsRow(h, s);
    }
    h.append("</table>\n");

    if (e.hasTypes()) {
      h.append("<h3>Per type (decided email_type against label_type)</h3>\n<div class=\"charts\">\n");
      card(h, "Precision and recall per type", prChart(e.perType()));
      card(h, "Type confusion (rows: label_type, columns: decided email_type)", heatmap(e.types(),
          e.typeConfusion()));
      h.append("</div>\n<table><tr><th>type</th><th>precision</th><th>recall</th><th>f1</th><th>support</th>")
          .append("<th>decided</th></tr>\n");
      for (Evaluation.ClassStats s : e.perType()) {
        statsRow(h, s);
      }
      h.append("</table>\n<table><tr><th>label_type</th><th>messages</th><th>decision as expected</th></tr>\n");
      for (Evaluation.TypeDecision t : e.decisionByType()) {
        h.append("<tr><td>").append(esc(t.type())).append("</td><td class=\"n\">").append(t.count())
            .append("</td><td class=\"n\">").append(esc(Evaluation.ratio(t.correct(), t.count())))
            .append("</td></tr>\n");
      }
      h.append("</table>\n");
    }

    List<Evaluation.Match> misses = e.ruleIgnoredRespond();
    h.append("<h3>Ignored by a rule although labelled respond: ").append(misses.size()).append("</h3>\n");
    if (!misses.isEmpty()) {
      h.append("<table class=\"small\"><tr><th>file</th><th>rule</th><th>label_type</th><th>reason</th></tr>\n");
      for (Evaluation.Match m : misses) {
        h.append("<tr><td>").append(esc(m.outcome().file())).append("</td><td>").append(esc(m.decision().rule()))
            .append("</td><td>").append(esc(m.label().type() == null ? "" : m.label().type())).append("</td><td>")
            .append(esc(m.decision().reason())).append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
  }

  private static void statsRow(StringBuilder h, Evaluation.ClassStats s) {
    h.append("<tr><td>").append(esc(s.name())).append("</td><td class=\"n\">").append(Evaluation.pct(s.precision()))
        .append("</td><td class=\"n\">").append(Evaluation.pct(s.recall())).append("</td><td class=\"n\">")
        .append(Evaluation.pct(s.f1())).append("</td><td class=\"n\">").append(s.expected())
        .append("</td><td class=\"n\">").append(s.decided()).append("</td></tr>\n");
  }

  private static void row(StringBuilder h, String name, String value) {
    h.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value)).append("</td></tr>");
  }

  private static void card(StringBuilder h, String title, String svg) {
    h.append("<div class=\"card\"><div><b>").append(esc(title)).append("</b></div>").append(svg).append("</div>\n");
  }

  /** Horizontal bars, one per entry, with the count at the end of each bar. */
  static String barChart(Map<String, Integer> values) {
    int labelWidth = 20 + 7 * values.keySet().stream().mapToInt(String::length).max().orElse(4);
    int barMax = 260;
    int rowH = 22;
    int height = Math.max(1, values.size()) * rowH + 10;
    int width = labelWidth + barMax + 50;
    int max = Math.max(1, values.values().stream().mapToInt(Integer::intValue).max().orElse(1));
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "role=\"img\" font-family=\"sans-serif\" font-size=\"12\">", width, height));
    int i = 0;
    for (Map.Entry<String, Integer> e : values.entrySet()) {
      int y = 5 + i * rowH;
      int w = (int) Math.round((double) e.getValue() / max * barMax);
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", labelWidth - 6,
          y + 15, esc(e.getKey())));
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"%s\">"
          + "<title>%s: %d</title></rect>", labelWidth, y + 2, w, PALETTE[i % PALETTE.length], esc(e.getKey()),
          e.getValue()));
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%d</text>", labelWidth + w + 5, y + 15,
          e.getValue()));
      i++;
    }
    return s.append("</svg>").toString();
  }

  /** Two bars per class, precision and recall, on a 0-100% scale; undefined values are drawn as n/a. */
  static String prChart(List<Evaluation.ClassStats> stats) {
    int labelWidth = 20 + 7 * stats.stream().mapToInt(c -> c.name().length()).max().orElse(4);
    int barMax = 240;
    int groupH = 40;
    int height = stats.size() * groupH + 34;
    int width = labelWidth + barMax + 70;
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "role=\"img\" font-family=\"sans-serif\" font-size=\"12\">", width, height));
    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"4\" width=\"10\" height=\"10\" fill=\"%s\"/>"
        + "<text x=\"%d\" y=\"13\">precision</text><rect x=\"%d\" y=\"4\" width=\"10\" height=\"10\" fill=\"%s\"/>"
        + "<text x=\"%d\" y=\"13\">recall</text>", labelWidth, PALETTE[0], labelWidth + 14, labelWidth + 90,
        PALETTE[1], labelWidth + 104));
    for (int i = 0; i < stats.size(); i++) {
      Evaluation.ClassStats c = stats.get(i);
      int y = 24 + i * groupH;
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", labelWidth - 6,
          y + 20, esc(c.name())));
      double[] values = {c.precision(), c.recall()};
      for (int k = 0; k < 2; k++) {
        int by = y + 2 + k * 17;
        double v = values[k];
        int w = Double.isNaN(v) ? 0 : (int) Math.round(v * barMax);
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"15\" fill=\"%s\">"
            + "<title>%s %s: %s</title></rect>", labelWidth, by, w, PALETTE[k], esc(c.name()),
            k == 0 ? "precision" : "recall", Evaluation.pct(v)));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>", labelWidth + w + 4, by + 12,
            Evaluation.pct(v)));
      }
    }
    return s.append("</svg>").toString();
  }

  /** A matrix of counts as coloured cells, darker for larger counts; diagonal cells outlined. */
  static String heatmap(List<String> labels, int[][] m) {
    int cell = 44;
    int labelWidth = 20 + 7 * labels.stream().mapToInt(String::length).max().orElse(4);
    int top = labelWidth;
    int width = labelWidth + cell * labels.size() + 10;
    int height = top + cell * labels.size() + 10;
    int max = 1;
    for (int[] r : m) {
      for (int v : r) {
        max = Math.max(max, v);
      }
    }
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "role=\"img\" font-family=\"sans-serif\" font-size=\"12\">", width, height));
    for (int j = 0; j < labels.size(); j++) {
      int x = labelWidth + j * cell + cell / 2;
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" transform=\"rotate(-60 %d %d)\">%s</text>", x,
          top - 6, x, top - 6, esc(labels.get(j))));
    }
    for (int i = 0; i < labels.size(); i++) {
      int y = top + i * cell;
      s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", labelWidth - 6,
          y + cell / 2 + 4, esc(labels.get(i))));
      for (int j = 0; j < labels.size(); j++) {
        int x = labelWidth + j * cell;
        double t = (double) m[i][j] / max;
        int shade = (int) Math.round(255 - t * 180);
        String fill = m[i][j] == 0 ? "#fafafa" : String.format(Locale.ROOT, "rgb(%d,%d,255)", shade, shade);
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
            + "stroke=\"%s\" stroke-width=\"%d\"><title>%s as %s: %d</title></rect>", x, y, cell - 2, cell - 2, fill,
            i == j ? "#333" : "#ddd", i == j ? 2 : 1, esc(labels.get(i)), esc(labels.get(j)), m[i][j]));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\"%s>%d</text>",
            x + cell / 2 - 1, y + cell / 2 + 4, t > 0.6 ? " fill=\"#fff\"" : "", m[i][j]));
      }
    }
    return s.append("</svg>").toString();
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t') {
            b.append(' ');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
