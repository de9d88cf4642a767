package dev.emailtriage.internal;

import java.util.Arrays;
import java.util.Locale;

/** Lowercase wire names of the API enums, and their lenient parsing. Not API. */
public final class WireNames {
  private WireNames() {}

  /** The lowercase name of {@code value}. */
  public static String of(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** The constant of {@code type} named {@code value} ignoring case, or an exception listing the accepted names. */
  public static <E extends Enum<E>> E parse(Class<E> type, String value) {
    if (value != null) {
      String wanted = value.trim();
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(wanted)) {
          return e;
        }
      }
    }
    throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + value + "'; expected one of "
        + Arrays.stream(type.getEnumConstants()).map(WireNames::of).toList());
  }
}
