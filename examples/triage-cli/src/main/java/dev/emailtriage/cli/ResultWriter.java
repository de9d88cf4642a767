package dev.emailtriage.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.emailtriage.Decision;
import dev.emailtriage.TriageResult;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints outcomes on stdout in one {@link OutputFormat}, one outcome at a time, flushing as it goes. */
abstract class ResultWriter {

  static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  protected final PrintStream out;

  ResultWriter(PrintStream out) {
    this.out = out;
  }

  static ResultWriter of(OutputFormat format, PrintStream out, List<MailInput> inputs) {
    return switch (format) {
      case JSON -> new Json(out);
      case CSV -> new Csv(out);
      case TABLE -> new Table(out, inputs);
    };
  }

  void begin() {}

  abstract void write(Outcome outcome);

  void end() {
    out.flush();
  }

  /** The wire JSON of a result with {@code file} first, as one line. */
  static String jsonLine(Outcome outcome) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("file", outcome.file());
    node.setAll((ObjectNode) MAPPER.valueToTree(outcome.result()));
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON for " + outcome.file(), e);
    }
  }

  private static final class Json extends ResultWriter {
    Json(PrintStream out) {
      super(out);
    }

    @Override
    void write(Outcome outcome) {
      if (outcome.result() != null) {
        out.println(jsonLine(outcome));
        out.flush();
      }
    }
  }

  static final class Csv extends ResultWriter {
    static final List<String> COLUMNS = List.of("file", "email_id", "status", "decision", "confidence", "email_type",
        "urgency", "source", "rule", "needs_review", "reason", "from", "subject", "processing_time", "processed_at",
        "error");

    Csv(PrintStream out) {
      super(out);
    }

    @Override
    void begin() {
      out.print(String.join(",", COLUMNS) + "\r\n");
    }

    @Override
    void write(Outcome o) {
      List<String> cells = new ArrayList<>();
      TriageResult r = o.result();
      Decision d = o.decision();
      cells.add(o.file());
      cells.add(r == null ? "" : r.emailId());
      cells.add(r == null ? "skipped" : r.status().name().toLowerCase(Locale.ROOT));
      cells.add(d == null ? "" : d.action().wireName());
      cells.add(d == null ? "" : String.format(Locale.ROOT, "%.2f", d.confidence()));
      cells.add(d == null ? "" : d.emailType().wireName());
      cells.add(d == null ? "" : d.urgency().wireName());
      cells.add(d == null ? "" : d.source().wireName());
      cells.add(d == null || d.rule() == null ? "" : d.rule());
      cells.add(d == null ? "" : Boolean.toString(d.needsReview()));
      cells.add(d == null ? "" : d.reason());
      cells.add(o.from() == null ? "" : o.from());
      cells.add(o.subject() == null ? "" : o.subject());
      cells.add(r == null ? "" : String.format(Locale.ROOT, "%.3f", r.processingTime()));
      cells.add(r == null || r.processedAt() == null ? "" : r.processedAt().toString());
      cells.add(o.isSkipped() ? o.skipReason() : r.error() == null ? "" : r.error());
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < cells.size(); i++) {
        if (i > 0) {
          line.append(',');
        }
        line.append(quote(cells.get(i)));
      }
      out.print(line.append("\r\n"));
      out.flush();
    }

    static String quote(String cell) {
      if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
        return cell;
      }
      return '"' + cell.replace("\"", "\"\"") + '"';
    }
  }

  private static final class Table extends ResultWriter {
    private static final int MAX_FILE = 60;
    private final int fileWidth;

    Table(PrintStream out, List<MailInput> inputs) {
      super(out);
      int w = "FILE".length();
      for (MailInput in : inputs) {
        w = Math.max(w, in.file().length());
      }
      this.fileWidth = Math.min(w, MAX_FILE);
    }

    @Override
    void begin() {
      out.println(row("FILE", "DECISION", "TYPE", "URGENCY", "CONF", "SOURCE", "RULE / NOTE"));
    }

    @Override
    void write(Outcome o) {
      Decision d = o.decision();
      if (d != null) {
        String note = d.rule() != null ? d.rule() : d.needsReview() ? "needs review" : "";
        out.println(row(o.file(), d.action().wireName(), d.emailType().wireName(), d.urgency().wireName(),
            String.format(Locale.ROOT, "%.2f", d.confidence()), d.source().wireName(), note));
      } else if (o.result() != null) {
        out.println(row(o.file(), "-", "-", "-", "-", o.result().status().name().toLowerCase(Locale.ROOT),
            o.result().error() == null ? "" : o.result().error()));
      } else {
        out.println(row(o.file(), "-", "-", "-", "-", "skipped", o.skipReason()));
      }
      out.flush();
    }

    private String row(String file, String decision, String type, String urgency, String conf, String source,
        String note) {
      String f = file.length() > fileWidth ? "..." + file.substring(file.length() - fileWidth + 3) : file;
      return String.format(Locale.ROOT, "%-" + fileWidth + "s  %-8s  %-12s  %-7s  %4s  %-8s  %s", f, decision, type,
          urgency, conf, source, note).stripTrailing();
    }
  }
}
