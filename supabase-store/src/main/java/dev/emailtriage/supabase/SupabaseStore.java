package dev.emailtriage.supabase;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.emailtriage.DefaultPrompt;
import dev.emailtriage.Prompt;
import dev.emailtriage.supabase.internal.FieldCipher;
import dev.emailtriage.supabase.internal.StoreSql;
import java.time.Clock;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

/**
 * The entry point of the PostgreSQL store: one connection pool and one schema of its own ({@code emailtriage} by
 * default, which Supabase's REST API does not expose), and on them the {@link PostgresDecisionStore}, the
 * {@link PostgresPromptRepository}, the {@link PostgresLearnedRuleStore} and the {@link PostgresMailboxStateStore}.
 * Thread-safe once built.
 *
 * <p>Names: the module, its artifact ({@code email-triage-supabase}), its package and this entry point say Supabase,
 * the hosted PostgreSQL most users of the library know; the classes it hands out say Postgres, because they run on
 * any PostgreSQL 14 or newer.
 *
 * <pre>{@code
 * try (SupabaseStore store = SupabaseStore.builder()
 *     .jdbcUrl("jdbc:postgresql://db.PROJECT.supabase.co:5432/postgres?sslmode=require")
 *     .username("postgres")
 *     .password(System.getenv("DB_PASSWORD"))
 *     .encryptionKey(System.getenv("EMAILTRIAGE_ENCRYPTION_KEY")) // base64 of 32 bytes; optional
 *     .build()) {
 *   EmailTriage triage = EmailTriage.builder().store(store.decisionStore()).build();
 * }
 * }</pre>
 *
 * <p>Through Supabase's transaction pooler (port 6543) append {@code prepareThreshold=0} to the URL. Migrations (on by
 * default) use Flyway with their own location ({@code db/emailtriage/migration}) and history table
 * ({@code emailtriage_schema_history}), so they never mix with an application's own migrations.
 */
public final class SupabaseStore implements AutoCloseable {

  /** The schema used when none is given. */
  public static final String DEFAULT_SCHEMA = "emailtriage";

  /** Flyway's history table of the store's migrations. */
  public static final String HISTORY_TABLE = "emailtriage_schema_history";

  /** Where the store's migrations are, on the classpath. */
  public static final String MIGRATIONS = "classpath:db/emailtriage/migration";

