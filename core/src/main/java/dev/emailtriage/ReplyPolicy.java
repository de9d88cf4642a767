package dev.emailtriage;

import dev.emailtriage.internal.mailbox.MailFacts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The user's safety catch on replies: decides, for each triaged message, whether {@link MailboxTriage} makes no reply,
 * a draft for a person, or sends the reply itself. Immutable and thread-safe.
 *
 * <p>What it will do: in {@link ReplyMode#DRAFT draft} mode (the default) draft the suggested reply of every
 * {@code respond} decision; in {@link ReplyMode#SEND send} mode send it only when the decision is {@code respond},
 * not {@code needs_review}, at or above {@link Builder#sendMinConfidence the confidence set} and of
 * {@link Builder#sendTypes an allowed type}, and draft it otherwise; in {@link ReplyMode#OFF off} mode nothing.
 *
 * <p>What it never does, whatever the decision: reply to mail that is automatic ({@code Auto-Submitted} other than
 * {@code no}, {@code X-Autoreply}, {@code X-Autorespond}), from the null sender or a no-reply or system address
 * ({@code no-reply}, {@code mailer-daemon}, {@code postmaster}...), bulk ({@code Precedence: bulk|junk}) or from the
 * mailbox's own addresses. It never <em>sends</em> to list mail ({@code List-Id}, {@code List-Unsubscribe},
 * {@code List-Post}, {@code Precedence: list}), but drafts for it, because a support address run as a group list
 * carries those headers on every person's question. {@code MailboxTriage} adds RFC 3834 §2's rule: at most one
 * automatic reply per thread and sender within {@link Builder#autoReplyWindow the window}; a later one is drafted.
 *
 * <pre>{@code
 * ReplyPolicy policy = ReplyPolicy.builder()
 *     .mode(ReplyMode.SEND)
 *     .sendMinConfidence(0.95)
 *     .sendTypes(Set.of(EmailType.QUESTION))
 *     .build();
 * }</pre>
 */
public final class ReplyPolicy {

  /** The types that may ever be sent automatically: the ones a person writes expecting an answer. */
  private static final Set<EmailType> SENDABLE = EnumSet.of(EmailType.QUESTION, EmailType.REQUEST,
      EmailType.COMPLAINT, EmailType.OTHER);

  private final ReplyMode mode;
  private final double sendMinConfidence;
  private final Set<EmailType> sendTypes;
  private final Set<String> ownAddresses;
  private final Duration autoReplyWindow;

  private ReplyPolicy(Builder b) {
    this.mode = b.mode;
    this.sendMinConfidence = b.sendMinConfidence;
    this.sendTypes = Set.copyOf(b.sendTypes);
    this.ownAddresses = Set.copyOf(b.ownAddresses);
    this.autoReplyWindow = b.autoReplyWindow;
  }

  /** The default policy: drafts for every respond decision, nothing sent. */
  public static ReplyPolicy defaults() {
    return builder().build();
  }

  /** A builder with the defaults: draft mode, send at confidence 0.9 for questions and requests, a 7-day window. */
  public static Builder builder() {
    return new Builder();
  }

  /** The mode. */
  public ReplyMode mode() {
    return mode;
  }

  /** The lowest confidence sent automatically. */
  public double sendMinConfidence() {
    return sendMinConfidence;
  }

  /** The types sent automatically. */
  public Set<EmailType> sendTypes() {
    return sendTypes;
  }

  /** The addresses never answered besides the mailbox's own, lowercase. */
  public Set<String> ownAddresses() {
    return ownAddresses;
  }

  /** The RFC 3834 window: one automatic reply per thread and sender within it. */
  public Duration autoReplyWindow() {
    return autoReplyWindow;
  }

  /** What to do with one message. */
  public enum Action {
    /** No reply. */
    NONE,
    /** A draft for a person. */
    DRAFT,
    /** Send it. */
    SEND
  }

  /**
   * The policy's answer for one message, with the reason a person would want to read in a log. Immutable.
   *
   * @param action what to do
   * @param reason why, in a few words
   */
  public record Verdict(Action action, String reason) {

    /** Checks the parts. */
    public Verdict {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Decides what to do with {@code email}, triaged as {@code result}, in a mailbox whose own address is
   * {@code mailboxAddress}. The one-reply-per-window rule is {@link MailboxTriage}'s (it needs the stored state).
   */
  public Verdict evaluate(Email email, TriageResult result, Optional<String> mailboxAddress) {
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(mailboxAddress, "mailboxAddress");
    if (result.status() != TriageStatus.PROCESSED || result.decision() == null) {
      return new Verdict(Action.NONE, "not decided (" + result.status().name().toLowerCase(Locale.ROOT) + ")");
    }
    Decision d = result.decision();
    if (d.action() != dev.emailtriage.Action.RESPOND) {
      return new Verdict(Action.NONE, "decided ignore");
    }
    if (mode == ReplyMode.OFF) {
      return new Verdict(Action.NONE, "reply mode off");
    }
    if (d.suggestedResponse() == null) {
      return new Verdict(Action.NONE, "respond, but no reply was drafted by the decider");
    }
    Optional<String> never = MailFacts.neverAnswer(email, ownAddresses, mailboxAddress);
    if (never.isPresent()) {
      return new Verdict(Action.NONE, never.get());
    }
    if (mode == ReplyMode.DRAFT) {
      return new Verdict(Action.DRAFT, "draft mode");
    }
    List<String> held = new ArrayList<>();
    if (d.needsReview()) {
      held.add("needs review");
    }
    if (d.confidence() < sendMinConfidence) {
      held.add("confidence " + d.confidence() + " below " + sendMinConfidence);
    }
    if (!sendTypes.contains(d.emailType())) {
      held.add("type " + d.emailType().wireName() + " not sent automatically");
    }
    MailFacts.listMail(email).ifPresent(held::add);
    if (!held.isEmpty()) {
      return new Verdict(Action.DRAFT, "drafted, not sent: " + String.join(", ", held));
    }
    return new Verdict(Action.SEND, "send mode: respond at " + d.confidence() + ", " + d.emailType().wireName());
  }

  @Override
  public String toString() {
    return "ReplyPolicy[mode=" + mode.wireName() + ", sendMinConfidence=" + sendMinConfidence + ", sendTypes="
        + sendTypes + ", autoReplyWindow=" + autoReplyWindow + "]";
  }

  /**
   * Builds a {@link ReplyPolicy}. Each setting may be made once ({@link IllegalStateException} for a second time); a
   * bad value is an {@link IllegalArgumentException}; send settings without {@code send} mode are refused by
   * {@link #build()}. Not thread-safe.
   */
  public static final class Builder {
    private final Set<String> set = new TreeSet<>();
    private ReplyMode mode = ReplyMode.DRAFT;
    private double sendMinConfidence = 0.9;
    private Set<EmailType> sendTypes = EnumSet.of(EmailType.QUESTION, EmailType.REQUEST);
    private Set<String> ownAddresses = Set.of();
    private Duration autoReplyWindow = Duration.ofDays(7);

    private Builder() {}

    private void once(String name) {
      if (!set.add(name)) {
        throw new IllegalStateException(name + " was already set");
      }
    }

    /** The reply mode; {@link ReplyMode#DRAFT} by default. */
    public Builder mode(ReplyMode mode) {
      once("mode");
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** The lowest confidence sent automatically, in [0.5, 1]; 0.9 by default. Only with {@code send} mode. */
    public Builder sendMinConfidence(double confidence) {
      once("sendMinConfidence");
      if (!(confidence >= 0.5 && confidence <= 1.0)) {
        throw new IllegalArgumentException("sendMinConfidence must be in [0.5, 1], was " + confidence);
      }
      this.sendMinConfidence = confidence;
      return this;
    }

    /**
     * The types sent automatically, not empty, among question, request, complaint and other; question and request by
     * default. Only with {@code send} mode.
     */
    public Builder sendTypes(Collection<EmailType> types) {
      once("sendTypes");
      Objects.requireNonNull(types, "types");
      if (types.isEmpty()) {
        throw new IllegalArgumentException("sendTypes must name at least one type");
      }
      for (EmailType t : types) {
        if (t == null) {
          throw new IllegalArgumentException("sendTypes must not contain null");
        }
        if (!SENDABLE.contains(t)) {
          throw new IllegalArgumentException("a reply to " + t.wireName() + " mail is never sent automatically");
        }
      }
      this.sendTypes = EnumSet.copyOf(types);
      return this;
    }

    /** Addresses that are ours besides the mailbox's own (aliases): never answered. */
    public Builder ownAddresses(Collection<String> addresses) {
      once("ownAddresses");
      Objects.requireNonNull(addresses, "addresses");
      Set<String> lower = new TreeSet<>();
      for (String a : addresses) {
        if (a == null || !a.strip().matches("[^\\s@]+@[^\\s@]+")) {
          throw new IllegalArgumentException("not an address: " + a);
        }
        lower.add(a.strip().toLowerCase(Locale.ROOT));
      }
      this.ownAddresses = lower;
      return this;
    }

    /** The RFC 3834 window of one automatic reply per thread and sender, from 1 hour to 90 days; 7 days by default. */
    public Builder autoReplyWindow(Duration window) {
      once("autoReplyWindow");
      Objects.requireNonNull(window, "window");
      if (window.compareTo(Duration.ofHours(1)) < 0 || window.compareTo(Duration.ofDays(90)) > 0) {
        throw new IllegalArgumentException("autoReplyWindow must be from 1 hour to 90 days, was " + window);
      }
      this.autoReplyWindow = window;
      return this;
    }

    /**
     * The policy.
     *
     * @throws IllegalStateException when a send setting is made without {@code send} mode
     */
    public ReplyPolicy build() {
      if (mode != ReplyMode.SEND) {
        for (String s : List.of("sendMinConfidence", "sendTypes", "autoReplyWindow")) {
          if (set.contains(s)) {
            throw new IllegalStateException(s + " only applies to send mode, but the mode is " + mode.wireName());
          }
        }
      }
      return new ReplyPolicy(this);
    }
  }
}
