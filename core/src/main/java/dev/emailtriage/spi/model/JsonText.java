package dev.emailtriage.spi.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON reader into plain Java values ({@code Map<String, Object>} in key order, {@code List},
 * {@code String}, {@code BigDecimal}, {@code Boolean}, {@code null}), so that core and the modules that depend on
 * core alone (the model adapters' answer parsing, the spam filter's Rspamd client) read JSON without a JSON library.
 * A repeated key, nesting deeper than 64 and text after the value are errors. Stateless and thread-safe.
 *
 * <pre>{@code
 * Map<?, ?> reply = (Map<?, ?>) JsonText.parse("{\"action\":\"reject\",\"score\":15.2}");
 * }</pre>
 */
public final class JsonText {

  /** The text is not one JSON value; the message gives the position. */
  public static final class SyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    SyntaxException(String message) {
      super(message);
    }
  }

  private static final int MAX_DEPTH = 64;
  private final String s;
  private int i;

  private JsonText(String s) {
    this.s = s;
  }

  /**
   * The value of {@code text}, which must hold exactly one JSON value (white space around it allowed).
   *
   * @param text the JSON text
   * @return a {@code Map<String, Object>}, {@code List<Object>}, {@code String}, {@code BigDecimal}, {@code Boolean}
   *     or {@code null}
   * @throws SyntaxException when {@code text} is not one JSON value
   */
  public static Object parse(String text) {
    JsonText p = new JsonText(text);
    p.space();
    Object v = p.value(0);
    p.space();
    if (p.i < p.s.length()) {
      throw p.error("unexpected text after the value");
    }
    return v;
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    if (i >= s.length()) {
      throw error("unexpected end of input");
    }
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", null);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character '" + c + "'");
    }
  }

  private Map<String, Object> object(int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    i++;
    space();
    if (peek() == '}') {
      i++;
      return map;
    }
    while (true) {
      space();
      if (peek() != '"') {
        throw error("expected a property name in double quotes");
      }
      String key = string();
      space();
      expect(':');
      space();
      Object v = value(depth + 1);
      if (map.containsKey(key)) {
        throw error("property \"" + key + "\" appears twice");
      }
      map.put(key, v);
      space();
      char c = next("',' or '}'");
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        throw error("expected ',' or '}'", i - 1);
      }
    }
  }

  private List<Object> array(int depth) {
    List<Object> list = new ArrayList<>();
    i++;
    space();
    if (peek() == ']') {
      i++;
      return list;
    }
    while (true) {
      space();
      list.add(value(depth + 1));
      space();
      char c = next("',' or ']'");
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        throw error("expected ',' or ']'", i - 1);
      }
    }
  }

  private String string() {
    i++;
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = next("closing '\"'");
      if (c == '"') {
        return b.toString();
      }
      if (c < 0x20) {
        throw error("unescaped control character in a string", i - 1);
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = next("an escape");
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (i + 4 > s.length()) {
            throw error("unexpected end of input in a \\u escape");
          }
          try {
            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          } catch (NumberFormatException x) {
            throw error("bad \\u escape");
          }
          i += 4;
        }
        default -> throw error("bad escape '\\" + e + "'", i - 1);
      }
    }
  }

  private BigDecimal number() {
    int start = i;
    if (peek() == '-') {
      i++;
    }
    if (peek() == '0') {
      i++;
    } else if (isDigit(peek())) {
      digits();
    } else {
      throw error("bad number");
    }
    if (peek() == '.') {
      i++;
      if (!isDigit(peek())) {
        throw error("bad number: digits expected after '.'");
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      i++;
      if (peek() == '+' || peek() == '-') {
        i++;
      }
      if (!isDigit(peek())) {
        throw error("bad number: digits expected in the exponent");
      }
      digits();
    }
    try {
      return new BigDecimal(s.substring(start, i));
    } catch (NumberFormatException | ArithmeticException e) {
      throw error("bad number", start);
    }
  }

  private void digits() {
    while (isDigit(peek())) {
      i++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private Object literal(String word, Object value) {
    if (!s.startsWith(word, i)) {
      throw error("unexpected text");
    }
    i += word.length();
    return value;
  }

  private void space() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      i++;
    }
  }

  private char peek() {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private char next(String expected) {
    if (i >= s.length()) {
      throw error("unexpected end of input, expected " + expected);
    }
    return s.charAt(i++);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    i++;
  }

  private SyntaxException error(String message) {
    return error(message, i);
  }

  private SyntaxException error(String message, int at) {
    return new SyntaxException(message + " at character " + (at + 1));
  }
}
