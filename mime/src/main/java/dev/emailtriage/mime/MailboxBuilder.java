package dev.emailtriage.mime;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The settings every mailbox connector's builder shares ({@code ImapMailbox.Builder}, {@code GmailMailbox.Builder}),
 * checked by one piece of code: the mailbox's own address, how many of the newest messages the first run reads, the
 * network timeout and the clock of the replies' {@code Date}. Each setting may be made once
 * ({@link IllegalStateException} the second time); a bad value is refused at once with an
 * {@link IllegalArgumentException} that names the setting. A connector's builder extends it with its own settings and
 * reads these through the {@code configured…} methods. Not thread-safe.
 *
 * @param <B> the concrete builder, which every setter returns
 */
public abstract class MailboxBuilder<B extends MailboxBuilder<B>> {

  private final Set<String> set = new HashSet<>();
  private final int maxInitialMessages;
  private final Duration maxTimeout;
  private String address;
  private int initialMessages = 100;
  private Duration timeout = Duration.ofSeconds(30);
  private Clock clock = Clock.systemUTC();

  /**
   * A builder whose limits suit the connector.
   *
   * @param maxInitialMessages the most {@link #initialMessages} accepts
   * @param maxTimeout the longest {@link #timeout} accepts
   */
  protected MailboxBuilder(int maxInitialMessages, Duration maxTimeout) {
    this.maxInitialMessages = maxInitialMessages;
    this.maxTimeout = Objects.requireNonNull(maxTimeout, "maxTimeout");
  }

  /**
   * This builder, as the concrete type.
   *
   * @return {@code this}
   */
  protected abstract B self();

  /**
   * Records that {@code setting} was made.
   *
   * @param setting the setting's name
   * @throws IllegalStateException when it was made before
   */
  protected final void once(String setting) {
    if (!set.add(setting)) {
      throw new IllegalStateException(setting + " was already set");
    }
  }

  /**
   * The mailbox's own address: the {@code From} of drafts and replies, never answered itself.
   *
   * @param address a bare address, {@code name@domain}
   * @return this builder
   * @throws IllegalArgumentException when it is not a bare address
   */
  public B address(String address) {
    once("address");
    if (address == null || !address.strip().matches("[^\\s@<>]+@[^\\s@<>]+")) {
      throw new IllegalArgumentException("address must be a bare address (name@domain), was " + address);
    }
    this.address = address.strip();
    return self();
  }

  /**
   * How many of the newest messages the first run (and a resync) reads; 100 by default.
   *
   * @param count 1 to the connector's limit
   * @return this builder
   * @throws IllegalArgumentException when out of range
   */
  public B initialMessages(int count) {
    once("initialMessages");
    if (count < 1 || count > maxInitialMessages) {
      throw new IllegalArgumentException("initialMessages must be 1 to " + maxInitialMessages + ", was " + count);
    }
    this.initialMessages = count;
    return self();
  }

  /**
   * The connect and read (and write) timeout; 30 s by default.
   *
   * @param timeout 1 s to the connector's limit
   * @return this builder
   * @throws IllegalArgumentException when out of range
   */
  public B timeout(Duration timeout) {
    once("timeout");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(maxTimeout) > 0) {
      throw new IllegalArgumentException("timeout must be 1 s to " + text(maxTimeout) + ", was " + timeout);
    }
    this.timeout = timeout;
    return self();
  }

  /**
   * The clock of the replies' {@code Date} (and of messages without an arrival time); system UTC by default.
   *
   * @param clock the clock
   * @return this builder
   */
  public B clock(Clock clock) {
    once("clock");
    this.clock = Objects.requireNonNull(clock, "clock");
    return self();
  }

  /**
   * The address set, or {@code null}.
   *
   * @return the bare address or {@code null}
   */
  protected final String configuredAddress() {
    return address;
  }

  /**
   * The first run's message count.
   *
   * @return the count
   */
  protected final int configuredInitialMessages() {
    return initialMessages;
  }

  /**
   * The timeout.
   *
   * @return the timeout
   */
  protected final Duration configuredTimeout() {
    return timeout;
  }

  /**
   * The clock.
   *
   * @return the clock
   */
  protected final Clock configuredClock() {
    return clock;
  }

  private static String text(Duration d) {
    return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }
}
