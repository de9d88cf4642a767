package dev.emailtriage.server.web;

import dev.emailtriage.server.config.ServerSettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies above {@code emailtriage.server.max-body-size} (default 2 MB) with 413: at once when the
 * {@code Content-Length} says so, and while reading a body sent without one.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class BodySizeFilter extends OncePerRequestFilter {

  private final long max;
  private final JsonMapper json;

  /** A filter with the configured limit. */
  public BodySizeFilter(ServerSettings settings, JsonMapper json) {
    this.max = settings.maxBodySize().toBytes();
    this.json = json;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long declared = request.getContentLengthLong();
    if (declared > max) {
      Problems.write(request, response, tooLarge(max), json);
      return;
    }
    chain.doFilter(new Limited(request, max), response);
  }

  /** The 413 problem. */
  static org.springframework.http.ProblemDetail tooLarge(long max) {
    return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large",
        "The request body is larger than " + max + " bytes.");
  }

  /** Thrown while reading a body past the limit; the exception handler answers 413. */
  public static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;
    private final long max;

    BodyTooLargeException(long max) {
      super("request body larger than " + max + " bytes");
      this.max = max;
    }

    /** The limit in bytes. */
    public long max() {
      return max;
    }
  }

  private static final class Limited extends HttpServletRequestWrapper {
    private final long max;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, long max) {
      super(request);
      this.max = max;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CountingStream(super.getInputStream(), max);
      }
      return stream;
    }
  }

  private static final class CountingStream extends ServletInputStream {
    private final ServletInputStream in;
    private final long max;
    private long count;

    CountingStream(ServletInputStream in, long max) {
      this.in = in;
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    private void add(long n) throws IOException {
      count += n;
      if (count > max) {
        throw new BodyTooLargeException(max);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
