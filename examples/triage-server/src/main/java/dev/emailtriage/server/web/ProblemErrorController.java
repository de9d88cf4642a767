package dev.emailtriage.server.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error path ({@code /error}) as problem details, in place of Spring Boot's JSON map: an
 * error that reached no controller (a filter's {@code sendError}, a request to {@code /error} itself) is answered
 * {@code application/problem+json} with its status, without exception names or stack traces. A request for
 * {@code /error} with no error behind it is a 404.
 */
@RestController
public class ProblemErrorController implements ErrorController {

  /** Every method, every media type. */
  @RequestMapping(path = "${server.error.path:${error.path:/error}}", produces = {})
  public ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i && i >= 400 && i <= 599 ? i : 404;
    HttpStatus known = HttpStatus.resolve(status);
    ProblemDetail p = ProblemDetail.forStatus(status);
    p.setType(URI.create(Problems.TYPE_BASE + (status == 404 ? "not-found" : "http-" + status)));
    p.setTitle(known == null ? "Error" : known.getReasonPhrase());
    p.setDetail(status == 404 ? "No such resource." : known != null && known.is5xxServerError()
        ? "The server could not answer; the error is in its log." : "The request could not be served.");
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    if (uri instanceof String s) {
      try {
        p.setInstance(URI.create(s));
      } catch (IllegalArgumentException e) {
        // Not a valid URI: leave instance out.
      }
    }
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
  }
}
