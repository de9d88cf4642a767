package dev.emailtriage.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The conventions every auto-configuration here keeps, checked by reflection. */
class AutoConfigurationConventionsTest {

  static List<Class<?>> registered() throws IOException, ClassNotFoundException {
    List<Class<?>> classes = new ArrayList<>();
    String path = "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports";
    try (InputStream in = AutoConfigurationConventionsTest.class.getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      for (String line : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          classes.add(Class.forName(line.strip()));
        }
      }
    }
    return classes;
  }

  @Test
  void everyBeanMethodBacksOffForTheUsersOwnBean() throws Exception {
    List<String> checked = new ArrayList<>();
    for (Class<?> config : registered()) {
      List<Class<?>> all = new ArrayList<>(List.of(config));
      all.addAll(Arrays.asList(config.getDeclaredClasses()));
      for (Class<?> c : all) {
        for (Method m : c.getDeclaredMethods()) {
          if (m.isAnnotationPresent(Bean.class)) {
            assertThat(m.isAnnotationPresent(ConditionalOnMissingBean.class))
                .as("%s.%s carries @ConditionalOnMissingBean", c.getSimpleName(), m.getName()).isTrue();
            checked.add(m.getName());
          }
        }
      }
    }
    assertThat(checked).contains("emailTriage", "emailTriageOfflineFallbackDecider", "emailTriageDecisionStore",
        "emailTriagePromptRepository", "emailTriageMetrics", "emailTriageStoreHealthIndicator",
        "emailTriageModelHealthIndicator", "emailTriageGeminiDecider", "emailTriageSupabaseStore",
        "emailTriagePostgresDecisionStore", "emailTriagePostgresPromptRepository");
  }

  @Test
  void everyRegisteredClassIsAnAutoConfigurationInThePackage() throws Exception {
    for (Class<?> config : registered()) {
      assertThat(config.isAnnotationPresent(AutoConfiguration.class)).as(config.getName()).isTrue();
      assertThat(config.getPackageName()).isEqualTo("dev.emailtriage.spring.boot.autoconfigure");
    }
  }

  @Test
  void configurationMetadataIsGeneratedForEveryProperty() throws Exception {
    try (InputStream in = getClass().getClassLoader()
        .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in).isNotNull();
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (String p : List.of("gemini.api-key", "gemini.model", "gemini.temperature", "gemini.top-p",
          "gemini.max-output-tokens", "gemini.timeout", "gemini.max-retries", "gemini.base-url", "cache.enabled",
          "cache.max-size", "cache.ttl", "rules.enabled", "rules.own-addresses", "rules.allow", "rules.deny",
          "review-threshold", "store.type", "store.migrate", "prompt.company-name", "prompt.sector",
          "prompt.support-address", "prompt.signature", "prompt.language")) {
        assertThat(json).contains("\"name\": \"emailtriage." + p + "\"");
      }
      assertThat(json).contains("\"defaultValue\": \"gemini-2.5-flash\"").contains("\"defaultValue\": \"30s\"");
    }
  }
}
