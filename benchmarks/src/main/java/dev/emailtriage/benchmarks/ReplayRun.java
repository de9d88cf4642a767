package dev.emailtriage.benchmarks;

import dev.emailtriage.Action;
import dev.emailtriage.CorrectionExample;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.EmailType;
import dev.emailtriage.Feedback;
import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.InMemoryLearnedRuleStore;
import dev.emailtriage.Prompt;
import dev.emailtriage.SenderMemory;
import dev.emailtriage.TokenUsage;
import dev.emailtriage.TriageResult;
import dev.emailtriage.Urgency;
import dev.emailtriage.spi.Decider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The replay run of issue 13: a stream of emails built from the labelled fixtures with repeat senders, decided by a
 * scripted model that answers from the labels with a few percent of its answers wrong, and a simulated person who
 * corrects a share of the wrong decisions. Prints, per 1,000 emails in order, model calls, decisions by source,
 * agreement with the labels and wrong ignores of mail labelled respond — once with the sender memory on and once off,
 * on the same stream and the same model answers.
 *
 * <p>The stream ({@link #stream}): each email is a fixture's headers and sender with its own id, a body of 40 to 90
 * words drawn from the fixtures' vocabulary followed by the first 200 characters of the fixture's body (a new
 * newsletter issue, a new notice, a new question: the same sender, new content, so not a near-duplicate for the
 * cache), and a time one minute after the previous. Senders: mail the labels say to ignore keeps
 * its fixture's sender (a newsletter or a system keeps writing); mail the labels say to answer comes 60 % from a new
 * customer address, 40 % from a pool of 40 regular customers — and a regular customer also sends, now and then, mail
 * the labels say to ignore (their out-of-office, their "thanks, received"), so that a sender who deserves an answer
 * can look ignorable for a while. Customers' mail is {@code --respond-share} of the stream (default 40 %), regular
 * customers' ignorable mail 5 %, and the ignore-labelled senders the rest, the next one drawn with weights (a few
 * write a lot).
 *
 * <p>Command: {@code java -cp benchmarks/target/benchmarks.jar dev.emailtriage.benchmarks.ReplayRun
 * [--emails 6000] [--respond-share 0.40] [--wrong 0.04] [--corrected 0.5] [--seed 7]
 * [--fixtures ../shared/fixtures/mail]}.
 */
public final class ReplayRun {

  private static final Instant START = Instant.parse("2026-11-01T08:00:00Z");

  /** A fixture with its label. */
  record Labelled(Email email, EmailType type, Action expected) {}

  /** One email of the stream with its label. */
  record Item(Email email, EmailType type, Action expected) {}

  /** The figures of one block of emails. */
  static final class Block {
    int emails;
    int modelCalls;
    int agreed;
    int wrongIgnores;
    int respondLabelled;
    int corrections;
    int examplesUsed;
    /** Wrong answers turned right by an example (the whole run, kept on the first block). */
    int helped;
    final Map<DecisionSource, Integer> bySource = new EnumMap<>(DecisionSource.class);
    /** Why each model call happened (learning on): see {@link Why}. */
    final Map<Why, Integer> why = new EnumMap<>(Why.class);
  }

  /** Why an email went to the model although the sender memory was on (state before the email). */
  enum Why {
    RESPOND_LABELLED("labelled respond (needs the model by design)"),
    REGULAR_CUSTOMER("a regular customer's ignorable mail (customer barred: got respond)"),
    NOT_LEARNABLE_TYPE("ignorable mail typed other/auto_reply (never learned: a person's kind of mail)"),
    BARRED("sender barred (an uncorrected wrong model respond; for a reply, also its sender's own identity)"),
    LEARNING("sender (or its replies) not learned yet: fewer confident ignores in a row than needed");

    final String text;

    Why(String text) {
      this.text = text;
    }
  }

  private ReplayRun() {}

  /** Runs the replay with and without learning and prints both tables. */
  public static void main(String[] argv) throws IOException {
    Map<String, String> args = new HashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
    }
    int emails = Integer.parseInt(args.getOrDefault("emails", "6000"));
    double wrong = Double.parseDouble(args.getOrDefault("wrong", "0.04"));
    double corrected = Double.parseDouble(args.getOrDefault("corrected", "0.5"));
    long seed = Long.parseLong(args.getOrDefault("seed", "7"));
    double respondShare = Double.parseDouble(args.getOrDefault("respond-share", "0.40"));
    int examples = Integer.parseInt(args.getOrDefault("examples", "0"));
    double exampleEffect = Double.parseDouble(args.getOrDefault("example-effect", "0"));
    Path fixtures = Path.of(args.getOrDefault("fixtures", "../shared/fixtures/mail"));
    if (!Files.isRegularFile(fixtures.resolve("MANIFEST.tsv"))) {
      System.err.println("fixture folder " + fixtures.toAbsolutePath() + " (with MANIFEST.tsv) is absent;"
          + " give --fixtures <folder>");
      System.exit(2);
    }
    List<Item> stream = stream(load(fixtures), emails, seed, respondShare);
    System.out.printf(Locale.ROOT, "replay: %d emails, %.0f %% from customers (labelled respond), model wrong %.0f %%,"
        + " person corrects %.0f %% of wrong decisions, seed %d%n%n", emails, respondShare * 100, wrong * 100,
        corrected * 100, seed);
    List<Block> on = run(stream, true, examples, exampleEffect, wrong, corrected, seed);
    List<Block> off = run(stream, false, 0, 0, wrong, corrected, seed);
    print(examples > 0 ? "learning on, " + examples + " correction examples per model call" : "learning on", on);
    print("learning off", off);
    printWhy(on);
    Block firstOn = on.get(0);
    Block lastOn = on.get(on.size() - 1);
    Block lastOff = off.get(off.size() - 1);
    int wrongOn = on.stream().mapToInt(b -> b.wrongIgnores).sum();
    int wrongOff = off.stream().mapToInt(b -> b.wrongIgnores).sum();
    System.out.printf(Locale.ROOT, "model calls, last 1,000 vs first 1,000 (learning on): %d vs %d = %.1f %% fewer%n",
        lastOn.modelCalls, firstOn.modelCalls, 100.0 * (firstOn.modelCalls - lastOn.modelCalls) / firstOn.modelCalls);
    System.out.printf(Locale.ROOT, "model calls in the last 1,000: on %d, off %d%n", lastOn.modelCalls,
        lastOff.modelCalls);
    System.out.printf(Locale.ROOT, "wrong ignores of respond-labelled mail, whole run: on %d, off %d%n", wrongOn,
        wrongOff);
    if (examples > 0) {
      System.out.printf(Locale.ROOT, "decisions made with correction examples (learning on): %d; wrong answers the"
          + " scripted model got right because of an example (--example-effect %.2f): %d%n",
          on.stream().mapToInt(b -> b.examplesUsed).sum(), exampleEffect, on.get(0).helped);
    }
  }

  static List<Labelled> load(Path folder) throws IOException {
    List<Labelled> all = new ArrayList<>();
    for (String line : Files.readAllLines(folder.resolve("MANIFEST.tsv"))) {
      String[] cols = line.split("\t");
      if (cols.length < 5 || cols[0].equals("file")) {
        continue;
      }
      Email e = MailMix.parse(folder.resolve(cols[0]), cols[0]);
      all.add(new Labelled(e, EmailType.fromWire(cols[3]), Action.fromWire(cols[4])));
    }
    return all;
  }

  /** The stream (see the class description); deterministic for a seed. */
  static List<Item> stream(List<Labelled> fixtures, int total, long seed, double respondShare) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Labelled> ignore = fixtures.stream().filter(f -> f.expected() == Action.IGNORE).toList();
    List<Labelled> respond = fixtures.stream().filter(f -> f.expected() == Action.RESPOND).toList();
    // the ignore-labelled senders are not equally busy: weight i+1 over a shuffled order (a few write a lot)
    List<Labelled> byVolume = new ArrayList<>(ignore);
    java.util.Collections.shuffle(byVolume, new java.util.Random(seed));
    int[] cumulative = new int[byVolume.size()];
    int sum = 0;
    for (int i = 0; i < byVolume.size(); i++) {
      sum += 1 + i;
      cumulative[i] = sum;
    }
    List<String> vocabulary = new ArrayList<>();
    java.util.regex.Matcher words = java.util.regex.Pattern.compile("\\b[a-z]{4,}\\b").matcher(
        String.join(" ", fixtures.stream().map(f -> f.email().body().toLowerCase(Locale.ROOT)).toList()));
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (words.find() && vocabulary.size() < 5000) {
      if (seen.add(words.group())) {
        vocabulary.add(words.group());
      }
    }
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      Labelled pick;
      String from = null;
      double roll = r.nextDouble();
      double senders = 1 - respondShare - 0.05;
      if (roll < senders) {
        int x = r.nextInt(sum);
        int k = 0;
        while (cumulative[k] <= x) {
          k++;
        }
        pick = byVolume.get(k);
      } else if (roll < senders + 0.05) {
        // a regular customer's own ignorable mail (auto-reply, "thanks, received"): labelled ignore
        pick = ignore.get(r.nextInt(ignore.size()));
        from = "regular" + r.nextInt(40) + "@clientes.example";
      } else {
        pick = respond.get(r.nextInt(respond.size()));
        from = r.nextDouble() < 0.4 ? "regular" + r.nextInt(40) + "@clientes.example"
            : "customer" + i + "@mail" + (i % 17) + ".example";
      }
      Email base = pick.email();
      StringBuilder body = new StringBuilder();
      int n = 40 + r.nextInt(51);
      for (int w = 0; w < n; w++) {
        body.append(vocabulary.get(r.nextInt(vocabulary.size()))).append(w % 12 == 11 ? ".\n" : " ");
      }
      String head = base.body().length() > 200 ? base.body().substring(0, 200) : base.body();
      Email.Builder b = base.toBuilder().emailId("replay-" + i)
          .subject(base.subject() + " #" + i)
          .body(body.append("\n\n").append(head).toString())
          .receivedAt(START.plus(Duration.ofMinutes(i)));
      if (from != null) {
        b.from(from);
      }
      out.add(new Item(b.build(), pick.type(), pick.expected()));
    }
    return out;
  }

  /** A clock the run moves on by one minute per email. */
  private static final class RunClock extends Clock {
    private volatile Instant now = START;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Deterministic per email: whether the scripted model is wrong on it, and its confidence. */
  private static double unit(long seed, String emailId, int salt) {
    long h = seed * 0x9E3779B97F4A7C15L + emailId.hashCode() * 31L + salt;
    return new SplittableRandom(h).nextDouble();
  }

  static List<Block> run(List<Item> stream, boolean learning, int examples, double exampleEffect, double wrong,
      double corrected, long seed) {
    Map<String, Item> labels = new HashMap<>();
    stream.forEach(it -> labels.put(it.email().emailId(), it));
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger helped = new AtomicInteger();
    Decider model = new Decider() {
      @Override
      public Decision decide(Email email, Prompt prompt) {
        calls.incrementAndGet();
        Item it = labels.get(email.emailId());
        boolean isWrong = unit(seed, email.emailId(), 1) < wrong;
        // what-if (--example-effect, default 0: the scripted model ignores examples): a wrong answer is made right
        // with that probability when an example of the same sender or content carries the right verdict
        if (isWrong && exampleEffect > 0 && unit(seed, email.emailId(), 5) < exampleEffect
            && prompt.examples().stream().anyMatch(x -> x.match() != CorrectionExample.Match.SAME_DOMAIN
                && x.correctDecision() == it.expected())) {
          isWrong = false;
          helped.incrementAndGet();
        }
        Action action = isWrong ? (it.expected() == Action.RESPOND ? Action.IGNORE : Action.RESPOND) : it.expected();
        EmailType type = isWrong ? (action == Action.RESPOND ? EmailType.QUESTION : EmailType.NEWSLETTER) : it.type();
        double confidence = isWrong ? 0.6 + 0.35 * unit(seed, email.emailId(), 2)
            : 0.85 + 0.14 * unit(seed, email.emailId(), 3);
        return Decision.builder().action(action).confidence(confidence).emailType(type).urgency(Urgency.LOW)
            .reason("scripted from the label").source(DecisionSource.MODEL).prompt(prompt.id(), prompt.version())
            .modelVersion("scripted").tokenUsage(new TokenUsage(900, 80, 0, 980)).build();
      }

      @Override
      public String name() {
        return "scripted";
      }
    };
    RunClock clock = new RunClock();
    EmailTriage.Builder b = EmailTriage.builder().decider(model).store(new InMemoryDecisionStore(clock))
        .workerThreads(0).clock(clock);
    InMemoryLearnedRuleStore rules = new InMemoryLearnedRuleStore();
    if (learning) {
      b.senderMemory(SenderMemory.builder().store(rules).clock(clock).build());
    }
    if (examples > 0) {
      b.correctionExamples(examples);
    }
    List<Block> blocks = new ArrayList<>();
    try (EmailTriage triage = b.build()) {
      Block block = null;
      for (int i = 0; i < stream.size(); i++) {
        if (i % 1000 == 0) {
          block = new Block();
          blocks.add(block);
        }
        Item it = stream.get(i);
        clock.now = it.email().receivedAt();
        int before = calls.get();
        Why why = learning ? why(it, rules) : null;
        TriageResult result = triage.process(it.email());
        block.emails++;
        block.modelCalls += calls.get() - before;
        if (why != null && calls.get() > before) {
          block.why.merge(why, 1, Integer::sum);
        }
        if (result.decision() == null) {
          continue;
        }
        block.examplesUsed += result.decision().examplesUsed() > 0 ? 1 : 0;
        Action decided = result.decision().action();
        block.bySource.merge(result.decision().source(), 1, Integer::sum);
        block.agreed += decided == it.expected() ? 1 : 0;
        if (it.expected() == Action.RESPOND) {
          block.respondLabelled++;
          block.wrongIgnores += decided == Action.IGNORE ? 1 : 0;
        }
        // the person notices a share of the wrong decisions and corrects them
        if (decided != it.expected() && unit(seed, it.email().emailId(), 4) < corrected) {
          triage.feedback(it.email().emailId(), new Feedback(it.expected(), it.type(), null, clock.instant()));
          block.corrections++;
        }
      }
    }
    blocks.get(0).helped = helped.get();
    return blocks;
  }

  /** Why {@code it} would go to the model, from the sender memory's state before it is processed. */
  private static Why why(Item it, InMemoryLearnedRuleStore rules) {
    Email e = it.email();
    if (it.expected() == Action.RESPOND) {
      return Why.RESPOND_LABELLED;
    }
    if (e.from().startsWith("regular")) {
      return Why.REGULAR_CUSTOMER;
    }
    if (it.type() != EmailType.NEWSLETTER && it.type() != EmailType.SPAM && it.type() != EmailType.NOTIFICATION) {
      return Why.NOT_LEARNABLE_TYPE;
    }
    String identity = SenderMemory.identityOf(e).orElse("");
    boolean barred = rules.find(identity).map(s -> s.barred()).orElse(false)
        || identity.endsWith(" reply") && rules.find(identity.substring(0, identity.length() - " reply".length()))
            .map(s -> s.barred()).orElse(false);
    return barred ? Why.BARRED : Why.LEARNING;
  }

  /** Why the model was asked, in the first and the last block (learning on). */
  static void printWhy(List<Block> blocks) {
    Block first = blocks.get(0);
    Block last = blocks.get(blocks.size() - 1);
    System.out.println("Why the model was asked (learning on):");
    System.out.println("| cause | first 1,000 | last 1,000 |");
    System.out.println("|---|---:|---:|");
    for (Why w : Why.values()) {
      System.out.printf(Locale.ROOT, "| %s | %d | %d |%n", w.text, first.why.getOrDefault(w, 0),
          last.why.getOrDefault(w, 0));
    }
    System.out.printf(Locale.ROOT, "| all model calls | %d | %d |%n%n", first.modelCalls, last.modelCalls);
  }

  static void print(String title, List<Block> blocks) {
    System.out.println(title);
    System.out.println("| emails | model calls | rule | learned | cache | model | fallback | agreement | "
        + "wrong ignores (of respond-labelled) | corrections |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    int from = 1;
    for (Block b : blocks) {
      System.out.printf(Locale.ROOT, "| %d–%d | %d | %d | %d | %d | %d | %d | %.1f %% | %d (of %d) | %d |%n", from,
          from + b.emails - 1, b.modelCalls, b.bySource.getOrDefault(DecisionSource.RULE, 0),
          b.bySource.getOrDefault(DecisionSource.LEARNED, 0), b.bySource.getOrDefault(DecisionSource.CACHE, 0),
          b.bySource.getOrDefault(DecisionSource.MODEL, 0), b.bySource.getOrDefault(DecisionSource.FALLBACK, 0),
          100.0 * b.agreed / b.emails, b.wrongIgnores, b.respondLabelled, b.corrections);
      from += b.emails;
    }
    System.out.println();
  }
}
