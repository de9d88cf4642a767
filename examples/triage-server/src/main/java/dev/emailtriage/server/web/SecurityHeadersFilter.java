package dev.emailtriage.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Browser hardening on every response: no MIME sniffing ({@code X-Content-Type-Options: nosniff}), no framing
 * ({@code X-Frame-Options: DENY} and CSP {@code frame-ancestors 'none'}), no referrer, and a Content-Security-Policy:
 * the dashboard and Swagger UI may load only this server's own scripts and call only this server (Swagger UI's
 * inline styles allowed), everything else (JSON, problems, metrics) may load nothing. API answers are never cached
 * (they carry mail data). Tomcat's own error answers get the same headers ({@code ProblemErrorReportValve}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SecurityHeadersFilter extends OncePerRequestFilter {

  static final String DASHBOARD_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
      + "frame-ancestors 'none'";

  static final String SWAGGER_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
      + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
      + "frame-ancestors 'none'";

  /** For everything that is not a page: JSON, problems, metrics. */
  static final String NONE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = RequestPaths.of(request);
    apply(response, path);
    chain.doFilter(request, response);
  }

  /** Sets the headers for a response to {@code path}. */
  static void apply(HttpServletResponse response, String path) {
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
    if (path.startsWith("/api/")) {
      response.setHeader("Cache-Control", "no-store");
    }
    if (path.equals("/") || path.equals("/index.html") || path.startsWith("/dashboard.")
        || path.startsWith("/quality.") || path.startsWith("/vendor/")) {
      response.setHeader("Content-Security-Policy", DASHBOARD_CSP);
    } else if (path.startsWith("/swagger-ui")) {
      response.setHeader("Content-Security-Policy", SWAGGER_CSP);
    } else {
      response.setHeader("Content-Security-Policy", NONE_CSP);
    }
  }
}
