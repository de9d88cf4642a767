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
 * Browser hardening: no MIME sniffing, no framing, no referrer; API answers are never cached (they carry mail
 * data); the dashboard runs under a Content-Security-Policy that allows only this server's own scripts and calls.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SecurityHeadersFilter extends OncePerRequestFilter {

  static final String DASHBOARD_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
      + "frame-ancestors 'none'";

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = RequestPaths.of(request);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "no-referrer");
    if (path.startsWith("/api/")) {
      response.setHeader("Cache-Control", "no-store");
    } else if (path.equals("/") || path.equals("/index.html") || path.startsWith("/dashboard.")
        || path.startsWith("/vendor/")) {
      response.setHeader("Content-Security-Policy", DASHBOARD_CSP);
      response.setHeader("X-Frame-Options", "DENY");
    }
    chain.doFilter(request, response);
  }
}
