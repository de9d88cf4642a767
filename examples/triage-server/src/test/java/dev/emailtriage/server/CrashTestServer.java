package dev.emailtriage.server;

import dev.emailtriage.Decision;
import dev.emailtriage.Email;
import dev.emailtriage.OfflineFallbackDecider;
import dev.emailtriage.Prompt;
import dev.emailtriage.spi.Decider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.core.env.Environment;

/**
 * The server as a separate JVM for the crash tests ({@link ChildServer}): the real application plus a decider that
 * takes {@code crash.decider-millis} per email (the latency of a model call, so that a kill finds work in flight) and
 * appends the id of every email it decided to {@code crash.decisions-log}.
 */
public final class CrashTestServer {

  private CrashTestServer() {}

  /** Starts the server. */
  public static void main(String[] args) {
    SpringApplication.run(new Class<?>[] {TriageServerApplication.class, Config.class}, args);
  }

  /** The decider bean. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Config {
    @Bean
    Decider crashTestDecider(Environment env) {
      return new LoggingDecider(Path.of(env.getRequiredProperty("crash.decisions-log")),
          Duration.ofMillis(env.getProperty("crash.decider-millis", Long.class, 0L)));
    }
  }

  /** The offline fallback, slowed down and logged. */
  static final class LoggingDecider implements Decider {
    private final Decider fallback = new OfflineFallbackDecider();
    private final FileChannel log;
    private final Duration latency;

    LoggingDecider(Path file, Duration latency) {
      try {
        this.log = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      this.latency = latency;
    }

    @Override
    public Decision decide(Email email, Prompt prompt) {
      try {
        Thread.sleep(latency.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Decision d = fallback.decide(email, prompt);
      try {
        synchronized (log) {
          // One write per line: what the kernel has survives the kill -9 of this JVM.
          log.write(java.nio.ByteBuffer.wrap((email.emailId() + "\n").getBytes(StandardCharsets.UTF_8)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return d;
    }

    @Override
    public String name() {
      return "crash-test-decider";
    }
  }
}
