package dev.emailtriage.server.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * A PostgreSQL/Supabase connection pool when {@code SPRING_DATASOURCE_URL} (with {@code _USERNAME} and
 * {@code _PASSWORD}) is set; the store then keeps decisions there. Without it there is no data source at all (the
 * server starts with no database), which is why the server does not use Spring Boot's JDBC auto-configuration: that
 * one refuses to start without a URL.
 */
@Configuration(proxyBeanMethods = false)
public class DataSourceConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(name = "spring.datasource.url")
  @ConditionalOnMissingBean(DataSource.class)
  HikariDataSource dataSource(Environment env) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("emailtriage");
    config.setJdbcUrl(env.getRequiredProperty("spring.datasource.url").trim());
    config.setUsername(env.getProperty("spring.datasource.username"));
    config.setPassword(env.getProperty("spring.datasource.password"));
    config.setMaximumPoolSize(env.getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class, 10));
    return new HikariDataSource(config);
  }
}
