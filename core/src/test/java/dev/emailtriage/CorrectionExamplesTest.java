package dev.emailtriage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emailtriage.CorrectionExample.Match;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DecisionStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Corrections teach the model: which corrected emails go with a model call, how they are shown, and when. */
class CorrectionExamplesTest {

  private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");

  private final List<Prompt> asked = new ArrayList<>();
  private final Map<String, Decision> answers = new ConcurrentHashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();
  private final List<EmailTriage> pipelines = new ArrayList<>();
  private boolean failLookups;
  private int seq;

  @AfterEach
  void close() {
    pipelines.forEach(EmailTriage::close);
  }

  /** The in-memory store, with {@code findCorrections} counted (and failing when asked to). */
  private DecisionStore countingStore() {
    DecisionStore real = new InMemoryDecisionStore();
    return (DecisionStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DecisionStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("findCorrections")) {
            lookups.incrementAndGet();
            if (failLookups) {
              throw new IllegalStateException("database down");
            }
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private EmailTriage pipeline(Integer examples, SenderMemory memory) {
    Decider decider = new Decider() {
      @Override
      public Decision decide(Email email, Prompt prompt) {
        asked.add(prompt);
        return answers.getOrDefault(email.emailId(), answer(Action.RESPOND, EmailType.QUESTION));
      }

      @Override
      public String name() {
        return "scripted";
      }
    };
    EmailTriage.Builder b = EmailTriage.builder().decider(decider).store(countingStore()).workerThreads(0);
    if (examples != null) {
      b.correctionExamples(examples);
    }
    if (memory != null) {
      b.senderMemory(memory);
    }
    EmailTriage t = b.build();
    pipelines.add(t);
    return t;
  }

  private static Decision answer(Action action, EmailType type) {
    return Decision.builder().action(action).confidence(0.95).emailType(type).urgency(Urgency.LOW)
        .reason("scripted").source(DecisionSource.MODEL).build();
  }

  private Email mail(String from, String subject, String body) {
    seq++;
    return Email.builder().emailId("e" + seq).from(from).to("support@biofraga.com").subject(subject).body(body)
        .receivedAt(T0.plusSeconds(seq)).build();
  }

  /** Processes a mail the model answers respond and the person corrects to ignore (type newsletter). */
  private TriageResult corrected(EmailTriage t, String from, String subject, String body) {
    TriageResult r = t.process(mail(from, subject, body));
    assertThat(t.feedback(r.emailId(), new Feedback(Action.IGNORE, EmailType.NEWSLETTER, null, T0))).isTrue();
    return r;
  }

  private Prompt lastAsked() {
    return asked.get(asked.size() - 1);
  }

  @Test
  void offByDefault() {
    EmailTriage t = pipeline(null, null);
    corrected(t, "Loja <news@shop.example>", "Ofertas 1", "Promoções da semana um");

    TriageResult next = t.process(mail("news@shop.example", "Ofertas 2", "Promoções da semana dois"));

    assertThat(lastAsked().examples()).isEmpty();
    assertThat(next.decision().examplesUsed()).isZero();
    assertThat(lookups).hasValue(0);
  }

  @Test
  void aCorrectionOfTheSameSenderGoesWithItsNextModelCallAndTheDecisionRecordsIt() {
    EmailTriage t = pipeline(3, null);
    TriageResult first = corrected(t, "Loja <news@shop.example>", "Ofertas 1", "Promoções da semana um");
    assertThat(asked.get(0).examples()).as("nothing was corrected yet").isEmpty();

    TriageResult next = t.process(mail("news@shop.example", "Ofertas 2", "Promoções da semana dois"));

    assertThat(lastAsked().examples()).containsExactly(new CorrectionExample(Match.SAME_SENDER, "news@shop.example",
        "Ofertas 1", "Promoções da semana um", Action.RESPOND, Action.IGNORE, EmailType.NEWSLETTER));
    assertThat(next.decision().examplesUsed()).isEqualTo(1);
    assertThat(t.record(next.emailId()).orElseThrow().decision().examplesUsed()).isEqualTo(1);
    assertThat(t.record(first.emailId()).orElseThrow().decision().examplesUsed()).isZero();
  }

  @Test
  void anotherSenderOfTheDomainIsShownByDomainOnlyWithASubjectAndACappedExcerpt() {
    EmailTriage t = pipeline(3, null);
    String longBody = "Primeira linha da mensagem.\n\n" + "palavra ".repeat(400);
    corrected(t, "Ana <ana@shop.example>", "Assunto de Ana", longBody);

    t.process(mail("bruno@shop.example", "Outra coisa", "Texto de Bruno"));

    CorrectionExample e = lastAsked().examples().get(0);
    assertThat(e.match()).isEqualTo(Match.SAME_DOMAIN);
    assertThat(e.sender()).isEqualTo("@shop.example");
    assertThat(e.subject()).isEqualTo("Assunto de Ana");
    assertThat(e.excerpt()).startsWith("Primeira linha da mensagem. palavra")
        .hasSizeLessThanOrEqualTo(CorrectionExample.MAX_EXCERPT + 1);
  }

  @Test
  void atSharedMailboxProvidersOnlyTheSameAddressMatches() {
    EmailTriage t = pipeline(3, null);
    corrected(t, "ana@gmail.com", "Oi", "Mensagem de Ana");

    t.process(mail("bruno@gmail.com", "Oi", "Mensagem de Bruno"));
    assertThat(lastAsked().examples()).isEmpty();

    t.process(mail("ana@gmail.com", "Oi de novo", "Outra mensagem de Ana"));
    assertThat(lastAsked().examples()).extracting(CorrectionExample::match).containsExactly(Match.SAME_SENDER);
  }

  @Test
  void feedbackThatAgreesWithTheDecisionIsNoExample() {
    EmailTriage t = pipeline(3, null);
    TriageResult r = t.process(mail("news@shop.example", "Ofertas 1", "Promoções um"));
    t.feedback(r.emailId(), new Feedback(Action.RESPOND, EmailType.QUESTION, "right", T0));
    TriageResult typeOnly = t.process(mail("news@shop.example", "Ofertas 2", "Promoções dois"));
    t.feedback(typeOnly.emailId(), new Feedback(null, EmailType.REQUEST, "a request, not a question", T0));

    t.process(mail("news@shop.example", "Ofertas 3", "Promoções três"));

    assertThat(lastAsked().examples()).as("a type correction counts; agreeing feedback does not")
        .extracting(CorrectionExample::subject, CorrectionExample::correctDecision, CorrectionExample::correctType)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Ofertas 2", Action.RESPOND, EmailType.REQUEST));
  }

  @Test
  void theMostSimilarComeFirstAndNoMoreThanTheMaximum() {
    EmailTriage t = pipeline(2, null);
    corrected(t, "other@shop.example", "Domínio", "Mensagem do domínio");
    corrected(t, "news@shop.example", "Remetente", "Mensagem do remetente");
    corrected(t, "x@elsewhere.example", "Igual", "Exatamente o mesmo texto de uma campanha conhecida");

    t.process(mail("news@shop.example", "Igual", "Exatamente o mesmo texto de uma campanha conhecida"));

    assertThat(lastAsked().examples()).extracting(CorrectionExample::match, CorrectionExample::sender)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Match.SAME_CONTENT, "@elsewhere.example"),
            org.assertj.core.groups.Tuple.tuple(Match.SAME_SENDER, "news@shop.example"));
  }

