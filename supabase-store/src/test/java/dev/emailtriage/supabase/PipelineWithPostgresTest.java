package dev.emailtriage.supabase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.DefaultPrompt;
import dev.emailtriage.Email;
import dev.emailtriage.EmailRecord;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.EmailType;
import dev.emailtriage.Prompt;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.TokenUsage;
import dev.emailtriage.Tone;
import dev.emailtriage.TriageResult;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.Urgency;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.test.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The core pipeline on the PostgreSQL store and prompt repository: sync, idempotent, async through the queue. */
class PipelineWithPostgresTest {

  private static final class CountingDecider implements Decider {
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean failing;

    @Override
    public Decision decide(Email email, Prompt prompt) {
      calls.incrementAndGet();
      if (failing) {
        throw new IllegalStateException("model down");
      }
      return Decision.builder().action(Action.RESPOND).confidence(0.92).emailType(EmailType.QUESTION)
          .urgency(Urgency.MEDIUM).reason("pergunta de cliente").source(DecisionSource.MODEL)
          .prompt(prompt.id(), prompt.version()).modelVersion("test-model")
          .tokenUsage(new TokenUsage(100, 50, 10, 160))
          .suggestedResponse(new SuggestedResponse("Re: pergunta", "Olá! Obrigado.", Tone.FRIENDLY)).build();
    }
  }

  private static Email question(String id) {
    return Email.builder().emailId(id).from("cliente" + id + "@example.com").to("support@biofraga.com")
        .subject("Dúvida " + id).body("Olá, qual o prazo de entrega do pedido " + id + "?")
        .receivedAt(Instant.parse("2025-01-15T10:30:00Z")).build();
  }

  @Test
  void processSubmitAndDrainWithThePostgresStore() {
    CountingDecider decider = new CountingDecider();
    try (SupabaseStore store = StoreFixtures.freshStore(TestPostgres.urlWith("prepareThreshold=0"))
        .build();
        EmailTriage triage = EmailTriage.builder().decider(decider).store(store.decisionStore())
            .promptSource(store.promptRepository()).workerThreads(0)
            .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(1)).build()) {
      TriageResult first = triage.process(question("p1"));
      assertThat(first.status()).isEqualTo(TriageStatus.PROCESSED);
      assertThat(first.decision().promptId()).isEqualTo(DefaultPrompt.ID);
      TriageResult again = triage.process(question("p1"));
      assertThat(decider.calls).hasValue(1);
      assertThat(again.decision()).isEqualTo(first.decision());
      // The pipeline's clock ticks in microseconds, as PostgreSQL stores them: the stored result is the same
      assertThat(again).isEqualTo(first);
      EmailRecord stored = store.decisionStore().find("p1").orElseThrow();
      assertThat(stored.fingerprint()).isNotBlank();
      assertThat(stored.decision().tokenUsage()).isEqualTo(new TokenUsage(100, 50, 10, 160));

      for (int i = 0; i < 10; i++) {
        assertThat(triage.submit(question("a" + i)).status()).isEqualTo(TriageStatus.QUEUED);
      }
      assertThat(store.decisionStore().queueDepth()).isEqualTo(10);
      assertThat(triage.drainQueue()).isEqualTo(10);
      assertThat(store.decisionStore().queueDepth()).isZero();
      for (int i = 0; i < 10; i++) {
        assertThat(triage.status("a" + i).orElseThrow().status()).isEqualTo(TriageStatus.PROCESSED);
      }

      decider.failing = true;
      TriageResult failed = triage.process(question("f1"));
      assertThat(failed.status()).isEqualTo(TriageStatus.FAILED);
      assertThat(store.decisionStore().find("f1").orElseThrow().retryable()).isTrue();
      decider.failing = false;
      await(() -> {
        triage.drainQueue();
        return store.decisionStore().find("f1").orElseThrow().status() == TriageStatus.PROCESSED;
      });
    }
  }

  private static void await(java.util.function.BooleanSupplier done) {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 10 s").isLessThan(until);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
