package dev.emailtriage.supabase;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Clock;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The builder's refusals, one test each; none of them reaches a database. */
class SupabaseStoreBuilderTest {

  private static final String URL = "jdbc:postgresql://127.0.0.1:1/none";

  /** A data source that is never asked for a connection (the refusals come first). */
  private static final DataSource UNUSED = new DataSource() {
    @Override
    public Connection getConnection() {
      throw new AssertionError("no connection expected");
    }

    @Override
    public Connection getConnection(String username, String password) {
      throw new AssertionError("no connection expected");
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  };

  @Test
  void dataSourceTwiceIsRefused() {
    assertThatThrownBy(() -> SupabaseStore.builder().dataSource(UNUSED).dataSource(UNUSED))
        .isInstanceOf(IllegalStateException.class).hasMessage("dataSource was already set");
  }

  @Test
  void nullDataSourceIsRefused() {
    assertThatThrownBy(() -> SupabaseStore.builder().dataSource(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void jdbcUrlTwiceIsRefused() {
    assertThatThrownBy(() -> SupabaseStore.builder().jdbcUrl(URL).jdbcUrl(URL))
        .isInstanceOf(IllegalStateException.class).hasMessage("jdbcUrl was already set");
  }

  @Test
  void blankJdbcUrlIsRefused() {
    assertThatThrownBy(() -> SupabaseStore.builder().jdbcUrl(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void usernameTwiceIsRefused() {
    assertThatThrownBy(() -> SupabaseStore.builder().username("a").username("b"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void passwordTwiceIsRefused() {
    assertThatThrownBy(() -> SupabaseStore.builder().password("a").password("b"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void maximumPoolSizeTwiceIsRefused() {
    assertThatThrownBy(() -> SupabaseStore.builder().maximumPoolSize(2).maximumPoolSize(3))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void maximumPoolSizeBelowOneIsRefused() {
    assertThatThrownBy(() -> SupabaseStore.builder().maximumPoolSize(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void schemaTwiceIsRefused() {
    assertThatThrownBy(() -> SupabaseStore.builder().schema("a").schema("b"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void schemaThatIsNotAPlainIdentifierIsRefused() {
    assertThatThrownBy(() -> SupabaseStore.builder().schema("public; drop table x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void migrateTwiceIsRefused() {
    assertThatThrownBy(() -> SupabaseStore.builder().migrate(true).migrate(false))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void encryptionKeyTwiceIsRefusedWhateverItsForm() {
    assertThatThrownBy(() -> SupabaseStore.builder().encryptionKey(new byte[32]).encryptionKey(""))
        .isInstanceOf(IllegalStateException.class).hasMessage("encryptionKey was already set");
  }

  @Test
  void encryptionKeyOfAWrongLengthIsRefused() {
    assertThatThrownBy(() -> SupabaseStore.builder().encryptionKey(new byte[20]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encryptionKeyThatIsNotBase64IsRefused() {
    assertThatThrownBy(() -> SupabaseStore.builder().encryptionKey("not base64!"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void initialPromptTwiceIsRefused() {
    assertThatThrownBy(() -> SupabaseStore.builder().initialPrompt(null).initialPrompt(null))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void clockTwiceIsRefused() {
    assertThatThrownBy(() -> SupabaseStore.builder().clock(Clock.systemUTC()).clock(Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void nullClockIsRefused() {
    assertThatThrownBy(() -> SupabaseStore.builder().clock(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void neitherDataSourceNorJdbcUrlIsRefusedByBuild() {
    assertThatThrownBy(() -> SupabaseStore.builder().schema("x").build()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("either dataSource(..) or jdbcUrl(..)");
  }

  @Test
  void dataSourceAndJdbcUrlTogetherAreRefusedByBuild() {
    assertThatThrownBy(() -> SupabaseStore.builder().dataSource(UNUSED).jdbcUrl(URL).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("contradict");
  }

  @Test
  void aPoolSizeWithADataSourceIsRefusedByBuild() {
    assertThatThrownBy(() -> SupabaseStore.builder().dataSource(UNUSED).maximumPoolSize(4).build())
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("maximumPoolSize(..)");
  }

  @Test
  void aUsernameWithADataSourceIsRefusedByBuild() {
    assertThatThrownBy(() -> SupabaseStore.builder().dataSource(UNUSED).username("u").build())
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("username(..)");
  }

  @Test
  void aPasswordWithADataSourceIsRefusedByBuild() {
    assertThatThrownBy(() -> SupabaseStore.builder().dataSource(UNUSED).password("p").build())
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("password(..)");
  }
}
