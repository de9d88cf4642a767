package dev.emailtriage.server.web;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's error page as problem details: what Tomcat answers itself, before any filter or controller runs (a
 * malformed escape such as {@code %ZZ}, an encoded {@code %2F}, {@code ..} above the root, a refused method such as
 * {@code TRACE}, a header too large), is written as {@code application/problem+json} instead of Tomcat's HTML page,
 * with no server name, exception or stack trace. Replaces the host's error report valve
 * ({@code config/TomcatConfiguration}).
 */
public class ProblemErrorReportValve extends ErrorReportValve {

  /** A valve that shows no report or server info of its own. */
  public ProblemErrorReportValve() {
    setShowReport(false);
    setShowServerInfo(false);
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    if (status == 501) {
      // Tomcat refuses CONNECT (and methods it cannot parse) as "not implemented": for a client it is a method this
      // server does not allow, not a server failure.
      status = 405;
      response.setStatus(status);
      response.setHeader("Allow", "GET, HEAD, POST, PUT, DELETE, OPTIONS");
    }
    try {
      response.setHeader("X-Content-Type-Options", "nosniff");
      response.setHeader("X-Frame-Options", "DENY");
      response.setHeader("Content-Security-Policy", SecurityHeadersFilter.NONE_CSP);
      response.setHeader("Cache-Control", "no-store");
      response.setContentType("application/problem+json");
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(json(status));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // The client is gone or the response was committed: nothing more to write.
    }
  }

  /** The problem for {@code status}, as JSON text. */
  static String json(int status) {
    HttpStatus known = HttpStatus.resolve(status);
    String title = known == null ? "Error" : known.getReasonPhrase();
    String detail = switch (status) {
      case 400 -> "The request could not be read: a malformed URL, escape, path or header.";
      case 405 -> "This method is not allowed here.";
      case 501 -> "This method is not supported.";
      case 414, 431 -> "The request line or headers are too large.";
      default -> known != null && known.is5xxServerError() ? "The server could not answer; the error is in its log."
          : "The request could not be served.";
    };
    return "{\"type\":\"" + Problems.TYPE_BASE + "http-" + status + "\",\"title\":\"" + title + "\",\"status\":"
        + status + ",\"detail\":\"" + detail + "\"}";
  }
}
