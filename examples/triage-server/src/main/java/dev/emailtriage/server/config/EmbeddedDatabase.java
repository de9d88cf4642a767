package dev.emailtriage.server.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The embedded PostgreSQL that keeps decisions when no {@code SPRING_DATASOURCE_URL} is set: zonky's embedded
 * PostgreSQL on a data directory that survives restarts and crashes ({@code EMAILTRIAGE_EMBEDDED_DB_DIR}, default
 * {@code ./triage-data/postgres}). Thread-safe once started.
 *
 * <p>What it guarantees:
 * <ul>
 *   <li><b>Only we get in.</b> The cluster is created with SCRAM-SHA-256 password authentication for the superuser
 *       and a random password kept in {@value #PASSWORD_FILE} inside the data directory (mode 0600);
 *       {@code pg_hba.conf} is rewritten at every start to allow only password logins over TCP from 127.0.0.1
 *       (no {@code trust} line), PostgreSQL listens on 127.0.0.1 only and opens no Unix socket. A data directory
 *       made by an earlier version with {@code trust} is given a password at its first start under this version.</li>
 *   <li><b>It flushes.</b> zonky starts PostgreSQL with {@code -F} (fsync off) and {@code synchronous_commit=off};
 *       both are overridden ({@code fsync=on}, {@code synchronous_commit=on}, {@code full_page_writes=on}), so an
 *       email answered 202 is on disk.</li>
 *   <li><b>It dies with us where the OS allows it.</b> A normal stop, SIGTERM or SIGINT of the server stops it
 *       (Spring's close and zonky's shutdown hook). A {@code kill -9} of the server cannot run either: a small
 *       watchdog process ({@code sh}, started with the database, {@code emailtriage.server.embedded-db-watchdog})
 *       sees the server's process gone within a second and stops PostgreSQL with a fast shutdown. If the watchdog
 *       was killed too (or turned off), PostgreSQL is left running as an orphan; the next start finds it through
 *       {@code postmaster.pid}, checks that no live server holds the directory's lock, stops it (SIGINT, then
 *       SIGQUIT) and only then starts its own. Committed work survives all of these: PostgreSQL's crash recovery
 *       replays its write-ahead log.</li>
 *   <li><b>Never memory once it held data.</b> When the directory already holds a cluster and the database cannot
 *       start, {@link #startIfWanted} throws and the server does not start, with a message that says why. The
 *       in-memory store is used only where no cluster was ever created (turned off, or it cannot start at all, e.g.
 *       user namespaces blocked), and a WARN says so.</li>
 * </ul>
 */
public final class EmbeddedDatabase implements AutoCloseable {

  /** Turns the embedded database off ({@code EMAILTRIAGE_EMBEDDED_DB=false}). */
  public static final String ENABLED_PROPERTY = "emailtriage.server.embedded-db";

  /** Its data directory ({@code EMAILTRIAGE_EMBEDDED_DB_DIR}), relative to the working directory unless absolute. */
  public static final String DIRECTORY_PROPERTY = "emailtriage.server.embedded-db-dir";

  /** Whether a watchdog process stops the database when the server's process is killed (default true). */
  public static final String WATCHDOG_PROPERTY = "emailtriage.server.embedded-db-watchdog";

  /** The data directory when none is configured. */
  public static final String DEFAULT_DIRECTORY = "triage-data/postgres";

  /** The file in the data directory that keeps the superuser's password (mode 0600). */
  public static final String PASSWORD_FILE = "emailtriage-password";

  /** The superuser the server logs in as. */
  public static final String USER = "postgres";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);
  private static final String HBA = """
      # Written by the email-triage server at every start: password (SCRAM) logins over TCP from 127.0.0.1 only.
      # TYPE  DATABASE  USER  ADDRESS       METHOD
      host    all       all   127.0.0.1/32  scram-sha-256
      """;

  private final EmbeddedPostgres postgres;
  private final Path directory;
  private final String reason;
  private final String password;
  private final Process watchdog;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path directory, String reason, String password,
      Process watchdog) {
    this.postgres = postgres;
    this.directory = directory;
    this.reason = reason;
    this.password = password;
    this.watchdog = watchdog;
  }

  private static EmbeddedDatabase notRunning(Path directory, String reason) {
    return new EmbeddedDatabase(null, directory, reason, null, null);
  }

  /**
   * Starts the embedded database unless a JDBC URL is configured, it is turned off or the store is set to memory.
   * A database that cannot start where no cluster was ever created is reported by {@link #reason()} (the server then
   * runs in memory).
   *
   * @throws IllegalStateException when the data directory holds a cluster and the database cannot start, or another
   *     running server holds the directory: the server must not start on memory then
   */
  static EmbeddedDatabase startIfWanted(Environment env) {
    Binder binder = Binder.get(env);
    String url = env.getProperty("spring.datasource.url");
    if (url != null && !url.isBlank()) {
      return notRunning(null, "SPRING_DATASOURCE_URL is set");
    }
    if (!binder.bind(ENABLED_PROPERTY, Boolean.class).orElse(true)) {
      return notRunning(null, "the embedded database is turned off (EMAILTRIAGE_EMBEDDED_DB=false)");
    }
    String storeType = binder.bind("emailtriage.store.type", String.class).orElse("auto");
    if ("memory".equals(storeType.trim().toLowerCase(Locale.ROOT))) {
      return notRunning(null, "emailtriage.store.type=memory");
    }
    String configured = binder.bind(DIRECTORY_PROPERTY, String.class).orElse("");
    Path directory = Path.of(configured.isBlank() ? DEFAULT_DIRECTORY : configured.trim()).toAbsolutePath()
        .normalize();
    boolean watchdog = binder.bind(WATCHDOG_PROPERTY, Boolean.class).orElse(true);
    return start(directory, watchdog);
  }

  /** Starts the database on {@code directory}; see {@link #startIfWanted}. */
  static EmbeddedDatabase start(Path directory, boolean watchdog) {
    boolean holdsData = holdsCluster(directory);
    try {
      Files.createDirectories(directory);
      restrict(directory, "rwx------");
      stopLeftOverServer(directory);
      String password = password(directory, holdsData);
      boolean legacyTrust = holdsData && !Files.exists(directory.resolve(PASSWORD_FILE));
      Path pwfile = null;
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(directory)
          .setCleanDataDirectory(false)
          .setPGStartupWait(Duration.ofSeconds(120))
          .setConnectConfig("password", password)
          // zonky passes -F (fsync off) and synchronous_commit=off: both back on.
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("full_page_writes", "on")
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("password_encryption", "scram-sha-256");
      if (!WINDOWS) {
        // No Unix socket (the shell that pg_ctl starts PostgreSQL with turns '' into an empty value).
        builder.setServerConfig("unix_socket_directories", "''");
      }
      if (!holdsData) {
        // initdb: zonky asks for -A trust; these later options win (initdb takes the last value of each).
        pwfile = WINDOWS ? Files.createTempFile(directory.getParent(), ".emailtriage-initdb-", ".tmp")
            : Files.createTempFile(directory.getParent(), ".emailtriage-initdb-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
        builder.setLocaleConfig("auth-host", "scram-sha-256")
            .setLocaleConfig("auth-local", "scram-sha-256")
            .setLocaleConfig("pwfile", pwfile.toString());
      }
      if (!legacyTrust) {
        builder.setDataDirectoryCustomizer(dir -> writeHba(dir.toPath()));
      }
      EmbeddedPostgres postgres;
      try {
        postgres = builder.start();
      } finally {
        if (pwfile != null) {
          Files.deleteIfExists(pwfile);
        }
      }
      if (!holdsData || legacyTrust) {
        keepPassword(directory, password);
      }
      if (legacyTrust) {
        upgradeFromTrust(postgres, directory, password);
      }
      Process dog = watchdog ? startWatchdog(directory) : null;
      LOG.info("Embedded PostgreSQL on 127.0.0.1:{} keeps decisions, the queue and prompts in {} "
          + "(EMAILTRIAGE_EMBEDDED_DB_DIR; SPRING_DATASOURCE_URL uses another PostgreSQL instead); password "
          + "logins only, fsync on", postgres.getPort(), directory);
      return new EmbeddedDatabase(postgres, directory, null, password, dog);
    } catch (IOException | RuntimeException e) {
      String why = "the embedded PostgreSQL could not start in " + directory + ": " + describe(e);
      if (holdsData || holdsCluster(directory)) {
        throw new IllegalStateException(why + ". The directory holds a database, so the server does not fall back "
            + "to memory: fix the cause, or point EMAILTRIAGE_EMBEDDED_DB_DIR elsewhere", e);
      }
      if (e instanceof LeftOverServerException) {
        throw (LeftOverServerException) e;
      }
      LOG.debug(why, e);
      return notRunning(directory, why);
    }
  }

  /** True when {@code directory} holds a PostgreSQL cluster (an earlier start ran {@code initdb} there). */
  static boolean holdsCluster(Path directory) {
    return Files.isRegularFile(directory.resolve("PG_VERSION"))
        || Files.isRegularFile(directory.resolve("postgresql.conf"));
  }

  /** Thrown when another running server holds the directory or a left-over PostgreSQL will not stop. */
  static final class LeftOverServerException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    LeftOverServerException(String message) {
      super(message);
    }
  }

  /**
   * Stops a PostgreSQL left running on {@code directory} by a server that died without stopping it (kill -9). A
   * live server's zonky holds {@code epg-lock} in the directory: while another process holds it, the directory is
   * in use and this start is refused. A {@code postmaster.pid} whose process is gone or is not PostgreSQL is stale
   * and removed.
   */
  static void stopLeftOverServer(Path directory) throws IOException {
    Path pidFile = directory.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    Path lockFile = directory.resolve("epg-lock");
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new LeftOverServerException("another running email-triage server uses the embedded database in "
            + directory + " (it holds " + lockFile.getFileName() + "); stop it, or set EMAILTRIAGE_EMBEDDED_DB_DIR "
            + "to another directory");
      }
      try {
        stopPostmaster(pidFile);
      } finally {
        lock.release();
      }
    }
  }

  private static void stopPostmaster(Path pidFile) throws IOException {
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    long pid;
    try {
      pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      pid = -1;
    }
    Optional<ProcessHandle> process = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
    if (process.isEmpty() || !process.get().isAlive() || !isPostgres(process.get())) {
      LOG.info("Removing the stale {} of a PostgreSQL that is no longer running (pid {})", pidFile, pid);
      Files.deleteIfExists(pidFile);
      return;
    }
    ProcessHandle postmaster = process.get();
    LOG.warn("PostgreSQL (pid {}) is still running on {}, left behind by a server that did not stop it (killed?); "
        + "stopping it (fast shutdown) before starting again", pid, pidFile.getParent());
    if (signal(pid, "INT") && awaitExit(postmaster, STOP_WAIT)) {
      return;
    }
    LOG.warn("PostgreSQL (pid {}) did not stop within {} s; sending SIGQUIT (immediate shutdown, crash recovery "
        + "at the next start)", pid, STOP_WAIT.toSeconds());
    if (signal(pid, "QUIT") && awaitExit(postmaster, STOP_WAIT)) {
      return;
    }
    throw new LeftOverServerException("PostgreSQL (pid " + pid + ") left running on " + pidFile.getParent()
        + " does not stop; stop it by hand (pg_ctl stop -D <dir> -m fast, or kill " + pid + ") and start again");
  }

  private static boolean isPostgres(ProcessHandle process) {
    Optional<String> command = process.info().command();
    if (command.isPresent()) {
      return Path.of(command.get()).getFileName().toString().startsWith("postgres");
    }
    // The command of a process in another user namespace may be hidden: read its name from /proc where it exists.
    try {
      return Files.readString(Path.of("/proc", Long.toString(process.pid()), "comm")).trim().startsWith("postgres");
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  private static boolean signal(long pid, String signal) {
    if (WINDOWS) {
      return ProcessHandle.of(pid).map(ProcessHandle::destroy).orElse(false);
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
      kill.getInputStream().readAllBytes();
      return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
    } catch (IOException e) {
      return signal.equals("INT") && ProcessHandle.of(pid).map(ProcessHandle::destroy).orElse(false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean awaitExit(ProcessHandle process, Duration wait) {
    try {
      process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return !process.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The superuser's password: read from the data directory, or a new random one for a new or legacy cluster. */
  private static String password(Path directory, boolean holdsData) throws IOException {
    Path file = directory.resolve(PASSWORD_FILE);
    if (holdsData && Files.isRegularFile(file)) {
      String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (kept.isEmpty()) {
        throw new IllegalStateException(file + " is empty");
      }
      return kept;
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void keepPassword(Path directory, String password) throws IOException {
    Path file = directory.resolve(PASSWORD_FILE);
    Path tmp = directory.resolve(PASSWORD_FILE + ".tmp");
    Files.deleteIfExists(tmp);
    if (WINDOWS) {
      Files.writeString(tmp, password + "\n", StandardCharsets.UTF_8);
    } else {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, password + "\n", StandardCharsets.UTF_8);
    }
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void writeHba(Path directory) {
    try {
      Files.writeString(directory.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
      restrict(directory.resolve("pg_hba.conf"), "rw-------");
    } catch (IOException e) {
      throw new IllegalStateException("could not write pg_hba.conf in " + directory, e);
    }
  }

  private static void restrict(Path path, String permissions) {
    if (!WINDOWS) {
      try {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
      } catch (IOException | UnsupportedOperationException e) {
        LOG.debug("could not restrict {} to {}", path, permissions, e);
      }
    }
  }

  /**
   * A cluster made by an earlier version trusts every local login and has no password: it was started as it was
   * (listening on 127.0.0.1 only), is given the new password, then its {@code pg_hba.conf} is replaced and reloaded.
   */
  private static void upgradeFromTrust(EmbeddedPostgres postgres, Path directory, String password) {
    try (Connection c = connect(postgres.getPort(), password); Statement s = c.createStatement()) {
      s.execute("SET password_encryption = 'scram-sha-256'");
      s.execute("ALTER ROLE " + USER + " PASSWORD '" + password.replace("'", "''") + "'");
      writeHba(directory);
      s.execute("SELECT pg_reload_conf()");
      LOG.warn("The embedded PostgreSQL in {} trusted every local login (made by an earlier version): it now "
          + "needs the password kept in {}", directory, directory.resolve(PASSWORD_FILE));
    } catch (SQLException e) {
      throw new IllegalStateException("could not set the password of the embedded PostgreSQL", e);
    }
  }

  private static Connection connect(int port, String password) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", USER);
    props.setProperty("password", password);
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", props);
  }

  /**
   * A {@code sh} loop that outlives a killed server for at most a second and then stops PostgreSQL (SIGINT: fast
   * shutdown). Destroyed on a normal stop. Not available on Windows.
   */
  private static Process startWatchdog(Path directory) {
    if (WINDOWS) {
      return null;
    }
    try {
      List<String> lines = Files.readAllLines(directory.resolve("postmaster.pid"), StandardCharsets.UTF_8);
      long pg = Long.parseLong(lines.get(0).trim());
      long me = ProcessHandle.current().pid();
      String script = "while kill -0 " + me + " 2>/dev/null; do sleep 1; done; "
          + "if grep -q postgres /proc/" + pg + "/comm 2>/dev/null; then kill -INT " + pg + "; fi";
      return new ProcessBuilder("sh", "-c", script)
          .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException | RuntimeException e) {
      LOG.warn("No watchdog for the embedded PostgreSQL ({}): if this server is killed with kill -9, PostgreSQL "
          + "keeps running until the next start stops it", e.toString());
      return null;
    }
  }

  private static java.io.File nullFile() {
    return new java.io.File("/dev/null");
  }

  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null && text.length() < 600; t = t.getCause()) {
      if (!text.isEmpty()) {
        text.append("; caused by ");
      }
      text.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        text.append(": ").append(t.getMessage().strip());
      }
    }
    return text.toString();
  }

  /** True when the embedded PostgreSQL runs. */
  public boolean running() {
    return postgres != null;
  }

  /** Why it does not run; null when it runs. */
  public String reason() {
    return reason;
  }

  /** The data directory; null when none was chosen. */
  public Path directory() {
    return directory;
  }

  /** The port it listens on (127.0.0.1 only). */
  public int port() {
    requireRunning();
    return postgres.getPort();
  }

  /** The JDBC URL of its {@code postgres} database, without credentials ({@link #USER}, {@link #password()}). */
  public String jdbcUrl() {
    requireRunning();
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  /** The superuser's password (kept in {@value #PASSWORD_FILE} in the data directory). */
  public String password() {
    requireRunning();
    return password;
  }

  /** The process id of the watchdog; empty when none runs. */
  public Optional<Long> watchdogPid() {
    return watchdog == null ? Optional.empty() : Optional.of(watchdog.pid());
  }

  private void requireRunning() {
    if (postgres == null) {
      throw new IllegalStateException("the embedded PostgreSQL is not running: " + reason);
    }
  }

  /** Stops the database (the data directory stays), then the watchdog. */
  @Override
  public void close() throws IOException {
    if (postgres != null) {
      postgres.close();
      LOG.info("Embedded PostgreSQL stopped; its data stays in {}", directory);
    }
    if (watchdog != null) {
      watchdog.destroy();
    }
  }
}