  private final HikariDataSource ownedPool;
  private final StoreSql sql;
  private final PostgresDecisionStore decisions;
  private final PostgresPromptRepository prompts;
  private final PostgresLearnedRuleStore learnedRules;
  private final PostgresMailboxStateStore mailboxState;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SupabaseStore(Builder b) {
    DataSource ds = b.dataSource;
    HikariDataSource pool = null;
    if (ds == null) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(b.jdbcUrl);
      config.setUsername(b.username);
      config.setPassword(b.password);
      config.setMaximumPoolSize(b.maximumPoolSize);
      config.setPoolName("emailtriage-" + b.schema);
      // saveAll's JDBC batches go as multi-row INSERTs (a parameter of the URL wins over this default)
      config.addDataSourceProperty("reWriteBatchedInserts", "true");
      pool = new HikariDataSource(config);
      ds = pool;
    }
    this.ownedPool = pool;
    try {
      if (b.migrate) {
        migrate(ds, b.schema);
      }
      Jdbi jdbi = Jdbi.create(ds).installPlugin(new PostgresPlugin());
      jdbi.setTemplateEngine((template, ctx) -> template);
      // A statement's exception carries the database's message only, neither the SQL nor its bound arguments:
      // they are mail (from, to, subject, body), and the message ends up in logs.
      jdbi.getConfig(org.jdbi.v3.core.statement.StatementExceptions.class)
          .setMessageRendering(org.jdbi.v3.core.statement.StatementExceptions.MessageRendering.NONE);
      this.sql = new StoreSql(jdbi, b.schema);
      FieldCipher cipher = b.encryptionKey == null ? FieldCipher.none() : new FieldCipher(b.encryptionKey);
      this.decisions = new PostgresDecisionStore(sql, cipher, b.clock, this);
      this.prompts = new PostgresPromptRepository(sql, b.clock);
      this.learnedRules = new PostgresLearnedRuleStore(sql);
      this.mailboxState = new PostgresMailboxStateStore(sql);
      if (b.initialPrompt != null) {
        prompts.seedIfEmpty(b.initialPrompt);
      }
    } catch (RuntimeException e) {
      if (pool != null) {
        pool.close();
      }
      throw e;
    }
  }

  /**
   * Runs the store's migrations in {@code schema} of {@code dataSource} (creating the schema); idempotent. The
   * pending migrations run in one transaction, the repeatable {@code R__analytics.sql} (the analytics trigger and
   * its functions) included, so other processes writing meanwhile never see a half-migrated schema.
   */
  public static void migrate(DataSource dataSource, String schema) {
    StoreSql.checkSchema(schema);
    Flyway.configure()
        .dataSource(dataSource)
        .schemas(schema)
        .defaultSchema(schema)
        .createSchemas(true)
        .table(HISTORY_TABLE)
        .locations(MIGRATIONS)
        .group(true)
        .load()
        .migrate();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The decision store (and durable queue). */
  public PostgresDecisionStore decisionStore() {
    return decisions;
  }

  /** The prompt repository. */
  public PostgresPromptRepository promptRepository() {
    return prompts;
  }

  /** The sender memory's store (learned sender rules), shared by every instance on this database. */
  public PostgresLearnedRuleStore learnedRuleStore() {
    return learnedRules;
  }

  /** The mailbox connectors' state (checkpoints and per-message steps of {@code MailboxTriage}). */
  public PostgresMailboxStateStore mailboxStateStore() {
    return mailboxState;
  }

  /** The schema the tables are in. */
  public String schema() {
    return sql.schema();
  }

  /** JDBI on the store's data source (for tests in this package). */
  Jdbi jdbi() {
    return sql.jdbi();
  }

  /** Closes the connection pool when this store created it; a given data source is left open. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && ownedPool != null) {
      ownedPool.close();
    }
  }

  /**
   * Builds a {@link SupabaseStore}: give either {@link #dataSource} or {@link #jdbcUrl} (with its pool settings).
   * Strict, as Caffeine's builders are: each setting may be given once (a second time is an
   * {@link IllegalStateException}), a bad value is an {@link IllegalArgumentException} at once, and settings that
   * contradict each other are refused by {@link #build()}. Not thread-safe.
   */
  public static final class Builder {
    private final Set<String> given = new HashSet<>();
    private DataSource dataSource;
    private String jdbcUrl;
    private String username;
    private String password;
    private int maximumPoolSize = 10;
    private String schema = DEFAULT_SCHEMA;
    private boolean migrate = true;
    private byte[] encryptionKey;
    private Prompt initialPrompt = DefaultPrompt.create();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    private void once(String setting) {
      if (!given.add(setting)) {
        throw new IllegalStateException(setting + " was already set");
      }
    }

    private static <T> T required(T value, String setting) {
      if (value == null) {
        throw new IllegalArgumentException(setting + " must not be null");
      }
      return value;
    }

    /** An existing data source (the application's pool); the store will not close it. */
    public Builder dataSource(DataSource dataSource) {
      once("dataSource");
      this.dataSource = required(dataSource, "dataSource");
      return this;
    }

    /**
     * The JDBC URL of a pool the store creates and owns (HikariCP). Through Supabase's transaction pooler add
     * {@code prepareThreshold=0}.
     */
    public Builder jdbcUrl(String jdbcUrl) {
      once("jdbcUrl");
      if (required(jdbcUrl, "jdbcUrl").isBlank()) {
        throw new IllegalArgumentException("jdbcUrl must not be blank");
      }
      this.jdbcUrl = jdbcUrl;
      return this;
    }

    /** The user of the owned pool ({@link #jdbcUrl} only). */
    public Builder username(String username) {
      once("username");
      this.username = username;
      return this;
    }

    /** The password of the owned pool ({@link #jdbcUrl} only). */
    public Builder password(String password) {
      once("password");
      this.password = password;
      return this;
    }

    /** The size of the owned pool ({@link #jdbcUrl} only); default 10. */
    public Builder maximumPoolSize(int size) {
      once("maximumPoolSize");
      if (size < 1) {
        throw new IllegalArgumentException("pool size must be at least 1, was " + size);
      }
      this.maximumPoolSize = size;
      return this;
    }

    /** The schema of the tables, a lowercase identifier; default {@value SupabaseStore#DEFAULT_SCHEMA}. */
    public Builder schema(String schema) {
      once("schema");
      this.schema = StoreSql.checkSchema(schema);
      return this;
    }

    /** Whether to run the migrations when the store is built; default true. */
    public Builder migrate(boolean migrate) {
      once("migrate");
      this.migrate = migrate;
      return this;
    }

    /** An AES key (16, 24 or 32 bytes) to encrypt mail bodies and drafted replies at rest; default none. */
    public Builder encryptionKey(byte[] key) {
      once("encryptionKey");
      new FieldCipher(key); // checks the length
      this.encryptionKey = key.clone();
      return this;
    }

    /** The AES key in base64 (see {@link #encryptionKey(byte[])}); {@code null} or blank means none. */
    public Builder encryptionKey(String base64) {
      if (base64 == null || base64.isBlank()) {
        once("encryptionKey");
        return this;
      }
      byte[] key;
      try {
        key = Base64.getDecoder().decode(base64.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("the encryption key is not valid base64", e);
      }
      return encryptionKey(key);
    }

    /**
     * The prompt stored as the active one when the repository is empty; default {@link DefaultPrompt#create()};
     * {@code null} stores none.
     */
    public Builder initialPrompt(Prompt initialPrompt) {
      once("initialPrompt");
      this.initialPrompt = initialPrompt;
      return this;
    }

    /** The clock of retention and prompt versions; default UTC system clock. */
    public Builder clock(Clock clock) {
      once("clock");
      this.clock = required(clock, "clock");
      return this;
    }

    /**
     * Connects, migrates (unless turned off) and returns the store.
     *
     * @throws IllegalStateException when neither or both of {@link #dataSource} and {@link #jdbcUrl} were given, or
     *     pool settings ({@link #username}, {@link #password}, {@link #maximumPoolSize}) with a data source
     */
    public SupabaseStore build() {
      if (dataSource == null && jdbcUrl == null) {
        throw new IllegalStateException("give either dataSource(..) or jdbcUrl(..)");
      }
      if (dataSource != null && jdbcUrl != null) {
        throw new IllegalStateException("dataSource(..) and jdbcUrl(..) contradict each other: give one");
      }
      if (dataSource != null) {
        for (String pooled : List.of("username", "password", "maximumPoolSize")) {
          if (given.contains(pooled)) {
            throw new IllegalStateException(pooled + "(..) configures the pool built from jdbcUrl(..); with"
                + " dataSource(..) configure that data source instead");
          }
        }
      }
      return new SupabaseStore(this);
    }
  }
}
