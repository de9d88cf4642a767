package dev.emailtriage.benchmarks;

import dev.emailtriage.EmailTriage;
import dev.emailtriage.gemini.GeminiDecider;
import dev.emailtriage.supabase.SupabaseStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Several pipeline instances on one PostgreSQL (issue 16 part 3): each instance is its own JVM (started with this
 * jar's class path) running an {@link EmailTriage} with {@code workers} worker threads and the same model
 * concurrency, claiming from the one durable queue ({@code FOR UPDATE SKIP LOCKED} with a lease). The coordinator
 * starts an embedded PostgreSQL and the mock Gemini, submits every email to the queue before the instances start,
 * starts them, waits until each has built its pipeline's store and decider, then tells all to start their workers
 * at once and counts the processed rows until all are processed. Rules and the similar-email cache are off, so
 * that every email is one model call: the mock's request count must equal the emails (exactly once) unless an
 * instance was killed with calls in flight. Not thread-safe; a command-line program.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.emailtriage.benchmarks.MultiInstanceRun --fixtures DIR
 * [--instances 1,2,4] [--per-instance 400] [--workers 8] [--delay-ms 800] [--kill N]} — with {@code --kill N} one
 * more run with N instances kills one of them ({@code SIGKILL}) once a third of the emails are processed.
 */
public final class MultiInstanceRun {

  private MultiInstanceRun() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child")) {
      child(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      return;
    }
    Path fixtures = null;
    String instances = "1,2,4";
    int perInstance = 400;
    int workers = 8;
    int delayMs = 800;
    int kill = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--fixtures" -> fixtures = Path.of(args[i + 1]);
        case "--instances" -> instances = args[i + 1];
        case "--per-instance" -> perInstance = Integer.parseInt(args[i + 1]);
        case "--workers" -> workers = Integer.parseInt(args[i + 1]);
        case "--delay-ms" -> delayMs = Integer.parseInt(args[i + 1]);
        case "--kill" -> kill = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (fixtures == null) {
      throw new IllegalArgumentException("--fixtures DIR is required");
    }
    double base = 0;
    try (LoadRunner.Mock mock = LoadRunner.Mock.start(delayMs, 0, 30_000)) {
      List<Integer> ns = new ArrayList<>();
      for (String n : instances.split(",")) {
        ns.add(Integer.parseInt(n.trim()));
      }
      if (kill > 0) {
        ns.add(-kill);
      }
      for (int n : ns) {
        boolean killOne = n < 0;
        int count = Math.abs(n);
        double rate = run(fixtures, mock, count, count * perInstance, workers, killOne);
        if (count == 1 && !killOne) {
          base = rate;
        }
        if (base > 0 && !killOne) {
          System.out.printf("  speed-up against 1 instance: %.2fx%n", rate / base);
        }
      }
    }
  }

  private static double run(Path fixtures, LoadRunner.Mock mock, int n, int emails, int workers, boolean killOne)
      throws Exception {
    try (RestartablePostgres pg = new RestartablePostgres();
        SupabaseStore supabase = SupabaseStore.builder().jdbcUrl(pg.jdbcUrl()).username("postgres").build()) {
      EmailTriage submitter = EmailTriage.builder().store(supabase.decisionStore()).workerThreads(0).build();
      MailMix mix = MailMix.load(fixtures, emails, 1);
      while (mix.hasNext()) {
        submitter.submit(mix.next().email());
      }
      submitter.close();
      List<Process> children = new ArrayList<>();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      for (int i = 0; i < n; i++) {
        children.add(new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
            MultiInstanceRun.class.getName(), "--child", pg.jdbcUrl(), mock.baseUrl(), Integer.toString(workers),
            "10").redirectError(ProcessBuilder.Redirect.DISCARD).start());
      }
      List<Writer> go = new ArrayList<>();
      for (Process p : children) {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals("READY")) {
          // logging
        }
        if (line == null) {
          throw new IOException("an instance did not start");
        }
        Thread drain = new Thread(() -> {
          try {
            while (out.readLine() != null) {
              // keep the pipe empty
            }
          } catch (IOException ignored) {
            // the child ended
          }
        });
        drain.setDaemon(true);
        drain.start();
        go.add(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
      }
      long callsBefore = mock.count();
      String load0 = Files.readString(Path.of("/proc/loadavg")).strip();
      long t0 = System.nanoTime();
      for (Writer w : go) {
        w.write("GO\n");
        w.flush();
      }
      long[] atKill = null;
      long[] c;
      while ((c = counts(pg.jdbcUrl()))[0] < emails) {
        if (killOne && atKill == null && c[0] >= emails / 3) {
          children.get(0).destroyForcibly().waitFor();
          atKill = counts(pg.jdbcUrl());
        }
        if (System.nanoTime() - t0 > TimeUnit.MINUTES.toNanos(10)) {
          break;
        }
        Thread.sleep(50);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      long calls = mock.count() - callsBefore;
      for (Process p : children) {
        p.destroy();
      }
      for (Process p : children) {
        p.waitFor(30, TimeUnit.SECONDS);
      }
      double rate = c[0] / seconds;
      System.out.printf("instances %d, workers and model calls per instance %d, emails %d%s: processed %d in %.2f s"
          + " = %.2f emails/s; rows %d, processed more than once-claimed (attempts > 1) %d; model calls %d "
          + "(%+d against the emails); load %s -> %s%n", n, workers, emails,
          killOne ? " (one instance killed)" : "", c[0], seconds, rate, c[1], c[2], calls, calls - emails, load0,
          Files.readString(Path.of("/proc/loadavg")).strip());
      if (atKill != null) {
        System.out.printf("  at the kill: %d processed, %d leased (in flight or claimed by the killed instance)%n",
            atKill[0], atKill[3]);
      }
      return rate;
    }
  }

  /** processed rows, all rows, rows claimed more than once, rows being processed. */
  private static long[] counts(String jdbcUrl) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE status = 'processed'), count(*),"
            + " count(*) FILTER (WHERE attempts > 1), count(*) FILTER (WHERE status = 'processing')"
            + " FROM emailtriage.processed_emails")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
    }
  }

  /** One instance: builds its store and decider, says READY, starts its workers on GO, runs until stdin ends. */
  private static void child(String jdbcUrl, String baseUrl, int workers, int leaseSeconds) throws Exception {
    try (SupabaseStore supabase = SupabaseStore.builder().jdbcUrl(jdbcUrl).username("postgres").migrate(false)
        .build()) {
      GeminiDecider decider = GeminiDecider.builder().apiKey("bench-key").baseUrl(baseUrl)
          .timeout(Duration.ofSeconds(leaseSeconds / 2)).build();
      supabase.decisionStore().find("warm-up");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      System.out.println("READY");
      System.out.flush();
      if (!"GO".equals(in.readLine())) {
        return;
      }
      try (EmailTriage triage = EmailTriage.builder().decider(decider).store(supabase.decisionStore())
          .rulesEnabled(false).cacheEnabled(false).maxConcurrentModelCalls(workers).workerThreads(workers)
          .pollInterval(Duration.ofMillis(100)).deciderTimeout(Duration.ofSeconds(leaseSeconds / 2))
          .lease(Duration.ofSeconds(leaseSeconds)).build()) {
        while (in.readLine() != null) {
          // run until the coordinator ends
        }
        triage.drainQueue(); // nothing is left by then; keeps the resource referenced
      }
    }
  }
}
