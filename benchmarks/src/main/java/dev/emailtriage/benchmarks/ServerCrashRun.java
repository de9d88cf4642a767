package dev.emailtriage.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fault run with a {@code kill -9} of the whole sample server mid-load (issue 11): the server jar runs as its own
 * process on its embedded PostgreSQL with the mock Gemini as its model (a fixed delay per call); clients submit async
 * emails; once {@code killAfter} are accepted and {@code decidedBeforeKill} are stored as processed (read from the
 * database) the server is killed with SIGKILL while the clients keep sending
 * (their requests fail until it is back), it is started again on the same data directory, the rest of the load is
 * sent, and every accepted email is awaited. Reported: emails accepted (202), processed, lost (accepted but not
 * {@code completed} in the end: must be 0), decided twice (stored as processed at the kill and stored again later,
 * read from the database: must be 0), model calls, and how long the restart and the recovery took.
 *
 * <p>Usage (from the repository root, after {@code ./mvnw -q -DskipTests package}):
 * {@code java -cp benchmarks/target/benchmarks.jar dev.emailtriage.benchmarks.ServerCrashRun
 * [serverJar [emails [killAfter [modelDelayMs [clients [decidedBeforeKill [paceMs]]]]]]]} — defaults
 * {@code examples/triage-server/target/triage-server.jar 300 150 100 2 20 400} (each client waits {@code paceMs}
 * between emails, so that the queue is being worked on while emails still arrive). The server runs without its watchdog, so
 * that the run can read what PostgreSQL held at the kill from the orphaned PostgreSQL before the restart stops it.
 */
public final class ServerCrashRun {

  static final String KEY = "crash-run-key-1234567890abcdef";

