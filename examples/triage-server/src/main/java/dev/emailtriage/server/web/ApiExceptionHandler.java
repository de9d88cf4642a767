package dev.emailtriage.server.web;

import dev.emailtriage.InvalidEmailException;
import dev.emailtriage.spi.PromptRepository.PromptConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Every error as RFC 9457 problem details: bad input is a 400 naming each bad field by its JSON name, never a 500,
 * and no response ever carries a stack trace.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(InvalidRequestException.class)
  ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
    return ResponseEntity.badRequest().body(Problems.invalid(e.errors()));
  }

  @ExceptionHandler(InvalidEmailException.class)
  ResponseEntity<ProblemDetail> invalidEmail(InvalidEmailException e) {
    List<Problems.FieldError> errors = new ArrayList<>();
    e.violations().forEach(v -> errors.add(new Problems.FieldError(v.field(), v.message())));
    return ResponseEntity.badRequest().body(Problems.invalid(errors));
  }

  @ExceptionHandler(NotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND)
        .body(Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage()));
  }

  @ExceptionHandler(NoSuchElementException.class)
  ResponseEntity<ProblemDetail> noSuchElement(NoSuchElementException e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND)
        .body(Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage()));
  }

  @ExceptionHandler(PromptConflictException.class)
  ResponseEntity<ProblemDetail> conflict(PromptConflictException e) {
    ProblemDetail p = Problems.of(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage());
    p.setProperty("errors", List.of(new Problems.FieldError("name", "is already taken")));
    return ResponseEntity.status(HttpStatus.CONFLICT).body(p);
  }

  /**
   * A bug, not bad input: logged here with its stack trace but without the exceptions' messages (a database error's
   * message can quote the mail), answered without either.
   */
  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    LOG.error("unexpected error", redacted(e, 0));
    return ResponseEntity.internalServerError().body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal",
        "Internal error", "The server could not answer; the error is in its log."));
  }

  /** {@code throwable} and its causes with their types and stack traces but no messages. */
  static Throwable redacted(Throwable throwable, int depth) {
    Throwable cause = throwable.getCause() != null && throwable.getCause() != throwable && depth < 10
        ? redacted(throwable.getCause(), depth + 1) : null;
    Throwable copy = new Throwable(throwable.getClass().getName() + " (message withheld: it may quote mail)", cause);
    copy.setStackTrace(throwable.getStackTrace());
    return copy;
  }

  /**
   * Spring MVC's own problems (no such resource, method not allowed, a parameter of the wrong type…) with our type
   * URIs and a detail that names no Java type.
   */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
      HttpStatusCode statusCode, WebRequest request) {
    HttpStatus known = HttpStatus.resolve(statusCode.value());
    if (known == null) {
      known = statusCode.is5xxServerError() ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.BAD_REQUEST;
    }
    if (known.is5xxServerError()) {
      LOG.error("unexpected error", redacted(ex, 0));
    }
    String detail = switch (known) {
      case NOT_FOUND -> "No such resource.";
      case METHOD_NOT_ALLOWED -> "This method is not allowed here.";
      case NOT_ACCEPTABLE -> "This API answers only application/json.";
      case UNSUPPORTED_MEDIA_TYPE -> "Send the body as Content-Type: application/json (UTF-8).";
      case BAD_REQUEST -> "The request is not valid.";
      default -> known.is5xxServerError() ? "The server could not answer; the error is in its log."
          : "The request could not be served.";
    };
    ProblemDetail p = Problems.of(known, known == HttpStatus.NOT_FOUND ? "not-found" : "http-" + known.value(),
        known.getReasonPhrase(), detail);
    return new ResponseEntity<>(p, headers, known);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
      HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof BodySizeFilter.BodyTooLargeException tooLarge) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(BodySizeFilter.tooLarge(tooLarge.max()));
      }
    }
    Throwable cause = ex.getCause();
    List<Problems.FieldError> errors = new ArrayList<>();
    if (cause instanceof StreamReadException read) {
      String where = read.getLocation() == null ? ""
          : " at line " + read.getLocation().getLineNr() + ", column " + read.getLocation().getColumnNr();
      String field = path(read);
      errors.add(new Problems.FieldError(field.isEmpty() ? "(body)" : field, "is not valid JSON" + where));
    } else if (cause instanceof InvalidFormatException format) {
      String expected = format.getTargetType() == null ? "" : expectation(format.getTargetType());
      errors.add(new Problems.FieldError(orBody(path(format)),
          "has an invalid value '" + shorten(String.valueOf(format.getValue())) + "'" + expected));
    } else if (cause instanceof MismatchedInputException mismatch) {
      String expected = mismatch.getTargetType() == null ? "" : expectation(mismatch.getTargetType());
      errors.add(new Problems.FieldError(orBody(path(mismatch)), "has the wrong type" + expected));
    } else if (cause instanceof JacksonException json) {
      errors.add(new Problems.FieldError(orBody(path(json)), "has an invalid value"));
    } else {
      errors.add(new Problems.FieldError("(body)", "a JSON object is required"));
    }
    return ResponseEntity.badRequest().body(Problems.invalid(errors));
  }

  private static String expectation(Class<?> type) {
    if (type.isEnum()) {
      List<String> names = new ArrayList<>();
      for (Object constant : type.getEnumConstants()) {
        names.add(wireName((Enum<?>) constant));
      }
      return "; expected one of " + names;
    }
    if (type == java.time.Instant.class || type == java.time.OffsetDateTime.class) {
      return "; expected an ISO-8601 date-time such as 2025-01-15T10:30:00Z";
    }
    if (type == java.time.LocalDate.class) {
      return "; expected a date such as 2025-01-31";
    }
    if (List.class.isAssignableFrom(type) || type.isArray()) {
      return "; expected an array";
    }
    if (type == String.class) {
      return "; expected a string";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "; expected " + (type == boolean.class || type == Boolean.class ? "a boolean" : "a number");
    }
    return "; expected an object";
  }

  private static String wireName(Enum<?> constant) {
    try {
      com.fasterxml.jackson.annotation.JsonProperty p = constant.getDeclaringClass().getField(constant.name())
          .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
      return p != null ? p.value() : constant.name().toLowerCase(java.util.Locale.ROOT);
    } catch (NoSuchFieldException e) {
      return constant.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static String path(JacksonException e) {
    StringBuilder out = new StringBuilder();
    for (JacksonException.Reference r : e.getPath()) {
      if (r.getPropertyName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(r.getPropertyName());
      } else if (r.getIndex() >= 0) {
        out.append('[').append(r.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static String orBody(String path) {
    return path.isEmpty() ? "(body)" : path;
  }

  private static String shorten(String s) {
    if (s == null) {
      return "";
    }
    String t = s.replaceAll("\\p{Cntrl}", " ");
    return t.length() > 120 ? t.substring(0, 120) + "..." : t;
  }
}
