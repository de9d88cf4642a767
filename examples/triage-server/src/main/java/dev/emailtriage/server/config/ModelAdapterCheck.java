package dev.emailtriage.server.config;

import dev.emailtriage.spi.model.ModelEnvironment;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Stops the start, before anything else starts, when OpenAI is asked for but this server was built without the
 * OpenAI adapter (it is the Maven profile {@code openai}, kept out of the default jar for its size: README, "Jar
 * size"). Without it an {@code OPENAI_API_KEY} would be ignored and every email silently decided by the offline
 * fallback. Registered in {@code META-INF/spring.factories}. Stateless.
 */
public final class ModelAdapterCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

  static final String OPENAI_ADAPTER = "dev.emailtriage.openai.OpenAiDecider";

  /** Creates the check; Spring Boot calls it. */
  public ModelAdapterCheck() {}

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    check(event.getEnvironment(), ClassUtils.isPresent(OPENAI_ADAPTER, ModelAdapterCheck.class.getClassLoader()));
  }

  /**
   * Refuses OpenAI settings when the adapter is absent.
   *
   * @throws IllegalStateException naming the setting and how to build a server with OpenAI
   */
  static void check(Environment env, boolean openAiAdapter) {
    if (openAiAdapter) {
      return;
    }
    String asked = null;
    for (String name : new String[] {"emailtriage.openai.api-key", ModelEnvironment.OPENAI_API_KEY}) {
      if (asked == null && text(env.getProperty(name)) != null) {
        asked = name + " is set";
      }
    }
    for (String name : new String[] {"emailtriage.model-provider", ModelEnvironment.MODEL_PROVIDER}) {
      if (asked == null && "openai".equalsIgnoreCase(text(env.getProperty(name)))) {
        asked = name + " is openai";
      }
    }
    if (asked != null) {
      throw new IllegalStateException(asked + ", but this triage-server jar was built without the OpenAI adapter"
          + " (left out of the default build for its size). Build the server with it:"
          + " ./mvnw -q -DskipTests clean package -Popenai (examples/triage-server/README.md, \"Models\");"
          + " or unset it to use Gemini or the offline fallback.");
    }
  }

  private static String text(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
