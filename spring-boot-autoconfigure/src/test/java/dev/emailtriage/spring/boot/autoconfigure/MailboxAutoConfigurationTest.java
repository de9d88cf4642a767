package dev.emailtriage.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailType;
import dev.emailtriage.InMemoryMailboxStateStore;
import dev.emailtriage.MailboxTriage;
import dev.emailtriage.ReplyMode;
import dev.emailtriage.ReplyPolicy;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.Tone;
import dev.emailtriage.Urgency;
import dev.emailtriage.imap.ImapMailbox;
import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.MailboxStateStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@link EmailTriageMailboxAutoConfiguration} against GreenMail, a real IMAP server in this JVM. */
class MailboxAutoConfigurationTest {

  private static final String SUPPORT = "support@biofraga.example";

  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetup.dynamicPort(
      ServerSetupTest.SMTP_IMAP)).withConfiguration(GreenMailConfiguration.aConfig().withUser(SUPPORT, "pw"))
      .withPerMethodLifecycle(true);

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(EmailTriageAutoConfiguration.class,
          EmailTriageDeciderAutoConfiguration.class, EmailTriageStoreAutoConfiguration.class,
          EmailTriagePromptAutoConfiguration.class, EmailTriageMailboxAutoConfiguration.class))
      .withPropertyValues("GEMINI_API_KEY=", "GOOGLE_API_KEY=")
      .withBean(Decider.class, () -> (email, prompt) -> Decision.builder().action(Action.RESPOND)
          .confidence(0.95).emailType(EmailType.QUESTION).urgency(Urgency.MEDIUM).reason("question")
          .source(DecisionSource.MODEL).prompt(prompt.id(), prompt.version())
          .suggestedResponse(new SuggestedResponse("Re: x", "Olá! Prazo de 5 dias.", Tone.FRIENDLY)).build());

  private ApplicationContextRunner imap(String... more) {
    String[] base = {"emailtriage.mailbox.imap.url=imap://127.0.0.1:" + GREEN_MAIL.getImap().getPort(),
        "emailtriage.mailbox.imap.username=" + SUPPORT, "emailtriage.mailbox.imap.password=pw",
        "emailtriage.mailbox.imap.require-tls=false"};
    return runner.withPropertyValues(base).withPropertyValues(more);
  }

  private static int drafts() throws Exception {
    try (Store store = Session.getInstance(new Properties()).getStore("imap")) {
      store.connect("127.0.0.1", GREEN_MAIL.getImap().getPort(), SUPPORT, "pw");
      Folder drafts = store.getFolder("Drafts");
      return drafts.exists() ? drafts.getMessageCount() : 0;
    }
  }

  private static void deliverQuestion() {
    GreenMailUtil.sendTextEmail(SUPPORT, "ana@example.com", "Qual o prazo?", "Qual o prazo de entrega?",
        GREEN_MAIL.getSmtp().getServerSetup());
    GREEN_MAIL.waitForIncomingEmail(1);
  }

  @Test
  void withoutAnImapUrlThereIsNoMailbox() {
    runner.withPropertyValues("emailtriage.mailbox.imap.url= ").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(MailboxTriage.class);
      assertThat(context).doesNotHaveBean(MailboxRunner.class);
    });
  }

  @Test
  void anImapUrlWithoutCredentialsFailsNamingTheProperties() {
    runner.withPropertyValues("emailtriage.mailbox.imap.url=imaps://imap.example.com").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining("emailtriage.mailbox.imap.password"));
  }

  @Test
  void theSchedulerDraftsTheRepliesOfNewMailInTheBackground() throws Exception {
    deliverQuestion();
    imap().run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(MailboxStateStore.class)).isInstanceOf(InMemoryMailboxStateStore.class);
      MailboxRunner mailboxRunner = context.getBean(MailboxRunner.class);
      assertThat(mailboxRunner.isRunning()).isTrue();
      assertThat(mailboxRunner.awaitRuns(1, Duration.ofSeconds(60))).isTrue();
      assertThat(mailboxRunner.drafted()).isEqualTo(1);
      assertThat(drafts()).isEqualTo(1);
    });
  }

  @Test
  void healthAndMetricsShowWhatTheRunsDid() throws Exception {
    deliverQuestion();
    imap("emailtriage.mailbox.scheduler-enabled=false").run(context -> {
      MailboxRunner mailboxRunner = context.getBean(MailboxRunner.class);
      assertThat(mailboxRunner.isRunning()).isFalse();
      HealthIndicator health = context.getBean("emailTriageMailboxHealthIndicator", HealthIndicator.class);
      assertThat(health.health().getStatus()).as("no run yet").isEqualTo(Status.UNKNOWN);

      mailboxRunner.runOnce();

      Health h = health.health();
      assertThat(h.getStatus()).isEqualTo(Status.UP);
      assertThat(h.getDetails()).containsEntry("fetched", 1L).containsEntry("drafted", 1L)
          .containsEntry("reply_mode", "draft");
      MeterRegistry registry = new SimpleMeterRegistry();
      context.getBean("emailTriageMailboxMeters", MeterBinder.class).bindTo(registry);
      assertThat(registry.get("emailtriage.mailbox.messages.fetched").functionCounter().count()).isEqualTo(1.0);
      assertThat(registry.get("emailtriage.mailbox.drafts").functionCounter().count()).isEqualTo(1.0);
      assertThat(registry.get("emailtriage.mailbox.sync.lag").gauge().value()).isGreaterThanOrEqualTo(0.0);
    });
  }

  @Test
  void aFailingServerMakesTheHealthDown() {
    runner.withPropertyValues("emailtriage.mailbox.imap.url=imap://127.0.0.1:1",
        "emailtriage.mailbox.imap.username=" + SUPPORT, "emailtriage.mailbox.imap.password=pw",
        "emailtriage.mailbox.imap.require-tls=false", "emailtriage.mailbox.scheduler-enabled=false").run(context -> {
          MailboxRunner mailboxRunner = context.getBean(MailboxRunner.class);
          try {
            mailboxRunner.runOnce();
          } catch (RuntimeException expected) {
            // recorded for the health indicator
          }
          Health h = context.getBean("emailTriageMailboxHealthIndicator", HealthIndicator.class).health();
          assertThat(h.getStatus()).isEqualTo(Status.DOWN);
          assertThat((String) h.getDetails().get("error")).contains("cannot open IMAP folder");
        });
  }

  @Test
  void replyModeAndSendSettingsReachThePolicy() {
    imap("emailtriage.mailbox.scheduler-enabled=false", "emailtriage.mailbox.reply-mode=send",
        "emailtriage.mailbox.allow-send-with-memory-state=true", "emailtriage.mailbox.send-min-confidence=0.97",
        "emailtriage.mailbox.send-types=question").run(context -> {
          ReplyPolicy policy = context.getBean(ReplyPolicy.class);
          assertThat(policy.mode()).isEqualTo(ReplyMode.SEND);
          assertThat(policy.sendMinConfidence()).isEqualTo(0.97);
          assertThat(policy.sendTypes()).containsExactly(EmailType.QUESTION);
        });
  }

  @Test
  void sendModeWithTheMemoryStateIsRefused() {
    imap("emailtriage.mailbox.reply-mode=send").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining("durable mailbox state store"));
  }

  @Test
  void aBadReplyModeIsRefusedAtStartUp() {
    imap("emailtriage.mailbox.reply-mode=auto").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining("emailtriage.mailbox.reply-mode must be"));
  }

  @Test
  void theUsersOwnBeansWin() {
    ReplyPolicy mine = ReplyPolicy.builder().mode(ReplyMode.OFF).build();
    imap("emailtriage.mailbox.scheduler-enabled=false").withBean(ReplyPolicy.class, () -> mine)
        .run(context -> {
          assertThat(context.getBean(ReplyPolicy.class)).isSameAs(mine);
          assertThat(context.getBean(ImapMailbox.class).id()).isEqualTo("imap:" + SUPPORT + "@127.0.0.1/INBOX");
        });
  }
}
