package dev.emailtriage.internal;

import dev.emailtriage.Action;
import dev.emailtriage.AnalyticsSummary;
import dev.emailtriage.AnalyticsSummary.AverageMetrics;
import dev.emailtriage.AnalyticsSummary.Period;
import dev.emailtriage.AnalyticsSummary.PromptVersionCount;
import dev.emailtriage.AnalyticsSummary.ReasonCount;
import dev.emailtriage.AnalyticsSummary.Totals;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailRecord;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The analytics summary computed in Java over processed records (the in-memory store's). Not API. */
public final class Analytics {
  private Analytics() {}

  /** The summary of {@code processed} (records already filtered to the period). */
  public static AnalyticsSummary summarize(LocalDate start, LocalDate end, Stream<EmailRecord> processed) {
    List<EmailRecord> all = processed.toList();
    long total = all.size();
    long responded = all.stream().filter(r -> r.decision().action() == Action.RESPOND).count();
    double avgTime = all.stream().mapToDouble(EmailRecord::processingTime).average().orElse(0);
    double avgConfidence = all.stream().mapToDouble(r -> r.decision().confidence()).average().orElse(0);

    Map<String, List<ReasonCount>> topReasons = new LinkedHashMap<>();
    for (Action action : Action.values()) {
      topReasons.put(action.wireName(), all.stream()
          .filter(r -> r.decision().action() == action)
          .collect(Collectors.groupingBy(r -> r.decision().reason(), Collectors.counting()))
          .entrySet().stream()
          .map(e -> new ReasonCount(e.getKey(), e.getValue()))
          .sorted(Comparator.comparingLong(ReasonCount::count).reversed().thenComparing(ReasonCount::reason))
          .limit(AnalyticsSummary.TOP_REASONS)
          .toList());
    }
    Map<String, Long> bySource = new TreeMap<>();
    for (DecisionSource source : DecisionSource.values()) {
      bySource.put(source.wireName(), all.stream().filter(r -> r.decision().source() == source).count());
    }
    Map<String, long[]> perPrompt = new TreeMap<>();
    for (EmailRecord r : all) {
      if (r.decision().promptId() != null) {
        long[] counts = perPrompt.computeIfAbsent(r.decision().promptId() + "\n" + r.decision().promptVersion(),
            k -> new long[2]);
        counts[0]++;
        counts[1] += r.decision().action() == Action.RESPOND ? 1 : 0;
      }
    }
    List<PromptVersionCount> byPrompt = new ArrayList<>();
    perPrompt.forEach((key, counts) -> {
      int nl = key.indexOf('\n');
      byPrompt.add(new PromptVersionCount(key.substring(0, nl), Integer.parseInt(key.substring(nl + 1)),
          counts[0], counts[1]));
    });
    return new AnalyticsSummary(
        new Period(start, end),
        new Totals(total, responded, total - responded, round(total == 0 ? 0 : (double) responded / total, 3)),
        new AverageMetrics(round(avgTime, 3), round(avgConfidence, 2)),
        topReasons, bySource, byPrompt);
  }

  /** {@code value} rounded half-up to {@code decimals}. */
  public static double round(double value, int decimals) {
    return java.math.BigDecimal.valueOf(value).setScale(decimals, java.math.RoundingMode.HALF_UP).doubleValue();
  }
}
