package dev.emailtriage.server.security;

import java.io.PrintStream;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Once the server listens, prints its URL and a ready curl command — with the keys generated for this run when
 * none were configured. Printed once to standard output, never through the logging system: configured keys are
 * never shown at all, and generated ones only here.
 */
@Component
public class StartupBanner implements ApplicationListener<ApplicationReadyEvent> {

  private final ApiKeys keys;
  private final Environment env;

  /** A banner for these keys. */
  public StartupBanner(ApiKeys keys, Environment env) {
    this.keys = keys;
    this.env = env;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    print(System.out);
  }

  void print(PrintStream out) {
    String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
    String base = "http://localhost:" + port;
    String userKey = keys.generatedUserKey().orElse("$EMAILTRIAGE_API_KEY");
    StringBuilder b = new StringBuilder();
    b.append('\n').append("email-triage server ready on ").append(base).append('\n');
    if (keys.generatedUserKey().isPresent() || keys.generatedAdminKey().isPresent()) {
      b.append("Keys not configured, so made at random for this run only (set EMAILTRIAGE_API_KEY and ")
          .append("EMAILTRIAGE_ADMIN_KEY to choose them):\n");
      keys.generatedUserKey().ifPresent(k -> b.append("  API key:   ").append(k).append('\n'));
      keys.generatedAdminKey().ifPresent(k -> b.append("  admin key: ").append(k).append('\n'));
    }
    b.append("Try it:\n")
        .append("  curl -X POST \"").append(base).append("/api/v1/emails/process\" \\\n")
        .append("    -H \"Authorization: Bearer ").append(userKey).append("\" -H \"Content-Type: application/json\" \\\n")
        .append("    -d '{\"email_id\": \"msg_test_001\", \"from\": \"cliente@example.com\", ")
        .append("\"to\": \"support@biofraga.com\", \"subject\": \"Quanto custa o produto X?\", ")
        .append("\"body\": \"Olá, gostaria de saber o preço do produto X.\", ")
        .append("\"received_at\": \"2025-01-15T10:30:00Z\"}'\n")
        .append("Dashboard: ").append(base).append("/   API docs: ").append(base).append("/swagger-ui.html\n");
    out.print(b);
    out.flush();
  }
}
