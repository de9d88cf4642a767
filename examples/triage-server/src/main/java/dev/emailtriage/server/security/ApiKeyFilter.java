package dev.emailtriage.server.security;

import dev.emailtriage.server.web.Problems;
import dev.emailtriage.server.web.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards {@code /api/**}, Actuator ({@code /actuator/**}, Prometheus included) and, unless
 * {@code EMAILTRIAGE_PUBLIC_DOCS=true}, the OpenAPI document and Swagger UI: a Bearer key (401 otherwise; either key
 * will do), the admin key for prompt changes (403 with the ordinary key), the per-key rate limit on processing (429
 * with {@code Retry-After}); and writes one audit line for every write — who (the key's id, never the key), what
 * (method, path, status), when — never the body. {@code /api/v1/health} needs no key.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ApiKeyFilter extends OncePerRequestFilter {

  /** The request attribute holding the caller's {@link ApiKeys.Role}. */
  public static final String ROLE_ATTRIBUTE = ApiKeyFilter.class.getName() + ".role";

  private static final Logger AUDIT = LoggerFactory.getLogger("dev.emailtriage.server.audit");
  private static final String BEARER = "bearer ";

  private final ApiKeys keys;
  private final RateLimiter rateLimiter;
  private final JsonMapper json;
  private final boolean publicDocs;

  /** The filter over these keys and this limiter. */
  public ApiKeyFilter(ApiKeys keys, RateLimiter rateLimiter, JsonMapper json,
      dev.emailtriage.server.config.ServerSettings settings) {
    this.keys = keys;
    this.rateLimiter = rateLimiter;
    this.json = json;
    this.publicDocs = settings.publicDocs();
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !guarded(path(request), publicDocs);
  }

  /** True when {@code path} needs a key. */
  static boolean guarded(String path, boolean publicDocs) {
    if (path.equals("/api/v1/health")) {
      return false;
    }
    if (path.startsWith("/api/") || path.equals("/api") || path.startsWith("/actuator")) {
      return true;
    }
    return !publicDocs && (path.startsWith("/v3/api-docs") || path.startsWith("/swagger-ui"));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = path(request);
    boolean write = isWrite(request.getMethod());
    Optional<ApiKeys.Role> role = keys.identify(bearer(request));
    if (role.isEmpty()) {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
      Problems.write(request, response, Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Invalid API Key",
          "Send a valid API key as 'Authorization: Bearer <key>'."), json);
      audit(write, "anonymous", request, path, HttpStatus.UNAUTHORIZED.value());
      return;
    }
    String keyId = role.get().keyId();
    if (write && path.startsWith("/api/v1/prompts") && role.get() != ApiKeys.Role.ADMIN) {
      Problems.write(request, response, Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Admin key required",
          "Changing prompts needs the admin key (EMAILTRIAGE_ADMIN_KEY)."), json);
      audit(true, keyId, request, path, HttpStatus.FORBIDDEN.value());
      return;
    }
    if ("POST".equals(request.getMethod()) && path.equals("/api/v1/emails/process")) {
      RateLimiter.Outcome outcome = rateLimiter.tryConsume(keyId);
      response.setHeader("X-RateLimit-Limit", Integer.toString(rateLimiter.perMinute()));
      response.setHeader("X-RateLimit-Remaining", Long.toString(outcome.remaining()));
      if (!outcome.allowed()) {
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(outcome.retryAfterSeconds()));
        ProblemDetail p = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
            "At most " + rateLimiter.perMinute() + " processing requests a minute per key; retry after "
                + outcome.retryAfterSeconds() + " s.");
        p.setProperty("retry_after", outcome.retryAfterSeconds());
        Problems.write(request, response, p, json);
        audit(true, keyId, request, path, HttpStatus.TOO_MANY_REQUESTS.value());
        return;
      }
    }
    request.setAttribute(ROLE_ATTRIBUTE, role.get());
    try {
      chain.doFilter(request, response);
    } finally {
      audit(write, keyId, request, path, response.getStatus());
    }
  }

  private static void audit(boolean write, String who, HttpServletRequest request, String path, int status) {
    if (!write) {
      return;
    }
    String what = request.getMethod() + " " + clean(path);
    String when = Instant.now().toString();
    AUDIT.atInfo()
        .addKeyValue("audit.who", who)
        .addKeyValue("audit.what", what)
        .addKeyValue("audit.status", status)
        .addKeyValue("audit.when", when)
        .log("audit who={} what=\"{}\" status={} when={}", who, what, status, when);
  }

  /** Keeps log lines single and short whatever the path holds. */
  private static String clean(String s) {
    String t = s.length() > 300 ? s.substring(0, 300) + "..." : s;
    return t.replaceAll("[\\p{Cntrl}\"]", "_");
  }

  private static boolean isWrite(String method) {
    return !("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method));
  }

  private static String bearer(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    return header.substring(BEARER.length()).trim();
  }

  private static String path(HttpServletRequest request) {
    return RequestPaths.of(request);
  }
}
