package dev.emailtriage.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 11, findings 5 to 8 and 10: at least 1,000 malformed requests, generated from a fixed seed, over raw HTTP
 * against the server on its embedded PostgreSQL (where NUL, lone surrogates and out-of-range dates used to reach
 * the database): no 5xx, every error {@code application/problem+json} naming no Java type, and no mail content in
 * the log.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "GEMINI_API_KEY=", "GOOGLE_API_KEY=",
    "EMAILTRIAGE_API_KEY=" + FuzzTest.KEY, "EMAILTRIAGE_ADMIN_KEY=" + FuzzTest.ADMIN,
    "EMAILTRIAGE_RATE_LIMIT_PER_MINUTE=1000000"})
class FuzzTest {

  static final String KEY = "fuzz-user-key-1234567890abcdef";
  static final String ADMIN = "fuzz-admin-key-1234567890abcdef";
  static final long SEED = 20261130L;
  /** In every subject, body and address: must never show up in the log. */
  static final String MARK = "zq7mailsecret";

  static final Pattern JAVA_NAMES = Pattern.compile(
      "(java|javax|jakarta|tools\\.jackson|com\\.fasterxml|org\\.(springframework|apache|postgresql|jdbi|hibernate)"
          + "|dev\\.emailtriage)\\.[a-zA-Z]|Exception|\\tat |\\b(Action|EmailType|DecisionSource|Priority|Urgency"
          + "|Instant|LocalDate|Integer|Boolean|ProcessEmailRequest|Metadata|LinkedHashMap|ArrayList)\\b");

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) throws IOException {
    Path dir = Files.createTempDirectory("fuzz-pg").resolve("postgres");
    registry.add("EMAILTRIAGE_EMBEDDED_DB_DIR", dir::toString);
  }

  @LocalServerPort
  int port;

  record Req(String head, byte[] body, String what) {}

  private int seq;

  private String id() {
    return "fz-" + (seq++);
  }

  private static Map<String, String> baseFields(String id) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("email_id", quote(id));
    f.put("from", quote("sender." + MARK + "@example.com"));
    f.put("to", quote("support@biofraga.com"));
    f.put("subject", quote("Subject " + MARK));
    f.put("body", quote("Body " + MARK + " quanto custa o produto X?"));
    f.put("received_at", quote("2025-01-15T10:30:00Z"));
    return f;
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }

  private static String json(Map<String, String> fields) {
    StringBuilder b = new StringBuilder("{");
    fields.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(quote(k)).append(':').append(v));
    return b.append('}').toString();
  }

  static final List<String> BAD_VALUES = List.of("true", "false", "0", "1", "-1", "1e308", "-1e308",
      "12345678901234567890123", "null", "[]", "{}", "[null]", "[1]", "\"\"", "\" \"", "\"\\u0000\"",
      "\"a\\u0000b\"", "\"\\ud800\"", "\"x\\udc00y\"", "\"lone2\\ud800x\"", "\"\\udbff\"", quote("x".repeat(1000)),
      "\"0\"", "\"+294277-01-01T00:00:00Z\"", "\"-999999999-01-01T00:00:00Z\"", "\"0000-01-01T00:00:00Z\"",
      "\"2025-13-01T00:00:00Z\"", "\"2025-01-15\"", "\"2025-01-15T10:30:00\"", "\"yesterday\"", "\"1e308\"",
      "{\"a\":1}", "\"\\uffff\"", "\"\\ud83d\\ude00\"", "[\"\\u0000\"]", "{\"\\u0000\":1}", "\"%00\"", "\"\\\\\"",
      "\"<script>alert(1)</script>\"", "9223372036854775808", "-0", "1.5", "[[[]]]");

  static final List<String> FIELDS = List.of("email_id", "from", "to", "subject", "body", "thread_id",
      "received_at", "attachments", "metadata", "headers");

  static final List<String> HEADERS = List.of("{\"X\":[null]}", "{\"X\":null}", "{\"X\":1}", "{\"X\":[1]}",
      "{\"X\":{\"a\":1}}", "{\"X\":\"\\u0000\"}", "{\"\\u0000\":\"a\"}", "{\"X\":[\"\\ud800\"]}", "{\"\":\"a\"}",
      "{\"X\":true}", "{\"X\":[true,false]}", "{\"X\":[[\"a\"]]}", "{\"Auto-Submitted\":\"auto-replied\"}",
      "{\"Auto-Submitted\":[\"auto-replied\"]}", "{\"X\":\"" + "h".repeat(20_000) + "\"}", "[]", "\"x\"", "1");

  static final List<String> METADATA = List.of("{\"priority\":1}", "{\"priority\":\"urgent\"}",
      "{\"priority\":true}", "{\"priority\":null}", "{\"labels\":\"a\"}", "{\"labels\":[null]}",
      "{\"labels\":[\"\\u0000\"]}", "{\"labels\":[1]}", "{\"custom_fields\":{\"a\":\"\\u0000\"}}",
      "{\"custom_fields\":{\"\\u0000\":1}}", "{\"custom_fields\":[1]}", "{\"custom_fields\":{\"a\":[\"\\ud800\"]}}",
      "{\"custom_fields\":{\"a\":{\"b\":{\"c\":\"\\u0000\"}}}}", "\"x\"", "1", "[]");

  private Req post(String path, String contentType, String accept, byte[] body, String what) {
    StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
        + KEY);
    if (contentType != null) {
      head.append("\r\nContent-Type: ").append(contentType);
    }
    if (accept != null) {
      head.append("\r\nAccept: ").append(accept);
    }
    head.append("\r\nContent-Length: ").append(body.length);
    return new Req(head.toString(), body, what);
  }

  private Req postJson(String body, String what) {
    return post("/api/v1/emails/process", "application/json", null, body.getBytes(StandardCharsets.UTF_8), what);
  }

  private static Req get(String target, String what) {
    return new Req("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + KEY, null, what);
  }

  private static String b64(String raw) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  List<Req> requests() {
    Random random = new Random(SEED);
    List<Req> out = new ArrayList<>();
    // Every field with every bad value.
    for (String field : FIELDS) {
      for (String value : BAD_VALUES) {
        Map<String, String> f = baseFields(id());
        f.put(field, value);
        out.add(postJson(json(f), field + "=" + value));
      }
    }
    for (String h : HEADERS) {
      Map<String, String> f = baseFields(id());
      f.put("headers", h);
      out.add(postJson(json(f), "headers=" + h));
    }
    for (String m : METADATA) {
      Map<String, String> f = baseFields(id());
      f.put("metadata", m);
      out.add(postJson(json(f), "metadata=" + m));
    }
    // Random pairs of bad values, some async.
    while (out.size() < 900) {
      Map<String, String> f = baseFields(id());
      for (int k = 0; k < 2; k++) {
        String field = FIELDS.get(random.nextInt(FIELDS.size()));
        if (random.nextInt(5) == 0) {
          f.remove(field);
        } else {
          f.put(field, BAD_VALUES.get(random.nextInt(BAD_VALUES.size())));
        }
      }
      String path = random.nextBoolean() ? "/api/v1/emails/process?async=true" : "/api/v1/emails/process";
      out.add(post(path, "application/json", null, json(f).getBytes(StandardCharsets.UTF_8), "pair " + json(f)));
    }
    // Broken JSON and broken UTF-8.
    String valid = json(baseFields("fz-valid-shape"));
    for (String body : List.of("", "{", "}", "[", "null", "1", "\"x\"", "[1,2]", "{\"email_id\":", "{\"a\" 1}",
        "[".repeat(3000), "{\"a\":".repeat(2000), valid + "}}", valid + " trailing", "{\"email_id\":\"a\","
            + "\"email_id\":\"b\"}", "\ufeff" + valid, valid.replace("\"2025-01-15T10:30:00Z\"", "2025"))) {
      out.add(postJson(body, "body " + (body.length() > 40 ? body.substring(0, 40) : body)));
    }
    for (byte[] bad : List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xC0, (byte) 0x80},
        new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xFF}, new byte[] {0x00})) {
      byte[] prefix = "{\"email_id\":\"fz-bytes-".getBytes(StandardCharsets.UTF_8);
      byte[] suffix = ("\",\"from\":\"a@example.com\",\"to\":\"b@example.com\",\"subject\":\"s " + MARK
          + "\",\"body\":\"b\",\"received_at\":\"2025-01-15T10:30:00Z\"}").getBytes(StandardCharsets.UTF_8);
      byte[] body = new byte[prefix.length + bad.length + suffix.length];
      System.arraycopy(prefix, 0, body, 0, prefix.length);
      System.arraycopy(bad, 0, body, prefix.length, bad.length);
      System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
      out.add(post("/api/v1/emails/process", "application/json", null, body, "bytes " + bad.length));
    }
    // Media types: refused before any work.
    for (String ct : List.of("*/*", "text/plain", "application/xml", "application/json; charset=latin1", "garbage",
        "application/", "multipart/form-data", "application/x-www-form-urlencoded", "application/*", ";;",
        "application/json; charset=\"utf-16\"")) {
      out.add(post("/api/v1/emails/process", ct, null, json(baseFields(id())).getBytes(StandardCharsets.UTF_8),
          "content-type " + ct));
    }
    for (String accept : List.of("application/xml", "text/html", "*/*;q=0", "garbage;;", "application/json;q=0",
        "image/png", "application/problem+json", "text/*", "application/json;q=abc")) {
      out.add(post("/api/v1/emails/process", "application/json", accept,
          json(baseFields(id())).getBytes(StandardCharsets.UTF_8), "accept " + accept));
    }
    // Query parameters.
    for (String q : List.of("cursor=%ZZ", "cursor=%", "cursor=abc", "cursor=" + b64("1.0|x\u0000"),
        "cursor=" + b64("99999999999999.0|x"), "cursor=" + b64("-62135596801.0|x"), "cursor=" + b64("1.0|"),
        "cursor=" + b64("1.x|y"), "cursor=====", "cursor=" + "A".repeat(5000), "limit=-1", "limit=1e3",
        "limit=99999999999999999999", "limit=%00", "start_date=0000-01-01", "start_date=%2B10000-01-01",
        "start_date=-0001-01-01", "end_date=2025-02-30", "start_date=%ZZ", "from=%00", "from=%C3", "from=%ED%A0%80",
        "from=%F0%9F%98%80", "needs_review=%FF", "decision=%00", "email_type=Action", "source=1", "decision=IGNORE",
        "start_date=9999-12-31&end_date=9999-12-31", "start_date=0001-01-01&end_date=0001-01-01", "x=%ZZ%ZZ",
        "%ZZ=1", "limit=1&limit=2", "from=" + "a".repeat(400))) {
      out.add(get("/api/v1/emails?" + q, "query " + q));
    }
    for (String q : List.of("start_date=0000-01-01", "end_date=%2B99999-01-01", "start_date=0001-01-01",
        "start_date=9999-12-31&end_date=9999-12-31", "start_date=2025-01-01&end_date=2026-12-31", "start_date=%ZZ",
        "end_date=2025-02-29", "start_date=%00")) {
      out.add(get("/api/v1/analytics/summary?" + q, "summary " + q));
      out.add(get("/api/v1/analytics/daily?" + q, "daily " + q));
    }
    // Paths.
    for (String path : List.of("/api/v1/emails/%2F/status", "/api/v1/emails/..%2F/status",
        "/api/v1/emails/../../etc/passwd", "/../../etc/passwd", "/api/v1/%ZZ", "/api/v1/emails/%00/status",
        "/api/v1/emails/%ED%A0%80/status", "/api/v1/emails/%C0%80/status", "/api/v1/emails/%F0%9F%98%80/status",
        "//api//v1//emails", "/api/v1/emails/a;b/status", "/error", "/error?x=1", "/api/v1/emails/x%5C/status",
        "/%2e%2e/", "/api/v1/emails/" + "a".repeat(9000) + "/status", "/swagger-ui/../../x",
        "/actuator/../api/v1/emails", "/api/v1/prompts/%00", "/api/v1/emails/%25/status", "/%", "/a%zz",
        "/api/v1/emails/%u0000/status", "/nothing-here", "/api/v1/nothing", "/api", "/api/", "/api/v1/health/%ZZ",
        "/index.html%00", "/vendor/../../../etc/passwd", "/api/v1/emails/lone2%EF%BF%BDx/status")) {
      out.add(get(path, "path " + path.substring(0, Math.min(path.length(), 60))));
    }
    out.add(post("/api/v1/emails/%00/feedback", "application/json", null, "{\"comment\":\"x\"}".getBytes(
        StandardCharsets.UTF_8), "feedback nul id"));
    out.add(post("/api/v1/emails/x/feedback", "application/json", null, "{\"comment\":\"\\u0000\"}".getBytes(
        StandardCharsets.UTF_8), "feedback nul comment"));
    out.add(post("/api/v1/emails/x/feedback", "application/json", null, "{\"correct_decision\":1}".getBytes(
        StandardCharsets.UTF_8), "feedback number"));
    out.add(post("/api/v1/emails/x/sent", "*/*", null, "x".getBytes(StandardCharsets.UTF_8), "sent */*"));
    // Methods and broken request lines.
    for (String head : List.of("TRACE / HTTP/1.1\r\nHost: localhost", "TRACE /api/v1/health HTTP/1.1\r\nHost: x",
        "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443", "PATCH /api/v1/emails/process HTTP/1.1\r\n"
            + "Host: x\r\nAuthorization: Bearer " + KEY, "DELETE /api/v1/emails/process HTTP/1.1\r\nHost: x\r\n"
            + "Authorization: Bearer " + KEY, "PUT /api/v1/health HTTP/1.1\r\nHost: x", "FOO / HTTP/1.1\r\nHost: x",
        "OPTIONS * HTTP/1.1\r\nHost: x", "GET /api/v1/emails HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer",
        "GET /api/v1/emails HTTP/1.1\r\nHost: x\r\nAuthorization: Basic Zm9vOmJhcg==",
        "GET /api/v1/emails HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY + "\r\nAccept: text/html",
        "PROPFIND / HTTP/1.1\r\nHost: x", "GET /api/v1/health HTTP/1.0", "HEAD /api/v1/nothing HTTP/1.1\r\nHost: x",
        "GET /api/v1/emails HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + KEY + "\r\nX-Big: "
            + "b".repeat(20_000))) {
      out.add(new Req(head, null, "raw " + head.substring(0, Math.min(40, head.length()))));
    }
    return out;
  }

  @Test
  void aThousandMalformedRequestsGetProblemsNeverA500(CapturedOutput output) throws Exception {
    List<Req> requests = requests();
    assertThat(requests.size()).isGreaterThanOrEqualTo(1000);
    List<String> failures = new ArrayList<>();
    int errors = 0;
    for (Req r : requests) {
      RawHttp.Answer a = RawHttp.send(port, r.head(), r.body());
      String why = check(r, a);
      if (why != null) {
        failures.add(a.status() + " " + r.what() + ": " + why + " :: "
            + a.text().substring(0, Math.min(200, a.text().length())));
      }
      if (a.status() >= 400) {
        errors++;
      }
    }
    assertThat(failures).as("of " + requests.size() + " requests").isEmpty();
    assertThat(errors).as("most of them are refused").isGreaterThan(requests.size() * 3 / 4);
    // The server still serves, and nothing of the mail reached the log.
    assertThat(RawHttp.send(port, "GET /api/v1/health HTTP/1.1\r\nHost: x", null).status()).isEqualTo(200);
    assertThat(output.getAll()).doesNotContain(MARK);
  }

  private static String check(Req r, RawHttp.Answer a) {
    if (a.status() >= 500) {
      return "5xx";
    }
    if (a.status() < 400 || r.head().startsWith("HEAD ")) {
      return null;
    }
    String type = a.header("content-type");
    if (type == null || !type.startsWith("application/problem+json")) {
      return "content type " + type;
    }
    JsonNode p;
    try {
      p = Http.JSON.readTree(a.body());
    } catch (RuntimeException e) {
      return "body is not JSON";
    }
    if (p.path("status").asInt() != a.status() || p.path("title").asString().isBlank()) {
      return "not a problem with its status and title";
    }
    if (JAVA_NAMES.matcher(a.text()).find()) {
      return "names a Java type";
    }
    return null;
  }
}