  private ServerCrashRun() {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args.length > 0 ? args[0] : "examples/triage-server/target/triage-server.jar");
    int emails = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    int killAfter = args.length > 2 ? Integer.parseInt(args[2]) : emails / 2;
    int delayMs = args.length > 3 ? Integer.parseInt(args[3]) : 100;
    int clients = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    int decidedBeforeKill = args.length > 5 ? Integer.parseInt(args[5]) : 20;
    int paceMs = args.length > 6 ? Integer.parseInt(args[6]) : 400;
    Path work = Files.createTempDirectory("server-crash-run");
    Path dir = work.resolve("postgres");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long started = System.nanoTime();
    try (LoadRunner.Mock mock = LoadRunner.Mock.start(delayMs, 0, 30_000)) {
      Process server = startServer(jar, dir, port, mock.baseUrl(), work.resolve("server-1.log"));
      awaitUp(http, port, server);
      Set<String> accepted = ConcurrentHashMap.newKeySet();
      AtomicInteger next = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<?>> load = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        load.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < emails; i = next.getAndIncrement()) {
            String id = "crash-run-" + i;
            while (!submit(http, port, id)) {
              refused.incrementAndGet();
              sleep(100); // the server is down: try again, as a client would
            }
            accepted.add(id);
            sleep(paceMs);
          }
        }));
      }
      while (accepted.size() < killAfter || processed(dir).size() < decidedBeforeKill) {
        sleep(50);
      }
      server.destroyForcibly().waitFor();
      long killedAt = System.nanoTime();
      int acceptedAtKill = accepted.size();
      long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
      boolean orphan = ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false);
      Map<String, String> atKill = processed(dir);
      Process second = startServer(jar, dir, port, mock.baseUrl(), work.resolve("server-2.log"));
      awaitUp(http, port, second);
      long upAgain = System.nanoTime();
      for (Future<?> f : load) {
        f.get();
      }
      pool.shutdown();
      List<String> waiting = new ArrayList<>(accepted);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (!waiting.isEmpty() && System.nanoTime() < deadline) {
        waiting.removeIf(id -> "completed".equals(status(http, port, id)));
        if (!waiting.isEmpty()) {
          sleep(250);
        }
      }
      long recovered = System.nanoTime();
      Map<String, String> after = processed(dir);
      int decidedTwice = 0;
      for (Map.Entry<String, String> e : atKill.entrySet()) {
        if (!e.getValue().equals(after.get(e.getKey()))) {
          decidedTwice++;
        }
      }
      second.destroy();
      second.waitFor(60, TimeUnit.SECONDS);
      System.out.printf("emails %d, clients %d (pace %d ms), model delay %d ms, killed after %d accepted%n", emails,
          clients, paceMs, delayMs, acceptedAtKill);
      System.out.printf("accepted %d%nprocessed %d%nlost %d%ndecided twice %d%n", accepted.size(),
          accepted.size() - waiting.size(), waiting.size(), decidedTwice);
      System.out.printf("processed at the kill %d; PostgreSQL outlived the server: %s; requests refused while "
          + "down %d; model calls %d%n", atKill.size(), orphan, refused.get(), mock.count());
      System.out.printf("restart (kill to serving) %.1f s; kill to all accepted completed %.1f s; whole run %.1f s%n",
          (upAgain - killedAt) / 1e9, (recovered - killedAt) / 1e9, (recovered - started) / 1e9);
      if (!waiting.isEmpty() || decidedTwice > 0) {
        System.exit(1);
      }
    }
  }

  private static Process startServer(Path jar, Path dir, int port, String gemini, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder b = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "--server.port=" + port,
        "--emailtriage.server.embedded-db-watchdog=false")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = b.environment();
    env.put("GEMINI_API_KEY", "fake-key-for-the-mock");
    env.put("GEMINI_BASE_URL", gemini);
    env.put("EMAILTRIAGE_GEMINI_TIMEOUT", "2s");
    env.put("EMAILTRIAGE_API_KEY", KEY);
    env.put("EMAILTRIAGE_ADMIN_KEY", KEY + "-admin");
    env.put("EMAILTRIAGE_RATE_LIMIT_PER_MINUTE", "1000000");
    env.put("EMAILTRIAGE_EMBEDDED_DB_DIR", dir.toString());
    return b.start();
  }

  private static void awaitUp(HttpClient http, int port, Process server) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IOException("the server exited with " + server.exitValue());
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/api/v1/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      sleep(200);
    }
    throw new IOException("the server did not start within 3 minutes");
  }

  private static boolean submit(HttpClient http, int port, String id) {
    String body = """
        {"email_id": "%s", "from": "cliente.%s@example.com", "to": "support@biofraga.com",
         "subject": "Pedido %s", "body": "Olá, onde está o meu pedido %s? Preciso dele até sexta-feira.",
         "received_at": "2025-01-15T10:30:00Z"}""".formatted(id, id, id, id);
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/api/v1/emails/process?async=true")).timeout(Duration.ofSeconds(30))
          .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 202 || r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String status(HttpClient http, int port, String id) {
    try {
      String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/emails/" + id
          + "/status")).header("Authorization", "Bearer " + KEY).GET().build(),
          HttpResponse.BodyHandlers.ofString()).body();
      int at = body.indexOf("\"status\":\"");
      return at < 0 ? "" : body.substring(at + 10, body.indexOf('"', at + 10));
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** email_id → processed_at and decision of every processed email, read from the cluster with its password. */
  private static Map<String, String> processed(Path dir) throws Exception {
    List<String> pid = Files.readAllLines(dir.resolve("postmaster.pid"));
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    props.setProperty("password", Files.readString(dir.resolve("emailtriage-password"), StandardCharsets.UTF_8)
        .strip());
    Map<String, String> rows = new HashMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pid.get(3).trim()
        + "/postgres", props); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT email_id, processed_at::text || '/' || decision FROM "
            + "emailtriage.processed_emails WHERE status = 'processed'")) {
      while (rs.next()) {
        rows.put(rs.getString(1), rs.getString(2));
      }
    }
    return rows;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
