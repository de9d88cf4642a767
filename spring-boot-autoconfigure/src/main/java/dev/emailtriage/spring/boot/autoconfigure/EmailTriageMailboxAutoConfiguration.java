package dev.emailtriage.spring.boot.autoconfigure;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.EmailType;
import dev.emailtriage.InMemoryMailboxStateStore;
import dev.emailtriage.MailboxTriage;
import dev.emailtriage.ReplyMode;
import dev.emailtriage.ReplyPolicy;
import dev.emailtriage.gmail.GmailMailbox;
import dev.emailtriage.imap.ImapMailbox;
import dev.emailtriage.spi.Mailbox;
import dev.emailtriage.spi.MailboxStateStore;
import dev.emailtriage.spring.boot.autoconfigure.internal.OnGmailCredentialsCondition;
import dev.emailtriage.spring.boot.autoconfigure.internal.OnMailboxConfiguredCondition;
import dev.emailtriage.spring.boot.autoconfigure.internal.OnMailboxUrlCondition;
import dev.emailtriage.supabase.PostgresMailboxStateStore;
import dev.emailtriage.supabase.SupabaseStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * A mailbox triaged in the background: IMAP when {@code email-triage-imap} is on the classpath and
 * {@code emailtriage.mailbox.imap.url} is set (not blank), or Gmail when {@code email-triage-gmail} is on the classpath
 * and {@code emailtriage.mailbox.gmail.credentials} is set (both at once are refused at start-up): an
 * {@link ImapMailbox} or a {@link GmailMailbox}, its {@link MailboxStateStore} (PostgreSQL
 * when the {@link SupabaseStore} is configured, else in memory), the {@link ReplyPolicy} of
 * {@code emailtriage.mailbox.reply-mode}, a {@link MailboxTriage} and a {@link MailboxRunner} that runs it (IDLE or
 * every {@code emailtriage.mailbox.poll-seconds}); plus the health indicator {@code emailTriageMailbox} and the
 * meters {@code emailtriage.mailbox.*} when Actuator and Micrometer are present. Every bean can be replaced.
 */
@AutoConfiguration(after = {EmailTriageAutoConfiguration.class, EmailTriagePostgresAutoConfiguration.class})
@Conditional(OnMailboxConfiguredCondition.class)
@EnableConfigurationProperties(EmailTriageMailboxProperties.class)
public class EmailTriageMailboxAutoConfiguration {

  /**
   * Creates the configuration; Spring calls it.
   *
   * @param environment the environment, read to refuse an IMAP and a Gmail mailbox at once
   */
  public EmailTriageMailboxAutoConfiguration(Environment environment) {
    if (OnMailboxConfiguredCondition.isSet(environment, OnMailboxUrlCondition.PROPERTY)
        && OnMailboxConfiguredCondition.isSet(environment, OnGmailCredentialsCondition.PROPERTY)) {
      throw new IllegalStateException("both " + OnMailboxUrlCondition.PROPERTY + " and "
          + OnGmailCredentialsCondition.PROPERTY + " are set: configure one mailbox, IMAP or Gmail");
    }
  }

  /** The mailbox state in memory, when no PostgreSQL store is configured. */
  @Bean
  @ConditionalOnMissingBean(MailboxStateStore.class)
  public MailboxStateStore emailTriageMailboxStateStore() {
    return new InMemoryMailboxStateStore();
  }

  /** The reply policy of {@code emailtriage.mailbox.*}. */
  @Bean
  @ConditionalOnMissingBean
  public ReplyPolicy emailTriageReplyPolicy(EmailTriageMailboxProperties properties, EmailTriageProperties core) {
    ReplyMode mode = ReplyMode.fromWire(properties.getReplyMode());
    ReplyPolicy.Builder b = ReplyPolicy.builder().mode(mode);
    if (!core.getRules().getOwnAddresses().isEmpty()) {
      b.ownAddresses(core.getRules().getOwnAddresses());
    }
    if (mode == ReplyMode.SEND) {
      b.sendMinConfidence(properties.getSendMinConfidence());
      List<EmailType> types = properties.getSendTypes().stream().map(EmailType::fromWire).toList();
      b.sendTypes(types);
    }
    return b.build();
  }

  /** The loop: fetch, triage, reply by the policy, checkpoint. */
  @Bean
  @ConditionalOnMissingBean
  public MailboxTriage emailTriageMailboxTriage(EmailTriage triage, Mailbox mailbox, MailboxStateStore state,
      ReplyPolicy policy, EmailTriageMailboxProperties properties) {
    return MailboxTriage.builder().triage(triage).mailbox(mailbox).state(state).policy(policy)
        .allowSendWithMemoryState(properties.isAllowSendWithMemoryState()).build();
  }

