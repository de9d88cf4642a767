package dev.emailtriage.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses what no endpoint can serve before any work is done — before the API key's rate-limit token is spent, the
 * body read or an email decided: a method no endpoint has (405, {@code TRACE}, {@code CONNECT} and unknown ones
 * included), a query string that cannot be decoded (400), and on {@code /api/**} an {@code Accept} header that excludes JSON (406), a body whose
 * {@code Content-Type} is not JSON, {@code *}{@code /*} included (415), or a malformed one of either (400).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class NegotiationFilter extends OncePerRequestFilter {

  static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

  private final JsonMapper json;

  /** The filter, writing problems with this mapper. */
  public NegotiationFilter(JsonMapper json) {
    this.json = json;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String method = request.getMethod();
    if (!METHODS.contains(method)) {
      response.setHeader(HttpHeaders.ALLOW, "GET, HEAD, POST, PUT, DELETE, OPTIONS");
      Problems.write(request, response, Problems.of(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed",
          "Method not allowed", "This server does not accept the method " + Problems.printable(method) + "."), json);
      return;
    }
    if (request.getQueryString() != null) {
      try {
        request.getParameterMap();
      } catch (RuntimeException e) {
        // Tomcat refuses a query it cannot decode (a malformed %-escape, invalid UTF-8) when it is first read.
        Problems.write(request, response, Problems.invalid(List.of(new Problems.FieldError("(query)",
            "is not a valid query string: a malformed %-escape or invalid UTF-8"))), json);
        return;
      }
    }
    String path = RequestPaths.of(request);
    if (path.startsWith("/api/")) {
      ProblemDetail refusal = refusal(request);
      if (refusal != null) {
        Problems.write(request, response, refusal, json);
        return;
      }
    }
    chain.doFilter(request, response);
  }

  private static ProblemDetail refusal(HttpServletRequest request) {
    String accept = request.getHeader(HttpHeaders.ACCEPT);
    if (accept != null && !accept.isBlank()) {
      List<MediaType> accepted;
      try {
        accepted = MediaType.parseMediaTypes(accept);
      } catch (IllegalArgumentException e) {
        return Problems.invalid(List.of(new Problems.FieldError("Accept", "is not a valid media type list")));
      }
      boolean json = false;
      for (MediaType m : accepted) {
        boolean refused = m.getQualityValue() == 0;
        if (m.includes(MediaType.APPLICATION_JSON)) {
          if (refused && !m.isWildcardType() && !m.isWildcardSubtype()) {
            json = false;
            break;
          }
          json |= !refused;
        }
      }
      if (!json) {
        return Problems.of(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable",
            "This API answers only application/json (errors application/problem+json); send Accept: "
                + "application/json or leave Accept out.");
      }
    }
    String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
    boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    boolean bodyMethod = Set.of("POST", "PUT", "PATCH").contains(request.getMethod());
    if (hasBody || (contentType != null && bodyMethod)) {
      if (contentType == null || contentType.isBlank()) {
        return unsupported();
      }
      MediaType type;
      try {
        type = MediaType.parseMediaType(contentType);
      } catch (IllegalArgumentException e) {
        return Problems.invalid(List.of(new Problems.FieldError("Content-Type", "is not a valid media type")));
      }
      boolean jsonType = !type.isWildcardType() && !type.isWildcardSubtype()
          && (MediaType.APPLICATION_JSON.equalsTypeAndSubtype(type)
              || ("application".equals(type.getType()) && type.getSubtype().endsWith("+json")));
      if (!jsonType) {
        return unsupported();
      }
      String charset = type.getParameter("charset");
      if (charset != null && !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("\"utf-8\"")) {
        return unsupported();
      }
    }
    return null;
  }

  private static ProblemDetail unsupported() {
    return Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type",
        "Send the body as Content-Type: application/json (UTF-8).");
  }
}
