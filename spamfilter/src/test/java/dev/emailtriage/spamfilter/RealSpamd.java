package dev.emailtriage.spamfilter;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * SpamAssassin's real {@code spamd} (Debian package {@code spamassassin}), started for a test class on a free
 * loopback port with local tests only ({@code -L}: no DNS or network rules), and stopped after it.
 */
final class RealSpamd implements AutoCloseable {

  private static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/spamd"), Path.of("/usr/bin/spamd"),
      Path.of("/usr/local/bin/spamd"));

  private final int port;
  private final Path pidFile;

  private RealSpamd(int port, Path pidFile) {
    this.port = port;
    this.pidFile = pidFile;
  }

  /** The spamd executable, when installed. */
  static Optional<Path> executable() {
    return CANDIDATES.stream().filter(Files::isExecutable).findFirst();
  }

  /** Starts spamd and waits (at most 2 minutes) until it answers a SPAMC PING. */
  static RealSpamd start(Path workDir) throws IOException, InterruptedException {
    Path spamd = executable().orElseThrow();
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Files.createDirectories(workDir);
    Path pidFile = workDir.resolve("spamd-" + port + ".pid");
    Path log = workDir.resolve("spamd-" + port + ".log");
    Process launcher = new ProcessBuilder(spamd.toString(), "-L", "--listen=127.0.0.1:" + port,
        "--allowed-ips=127.0.0.1", "-u", "nobody", "-d", "--pidfile=" + pidFile, "-s", "stderr")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!launcher.waitFor(2, TimeUnit.MINUTES) || launcher.exitValue() != 0) {
      launcher.destroyForcibly();
      throw new IOException("spamd did not start; see " + log);
    }
    RealSpamd started = new RealSpamd(port, pidFile);
    try {
      await("spamd's PONG").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
          .until(started::pong);
    } catch (ConditionTimeoutException e) {
      started.close();
      throw new IOException("spamd did not answer PING within 2 minutes; see " + log, e);
    }
    return started;
  }

  /** {@code 127.0.0.1:port}. */
  String address() {
    return "127.0.0.1:" + port;
  }

  private boolean pong() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write("PING SPAMC/1.5\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).contains("PONG");
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    ProcessHandle.of(pid).ifPresent(p -> {
      p.destroy();
      try {
        p.onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
    });
  }
}
