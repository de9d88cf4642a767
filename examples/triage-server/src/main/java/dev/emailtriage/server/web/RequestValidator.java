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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Validates request bodies with Jakarta Validation and reports every violation under its JSON name
 * ({@code email_id}, {@code metadata.labels[0]}), read from the records' {@code @JsonProperty} annotations. On top of
 * the annotations, the library's rules hold for every text and date of every body (the same rules as
 * {@code Email}'s): no NUL character and no unpaired surrogate in any string, map key included; date-times between
 * the years 1 and 9999. A body that implements {@link SelfChecked} adds its own checks.
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
    List<Problems.FieldError> errors = new ArrayList<>();
    for (ConstraintViolation<T> v : violations) {
      errors.add(new Problems.FieldError(jsonPath(body.getClass(), v.getPropertyPath()), v.getMessage()));
    }
    walk("", body, errors, 0);
    if (body instanceof SelfChecked self) {
      self.check(errors);
    }
    if (errors.isEmpty()) {
      return body;
    }
    errors.sort(Comparator.comparing(Problems.FieldError::field).thenComparing(Problems.FieldError::message));
    throw new InvalidRequestException(errors);
  }

  /** A request body with checks of its own beyond its annotations. */
  public interface SelfChecked {
    /** Adds what is wrong with this body to {@code errors}. */
    void check(List<Problems.FieldError> errors);
  }

  /** The text and date rules over every string, map key and date-time of {@code value}, by JSON path. */
  static void walk(String path, Object value, List<Problems.FieldError> errors, int depth) {
    if (value == null) {
      return;
    }
    if (depth > 64) {
      errors.add(new Problems.FieldError(orBody(path), "is nested too deeply"));
      return;
    }
    if (value instanceof String s) {
      String problem = dev.emailtriage.Email.textProblem(s);
      if (problem != null) {
        errors.add(new Problems.FieldError(orBody(path), problem));
      }
    } else if (value instanceof Instant at) {
      String problem = dev.emailtriage.Email.instantProblem(at);
      if (problem != null) {
        errors.add(new Problems.FieldError(orBody(path), problem));
      }
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(path + "[" + i + "]", list.get(i), errors, depth + 1);
      }
    } else if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        String keyPath = path + "[" + Problems.printable(key) + "]";
        String problem = dev.emailtriage.Email.textProblem(key);
        if (problem != null) {
          errors.add(new Problems.FieldError(keyPath, "has a name that " + problem));
        }
        walk(keyPath, e.getValue(), errors, depth + 1);
      }
    } else if (value instanceof Record record) {
      for (RecordComponent c : record.getClass().getRecordComponents()) {
        JsonProperty json = c.getAccessor().getAnnotation(JsonProperty.class);
        if (json == null) {
          json = c.getAnnotation(JsonProperty.class);
        }
        String name = json != null && !json.value().isEmpty() ? json.value() : c.getName();
        Object v;
        try {
          v = c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
          continue;
        }
        walk(path.isEmpty() ? name : path + "." + name, v, errors, depth + 1);
      }
    }
  }

  private static String orBody(String path) {
    return path.isEmpty() ? "(body)" : path;
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