  @Test
  void examplesAreReadOnlyBeforeAModelCallNeverForARuleCacheOrLearnedDecision() {
    SenderMemory memory = SenderMemory.builder().build();
    EmailTriage t = pipeline(3, memory);
    int before = lookups.get();
    TriageResult ruled = t.process(mail("someone@shop.example", "Automatic reply", "Estou fora")
        .toBuilder().header("Auto-Submitted", "auto-replied").build());
    assertThat(ruled.decision().source()).isEqualTo(DecisionSource.RULE);
    assertThat(lookups).hasValue(before);

    Email first = mail("list@news.example", "Boletim", "O mesmo boletim de sempre com muitas palavras iguais aqui");
    answers.put(first.emailId(), answer(Action.IGNORE, EmailType.NEWSLETTER));
    t.process(first);
    assertThat(lookups).as("one model call, one look-up").hasValue(before + 1);
    TriageResult cached = t.process(first.toBuilder().emailId("dup").build());
    assertThat(cached.decision().source()).isEqualTo(DecisionSource.CACHE);
    assertThat(lookups).hasValue(before + 1);

    for (String topic : List.of("esportes", "política", "economia")) {
      Email e = mail("digest@news.example", "Digest de " + topic, "Conteúdo sobre " + topic + " no resumo");
      answers.put(e.emailId(), answer(Action.IGNORE, EmailType.NEWSLETTER));
      t.process(e);
    }
    int afterLearning = lookups.get();
    TriageResult learned = t.process(mail("digest@news.example", "Digest 9", "Mais um resumo, outro texto"));
    assertThat(learned.decision().source()).isEqualTo(DecisionSource.LEARNED);
    assertThat(lookups).hasValue(afterLearning);
  }

  @Test
  void aStoreFailureAsksTheModelWithoutExamples() {
    EmailTriage t = pipeline(3, null);
    corrected(t, "news@shop.example", "Ofertas 1", "Promoções um");
    failLookups = true;

    TriageResult next = t.process(mail("news@shop.example", "Ofertas 2", "Promoções dois"));

    assertThat(next.status()).isEqualTo(TriageStatus.PROCESSED);
    assertThat(lastAsked().examples()).isEmpty();
    assertThat(next.decision().examplesUsed()).isZero();
  }

  @Test
  void refusesZeroAndMoreThanFiveExamples() {
    assertThatThrownBy(() -> EmailTriage.builder().correctionExamples(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("correctionExamples");
    assertThatThrownBy(() -> EmailTriage.builder().correctionExamples(6))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 5");
  }

  @Test
  void refusesCorrectionExamplesTwice() {
    EmailTriage.Builder b = EmailTriage.builder().correctionExamples(3);
    assertThatThrownBy(() -> b.correctionExamples(2)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("correctionExamples was already set");
  }
}
