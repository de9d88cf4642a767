package dev.emailtriage.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/** RFC 9457 problem details, built the same way by the controllers' handler and by the servlet filters. */
public final class Problems {

  /** The base of our problem {@code type} URIs. */
  public static final String TYPE_BASE = "https://email-triage.dev/problems/";

  private Problems() {}

  /**
   * One invalid field, named by its JSON name.
   *
   * @param field the JSON path of the field ({@code from}, {@code metadata.priority})
   * @param message what is wrong with it
   */
  public record FieldError(String field, String message) {}

  /** A name safe to show in a field path or message: controls, NUL and lone surrogates replaced, at most 100. */
  public static String printable(String name) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < name.length() && b.length() < 100; i++) {
      char c = name.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < name.length()
          && Character.isLowSurrogate(name.charAt(i + 1));
      if (pair) {
        b.append(c).append(name.charAt(++i));
      } else if (Character.isSurrogate(c) || Character.isISOControl(c)) {
        b.append('\uFFFD');
      } else {
        b.append(c);
      }
    }
    return name.length() > b.length() && b.length() >= 100 ? b + "..." : b.toString();
  }

  /** A problem with our type URI {@code TYPE_BASE + type}. */
  public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    p.setType(URI.create(TYPE_BASE + type));
    p.setTitle(title);
    return p;
  }

  /** A 400 naming every bad field in {@code detail} and in the {@code errors} list. */
  public static ProblemDetail invalid(List<FieldError> errors) {
    StringBuilder detail = new StringBuilder("Invalid request: ");
    for (int i = 0; i < errors.size(); i++) {
      if (i > 0) {
        detail.append("; ");
      }
      detail.append(errors.get(i).field()).append(' ').append(errors.get(i).message());
    }
    ProblemDetail p = of(HttpStatus.BAD_REQUEST, "validation", "Invalid request", detail.toString());
    p.setProperty("errors", errors);
    return p;
  }

  /** Writes {@code problem} as {@code application/problem+json} from a servlet filter. */
  public static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem,
      JsonMapper json) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", problem.getType().toString());
    body.put("title", problem.getTitle());
    body.put("status", problem.getStatus());
    body.put("detail", problem.getDetail());
    body.put("instance", request.getRequestURI());
    if (problem.getProperties() != null) {
      body.putAll(problem.getProperties());
    }
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    response.getOutputStream().write(json.writeValueAsBytes(body));
  }
}
