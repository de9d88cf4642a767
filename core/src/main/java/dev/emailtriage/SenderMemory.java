package dev.emailtriage;

import dev.emailtriage.internal.learning.SenderIdentity;
import dev.emailtriage.spi.LearnedRuleStore;
import dev.emailtriage.spi.LearnedRuleStore.Evidence;
import dev.emailtriage.spi.LearnedRuleStore.SenderState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender memory: learns, from the model's decisions and people's feedback, which senders are always ignored, and
 * then ignores their next mail without a model call (source {@link DecisionSource#LEARNED}). Thread-safe; several
 * pipelines (and several processes on one database) may share one {@link LearnedRuleStore}.
 *
 * <p>The pipeline asks it after the built-in rules and before the similar-email cache, and tells it every decision
 * and every feedback (it is a {@link TriageListener}). Conservative by construction:
 * <ul>
 *   <li>A rule is learned for a {@linkplain #identityOf(Email) sender identity} when the model decided
 *       {@code ignore} with a confidence of at least {@link Builder#minConfidence(double)} (default 0.9) on
 *       {@link Builder#repeats(int)} (default 3, at least 2) different emails in a row, or when a person's feedback
 *       said {@code ignore} and at least one other email of the identity was ignored by a person or by the model with
 *       that confidence. Never from a single email.</li>
 *   <li>Only machine and bulk mail counts: emails typed {@code newsletter}, {@code spam} or {@code notification}
 *       (by the model, or by the person's feedback). A person's address that sent auto-replies or an FYI may still
 *       write a question tomorrow.</li>
 *   <li>A model {@code ignore} below that confidence, or of another type, breaks the row (the model's evidence is
 *       dropped, a person's stays).</li>
 *   <li>An identity that ever got {@code respond} — from the model, the cache, a rule, or a person's feedback — is
 *       barred: no rule is learned for it, and its rule, if it has one, is retired at once. So one contrary
 *       feedback retires a rule, and a person's {@code respond} always wins. The one exception: a model
 *       {@code respond} that a person corrected to {@code ignore} no longer counts. A bar that rests only on model
 *       {@code respond}s is lifted when a person has corrected every one of them (learning then starts again from
 *       new evidence); a bar from a person, the cache, a rule or a revocation is for good.</li>
 *   <li>A rule expires after {@link Builder#expireUnusedAfter(Duration)} (default 30 days) without deciding an
 *       email; each use moves its expiry on. A revoked rule ({@link #revoke(String)}) bars its identity too.</li>
 *   <li>A reply to earlier mail ({@code In-Reply-To}, {@code References} or a {@code Re:} subject) has its own
 *       identity, the sender's identity plus {@code " reply"}: a sender's replies are learned only from its
 *       replies (threaded notifications, "Re:" spam), never from its other mail, and a rule learned from its other
 *       mail never decides a reply. A {@code respond} to any mail of the sender bars both identities, so a sender
 *       someone converses with never gets its replies learned.</li>
 * </ul>
 * Decisions made by a learned rule carry its id in {@link Decision#rule()} and its evidence in the reason; they do
 * not count as evidence themselves. Offline-fallback decisions count neither way.
 *
 * <pre>{@code
 * SenderMemory memory = SenderMemory.builder().store(new InMemoryLearnedRuleStore()).build();
 * EmailTriage triage = EmailTriage.builder().decider(myDecider).senderMemory(memory).build();
 * }</pre>
 */
public final class SenderMemory implements TriageListener {

  private static final Logger LOG = LoggerFactory.getLogger(SenderMemory.class);
  /** How many evidence emails a state keeps at most. */
  static final int MAX_EVIDENCE = 20;
  private static final int MAX_ATTEMPTS = 20;
  /** The types of mail a rule is learned from: machine and bulk mail, never a person's. */
  static final java.util.Set<EmailType> LEARNABLE_TYPES =
      java.util.EnumSet.of(EmailType.NEWSLETTER, EmailType.SPAM, EmailType.NOTIFICATION);

  private final LearnedRuleStore store;
  private final int repeats;
  private final double minConfidence;
  private final Duration expireUnusedAfter;
  private final Clock clock;

  private SenderMemory(Builder b) {
    this.store = b.store == null ? new InMemoryLearnedRuleStore() : b.store;
    this.repeats = b.repeats;
    this.minConfidence = b.minConfidence;
    this.expireUnusedAfter = b.expireUnusedAfter;
    this.clock = Clock.tick(b.clock, Duration.ofNanos(1000));
  }

  /** A builder with the defaults (in-memory store, 3 repeats, confidence 0.9, 30 days). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The sender identity of {@code email}: {@code address [" list=" list-id] [" via=" service-sender] [" reply"]} —
   * the {@code From} address in lowercase; narrowed by the {@code List-Id} when present; narrowed by the sending
   * service's stable sender id when present (the last field of {@code Feedback-ID}, or Mailchimp's
   * {@code X-MC-User}); and marked {@code reply} when the email answers earlier mail. Empty for a null sender.
   */
  public static Optional<String> identityOf(Email email) {
    return SenderIdentity.of(Objects.requireNonNull(email, "email"));
  }

  /**
   * The decision of the learned rule for {@code email}'s sender, if one is active (and the use is counted); empty
   * when none applies. Never throws for a store failure: it logs and answers empty, so the model is asked.
   */
  public Optional<Decision> decide(Email email) {
    try {
      Optional<String> identity = identityOf(email);
      if (identity.isEmpty()) {
        return Optional.empty();
      }
      if (repliesBarred(email)) {
        return Optional.empty(); // someone converses with this sender: its replies are the model's
      }
      Instant now = clock.instant();
      Optional<LearnedRule> rule = store.find(identity.get())
          .filter(s -> !s.barred())
          .map(SenderState::rule)
          .filter(r -> r.activeAt(now));
      if (rule.isEmpty() || !store.recordUse(rule.get().id(), now, now.plus(expireUnusedAfter))) {
        return Optional.empty();
      }
      LearnedRule r = rule.get();
      String reason = "learned rule " + r.id() + ": " + r.evidence();
      return Optional.of(Decision.builder().action(Action.IGNORE).confidence(r.confidence())
          .emailType(r.emailType()).urgency(Urgency.LOW)
          .reason(reason.length() > 2000 ? reason.substring(0, 1997) + "..." : reason)
          .source(DecisionSource.LEARNED).rule(r.id()).build());
    } catch (RuntimeException e) {
      LOG.warn("sender memory failed on email {}; asking the model: {}", email.emailId(), e.toString());
      return Optional.empty();
    }
  }

  /** Learns from a stored decision (the pipeline calls this for every decision). */
  @Override
  public void onDecision(Email email, TriageResult result) {
    Decision d = result.decision();
    if (result.status() != TriageStatus.PROCESSED || d == null) {
      return;
    }
    Optional<String> identity = identityOf(email);
    if (identity.isEmpty()) {
      return;
    }
    if (d.action() == Action.RESPOND) {
      for (String id : barredByRespond(email)) {
        boolean create = !id.endsWith(SenderIdentity.REPLY);
        if (d.source() == DecisionSource.MODEL) {
          barUntilCorrected(id, email.emailId(), create);
        } else if (d.source() != DecisionSource.FALLBACK) {
          bar(id, d.source().wireName() + " decided respond to email " + email.emailId(), create);
        }
      }
    } else if (repliesBarred(email)) {
      return; // someone converses with this sender: its replies are never learned
    } else if (d.source() == DecisionSource.MODEL) {
      if (d.confidence() >= minConfidence && LEARNABLE_TYPES.contains(d.emailType())) {
        addEvidence(identity.get(), new Evidence(email.emailId(), Evidence.Kind.MODEL, d.confidence(),
            d.emailType(), clock.instant()));
      } else {
        update(identity.get(), s -> s == null || s.barred()
            || s.evidence().stream().noneMatch(e -> e.kind() == Evidence.Kind.MODEL) ? null
            : next(s, s.evidence().stream().filter(e -> e.kind() == Evidence.Kind.PERSON).toList(), s.barred(),
                s.barredReason(), s.rule()));
      }
    }
  }

  /**
   * Learns from a person's feedback on a stored email ({@code record.feedback()}): {@code respond} bars the sender
   * and retires its rule at once; {@code ignore} (or no correction of an {@code ignore} decision) is evidence.
   */
  @Override
  public void onFeedback(EmailRecord record) {
    Feedback f = record.feedback();
    if (f == null) {
      return;
    }
    Action verdict = f.correctDecision() != null ? f.correctDecision()
        : record.decision() == null ? null : record.decision().action();
    Optional<String> identity = identityOf(record.email());
    if (verdict == null || identity.isEmpty()) {
      return;
    }
    if (verdict == Action.RESPOND) {
      barredByRespond(record.email()).forEach(id -> bar(id, "a person said respond to email " + record.emailId(),
          !id.endsWith(SenderIdentity.REPLY)));
    } else {
      Decision d = record.decision();
      if (d != null && d.action() == Action.RESPOND && d.source() == DecisionSource.MODEL) {
        barredByRespond(record.email()).forEach(id -> forgive(id, record.emailId()));
      }
      EmailType type = f.correctType() != null ? f.correctType()
          : record.decision() != null ? record.decision().emailType() : EmailType.OTHER;
      if (!LEARNABLE_TYPES.contains(type) || repliesBarred(record.email())) {
        return;
      }
      addEvidence(identity.get(), new Evidence(record.emailId(), Evidence.Kind.PERSON, 1.0, type, clock.instant()));
    }
  }

  /** The learned rules that are active now, newest first. */
  public List<LearnedRule> rules() {
    return store.activeRules(clock.instant());
  }

  /**
   * Retires learned rule {@code ruleId} and bars its sender identity from learning again.
   *
   * @return false when there is no such rule
   */
  public boolean revoke(String ruleId) {
    Objects.requireNonNull(ruleId, "ruleId");
    Optional<SenderState> state = store.findByRuleId(ruleId);
    if (state.isEmpty()) {
      return false;
    }
    boolean[] revoked = {false};
    update(state.get().identity(), s -> {
      if (s == null || s.rule() == null || !s.rule().id().equals(ruleId)) {
        revoked[0] = false;
        return null;
      }
      revoked[0] = true;
      return next(s, List.of(), true, "learned rule " + ruleId + " was revoked", null);
    });
    if (revoked[0]) {
      LOG.info("learned rule {} revoked; sender {} will not be learned again", ruleId, state.get().identity());
    }
    return revoked[0];
  }

  private void bar(String identity, String why, boolean createIfAbsent) {
    update(identity, s -> {
      if ((s == null && !createIfAbsent) || (s != null && s.barred() && s.rule() == null && s.evidence().isEmpty())) {
        return null;
      }
      if (s != null && s.rule() != null) {
        LOG.info("learned rule {} retired: {}", s.rule().id(), why);
      }
      return s == null ? new SenderState(identity, 1, List.of(), true, why, null, clock.instant())
          : next(s, List.of(), true, s.barred() && uncorrectedResponds(s).isEmpty() ? s.barredReason() : why, null);
    });
  }

  /**
   * The identities a respond to {@code email} bars: its sender's identity and that identity's replies (the latter
   * only when it has a state: while the sender's own identity is barred its replies are neither learned nor decided,
   * see {@link #repliesBarred}).
   */
  private static List<String> barredByRespond(Email email) {
    return SenderIdentity.base(email).map(b -> List.of(b, b + SenderIdentity.REPLY)).orElse(List.of());
  }

  /** Whether {@code email} is a reply from a sender whose own identity is barred (someone converses with it). */
  private boolean repliesBarred(Email email) {
    return SenderIdentity.isReply(email) && SenderIdentity.base(email).flatMap(store::find)
        .map(SenderState::barred).orElse(false);
  }

  /**
   * The model decided respond on {@code emailId}: the identity is barred while that respond stands uncorrected (a
   * {@link Evidence.Kind#MODEL_RESPOND} entry); an identity barred for good stays so. More uncorrected model
   * responds than a state keeps bar it for good.
   */
  private void barUntilCorrected(String identity, String emailId, boolean createIfAbsent) {
    update(identity, s -> {
      if ((s == null && !createIfAbsent) || (s != null && s.barred() && uncorrectedResponds(s).isEmpty())) {
        return null; // nothing known, or barred for good already
      }
      List<Evidence> responds = new ArrayList<>(s == null || !s.barred() ? List.of() : uncorrectedResponds(s));
      if (responds.stream().anyMatch(e -> e.emailId().equals(emailId))) {
        return null;
      }
      responds.add(new Evidence(emailId, Evidence.Kind.MODEL_RESPOND, 1.0, EmailType.OTHER, clock.instant()));
      if (s != null && s.rule() != null) {
        LOG.info("learned rule {} retired: model decided respond to email {}", s.rule().id(), emailId);
      }
      if (responds.size() > MAX_EVIDENCE) {
        String why = "the model decided respond to more than " + MAX_EVIDENCE + " emails no person corrected";
        return next(s, List.of(), true, why, null);
      }
      return s == null ? new SenderState(identity, 1, responds, true, respondReason(responds), null, clock.instant())
          : next(s, responds, true, respondReason(responds), null);
    });
  }

  /**
   * A person corrected the model's respond on {@code emailId} to ignore: it no longer bars the identity. When no
   * other uncorrected model respond is left (and nothing else barred it), the identity may be learned again, from
   * new evidence only.
   */
  private void forgive(String identity, String emailId) {
    update(identity, s -> {
      if (s == null || !s.barred()
          || uncorrectedResponds(s).stream().noneMatch(e -> e.emailId().equals(emailId))) {
        return null;
      }
      List<Evidence> left = uncorrectedResponds(s).stream().filter(e -> !e.emailId().equals(emailId)).toList();
      if (left.isEmpty()) {
        LOG.info("sender {} may be learned again: a person corrected the model's respond to email {} to ignore",
            identity, emailId);
        return next(s, List.of(), false, null, null);
      }
      return next(s, left, true, respondReason(left), null);
    });
  }

  private static List<Evidence> uncorrectedResponds(SenderState s) {
    return s.evidence().stream().filter(e -> e.kind() == Evidence.Kind.MODEL_RESPOND).toList();
  }

  private static String respondReason(List<Evidence> responds) {
    String first = "model decided respond to email " + responds.get(0).emailId();
    return responds.size() == 1 ? first + " (until a person corrects it to ignore)"
        : first + " and " + (responds.size() - 1) + " more (until a person corrects them to ignore)";
  }

  private void addEvidence(String identity, Evidence evidence) {
    update(identity, s -> {
      if (s != null && s.barred()) {
        return null;
      }
      List<Evidence> all = new ArrayList<>();
      if (s != null) {
        for (Evidence e : s.evidence()) {
          if (e.emailId().equals(evidence.emailId())) {
            if (e.kind() == Evidence.Kind.PERSON) {
              return null; // a person's word on this email is already counted
            }
          } else {
            all.add(e);
          }
        }
      }
      all.add(evidence);
      while (all.size() > MAX_EVIDENCE) {
        all.remove(0);
      }
      Instant now = clock.instant();
      LearnedRule current = s == null ? null : s.rule();
      if ((current == null || !current.activeAt(now)) && learnable(all)) {
        LearnedRule rule = learn(identity, all, now);
        LOG.info("learned rule {} for sender {}: {}", rule.id(), identity, rule.evidence());
        return s == null ? new SenderState(identity, 1, List.of(), false, null, rule, now)
            : next(s, List.of(), false, null, rule);
      }
      return s == null ? new SenderState(identity, 1, all, false, null, null, now)
          : next(s, all, false, null, current);
    });
  }

  private boolean learnable(List<Evidence> evidence) {
    long people = evidence.stream().filter(e -> e.kind() == Evidence.Kind.PERSON).count();
    long model = evidence.stream().filter(e -> e.kind() == Evidence.Kind.MODEL).count();
    return people + model >= 2 && (people >= 1 || model >= repeats);
  }

  private LearnedRule learn(String identity, List<Evidence> evidence, Instant now) {
    long people = evidence.stream().filter(e -> e.kind() == Evidence.Kind.PERSON).count();
    long model = evidence.size() - people;
    double lowest = evidence.stream().mapToDouble(Evidence::confidence).min().orElse(minConfidence);
    List<String> ids = evidence.stream().map(Evidence::emailId).toList();
    StringBuilder why = new StringBuilder("sender ").append(identity).append(" was ignored");
    if (model > 0) {
      why.append(" by the model ").append(model).append(model == 1 ? " time" : " times in a row")
          .append(String.format(Locale.ROOT, " (confidence >= %.2f)", minConfidence));
    }
    if (people > 0) {
      why.append(model > 0 ? " and" : "").append(" by a person ").append(people)
          .append(people == 1 ? " time" : " times");
    }
    why.append("; evidence: ").append(String.join(", ", ids));
    String id = "lr_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    return new LearnedRule(id, identity, evidence.get(evidence.size() - 1).emailType(), lowest, why.toString(), ids,
        now, null, now.plus(expireUnusedAfter), 0);
  }

  private SenderState next(SenderState s, List<Evidence> evidence, boolean barred, String barredReason,
      LearnedRule rule) {
    return new SenderState(s.identity(), s.version() + 1, evidence, barred, barredReason, rule, clock.instant());
  }

  /** Reads, computes and compare-and-sets until it wins; {@code change} answers null for "nothing to do". */
  private void update(String identity, Function<SenderState, SenderState> change) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      SenderState current = store.find(identity).orElse(null);
      SenderState next = change.apply(current);
      if (next == null || store.compareAndSet(current == null ? 0 : current.version(), next)) {
        return;
      }
    }
    throw new IllegalStateException("sender memory: gave up updating " + identity + " after " + MAX_ATTEMPTS
        + " concurrent changes");
  }

  /**
   * Configures a {@link SenderMemory}. Each setter checks its argument at once ({@link IllegalArgumentException});
   * each setting may be made once ({@link IllegalStateException}). Not thread-safe.
   */
  public static final class Builder {
    private LearnedRuleStore store;
    private int repeats = 3;
    private boolean repeatsSet;
    private double minConfidence = 0.9;
    private boolean minConfidenceSet;
    private Duration expireUnusedAfter = Duration.ofDays(30);
    private boolean expirySet;
    private Clock clock = Clock.systemUTC();
    private boolean clockSet;

    private Builder() {}

    /** Where learned rules live; default a new {@link InMemoryLearnedRuleStore}. */
    public Builder store(LearnedRuleStore store) {
      Objects.requireNonNull(store, "store");
      if (this.store != null) {
        throw new IllegalStateException("store was already set");
      }
      this.store = store;
      return this;
    }

    /** How many model ignores in a row (on different emails) teach a rule; at least 2, default 3. */
    public Builder repeats(int repeats) {
      once(repeatsSet, "repeats");
      if (repeats < 2) {
        throw new IllegalArgumentException("repeats must be at least 2 (never learn from one email), was " + repeats);
      }
      this.repeats = repeats;
      this.repeatsSet = true;
      return this;
    }

    /** The lowest model confidence that counts as evidence; in (0, 1], default 0.9. */
    public Builder minConfidence(double minConfidence) {
      once(minConfidenceSet, "minConfidence");
      if (!(minConfidence > 0 && minConfidence <= 1)) {
        throw new IllegalArgumentException("minConfidence must be in (0, 1], was " + minConfidence);
      }
      this.minConfidence = minConfidence;
      this.minConfidenceSet = true;
      return this;
    }

    /** How long a rule lives without deciding an email; positive, default 30 days. */
    public Builder expireUnusedAfter(Duration duration) {
      once(expirySet, "expireUnusedAfter");
      Objects.requireNonNull(duration, "expireUnusedAfter");
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("expireUnusedAfter must be positive, was " + duration);
      }
      this.expireUnusedAfter = duration;
      this.expirySet = true;
      return this;
    }

    /** The clock of learning, use and expiry; default UTC system clock. */
    public Builder clock(Clock clock) {
      once(clockSet, "clock");
      this.clock = Objects.requireNonNull(clock, "clock");
      this.clockSet = true;
      return this;
    }

    /** The sender memory. */
    public SenderMemory build() {
      return new SenderMemory(this);
    }

    private static void once(boolean set, String setting) {
      if (set) {
        throw new IllegalStateException(setting + " was already set");
      }
    }
  }
}
