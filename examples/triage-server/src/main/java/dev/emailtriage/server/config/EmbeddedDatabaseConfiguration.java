package dev.emailtriage.server.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * With no {@code SPRING_DATASOURCE_URL}, an embedded PostgreSQL ({@link EmbeddedDatabase}) and a pool on it as the
 * {@code DataSource}, so that the starter's PostgreSQL store keeps decisions across restarts.
 *
 * <p>The database is started while bean definitions are registered, before the starter's auto-configuration looks
 * for a {@code DataSource}: only so can a database that cannot start where none was ever created leave no
 * {@code DataSource} behind, and the starter fall back to its in-memory store ({@link InMemoryStoreWarning} then says
 * why). A data directory that holds a database and cannot start stops the server's start instead. The pool is closed
 * before the database stops.
 */
@Configuration(proxyBeanMethods = false)
@Import(EmbeddedDatabaseConfiguration.Registrar.class)
public class EmbeddedDatabaseConfiguration {

  /** The name of the {@link EmbeddedDatabase} bean (always present; it says whether the database runs). */
  public static final String DATABASE_BEAN = "triageEmbeddedDatabase";

  static final class Registrar implements ImportBeanDefinitionRegistrar {

    private final Environment env;

    Registrar(Environment env) {
      this.env = env;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
      EmbeddedDatabase database = EmbeddedDatabase.startIfWanted(env);
      RootBeanDefinition databaseBean = new RootBeanDefinition(EmbeddedDatabase.class, () -> database);
      databaseBean.setDestroyMethodName("close");
      registry.registerBeanDefinition(DATABASE_BEAN, databaseBean);
      if (database.running()) {
        RootBeanDefinition pool = new RootBeanDefinition(HikariDataSource.class, () -> pool(database));
        pool.setDependsOn(DATABASE_BEAN);
        pool.setDestroyMethodName("close");
        registry.registerBeanDefinition("dataSource", pool);
      }
    }

    private HikariDataSource pool(EmbeddedDatabase database) {
      HikariConfig config = new HikariConfig();
      config.setPoolName("emailtriage-embedded");
      config.setJdbcUrl(database.jdbcUrl());
      config.setUsername(EmbeddedDatabase.USER);
      config.setPassword(database.password());
      config.setMaximumPoolSize(env.getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class, 10));
      return new HikariDataSource(config);
    }
  }
}
