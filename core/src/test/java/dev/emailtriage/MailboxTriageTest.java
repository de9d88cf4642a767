package dev.emailtriage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emailtriage.spi.DeciderException;
import dev.emailtriage.spi.MailboxException;
import dev.emailtriage.spi.MailboxRecord;
import dev.emailtriage.spi.MailboxStateStore;
import dev.emailtriage.spi.MailboxSyncState;
import dev.emailtriage.spi.Reply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MailboxTriageTest {

  private static final Instant NOW = Instant.parse("2025-02-01T09:00:00Z");
  private final FakeMailbox mailbox = new FakeMailbox();
  private final InMemoryMailboxStateStore state = new InMemoryMailboxStateStore();
  private final AtomicBoolean deciderDown = new AtomicBoolean();
  private final ScriptedDecider decider = new ScriptedDecider((email, prompt) -> {
    if (deciderDown.get()) {
      throw new DeciderException(DeciderException.Kind.UNAVAILABLE, "model down");
    }
    return ScriptedDecider.model(email.subject().contains("?") ? Action.RESPOND : Action.IGNORE, prompt);
  });
  private final EmailTriage triage = EmailTriage.builder().decider(decider).workerThreads(0).cacheEnabled(false)
      .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(1)).build();

  @AfterEach
  void close() {
    triage.close();
  }

  private static Email mail(int n, String subject, String from) {
    return Email.builder().emailId("fake-" + n).from(from).to("support@biofraga.com").subject(subject)
        .body("Mensagem número " + n + " com texto suficiente para o teste.").receivedAt(NOW)
        .header("Message-ID", "<m" + n + "@example.com>").build();
  }

  private MailboxTriage loop(ReplyPolicy policy, MailboxStateStore store) {
    return MailboxTriage.builder().triage(triage).mailbox(mailbox).state(store).policy(policy)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).batchSize(2).allowSendWithMemoryState(true).build();
  }

  @Test
  void draftsEveryRespondDecisionOnceThreadedMarksAllAndSavesTheCheckpoint() {
    mailbox.deliver(mail(1, "Qual o prazo?", "Ana <ana@example.com>"));
    mailbox.deliver(mail(2, "Novidades da semana", "news@example.com"));
    mailbox.deliver(mail(3, "Vocês entregam em SP?", "bob@example.com"));

    MailboxTriage.Report report = loop(ReplyPolicy.defaults(), state).runOnce();

    assertThat(report.fetched()).isEqualTo(3);
    assertThat(report.drafted()).isEqualTo(2);
    assertThat(report.sent()).isZero();
    assertThat(report.checkpoint()).isEqualTo("1:3");
    assertThat(state.checkpoint(mailbox.id())).contains("1:3");
    assertThat(mailbox.drafts.values()).extracting(Reply::to).containsExactly("Ana <ana@example.com>",
        "bob@example.com");
    Reply first = mailbox.drafts.values().iterator().next();
    assertThat(first.subject()).isEqualTo("Re: Qual o prazo?");
    assertThat(first.inReplyTo()).isEqualTo("<m1@example.com>");
    assertThat(first.references()).containsExactly("<m1@example.com>");
    assertThat(first.autoSubmitted()).isFalse();
    assertThat(first.body()).isEqualTo("Olá! Obrigado pelo contato.");
    assertThat(mailbox.marks).containsExactly(java.util.Map.entry("ref-1", "respond"),
        java.util.Map.entry("ref-2", "ignore"), java.util.Map.entry("ref-3", "respond"));
    assertThat(state.find(mailbox.id(), "fake-1").orElseThrow().draftId()).startsWith("draft-et-");
    assertThat(state.syncStates()).containsExactly(new MailboxSyncState(mailbox.id(), "1:3", NOW, 3, 2, 0, 0));
  }

  @Test
  void aSecondRunMakesNothingNewAndAResyncSkipsWhatWasHandled() {
    mailbox.deliver(mail(1, "Qual o prazo?", "ana@example.com"));
    loop(ReplyPolicy.defaults(), state).runOnce();

    MailboxTriage.Report again = loop(ReplyPolicy.defaults(), state).runOnce();
    assertThat(again.fetched()).isZero();

    mailbox.generation = 2; // the server renumbered the mailbox (UIDVALIDITY changed)
    mailbox.deliver(mail(2, "E o preço?", "ana@example.com"));
    MailboxTriage.Report resync = loop(ReplyPolicy.defaults(), state).runOnce();

    assertThat(resync.resynced()).isTrue();
    assertThat(resync.skipped()).isEqualTo(1);
    assertThat(resync.drafted()).isEqualTo(1);
    assertThat(mailbox.drafts).hasSize(2);
    assertThat(mailbox.createDraftCalls).isEqualTo(2);
    assertThat(decider.calls.get()).isEqualTo(2);
  }

  @Test
  void aRunKilledAfterTheDraftResumesWithoutASecondDraft() {
    mailbox.deliver(mail(1, "Qual o prazo?", "ana@example.com"));
    MailboxStateStore dying = new ForwardingState(state) {
      @Override
      public void save(MailboxRecord record) {
        if (record.draftId() != null) {
          throw new IllegalStateException("killed after the draft was made");
        }
        super.save(record);
      }
    };
    assertThatThrownBy(() -> loop(ReplyPolicy.defaults(), dying).runOnce()).hasMessageContaining("killed");
    assertThat(state.find(mailbox.id(), "fake-1").orElseThrow().step()).isEqualTo(MailboxRecord.Step.DRAFTING);
    assertThat(state.checkpoint(mailbox.id())).isEmpty();

    MailboxTriage.Report report = loop(ReplyPolicy.defaults(), state).runOnce();

    assertThat(report.drafted()).isEqualTo(1);
    assertThat(mailbox.drafts).hasSize(1);
    assertThat(mailbox.createDraftCalls).as("the connector was asked again and found the marker").isEqualTo(2);
    assertThat(state.find(mailbox.id(), "fake-1").orElseThrow().step()).isEqualTo(MailboxRecord.Step.DONE);
    assertThat(decider.calls.get()).as("decided once").isEqualTo(1);
  }

  @Test
  void anInterruptedSendIsNeverRepeatedButDrafted() {
    mailbox.deliver(mail(1, "Qual o prazo?", "ana@example.com"));
    state.save(new MailboxRecord(mailbox.id(), "fake-1", MailboxRecord.Step.SENDING,
        dev.emailtriage.internal.mailbox.Replies.marker(mailbox.id(), "fake-1"), null, null, "<m1@example.com>",
        "ana@example.com", 0, null, NOW));

    MailboxTriage.Report report = loop(sendPolicy(), state).runOnce();

    assertThat(mailbox.sent).isEmpty();
    assertThat(report.drafted()).isEqualTo(1);
    assertThat(state.find(mailbox.id(), "fake-1").orElseThrow().note()).contains("drafted instead");
  }

  private static ReplyPolicy sendPolicy() {
    return ReplyPolicy.builder().mode(ReplyMode.SEND).sendMinConfidence(0.9).build();
  }

  @Test
  void sendModeSendsWithAutoSubmittedOncePerThreadAndSenderWithinTheWindow() {
    mailbox.deliver(mail(1, "Qual o prazo?", "ana@example.com"));
    mailbox.deliver(mail(2, "E o frete?", "Ana <ana@example.com>").toBuilder().threadId("m1@example.com").build());
    mailbox.deliver(mail(3, "Outra pergunta?", "bob@example.com").toBuilder().threadId("m1@example.com").build());

    MailboxTriage.Report report = loop(sendPolicy(), state).runOnce();

    assertThat(report.sent()).as("ana once, bob once").isEqualTo(2);
    assertThat(report.drafted()).as("ana's second question in the thread is drafted").isEqualTo(1);
    assertThat(mailbox.sent).extracting(Reply::to).containsExactly("ana@example.com", "bob@example.com");
    assertThat(mailbox.sent).allSatisfy(r -> assertThat(r.autoSubmitted()).isTrue());
    assertThat(mailbox.drafts.values()).singleElement().satisfies(r -> assertThat(r.autoSubmitted()).isFalse());
    assertThat(state.find(mailbox.id(), "fake-2").orElseThrow().note()).contains("RFC 3834");
  }

  @Test
  void autoRepliesAndOwnMailAreNeverAnsweredEvenWhenTheDeciderSaysRespond() {
    mailbox.deliver(mail(1, "Fora do escritório?", "ana@example.com").toBuilder()
        .header("Auto-Submitted", "auto-replied").build());
    mailbox.deliver(mail(2, "Loop?", "support@biofraga.com"));

    MailboxTriage.Report report = loop(sendPolicy(), state).runOnce();

    assertThat(report.handled()).isEqualTo(2);
    assertThat(mailbox.sent).isEmpty();
    assertThat(mailbox.drafts).isEmpty();
  }

  @Test
  void aFailedTriageStopsTheRunBeforeItAndIsRetriedThenGivenUp() {
    mailbox.deliver(mail(1, "Qual o prazo?", "ana@example.com"));
    mailbox.deliver(mail(2, "E o preço?", "ana@example.com"));
    deciderDown.set(true);
    MailboxTriage loop = MailboxTriage.builder().triage(triage).mailbox(mailbox).state(state).maxAttempts(2)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

    MailboxTriage.Report first = loop.runOnce();
    assertThat(first.failed()).isEqualTo(1);
    assertThat(first.handled()).isZero();
    assertThat(state.checkpoint(mailbox.id())).isEmpty();
    assertThat(state.find(mailbox.id(), "fake-1").orElseThrow().step()).isEqualTo(MailboxRecord.Step.FAILED);

    MailboxTriage.Report second = loop.runOnce();
    assertThat(second.failed()).as("gave up on 1, failed on 2").isEqualTo(2);
    assertThat(state.find(mailbox.id(), "fake-1").orElseThrow().note()).startsWith("given up after 2 attempts");
    assertThat(state.checkpoint(mailbox.id())).contains("1:1");
  }

  @Test
  void aMailboxFailureLeavesTheCheckpointAlone() {
    mailbox.failFetch = true;
    assertThatThrownBy(() -> loop(ReplyPolicy.defaults(), state).runOnce()).isInstanceOf(MailboxException.class);
    assertThat(state.checkpoint(mailbox.id())).isEmpty();
  }

  @Test
  void builderRefusesMissingPartsRepeatsBadValuesAndSendWithMemoryState() {
    assertThatThrownBy(() -> MailboxTriage.builder().triage(triage).mailbox(mailbox).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("must be set");
    assertThatThrownBy(() -> MailboxTriage.builder().mailbox(mailbox).mailbox(mailbox))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("mailbox was already set");
    assertThatThrownBy(() -> MailboxTriage.builder().batchSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MailboxTriage.builder().maxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MailboxTriage.builder().triage(triage).mailbox(mailbox).state(state)
        .policy(sendPolicy()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("durable");
  }

  /** A state store that forwards to another; tests override one method to fail. */
  private static class ForwardingState implements MailboxStateStore {
    private final MailboxStateStore delegate;

    ForwardingState(MailboxStateStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<String> checkpoint(String mailboxId) {
      return delegate.checkpoint(mailboxId);
    }

    @Override
    public void saveCheckpoint(String mailboxId, String checkpoint, Instant at) {
      delegate.saveCheckpoint(mailboxId, checkpoint, at);
    }

    @Override
    public Optional<MailboxRecord> find(String mailboxId, String emailId) {
      return delegate.find(mailboxId, emailId);
    }

    @Override
    public void save(MailboxRecord record) {
      delegate.save(record);
    }

    @Override
    public boolean autoReplySince(String mailboxId, String threadKey, String sender, Instant since) {
      return delegate.autoReplySince(mailboxId, threadKey, sender, since);
    }

    @Override
    public List<MailboxSyncState> syncStates() {
      return delegate.syncStates();
    }
  }
}
