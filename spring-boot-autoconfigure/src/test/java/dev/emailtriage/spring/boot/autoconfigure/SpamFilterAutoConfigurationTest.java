package dev.emailtriage.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.DecisionSource;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.EmailType;
import dev.emailtriage.TriageResult;
import dev.emailtriage.spamfilter.SpamFilterRule;
import dev.emailtriage.spi.RuleOutcome;
import dev.emailtriage.test.TestEmails;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code emailtriage.spamfilter.*}: the spam filter runs after the built-in rules, against a fake spamd. */
class SpamFilterAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(EmailTriageAutoConfigurationTest.ALL)
      .withConfiguration(AutoConfigurations.of(EmailTriageSpamFilterAutoConfiguration.class))
      .withPropertyValues("GEMINI_API_KEY=", "GOOGLE_API_KEY=", "GEMINI_BASE_URL=", "EMAILTRIAGE_SPAMD=",
          "EMAILTRIAGE_RSPAMD_URL=");

  private ServerSocket server;
  private final AtomicInteger asked = new AtomicInteger();

  /** A spamd that calls everything spam, one request per connection. */
  @BeforeEach
  void startFakeSpamd() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          InputStream in = s.getInputStream();
          in.readAllBytes(); // the client shuts its output down after the message
          asked.incrementAndGet();
          OutputStream out = s.getOutputStream();
          out.write("SPAMD/1.1 0 EX_OK\r\nSpam: True ; 12.0 / 5.0\r\n\r\nFAKE_RULE".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
          return;
        }
      }
    }, "fake-spamd");
    t.setDaemon(true);
    t.start();
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private String spamd() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  @Test
  void withoutAnAddressThereIsNoSpamFilter() {
    runner.run(context -> {
      assertThat(context).hasNotFailed().doesNotHaveBean(EmailTriageSpamFilter.class);
      TriageResult r = context.getBean(EmailTriage.class).process(TestEmails.question("q1"));
      assertThat(r.decision().source()).isEqualTo(DecisionSource.FALLBACK);
    });
  }

  @Test
  void thePropertyAddsTheFilterAfterTheBuiltInRules() {
    runner.withPropertyValues("emailtriage.spamfilter.spamd=" + spamd(), "emailtriage.spamfilter.timeout=10s")
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(EmailTriageSpamFilter.class);
          EmailTriage triage = context.getBean(EmailTriage.class);
          TriageResult spam = triage.process(TestEmails.question("q1"));
          assertThat(spam.decision().source()).isEqualTo(DecisionSource.RULE);
          assertThat(spam.decision().rule()).isEqualTo("spam-filter");
          assertThat(spam.decision().emailType()).isEqualTo(EmailType.SPAM);
          TriageResult bounce = triage.process(TestEmails.bounce("b1"));
          assertThat(bounce.decision().rule()).isEqualTo("delivery-report"); // the header rule spoke first
          assertThat(asked).hasValue(1);
        });
  }

  @Test
  void anAllowedSenderNeverReachesTheFilter() {
    runner.withPropertyValues("emailtriage.spamfilter.spamd=" + spamd(), "emailtriage.rules.allow=example.com")
        .run(context -> {
          TriageResult r = context.getBean(EmailTriage.class).process(TestEmails.question("q1"));
          assertThat(r.decision().source()).isEqualTo(DecisionSource.FALLBACK);
          assertThat(asked).hasValue(0);
        });
  }

  @Test
  void theEnvironmentNameWorksToo() {
    runner.withPropertyValues("EMAILTRIAGE_SPAMD=" + spamd()).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(EmailTriageSpamFilter.class);
      assertThat(context.getBean(EmailTriageSpamFilter.class).rule().toString()).contains(spamd());
    });
  }

  @Test
  void thePropertyWinsOverTheEnvironmentName() {
    runner.withPropertyValues("EMAILTRIAGE_SPAMD=127.0.0.1:1", "emailtriage.spamfilter.spamd=" + spamd())
        .run(context -> assertThat(context.getBean(EmailTriageSpamFilter.class).rule().toString())
            .contains(spamd()).doesNotContain("127.0.0.1:1,"));
  }

  @Test
  void aBadAddressStopsTheStartNamingTheProperty() {
    runner.withPropertyValues("emailtriage.spamfilter.spamd=localhost").run(context ->
        assertThat(context).hasFailed().getFailure()
            .hasStackTraceContaining("emailtriage.spamfilter.spamd: spamd must be host:port"));
  }

  @Test
  void aBadEnvironmentValueNamesTheVariable() {
    runner.withPropertyValues("EMAILTRIAGE_RSPAMD_URL=ftp://x").run(context ->
        assertThat(context).hasFailed().getFailure().hasStackTraceContaining("EMAILTRIAGE_RSPAMD_URL: rspamd must"));
  }

  @Test
  void backsOffWithoutTheModule() {
    runner.withPropertyValues("emailtriage.spamfilter.spamd=" + spamd())
        .withClassLoader(new FilteredClassLoader(SpamFilterRule.class))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(EmailTriageSpamFilter.class));
  }

  @Test
  void theUsersOwnFilterWins() {
    runner.withPropertyValues("emailtriage.spamfilter.spamd=" + spamd()).withUserConfiguration(OwnFilter.class)
        .run(context -> {
          assertThat(context.getBean(EmailTriageSpamFilter.class).rule().name()).isEqualTo("mine");
          TriageResult r = context.getBean(EmailTriage.class).process(TestEmails.question("q1"));
          assertThat(r.decision().rule()).isEqualTo("mine");
        });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnFilter {
    @Bean
    EmailTriageSpamFilter ownFilter() {
      return new EmailTriageSpamFilter(new dev.emailtriage.spi.Rule() {
        @Override
        public String name() {
          return "mine";
        }

        @Override
        public RuleOutcome evaluate(dev.emailtriage.Email email) {
          return RuleOutcome.ignore(EmailType.SPAM, "my filter");
        }
      });
    }
  }
}