  /** Runs the loop in the background unless {@code emailtriage.mailbox.scheduler-enabled=false}. */
  @Bean
  @ConditionalOnMissingBean
  public MailboxRunner emailTriageMailboxRunner(MailboxTriage loop, EmailTriageMailboxProperties properties) {
    return new MailboxRunner(loop, Duration.ofSeconds(properties.getPollSeconds()), properties.isSchedulerEnabled(),
        Clock.systemUTC());
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  /** The IMAP mailbox, when {@code emailtriage.mailbox.imap.url} is set. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ImapMailbox.class)
  @Conditional(OnMailboxUrlCondition.class)
  static class Imap {

    /** The IMAP mailbox from {@code emailtriage.mailbox.imap.*}. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(Mailbox.class)
    ImapMailbox emailTriageImapMailbox(EmailTriageMailboxProperties properties) {
      EmailTriageMailboxProperties.Imap imap = properties.getImap();
      if (isBlank(imap.getUsername()) || isBlank(imap.getPassword())) {
        throw new IllegalStateException("emailtriage.mailbox.imap.url is set, so emailtriage.mailbox.imap.username "
            + "and emailtriage.mailbox.imap.password must be set too");
      }
      ImapMailbox.Builder b = ImapMailbox.builder().imapUrl(imap.getUrl()).username(imap.getUsername())
          .password(imap.getPassword()).folder(imap.getFolder()).saveSentCopy(imap.isSaveSentCopy())
          .requireTls(imap.isRequireTls());
      if (!isBlank(imap.getSmtpUrl())) {
        b.smtpUrl(imap.getSmtpUrl());
      }
      if (!isBlank(imap.getSmtpUsername())) {
        b.smtpUsername(imap.getSmtpUsername()).smtpPassword(imap.getSmtpPassword());
      }
      if (!isBlank(imap.getAddress())) {
        b.address(imap.getAddress());
      }
      if (!isBlank(imap.getMoveIgnoredTo())) {
        b.moveIgnoredTo(imap.getMoveIgnoredTo());
      }
      return b.build();
    }
  }

  /** The Gmail mailbox, when {@code emailtriage.mailbox.gmail.credentials} is set. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(GmailMailbox.class)
  @Conditional(OnGmailCredentialsCondition.class)
  static class Gmail {

    /** The Gmail mailbox from {@code emailtriage.mailbox.gmail.*}. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(Mailbox.class)
    GmailMailbox emailTriageGmailMailbox(EmailTriageMailboxProperties properties) {
      EmailTriageMailboxProperties.Gmail gmail = properties.getGmail();
      String user = isBlank(gmail.getUser()) ? "me" : gmail.getUser().strip();
      String address = !isBlank(gmail.getAddress()) ? gmail.getAddress().strip()
          : user.contains("@") ? user : null;
      if (address == null) {
        throw new IllegalStateException("emailtriage.mailbox.gmail.user is '" + user + "', so "
            + "emailtriage.mailbox.gmail.address (the mailbox's address) must be set");
      }
      Path file = Path.of(gmail.getCredentials().strip());
      GoogleCredentials credentials;
      try (InputStream in = Files.newInputStream(file)) {
        credentials = GoogleCredentials.fromStream(in).createScoped(GmailMailbox.SCOPES);
      } catch (IOException | RuntimeException e) {
        throw new IllegalStateException(OnGmailCredentialsCondition.PROPERTY + ": cannot read the Gmail credentials "
            + file + ": " + e, e);
      }
      if (credentials instanceof ServiceAccountCredentials serviceAccount) {
        credentials = serviceAccount.createDelegated(address);
      }
      GmailMailbox.Builder b = GmailMailbox.builder().credentials(credentials).address(address).user(user);
      if (!isBlank(gmail.getRootUrl())) {
        String root = gmail.getRootUrl().strip();
        b.rootUrl(root.endsWith("/") ? root : root + "/");
      }
      return b.build();
    }
  }

  /** The mailbox state in the PostgreSQL store (migration V5), when it is configured. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(SupabaseStore.class)
  @ConditionalOnBean(SupabaseStore.class)
  static class PostgresState {

    @Bean
    @ConditionalOnMissingBean(MailboxStateStore.class)
    PostgresMailboxStateStore emailTriagePostgresMailboxStateStore(SupabaseStore store) {
      return store.mailboxStateStore();
    }
  }

  /** Health indicator {@code emailTriageMailbox}: DOWN while the last run failed. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnEnabledHealthIndicator("emailtriage")
  static class MailboxHealth {

    @Bean
    @ConditionalOnMissingBean(name = "emailTriageMailboxHealthIndicator")
    HealthIndicator emailTriageMailboxHealthIndicator(MailboxRunner runner) {
      return () -> {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mailbox", runner.mailboxId());
        details.put("reply_mode", runner.replyMode());
        details.put("checkpoint", String.valueOf(runner.checkpoint()));
        details.put("last_success", String.valueOf(runner.lastSuccess()));
        details.put("fetched", runner.fetched());
        details.put("drafted", runner.drafted());
        details.put("sent", runner.sent());
        if (runner.lastError() != null) {
          details.put("last_failure", String.valueOf(runner.lastFailure()));
          details.put("error", runner.lastError());
          return Health.down().withDetails(details).build();
        }
        return (runner.lastSuccess() == null ? Health.unknown() : Health.up()).withDetails(details).build();
      };
    }
  }

  /** Meters {@code emailtriage.mailbox.*}: messages fetched, drafts made, replies sent, failures, sync lag. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterBinder.class)
  static class MailboxMetrics {

    @Bean
    @ConditionalOnMissingBean(name = "emailTriageMailboxMeters")
    MeterBinder emailTriageMailboxMeters(MailboxRunner runner) {
      return registry -> {
        String id = runner.mailboxId();
        FunctionCounter.builder("emailtriage.mailbox.messages.fetched", runner, MailboxRunner::fetched)
            .tag("mailbox", id).description("Messages fetched from the mailbox").register(registry);
        FunctionCounter.builder("emailtriage.mailbox.drafts", runner, MailboxRunner::drafted)
            .tag("mailbox", id).description("Reply drafts made").register(registry);
        FunctionCounter.builder("emailtriage.mailbox.replies.sent", runner, MailboxRunner::sent)
            .tag("mailbox", id).description("Replies sent automatically").register(registry);
        FunctionCounter.builder("emailtriage.mailbox.failures", runner, MailboxRunner::failed)
            .tag("mailbox", id).description("Messages whose triage failed").register(registry);
        Gauge.builder("emailtriage.mailbox.sync.lag", runner, MailboxRunner::syncLagSeconds)
            .tag("mailbox", id).baseUnit("seconds").description("Time since the last successful run")
            .register(registry);
      };
    }
  }
}
