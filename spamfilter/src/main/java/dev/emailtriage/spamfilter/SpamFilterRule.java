package dev.emailtriage.spamfilter;

import dev.emailtriage.Action;
import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import dev.emailtriage.Urgency;
import dev.emailtriage.spamfilter.internal.FilterVerdict;
import dev.emailtriage.spamfilter.internal.RawMessages;
import dev.emailtriage.spamfilter.internal.RspamdClient;
import dev.emailtriage.spamfilter.internal.SpamcClient;
import dev.emailtriage.spi.Rule;
import dev.emailtriage.spi.RuleOutcome;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Rule} that asks a real spam filter about each email — SpamAssassin's {@code spamd} over the SPAMC protocol
 * (TCP) and/or Rspamd over its HTTP {@code checkv2} API — and ignores the email as {@code spam} when the filter says
 * so. Immutable and thread-safe; every check opens its own connection.
 *
 * <pre>{@code
 * Rule spamFilter = SpamFilterRule.builder()
 *     .spamd("127.0.0.1:783")
 *     .timeout(Duration.ofSeconds(2))
 *     .build();
 * EmailTriage triage = EmailTriage.builder()
 *     .rules(BuiltInRules.builder().spamFilter(spamFilter).build())
 *     .build();
 * }</pre>
 *
 * <p><b>Verdict.</b> By default the filter's own: spamd's {@code Spam: True}, Rspamd's action {@code reject},
 * {@code add header} or {@code rewrite subject}. With {@link Builder#spamdThreshold} / {@link
 * Builder#rspamdThreshold} the email is ignored when the filter's score is at or above that threshold instead, and
 * only then. With both filters configured they are asked in turn (spamd first) within the one deadline, and the
 * first that judges the email spam decides.
 *
 * <p><b>Replies need more.</b> An email that answers another ({@code In-Reply-To} or {@code References}) is most
 * likely a person in a conversation, and the filters' relay rules misfire on people's own servers (on the
 * development set spamd scored a person's question 6.6 of 5.0 on {@code RDNS_DYNAMIC}, {@code KHOP_HELO_FCRDNS} and
 * {@code XPRIO}). So a reply is ignored only at {@link Builder#replyFactor} (default 2) times the bar: twice the
 * threshold, or twice spamd's required score, or for Rspamd's own verdict its {@code reject} action (its
 * {@code required_score}) at least. {@code replyFactor(1)} treats replies like any mail.
 *
 * <p><b>Never in the way.</b> Unlike the built-in rules this one does network I/O, bounded by {@link
 * Builder#timeout} (default 3 s) for the whole evaluation. Any failure — connection refused, the deadline passed, an
 * error status, a reply that breaks the protocol, Rspamd skipping the message — makes the rule <em>abstain</em>
 * (logged at WARN when the filter starts failing, at DEBUG while it keeps failing): the email goes on to the cache and
 * the model, never ignored because a filter was down. Run it after the cheap rules and the allow list:
 * {@code BuiltInRules.builder().spamFilter(rule)} puts it last.
 *
 * <p><b>The message it sends.</b> Spam filters score the raw RFC 5322 message. A {@link RawMessageSource} gives it
 * when the application has it; otherwise the rule rebuilds one from the {@code Email}: trace headers first, the
 * other headers in alphabetical order, From/To/Subject/Date/Message-ID from the fields when missing, and the decoded
 * text body as {@code text/plain; charset=UTF-8}. A rebuilt message has lost its HTML, attachments and header order,
 * so filters score it lower than the original (fewer spam found, never more). Messages are cut to
 * {@link Builder#maxMessageBytes} (default 512 KiB, spamc's own limit is 500 KB).
 */
public final class SpamFilterRule implements Rule {

  private static final Logger LOG = LoggerFactory.getLogger(SpamFilterRule.class);

  /** The default deadline of one evaluation. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  /** The default cap on the bytes sent to the filter. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 512 * 1024;

  /** How many times the bar a reply must reach by default. */
  public static final double DEFAULT_REPLY_FACTOR = 2.0;

  private static final int MAX_SYMBOLS_IN_REASON = 8;

  private final SpamcClient spamd;
  private final RspamdClient rspamd;
  private final Double spamdThreshold;
  private final Double rspamdThreshold;
  private final Duration timeout;
  private final double replyFactor;
  private final int maxMessageBytes;
  private final RawMessageSource rawMessages;
  private final AtomicBoolean failing = new AtomicBoolean();

  private SpamFilterRule(Builder b) {
    this.spamd = b.spamdHost == null ? null : new SpamcClient(b.spamdHost, b.spamdPort, b.spamdUser);
    this.rspamd = b.rspamdUrl == null ? null : new RspamdClient(b.rspamdUrl);
    this.spamdThreshold = b.spamdThreshold;
    this.rspamdThreshold = b.rspamdThreshold;
    this.timeout = b.timeout == null ? DEFAULT_TIMEOUT : b.timeout;
    this.replyFactor = b.replyFactor == null ? DEFAULT_REPLY_FACTOR : b.replyFactor;
    this.maxMessageBytes = b.maxMessageBytes == null ? DEFAULT_MAX_MESSAGE_BYTES : b.maxMessageBytes;
    this.rawMessages = b.rawMessages;
  }

  /** A builder; at least one of {@link Builder#spamd} and {@link Builder#rspamd} must be set. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "spam-filter";
  }

  @Override
  public RuleOutcome evaluate(Email email) {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] message;
    try {
      message = message(email);
    } catch (RuntimeException e) {
      onFailure("the raw message source", email, e);
      return RuleOutcome.abstain();
    }
    boolean reply = email.header("In-Reply-To").isPresent() || email.header("References").isPresent();
    if (spamd != null) {
      Optional<RuleOutcome> outcome = ask("SpamAssassin spamd at " + spamd.address(), email,
          () -> spamd.check(message, deadline), spamdThreshold, reply);
      if (outcome.isPresent()) {
        return outcome.get();
      }
    }
    if (rspamd != null) {
      Optional<RuleOutcome> outcome = ask("Rspamd at " + rspamd.address(), email,
          () -> rspamd.check(message, deadline), rspamdThreshold, reply);
      if (outcome.isPresent()) {
        return outcome.get();
      }
    }
    return RuleOutcome.abstain();
  }

  private byte[] message(Email email) {
    Optional<byte[]> raw = rawMessages == null ? Optional.empty() : rawMessages.rawMessage(email);
    if (raw.isPresent()) {
      byte[] bytes = raw.get();
      return bytes.length <= maxMessageBytes ? bytes : java.util.Arrays.copyOf(bytes, maxMessageBytes);
    }
    return RawMessages.build(email, maxMessageBytes);
  }

  private interface Check {
    FilterVerdict run() throws IOException;
  }

  /** The outcome when the filter judges {@code email} spam; empty when it does not or fails. */
  private Optional<RuleOutcome> ask(String filter, Email email, Check check, Double threshold, boolean reply) {
    FilterVerdict verdict;
    try {
      verdict = check.run();
    } catch (IOException | RuntimeException e) {
      onFailure(filter, email, e);
      return Optional.empty();
    }
    if (failing.compareAndSet(true, false)) {
      LOG.info("spam filter {} answers again", filter);
    }
    boolean spam;
    String bar;
    if (threshold != null) {
      double needed = reply ? threshold * replyFactor : threshold;
      spam = verdict.score() >= needed;
      bar = (reply && replyFactor != 1 ? "reply, " + format(replyFactor) + " x " : "") + "threshold "
          + format(threshold);
    } else if (!reply || replyFactor == 1) {
      spam = verdict.spam();
      bar = verdict.action() != null ? "action '" + verdict.action() + "'" : "required " + format(verdict.required());
    } else if (verdict.action() != null) { // Rspamd: a reply needs its strongest verdict, reject
      spam = verdict.action().equals("reject");
      bar = "reply, action '" + verdict.action() + "'";
    } else {
      spam = verdict.spam() && verdict.score() >= verdict.required() * replyFactor;
      bar = "reply, " + format(replyFactor) + " x required " + format(verdict.required());
    }
    if (!spam) {
      return Optional.empty();
    }
    StringBuilder reason = new StringBuilder(filter).append(": spam, score ").append(format(verdict.score()))
        .append(" (").append(bar).append(')');
    List<String> symbols = verdict.symbols();
    if (!symbols.isEmpty()) {
      reason.append(": ").append(String.join(", ", symbols.subList(0, Math.min(symbols.size(),
          MAX_SYMBOLS_IN_REASON))));
      if (symbols.size() > MAX_SYMBOLS_IN_REASON) {
        reason.append(", ...");
      }
    }
    return Optional.of(RuleOutcome.decide(Action.IGNORE, EmailType.SPAM, Urgency.LOW, 0.96, reason.toString()));
  }

  private void onFailure(String filter, Email email, Exception e) {
    if (failing.compareAndSet(false, true)) {
      LOG.warn("spam filter {} failed on email {}; the rule abstains until it answers again: {}", filter,
          email.emailId(), e.toString());
    } else {
      LOG.debug("spam filter {} failed on email {}: {}", filter, email.emailId(), e.toString());
    }
  }

  private static String format(double value) {
    return Double.isNaN(value) ? "?" : String.format(Locale.ROOT, "%.1f", value);
  }

  @Override
  public String toString() {
    return "SpamFilterRule[" + (spamd == null ? "" : "spamd " + spamd.address())
        + (spamd != null && rspamd != null ? ", " : "") + (rspamd == null ? "" : "rspamd " + rspamd.address())
        + ", timeout " + timeout + "]";
  }

  /**
   * Builds a {@link SpamFilterRule}; not thread-safe. Every setting may be made once
   * ({@link IllegalStateException} otherwise) and is checked at once ({@link IllegalArgumentException}).
   */
  public static final class Builder {
    private String spamdHost;
    private int spamdPort;
    private String spamdUser;
    private URI rspamdUrl;
    private Double spamdThreshold;
    private Double rspamdThreshold;
    private Duration timeout;
    private Double replyFactor;
    private Integer maxMessageBytes;
    private RawMessageSource rawMessages;

    private Builder() {}

    /**
     * The {@code spamd} to ask, as {@code host:port} ({@code 127.0.0.1:783}, {@code [::1]:783}), the form of
     * {@code EMAILTRIAGE_SPAMD} and the CLI's {@code --spamd}.
     *
     * @throws IllegalArgumentException if not {@code host:port} with a port from 1 to 65535
     * @throws IllegalStateException if already set
     */
    public Builder spamd(String hostAndPort) {
      if (hostAndPort == null || hostAndPort.isBlank()) {
        throw new IllegalArgumentException("spamd must be host:port, was " + hostAndPort);
      }
      String value = hostAndPort.strip();
      int colon = value.lastIndexOf(':');
      if (colon <= 0 || colon == value.length() - 1) {
        throw new IllegalArgumentException("spamd must be host:port, was '" + hostAndPort + "'");
      }
      String host = value.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port;
      try {
        port = Integer.parseInt(value.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("spamd must be host:port, was '" + hostAndPort + "'");
      }
      return spamd(host, port);
    }

    /**
     * The {@code spamd} to ask.
     *
     * @throws IllegalArgumentException if the host is blank or holds spaces, or the port is not 1 to 65535
     * @throws IllegalStateException if already set
     */
    public Builder spamd(String host, int port) {
      if (spamdHost != null) {
        throw new IllegalStateException("spamd was already set");
      }
      if (host == null || host.isBlank() || host.strip().chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("spamd host must not be blank, was '" + host + "'");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("spamd port must be 1 to 65535, was " + port);
      }
      this.spamdHost = host.strip();
      this.spamdPort = port;
      return this;
    }

    /**
     * The SpamAssassin user whose preferences {@code spamd} applies (the SPAMC {@code User} header); default none,
     * spamd's own default.
     *
     * @throws IllegalArgumentException if blank or holding spaces or line breaks
     * @throws IllegalStateException if already set
     */
    public Builder spamdUser(String user) {
      if (spamdUser != null) {
        throw new IllegalStateException("spamdUser was already set");
      }
      if (user == null || user.isBlank() || user.strip().chars().anyMatch(c -> Character.isWhitespace(c)
          || Character.isISOControl(c))) {
        throw new IllegalArgumentException("spamdUser must be one word, was '" + user + "'");
      }
      this.spamdUser = user.strip();
      return this;
    }

    /**
     * The Rspamd to ask, as its base URL ({@code http://127.0.0.1:11333}, the form of {@code EMAILTRIAGE_RSPAMD_URL}
     * and the CLI's {@code --rspamd-url}); the rule posts to {@code BASE/checkv2}.
     *
     * @throws IllegalArgumentException if not an {@code http} or {@code https} URL with a host and no query
     * @throws IllegalStateException if already set
     */
    public Builder rspamd(String baseUrl) {
      if (rspamdUrl != null) {
        throw new IllegalStateException("rspamd was already set");
      }
      if (baseUrl == null || baseUrl.isBlank()) {
        throw new IllegalArgumentException("rspamd must be an http(s) URL, was " + baseUrl);
      }
      URI uri;
      try {
        uri = new URI(baseUrl.strip());
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("rspamd must be an http(s) URL, was '" + baseUrl + "'", e);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getQuery() != null
          || uri.getFragment() != null) {
        throw new IllegalArgumentException("rspamd must be an http(s) URL with a host and no query, was '"
            + baseUrl + "'");
      }
      this.rspamdUrl = uri;
      return this;
    }

    /**
     * Ignore as spam when spamd's score is at or above {@code score}, whatever spamd's own verdict; default: spamd's
     * own verdict ({@code Spam: True}, its {@code required_score}, usually 5.0).
     *
     * @throws IllegalArgumentException if not a positive finite score
     * @throws IllegalStateException if already set
     */
    public Builder spamdThreshold(double score) {
      if (spamdThreshold != null) {
        throw new IllegalStateException("spamdThreshold was already set");
      }
      if (!Double.isFinite(score) || score <= 0) {
        throw new IllegalArgumentException("spamdThreshold must be a positive score, was " + score);
      }
      this.spamdThreshold = score;
      return this;
    }

    /**
     * Ignore as spam when Rspamd's score is at or above {@code score}; default: Rspamd's own verdict (action
     * {@code reject}, {@code add header} or {@code rewrite subject}).
     *
     * @throws IllegalArgumentException if not a positive finite score
     * @throws IllegalStateException if already set
     */
    public Builder rspamdThreshold(double score) {
      if (rspamdThreshold != null) {
        throw new IllegalStateException("rspamdThreshold was already set");
      }
      if (!Double.isFinite(score) || score <= 0) {
        throw new IllegalArgumentException("rspamdThreshold must be a positive score, was " + score);
      }
      this.rspamdThreshold = score;
      return this;
    }

    /**
     * The deadline of one evaluation, all filters together (connect, send, wait, read); default 3 s. Past it the
     * rule abstains.
     *
     * @throws IllegalArgumentException if null, zero, negative or longer than 5 minutes
     * @throws IllegalStateException if already set
     */
    public Builder timeout(Duration timeout) {
      if (this.timeout != null) {
        throw new IllegalStateException("timeout was already set");
      }
      if (timeout == null || timeout.isZero() || timeout.isNegative() || timeout.compareTo(Duration.ofMinutes(5)) > 0
          || timeout.toMillis() < 1) {
        throw new IllegalArgumentException("timeout must be between 1 ms and 5 minutes, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * How many times the usual bar a reply ({@code In-Reply-To} or {@code References}) must reach to be ignored;
     * default 2, 1 to treat replies like any mail.
     *
     * @throws IllegalArgumentException if below 1 or not finite
     * @throws IllegalStateException if already set
     */
    public Builder replyFactor(double factor) {
      if (replyFactor != null) {
        throw new IllegalStateException("replyFactor was already set");
      }
      if (!Double.isFinite(factor) || factor < 1) {
        throw new IllegalArgumentException("replyFactor must be at least 1, was " + factor);
      }
      this.replyFactor = factor;
      return this;
    }

    /**
     * The most bytes sent to a filter; longer messages are cut (default 512 KiB).
     *
     * @throws IllegalArgumentException if below 1024
     * @throws IllegalStateException if already set
     */
    public Builder maxMessageBytes(int maxBytes) {
      if (maxMessageBytes != null) {
        throw new IllegalStateException("maxMessageBytes was already set");
      }
      if (maxBytes < 1024) {
        throw new IllegalArgumentException("maxMessageBytes must be at least 1024, was " + maxBytes);
      }
      this.maxMessageBytes = maxBytes;
      return this;
    }

    /**
     * Where to find the raw message of an email; default none (the message is rebuilt from the {@code Email}).
     *
     * @throws IllegalArgumentException if null
     * @throws IllegalStateException if already set
     */
    public Builder rawMessages(RawMessageSource source) {
      if (rawMessages != null) {
        throw new IllegalStateException("rawMessages was already set");
      }
      if (source == null) {
        throw new IllegalArgumentException("rawMessages must not be null");
      }
      this.rawMessages = source;
      return this;
    }

    /**
     * The rule.
     *
     * @throws IllegalStateException if neither spamd nor Rspamd is set, or a threshold or user is set for a filter
     *     that is not
     */
    public SpamFilterRule build() {
      if (spamdHost == null && rspamdUrl == null) {
        throw new IllegalStateException("set spamd(host:port) or rspamd(url): a spam filter rule needs a filter");
      }
      if (spamdHost == null && (spamdThreshold != null || spamdUser != null)) {
        throw new IllegalStateException("spamdThreshold and spamdUser need spamd(host:port)");
      }
      if (rspamdUrl == null && rspamdThreshold != null) {
        throw new IllegalStateException("rspamdThreshold needs rspamd(url)");
      }
      return new SpamFilterRule(this);
    }
  }
}
