package dev.emailtriage.server.web;

/** Something the request names does not exist; answered 404. */
public class NotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A 404 with this detail. */
  public NotFoundException(String detail) {
    super(detail);
  }
}
