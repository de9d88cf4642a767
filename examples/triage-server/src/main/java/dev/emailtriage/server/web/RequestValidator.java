package dev.emailtriage.server.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Validates request bodies with Jakarta Validation and reports every violation under its JSON name
 * ({@code email_id}, {@code metadata.labels[0]}), read from the records' {@code @JsonProperty} annotations.
 */
@Component
public class RequestValidator {

  private final Validator validator;

  /** A validator on Spring's Jakarta validator. */
  public RequestValidator(Validator validator) {
    this.validator = validator;
  }

  /**
   * Checks {@code body}.
   *
   * @throws InvalidRequestException naming every bad field
   */
  public <T> T check(T body) {
    if (body == null) {
      throw new InvalidRequestException(List.of(new Problems.FieldError("(body)", "a JSON object is required")));
    }
    Set<ConstraintViolation<T>> violations = validator.validate(body);
    if (violations.isEmpty()) {
      return body;
    }
    List<Problems.FieldError> errors = new ArrayList<>();
    for (ConstraintViolation<T> v : violations) {
      errors.add(new Problems.FieldError(jsonPath(body.getClass(), v.getPropertyPath()), v.getMessage()));
    }
    errors.sort(Comparator.comparing(Problems.FieldError::field).thenComparing(Problems.FieldError::message));
    throw new InvalidRequestException(errors);
  }

  /** The JSON path of a validation path on records annotated with {@code @JsonProperty}. */
  static String jsonPath(Class<?> root, Path path) {
    StringBuilder out = new StringBuilder();
    Type type = root;
    for (Path.Node node : path) {
      if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
        appendIndex(out, node);
        continue;
      }
      if (node.getName() == null) {
        continue;
      }
      if (node.isInIterable()) {
        appendIndex(out, node);
        type = elementType(type);
      }
      Class<?> raw = raw(type);
      RecordComponent component = component(raw, node.getName());
      String name = node.getName();
      if (component != null) {
        JsonProperty json = component.getAccessor().getAnnotation(JsonProperty.class);
        if (json == null) {
          json = component.getAnnotation(JsonProperty.class);
        }
        if (json != null && !json.value().isEmpty()) {
          name = json.value();
        }
        type = component.getGenericType();
      }
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(name);
    }
    return out.length() == 0 ? "(body)" : out.toString();
  }

  private static void appendIndex(StringBuilder out, Path.Node node) {
    if (node.getIndex() != null) {
      out.append('[').append(node.getIndex()).append(']');
    } else if (node.getKey() != null) {
      out.append('[').append(node.getKey()).append(']');
    }
  }

  private static RecordComponent component(Class<?> type, String name) {
    if (type == null || !type.isRecord()) {
      return null;
    }
    for (RecordComponent c : type.getRecordComponents()) {
      if (c.getName().equals(name)) {
        return c;
      }
    }
    return null;
  }

  private static Type elementType(Type type) {
    if (type instanceof ParameterizedType p) {
      Type[] args = p.getActualTypeArguments();
      return args[args.length - 1];
    }
    return type;
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    return null;
  }
}
