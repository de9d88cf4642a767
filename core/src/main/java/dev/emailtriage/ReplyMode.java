package dev.emailtriage;

import java.util.Locale;

/** What {@link MailboxTriage} does with a {@code respond} decision: the user's safety catch. */
public enum ReplyMode {
  /** A draft in the original's thread, for a person to review and send (the default). */
  DRAFT,
  /** Sent automatically when {@link ReplyPolicy} allows it, else drafted. */
  SEND,
  /** No reply at all: triage and mark only. */
  OFF;

  /** The name as configured ({@code draft}, {@code send}, {@code off}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The mode named {@code value} (any case).
   *
   * @throws IllegalArgumentException for any other value, naming the allowed ones
   */
  public static ReplyMode fromWire(String value) {
    if (value != null) {
      for (ReplyMode m : values()) {
        if (m.wireName().equalsIgnoreCase(value.strip())) {
          return m;
        }
      }
    }
    throw new IllegalArgumentException("reply mode must be draft, send or off, was " + value);
  }
}
