package dev.emailtriage.benchmarks;

import dev.emailtriage.DefaultPrompt;
import dev.emailtriage.Email;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import java.util.concurrent.atomic.LongAdder;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The end-to-end load run of issue 8: one system per JVM, chosen by {@code --system}.
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.emailtriage.benchmarks.LoadRunner \
 *     --system a|b-seq|b-pool|c [--emails 2000] [--delay-ms 800] [--threads 8] [--seed 1]
 *     [--fixtures ../shared/fixtures/mail] [--results results.jsonl] [--decisions a.tsv]
 *     [--faults 0.2 [--hang-ms 40000]] [--decider gemini:MODEL|openai:MODEL|cascade:CHEAP>STRONG]
 *     [--escalate-below 0.7] [--low-confidence-share 0.2]
 * </pre>
 *
 * <p>It starts {@link MockGemini} in a child JVM (so WireMock's heap and threads are not the measured system's),
 * builds the {@link MailMix} lazily, pushes every email through the system with {@code --threads} caller threads
 * (1 for {@code b-seq}), and prints emails per second (all emails over the wall time from the first submission to
 * the last answer), model calls per 1000 emails (requests WireMock received), p50 and p99 latency (per email, from
 * the moment a caller thread starts on it to its decision: service time, not queueing time) and peak heap (used
 * heap sampled every 10 ms, and the largest heap left after a collection), input and output tokens per 1000 emails
 * (the mock's {@code usageMetadata}: an estimate of four characters per token, see {@link MockGemini}) and the
 * price per 1000 emails at the list prices of {@link Price}: per model as run ({@code usd_per_1000_as_run}, each
 * model's calls at its own price, from the mock's per-model counts) and, for comparison, as if every token had been
 * billed at one model's price. System (a) asks the model {@code --decider} names (default
 * {@code gemini:gemini-2.5-flash}; see {@link Systems#decider}); the mock's cheap models are unsure of
 * {@code --low-confidence-share} of the mail ({@link MockAnswers}). With {@code --faults}, that share of
 * the mock's answers are failures (see {@link MockGemini}); system (a) then also drains its retry queue and checks
 * its store: every email in a final stored state, none decided twice. Exit code 2 when the fixtures are missing,
 * 1 when an email did not end decided (in the first pass; for (a) under faults, after the drain).
 */
public final class LoadRunner {

  private LoadRunner() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = parseArgs(argv);
    String system = args.getOrDefault("system", "");
    int emails = Integer.parseInt(args.getOrDefault("emails", "2000"));
    int delayMs = Integer.parseInt(args.getOrDefault("delay-ms", "800"));
    int threads = system.equals("b-seq") ? 1 : Integer.parseInt(args.getOrDefault("threads", "8"));
    long seed = Long.parseLong(args.getOrDefault("seed", "1"));
    Path fixtures = Path.of(args.getOrDefault("fixtures", "../shared/fixtures/mail"));
    if (!List.of("a", "b-seq", "b-pool", "c").contains(system)) {
      System.err.println("--system must be one of a, b-seq, b-pool, c");
      System.exit(64);
    }
    if (!Files.isRegularFile(fixtures.resolve("MANIFEST.tsv"))) {
      System.err.println("fixture folder " + fixtures.toAbsolutePath() + " (with MANIFEST.tsv) is absent: "
          + "no realistic mix can be built; give --fixtures <folder>");
      System.exit(2);
    }
    MailMix mix = MailMix.load(fixtures, emails, seed);

    double faultShare = Double.parseDouble(args.getOrDefault("faults", "0"));
    int hangMs = Integer.parseInt(args.getOrDefault("hang-ms", "40000"));
    double lowShare = Double.parseDouble(args.getOrDefault("low-confidence-share",
        Double.toString(MockAnswers.DEFAULT_LOW_SHARE)));
    try (Mock mock = Mock.start(delayMs, faultShare, hangMs, lowShare)) {
      String systemPrompt = DefaultPrompt.create().systemPrompt();
      Result result;
      try (SystemUnderTest sut = build(system, mock.baseUrl(), systemPrompt, threads, args)) {
        result = run(sut, mix, emails, threads, mock, args.get("decisions"));
        result.extra.putAll(sut.extra());
        if (faultShare > 0) {
          result.extra.put("faults_served", mock.faults());
        }
      }
      result.fields.put("system", system);
      if (system.equals("a")) {
        result.fields.put("decider", args.getOrDefault("decider", Systems.DEFAULT_DECIDER));
      }
      result.fields.put("low_confidence_share", lowShare);
      result.fields.put("emails", emails);
      result.fields.put("delay_ms", delayMs);
      result.fields.put("threads", threads);
      result.fields.put("seed", seed);
      result.fields.put("templates_bulk_human", Arrays.toString(mix.templates()));
      result.fields.put("at", Instant.now().toString());
      result.fields.put("load_average_1m_at_end",
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      result.fields.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
      result.fields.putAll(result.extra);
      String line = toJson(result.fields);
      System.out.println(line);
      if (args.containsKey("results")) {
        Files.writeString(Path.of(args.get("results")), line + "\n", StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      }
      if (result.failures > 0) {
        System.exit(1);
      }
    }
  }

  static SystemUnderTest build(String system, String baseUrl, String prompt, int threads, Map<String, String> args) {
    return switch (system) {
      case "a" -> Systems.emailTriage(baseUrl, threads, args);
      case "b-seq", "b-pool" -> plain(Baselines.genai(baseUrl, prompt));
      case "c" -> plain(Baselines.langchain4j(baseUrl, prompt));
      default -> throw new IllegalArgumentException(system);
    };
  }

  static SystemUnderTest plain(Baselines.Caller caller) {
    return email -> {
      TriageAnswer a = caller.decide(email);
      return new SystemUnderTest.Outcome(a.decision(), "model");
    };
  }

  /** Figures of one run. */
  static final class Result {
    final Map<String, Object> fields = new LinkedHashMap<>();
    final Map<String, Object> extra = new LinkedHashMap<>();
    long failures;
  }

  static Result run(SystemUnderTest sut, MailMix mix, int total, int threads, Mock mock, String decisionsFile)
      throws Exception {
    long[] latencies = new long[total];
    LongAdder failures = new LongAdder();
    Map<String, LongAdder> byKind = new ConcurrentHashMap<>();
    Map<String, LongAdder> bySource = new ConcurrentHashMap<>();
    List<String> firstErrors = java.util.Collections.synchronizedList(new ArrayList<>());
    PrintWriter decisions = decisionsFile == null ? null
        : new PrintWriter(Files.newBufferedWriter(Path.of(decisionsFile), StandardCharsets.UTF_8));
    HeapSampler heap = new HeapSampler();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    Semaphore window = new Semaphore(threads * 4);
    long callsBefore = mock.count();
    long[] tokensBefore = mock.tokens();
    Map<String, long[]> usageBefore = mock.usage();
    heap.start();
    long t0 = System.nanoTime();
    while (mix.hasNext()) {
      MailMix.Item item = mix.next();
      window.acquire();
      pool.execute(() -> {
        long s = System.nanoTime();
        try {
          SystemUnderTest.Outcome o = sut.decide(item.email());
          latencies[item.index()] = System.nanoTime() - s;
          bySource.computeIfAbsent(o.source(), k -> new LongAdder()).increment();
          if (decisions != null) {
            synchronized (decisions) {
              decisions.println(item.email().emailId() + "\t" + item.kind() + "\t" + o.decision() + "\t" + o.source());
            }
          }
        } catch (RuntimeException e) {
          latencies[item.index()] = System.nanoTime() - s;
          failures.increment();
          if (firstErrors.size() < 3) {
            firstErrors.add(e.toString());
          }
        } finally {
          byKind.computeIfAbsent(item.kind().name(), k -> new LongAdder()).increment();
          window.release();
        }
      });
    }
    pool.shutdown();
    if (!pool.awaitTermination(2, TimeUnit.HOURS)) {
      throw new IllegalStateException("run did not finish in 2 hours");
    }
    long wall = System.nanoTime() - t0;
    heap.stop();
    long calls = mock.count() - callsBefore;
    long[] tokensAfter = mock.tokens();
    long inputTokens = tokensAfter[0] - tokensBefore[0];
    long outputTokens = tokensAfter[1] - tokensBefore[1];
    Map<String, long[]> usage = Mock.minus(mock.usage(), usageBefore);
    if (decisions != null) {
      decisions.close();
    }
    Arrays.sort(latencies);
    Result r = new Result();
    r.failures = failures.sum();
    r.fields.put("wall_s", round(wall / 1e9, 2));
    r.fields.put("emails_per_s", round(total / (wall / 1e9), 2));
    r.fields.put("model_calls", calls);
    r.fields.put("model_calls_per_1000", round(calls * 1000.0 / total, 1));
    r.fields.put("input_tokens", inputTokens);
    r.fields.put("output_tokens", outputTokens);
    r.fields.put("billed_answers", tokensAfter[2] - tokensBefore[2]);
    r.fields.put("input_tokens_per_1000", round(inputTokens * 1000.0 / total, 0));
    r.fields.put("output_tokens_per_1000", round(outputTokens * 1000.0 / total, 0));
    Map<String, Object> byModel = new LinkedHashMap<>();
    usage.forEach((model, u) -> byModel.put(model, "calls " + u[0] + ", input " + u[1] + ", output " + u[2]
        + ", input chars/4 " + u[3] + ", output chars/4 " + u[4]));
    r.fields.put("usage_by_model", byModel);
    Double asRun = Price.asRun(usage);
    r.fields.put("usd_per_1000_as_run", asRun == null ? "unpriced model" : round(asRun * 1000.0 / total, 4));
    for (Price price : Price.values()) {
      r.fields.put("usd_per_1000_" + price.key, round(price.usd(inputTokens, outputTokens) * 1000.0 / total, 4));
    }
    r.fields.put("p50_ms", round(percentile(latencies, 0.50) / 1e6, 3));
    r.fields.put("p99_ms", round(percentile(latencies, 0.99) / 1e6, 3));
    r.fields.put("peak_heap_used_mb", round(heap.peakUsed() / 1048576.0, 1));
    r.fields.put("peak_heap_after_gc_mb", round(heap.peakAfterGc() / 1048576.0, 1));
    r.fields.put("gcs", heap.collections());
    r.fields.put("failures", r.failures);
    r.fields.put("first_errors", firstErrors.toString());
    r.fields.put("by_kind", toMap(byKind));
    r.fields.put("by_source", toMap(bySource));
    return r;
  }

  static Map<String, Long> toMap(Map<String, LongAdder> m) {
    Map<String, Long> out = new java.util.TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** The nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }

  static Map<String, String> parseArgs(String[] argv) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + argv[i]);
      }
      String key = argv[i].substring(2);
      int eq = key.indexOf('=');
      if (eq >= 0) {
        out.put(key.substring(0, eq), key.substring(eq + 1));
      } else if (i + 1 < argv.length && !argv[i + 1].startsWith("--")) {
        out.put(key, argv[++i]);
      } else {
        out.put(key, "true");
      }
    }
    return out;
  }

  static String toJson(Map<String, Object> fields) {
    StringBuilder sb = new StringBuilder("{");
    fields.forEach((k, v) -> {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append('"').append(k).append("\": ");
      if (v instanceof Number || v instanceof Boolean) {
        sb.append(v);
      } else if (v instanceof Map<?, ?> m) {
        Map<String, Object> inner = new LinkedHashMap<>();
        m.forEach((ik, iv) -> inner.put(String.valueOf(ik), iv));
        sb.append(toJson(inner));
      } else {
        sb.append('"').append(String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
    });
    return sb.append('}').toString();
  }

  /**
   * Samples the used heap every 10 ms, and listens to every garbage collection for the heap left after it (the
   * live set plus what the collector kept): the larger of those is the "after GC" peak.
   */
  static final class HeapSampler implements Runnable {
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = (n, handback) -> {
      if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
        GarbageCollectionNotificationInfo info =
            GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long after = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
          if (heapPools().contains(e.getKey())) {
            after += e.getValue().getUsed();
          }
        }
        recordAfterGc(after);
      }
    };
    private volatile boolean running;
    private Thread thread;
    private volatile long peakUsed;
    private volatile long peakAfterGc;
    private volatile long gcs;

    private static List<String> heapPools() {
      return ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).toList();
    }

    private synchronized void recordAfterGc(long after) {
      peakAfterGc = Math.max(peakAfterGc, after);
      gcs++;
    }

    void start() {
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (gc instanceof NotificationEmitter emitter) {
          emitter.addNotificationListener(listener, null, null);
          emitters.add(emitter);
        }
      }
      running = true;
      thread = new Thread(this, "heap-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
      sample();
      for (NotificationEmitter e : emitters) {
        try {
          e.removeNotificationListener(listener);
        } catch (ListenerNotFoundException ignored) {
          // already gone
        }
      }
    }

    long peakUsed() {
      return peakUsed;
    }

    synchronized long peakAfterGc() {
      return peakAfterGc;
    }

    synchronized long collections() {
      return gcs;
    }

    @Override
    public void run() {
      while (running) {
        sample();
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private void sample() {
      peakUsed = Math.max(peakUsed, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
  }

  /**
   * List prices in US dollars per million tokens (text input, not cached; output including thinking), interactive
   * ({@code model} names the model they are billed for) and batch (half, {@code model} null). Gemini: as published on
   * ai.google.dev/gemini-api/docs/pricing (2.5 Flash since its GA on 2025-06-17, 2.5 Flash-Lite since its GA on
   * 2025-07-22), known to the author and the same in copies of that page dated to May 2026. OpenAI: as
   * openai.com/api/pricing lists them (GPT-4.1 family since 2025-04-14, GPT-4o mini since 2024-07-18), known to the
   * author and the same in third-party copies of that page dated March to June 2026. Neither was checked on the day of
   * the run (this machine has no internet access): see the README.
   */
  enum Price {
    FLASH("flash", "gemini-2.5-flash", 0.30, 2.50),
    FLASH_BATCH("flash_batch", null, 0.15, 1.25),
    FLASH_LITE("flash_lite", "gemini-2.5-flash-lite", 0.10, 0.40),
    FLASH_LITE_BATCH("flash_lite_batch", null, 0.05, 0.20),
    GPT_4_1("gpt_4_1", "gpt-4.1", 2.00, 8.00),
    GPT_4_1_MINI("gpt_4_1_mini", "gpt-4.1-mini", 0.40, 1.60),
    GPT_4_1_NANO("gpt_4_1_nano", "gpt-4.1-nano", 0.10, 0.40),
    GPT_4O_MINI("gpt_4o_mini", "gpt-4o-mini", 0.15, 0.60);

    final String key;
    final String model;
    final double inputPerMillion;
    final double outputPerMillion;

    Price(String key, String model, double inputPerMillion, double outputPerMillion) {
      this.key = key;
      this.model = model;
      this.inputPerMillion = inputPerMillion;
      this.outputPerMillion = outputPerMillion;
    }

    double usd(long inputTokens, long outputTokens) {
      return (inputTokens * inputPerMillion + outputTokens * outputPerMillion) / 1e6;
    }

    /** The interactive price of {@code model}, or null. */
    static Price of(String model) {
      for (Price p : values()) {
        if (model.equals(p.model)) {
          return p;
        }
      }
      return null;
    }

    /** Each model's calls at its own interactive price ({@code usage}: model -> calls, input, output...); null when a
     * model has no price. */
    static Double asRun(Map<String, long[]> usage) {
      double usd = 0;
      for (Map.Entry<String, long[]> e : usage.entrySet()) {
        Price p = of(e.getKey());
        if (p == null) {
          return null;
        }
        usd += p.usd(e.getValue()[1], e.getValue()[2]);
      }
      return usd;
    }
  }

  /** The mock Gemini in its child JVM. */
  record Mock(Process process, int port, int countPort, HttpClient http) implements AutoCloseable {

    static Mock start(int delayMs, double faultShare, int hangMs) throws IOException {
      return start(delayMs, faultShare, hangMs, MockAnswers.DEFAULT_LOW_SHARE);
    }

    static Mock start(int delayMs, double faultShare, int hangMs, double lowShare) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
          MockGemini.class.getName(), Integer.toString(delayMs), Double.toString(faultShare),
          Integer.toString(hangMs), Double.toString(lowShare))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("READY ")) {
        // WireMock's banner
      }
      if (line == null) {
        p.destroyForcibly();
        throw new IOException("the mock Gemini did not start");
      }
      String[] parts = line.split(" ");
      Thread drain = new Thread(() -> {
        try {
          while (out.readLine() != null) {
            // keep the pipe empty
          }
        } catch (IOException ignored) {
          // the child ended
        }
      }, "mock-stdout");
      drain.setDaemon(true);
      drain.start();
      return new Mock(p, Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), HttpClient.newHttpClient());
    }

    String baseUrl() {
      return "http://127.0.0.1:" + port;
    }

    long count() {
      return Long.parseLong(get("/count"));
    }

    String faults() {
      return get("/faults");
    }

    /** Input tokens, output tokens and billed answers so far (see {@link MockGemini}). */
    long[] tokens() {
      return Arrays.stream(get("/tokens").split(" ")).mapToLong(Long::parseLong).toArray();
    }

    /** Per model: calls, input, output, estimated input, estimated output tokens so far. */
    Map<String, long[]> usage() {
      Map<String, long[]> out = new java.util.TreeMap<>();
      for (String line : get("/usage").split("\n")) {
        String[] f = line.trim().split(" ");
        if (f.length == 6) {
          out.put(f[0], Arrays.stream(f, 1, 6).mapToLong(Long::parseLong).toArray());
        }
      }
      return out;
    }

    /** {@code after} less {@code before}, per model and figure. */
    static Map<String, long[]> minus(Map<String, long[]> after, Map<String, long[]> before) {
      Map<String, long[]> out = new java.util.TreeMap<>();
      after.forEach((model, a) -> {
        long[] b = before.getOrDefault(model, new long[a.length]);
        long[] d = new long[a.length];
        for (int i = 0; i < a.length; i++) {
          d[i] = a[i] - b[i];
        }
        out.put(model, d);
      });
      return out;
    }

    private String get(String path) {
      try {
        HttpResponse<String> r = http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + countPort + path)).build(),
            HttpResponse.BodyHandlers.ofString());
        return r.body().trim();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

}
