package dev.emailtriage.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With no key configured the server makes random keys, prints them once beside a curl command, and they work. */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"EMAILTRIAGE_API_KEY=", "EMAILTRIAGE_ADMIN_KEY=", "GEMINI_API_KEY=", "GOOGLE_API_KEY=",
        "EMAILTRIAGE_EMBEDDED_DB=false"})
class GeneratedKeysTest {

  @LocalServerPort
  int port;

  @Test
  void randomKeysArePrintedOnceWithACurlCommandAndWork(CapturedOutput output) {
    String out = output.getOut();
    Matcher user = Pattern.compile("API key: +(etk_[A-Za-z0-9_-]{43})").matcher(out);
    Matcher admin = Pattern.compile("admin key: +(etk_admin_[A-Za-z0-9_-]{43})").matcher(out);
    assertThat(user.find()).as(out).isTrue();
    assertThat(admin.find()).isTrue();
    String key = user.group(1);
    assertThat(out).contains("curl -X POST \"http://localhost:" + port + "/api/v1/emails/process\"")
        .contains("Authorization: Bearer " + key);
    // Printed once (the key line and the curl line), never by the logging system.
    assertThat(occurrences(out, key)).isEqualTo(2);

    Http http = new Http(port);
    assertThat(http.post("/api/v1/emails/process", key, Http.email("gen-1", "a@example.com",
        "2025-01-15T10:30:00Z")).status()).isEqualTo(200);
    assertThat(http.put("/api/v1/prompts/default", key, "{\"system_prompt\": \"x\"}").status()).isEqualTo(403);
    assertThat(http.put("/api/v1/prompts/default", admin.group(1), "{\"system_prompt\": \"x\"}").status())
        .isEqualTo(200);
    assertThat(http.get("/api/v1/emails", "etk_guess").status()).isEqualTo(401);
    assertThat(occurrences(output.getAll(), key)).isEqualTo(2);
    assertThat(output.getAll()).contains("audit who=admin-key what=\"PUT /api/v1/prompts/default\" status=200")
        .contains("audit who=user-key what=\"PUT /api/v1/prompts/default\" status=403");
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
