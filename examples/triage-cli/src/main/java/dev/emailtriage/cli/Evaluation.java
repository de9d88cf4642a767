package dev.emailtriage.cli;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailType;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The decisions of a run compared with a labelled set: precision and recall per decision and per email type, the
 * decision confusion matrix, the share decided without the model (by a rule or the cache), and every message a rule
 * ignored although it was labelled respond. Immutable once computed.
 *
 * @param labelled how many labels the TSV has
 * @param evaluated the labelled messages that were decided, with their outcome
 * @param notInRun labels of files that this run did not see
 * @param notDecided labelled messages that were skipped or failed
 * @param unlabelled how many decided messages have no label
 */
record Evaluation(int labelled, List<Match> evaluated, List<Labels.Label> notInRun, List<Match> notDecided,
    int unlabelled) {

  /** Decisions in the order of the matrix: respond, ignore. */
  static final List<Action> ACTIONS = List.of(Action.RESPOND, Action.IGNORE);

  /** A labelled message and what the run did with it. */
  record Match(Labels.Label label, Outcome outcome) {
    Decision decision() {
      return outcome.decision();
    }
  }

  /**
   * Precision and recall of one class.
   *
   * @param name the class (a decision or an email type)
   * @param truePositives labelled and decided as the class
   * @param decided how many were decided as the class
   * @param expected how many are labelled as the class (the support)
   */
  record ClassStats(String name, int truePositives, int decided, int expected) {
    /** TP / decided, or NaN when nothing was decided as this class. */
    double precision() {
      return decided == 0 ? Double.NaN : (double) truePositives / decided;
    }

    /** TP / expected, or NaN when nothing is labelled as this class. */
    double recall() {
      return expected == 0 ? Double.NaN : (double) truePositives / expected;
    }

    /** Harmonic mean of precision and recall, NaN when either is undefined, 0 when both are 0. */
    double f1() {
      double p = precision();
      double r = recall();
      if (Double.isNaN(p) || Double.isNaN(r)) {
        return Double.NaN;
      }
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
  }

  /**
   * Within one label type: how many messages and how many got the expected decision.
   *
   * @param type the label type
   * @param count messages labelled with it
   * @param correct of those, how many were decided as expected
   */
  record TypeDecision(String type, int count, int correct) {}

  /** Compares {@code outcomes} with {@code labels}. */
  static Evaluation compute(List<Labels.Label> labels, List<Outcome> outcomes) {
    Map<String, Outcome> byKey = new HashMap<>();
    for (Outcome o : outcomes) {
      byKey.putIfAbsent(o.key(), o);
    }
    List<Match> evaluated = new ArrayList<>();
    List<Labels.Label> notInRun = new ArrayList<>();
    List<Match> notDecided = new ArrayList<>();
    Set<String> labelledKeys = new java.util.HashSet<>();
    for (Labels.Label label : labels) {
      labelledKeys.add(label.key());
      Outcome o = byKey.get(label.key());
      if (o == null) {
        notInRun.add(label);
      } else if (o.decision() == null) {
        notDecided.add(new Match(label, o));
      } else {
        evaluated.add(new Match(label, o));
      }
    }
    int unlabelled = (int) outcomes.stream()
        .filter(o -> o.decision() != null && !labelledKeys.contains(o.key())).count();
    return new Evaluation(labels.size(), List.copyOf(evaluated), List.copyOf(notInRun), List.copyOf(notDecided),
        unlabelled);
  }

  /** How many evaluated messages got the expected decision. */
  int correct() {
    return (int) evaluated.stream().filter(m -> m.decision().action() == m.label().expected()).count();
  }

  /** {@code matrix[expected][decided]}, indexed as {@link #ACTIONS}. */
  int[][] confusion() {
    int[][] m = new int[2][2];
    for (Match match : evaluated) {
      m[ACTIONS.indexOf(match.label().expected())][ACTIONS.indexOf(match.decision().action())]++;
    }
    return m;
  }

  /** Precision and recall of respond and of ignore. */
  List<ClassStats> perDecision() {
    int[][] m = confusion();
    List<ClassStats> stats = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      stats.add(new ClassStats(ACTIONS.get(i).wireName(), m[i][i], m[0][i] + m[1][i], m[i][0] + m[i][1]));
    }
    return stats;
  }

  /** True when at least one evaluated label has a type. */
  boolean hasTypes() {
    return evaluated.stream().anyMatch(m -> m.label().type() != null);
  }

  /** Precision and recall of each email type (the decided email_type against label_type), over typed labels. */
  List<ClassStats> perType() {
    List<ClassStats> stats = new ArrayList<>();
    for (String type : types()) {
      int tp = 0;
      int decided = 0;
      int expected = 0;
      for (Match m : evaluated) {
        if (m.label().type() == null) {
          continue;
        }
        boolean isExpected = type.equals(m.label().type());
        boolean isDecided = type.equals(m.decision().emailType().wireName());
        tp += isExpected && isDecided ? 1 : 0;
        decided += isDecided ? 1 : 0;
        expected += isExpected ? 1 : 0;
      }
      stats.add(new ClassStats(type, tp, decided, expected));
    }
    return stats;
  }

  /** For each label type, how many messages got the expected decision. */
  List<TypeDecision> decisionByType() {
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (String type : types()) {
      counts.put(type, new int[2]);
    }
    for (Match m : evaluated) {
      if (m.label().type() != null) {
        int[] c = counts.get(m.label().type());
        c[0]++;
        c[1] += m.decision().action() == m.label().expected() ? 1 : 0;
      }
    }
    List<TypeDecision> out = new ArrayList<>();
    counts.forEach((type, c) -> {
      if (c[0] > 0) {
        out.add(new TypeDecision(type, c[0], c[1]));
      }
    });
    return out;
  }

  /** {@code matrix[label type][decided type]} over typed labels, indexed as {@link #types()}. */
  int[][] typeConfusion() {
    List<String> types = types();
    int[][] m = new int[types.size()][types.size()];
    for (Match match : evaluated) {
      if (match.label().type() != null) {
        m[types.indexOf(match.label().type())][types.indexOf(match.decision().emailType().wireName())]++;
      }
    }
    return m;
  }

  /** Email types that occur as a label or a decided type, in the order of {@link EmailType}. */
  List<String> types() {
    Set<String> present = new LinkedHashSet<>();
    for (Match m : evaluated) {
      if (m.label().type() != null) {
        present.add(m.label().type());
        present.add(m.decision().emailType().wireName());
      }
    }
    List<String> ordered = new ArrayList<>();
    for (EmailType t : EmailType.values()) {
      if (present.contains(t.wireName())) {
        ordered.add(t.wireName());
      }
    }
    return ordered;
  }

  /** How many evaluated messages each source decided, in the order rule, cache, model, fallback. */
  Map<DecisionSource, Integer> bySource() {
    Map<DecisionSource, Integer> counts = new EnumMap<>(DecisionSource.class);
    for (DecisionSource s : DecisionSource.values()) {
      counts.put(s, 0);
    }
    evaluated.forEach(m -> counts.merge(m.decision().source(), 1, Integer::sum));
    return counts;
  }

  /** How many evaluated messages each rule decided, by rule name. */
  Map<String, Integer> byRule() {
    Map<String, Integer> counts = new TreeMap<>();
    evaluated.stream().filter(m -> m.decision().rule() != null)
        .forEach(m -> counts.merge(m.decision().rule(), 1, Integer::sum));
    return counts;
  }

  /** The share of evaluated messages decided by a rule or the cache (no model call), in [0, 1]; NaN when none. */
  double withoutModelShare() {
    Map<DecisionSource, Integer> s = bySource();
    return evaluated.isEmpty() ? Double.NaN
        : (double) (s.get(DecisionSource.RULE) + s.get(DecisionSource.CACHE)) / evaluated.size();
  }

  /** Messages labelled respond that a rule decided to ignore: the errors a rule must never make. */
  List<Match> ruleIgnoredRespond() {
    return evaluated.stream()
        .filter(m -> m.label().expected() == Action.RESPOND)
        .filter(m -> m.decision().source() == DecisionSource.RULE && m.decision().action() == Action.IGNORE)
        .toList();
  }

  /** Messages labelled respond that the cache decided to ignore. */
  List<Match> cacheIgnoredRespond() {
    return evaluated.stream()
        .filter(m -> m.label().expected() == Action.RESPOND)
        .filter(m -> m.decision().source() == DecisionSource.CACHE && m.decision().action() == Action.IGNORE)
        .toList();
  }

  /** The name of the spam filter's rule ({@code SpamFilterRule}), for the with/without figures. */
  static final String SPAM_FILTER_RULE = "spam-filter";

  /**
   * For each label type of ignore-labelled messages (in the order of {@link #types()}, then {@code all}): {decided
   * by a rule or the cache, the same without the spam filter's decisions, how many}. Without the filter, what it
   * decided would have gone on to the cache and the model: the filter runs after every other rule.
   */
  Map<String, int[]> ignoreDecidedWithoutModel() {
    Map<String, int[]> counts = new LinkedHashMap<>();
    for (String type : types()) {
      counts.put(type, new int[3]);
    }
    counts.put("(no type)", new int[3]);
    int[] all = new int[3];
    for (Match m : evaluated) {
      if (m.label().expected() != Action.IGNORE) {
        continue;
      }
      int[] c = counts.get(m.label().type() == null ? "(no type)" : m.label().type());
      DecisionSource source = m.decision().source();
      boolean withoutModel = source == DecisionSource.RULE || source == DecisionSource.CACHE;
      boolean byFilter = source == DecisionSource.RULE && SPAM_FILTER_RULE.equals(m.decision().rule());
      for (int[] x : new int[][] {c, all}) {
        x[0] += withoutModel ? 1 : 0;
        x[1] += withoutModel && !byFilter ? 1 : 0;
        x[2]++;
      }
    }
    counts.values().removeIf(c -> c[2] == 0);
    counts.put("all", all);
    return counts;
  }

  static String pct(double share) {
    return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  static String ratio(int part, int whole) {
    return part + "/" + whole + " = " + pct(whole == 0 ? Double.NaN : (double) part / whole);
  }

  /** Prints the evaluation as text, for a run without a spam filter. */
  void print(PrintStream out, String labelsName) {
    print(out, labelsName, false);
  }

  /**
   * Prints the evaluation as text; with {@code spamFilter}, the share of ignore-labelled mail decided without a
   * model is printed with and without the spam filter's decisions.
   */
  void print(PrintStream out, String labelsName, boolean spamFilter) {
    out.println();
    out.println("Evaluation against " + labelsName);
    out.printf(Locale.ROOT, "  labelled: %d, evaluated: %d, labelled but not in this run: %d, "
        + "labelled but skipped or failed: %d, decided but unlabelled: %d%n",
        labelled, evaluated.size(), notInRun.size(), notDecided.size(), unlabelled);
    out.println("  decision accuracy: " + ratio(correct(), evaluated.size()));
    out.println();
    out.println("Per decision        precision     recall         f1  support  decided");
    for (ClassStats s : perDecision()) {
      out.printf(Locale.ROOT, "  %-16s %10s %10s %10s %8d %8d%n", s.name(), pct(s.precision()), pct(s.recall()),
          pct(s.f1()), s.expected(), s.decided());
    }
    out.println();
    out.println("Confusion matrix (rows: expected, columns: decided)");
    int[][] m = confusion();
    out.printf(Locale.ROOT, "  %-16s %8s %8s%n", "", "respond", "ignore");
    for (int i = 0; i < 2; i++) {
      out.printf(Locale.ROOT, "  %-16s %8d %8d%n", "exp. " + ACTIONS.get(i).wireName(), m[i][0], m[i][1]);
    }
    if (hasTypes()) {
      out.println();
      out.println("Per type (email_type decided vs label_type)");
      out.println("  type             precision     recall  support  decided   decision correct");
      Map<String, TypeDecision> byType = new HashMap<>();
      decisionByType().forEach(t -> byType.put(t.type(), t));
      for (ClassStats s : perType()) {
        TypeDecision td = byType.get(s.name());
        out.printf(Locale.ROOT, "  %-16s %9s %10s %8d %8d   %s%n", s.name(), pct(s.precision()), pct(s.recall()),
            s.expected(), s.decided(), td == null ? "-" : ratio(td.correct(), td.count()));
      }
    }
    out.println();
    Map<DecisionSource, Integer> sources = bySource();
    out.printf(Locale.ROOT, "Decided by a rule or the cache (no model call): %d of %d = %s"
        + "  (rule %d, cache %d, model %d, fallback %d)%n",
        sources.get(DecisionSource.RULE) + sources.get(DecisionSource.CACHE), evaluated.size(),
        pct(withoutModelShare()), sources.get(DecisionSource.RULE), sources.get(DecisionSource.CACHE),
        sources.get(DecisionSource.MODEL), sources.get(DecisionSource.FALLBACK));
    Map<String, Integer> rules = byRule();
    if (!rules.isEmpty()) {
      StringBuilder line = new StringBuilder("  by rule:");
      rules.forEach((rule, n) -> line.append(' ').append(rule).append(' ').append(n).append(','));
      line.setLength(line.length() - 1);
      out.println(line);
    }
    out.println();
    Map<String, int[]> ignoreShares = ignoreDecidedWithoutModel();
    if (ignoreShares.get("all")[2] > 0) {
      out.println("Ignore-labelled mail decided without a model (rule or cache), per label type");
      out.printf(Locale.ROOT, "  %-14s %22s%s%n", "label type", spamFilter ? "with spam filter" : "decided",
          spamFilter ? String.format(Locale.ROOT, " %22s", "without spam filter") : "");
      ignoreShares.forEach((type, c) -> out.printf(Locale.ROOT, "  %-14s %22s%s%n", type, ratio(c[0], c[2]),
          spamFilter ? String.format(Locale.ROOT, " %22s", ratio(c[1], c[2])) : ""));
      out.println();
    }
    List<Match> misses = ruleIgnoredRespond();
    out.println("Ignored by a rule although labelled respond: " + misses.size());
    for (Match miss : misses) {
      out.printf(Locale.ROOT, "  %s  rule=%s  type=%s  reason: %s%n", miss.outcome().file(),
          miss.decision().rule(), miss.label().type() == null ? "-" : miss.label().type(), miss.decision().reason());
    }
    List<Match> cacheMisses = cacheIgnoredRespond();
    if (!cacheMisses.isEmpty()) {
      out.println("Ignored by the cache although labelled respond: " + cacheMisses.size());
      for (Match miss : cacheMisses) {
        out.printf(Locale.ROOT, "  %s  reason: %s%n", miss.outcome().file(), miss.decision().reason());
      }
    }
    if (!notInRun.isEmpty()) {
      out.println("Labelled but not in this run: " + notInRun.size());
      notInRun.stream().limit(20).forEach(l -> out.println("  " + l.file()));
      if (notInRun.size() > 20) {
        out.println("  ... and " + (notInRun.size() - 20) + " more");
      }
    }
    if (!notDecided.isEmpty()) {
      out.println("Labelled but skipped or failed: " + notDecided.size());
      for (Match nd : notDecided) {
        out.println("  " + nd.outcome().file() + ": " + (nd.outcome().isSkipped() ? nd.outcome().skipReason()
            : nd.outcome().result().error()));
      }
    }
    out.flush();
  }
}
