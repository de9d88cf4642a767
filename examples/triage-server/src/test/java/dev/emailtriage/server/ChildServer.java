package dev.emailtriage.server;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The server ({@link CrashTestServer}) in a separate JVM on the test class path: started, waited for until its
 * banner names its port, and killed with SIGKILL ({@link Process#destroyForcibly()}) as a crash would.
 */
final class ChildServer implements AutoCloseable {

  private static final Pattern READY = Pattern.compile("server ready on http://localhost:(\\d+)");

  final Process process;
  final Path output;
  final int port;

  private ChildServer(Process process, Path output, int port) {
    this.process = process;
    this.output = output;
    this.port = port;
  }

  /** Starts the server with these Spring arguments and waits (up to 3 minutes) until it serves. */
  static ChildServer start(Path output, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx384m");
    command.add("-XX:TieredStopAtLevel=1");
    String workingDir = System.getProperty("ot.epg.working-dir");
    if (workingDir != null) {
      command.add("-Dot.epg.working-dir=" + workingDir);
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(CrashTestServer.class.getName());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
    try {
      int port = await("the child server's start").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
          .until(() -> readyPort(process, output), p -> p > 0);
      return new ChildServer(process, output, port);
    } catch (ConditionTimeoutException e) {
      process.destroyForcibly();
      throw new IllegalStateException("the child server did not start within 3 minutes:\n"
          + tail(Files.readString(output, StandardCharsets.UTF_8)), e);
    }
  }

  /** The port its ready banner names, 0 while it starts; fails at once when the process exited. */
  private static int readyPort(Process process, Path output) throws IOException {
    String log = Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
    Matcher m = READY.matcher(log.substring(Math.max(0, log.lastIndexOf("Starting CrashTestServer"))));
    if (m.find()) {
      return Integer.parseInt(m.group(1));
    }
    if (!process.isAlive()) {
      throw new IllegalStateException("the child server exited with " + process.exitValue() + ":\n" + tail(log));
    }
    return 0;
  }

  static String tail(String log) {
    return log.length() > 6000 ? log.substring(log.length() - 6000) : log;
  }

  Http http() {
    return new Http(port);
  }

  /** SIGKILL: no shutdown hook, no Spring close, nothing of the JVM runs. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the child server did not die");
    }
  }

  /** A normal stop (SIGTERM: Spring closes the context, the database stops). */
  void stop(Duration wait) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor(60, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        stop(Duration.ofSeconds(60));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
