package dev.emailtriage.server.web;

import jakarta.servlet.http.HttpServletRequest;

/** The path the request is routed by, as the servlet container decoded and normalised it. */
public final class RequestPaths {

  private RequestPaths() {}

  /**
   * The decoded, normalised path within the application, without path parameters: what handler mapping sees.
   * Never the raw URI, where {@code /%61pi/...} or {@code /api;x=1/...} would hide {@code /api/...}.
   */
  public static String of(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    return path.isEmpty() ? "/" : path;
  }
}
