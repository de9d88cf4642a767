package dev.emailtriage.server.webhook;

import dev.emailtriage.Email;
import dev.emailtriage.TriageListener;
import dev.emailtriage.TriageResult;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.server.config.ServerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs each completed async job (a decision stored with a job id; event {@code triage.completed}) and each async job
 * that failed for good (event {@code triage.failed}) to {@code EMAILTRIAGE_WEBHOOK_URL}, signed with
 * {@code X-EmailTriage-Signature: sha256=<hex HMAC-SHA256 of the body with EMAILTRIAGE_WEBHOOK_SECRET>}. Deliveries
 * run on their own threads, so the pipeline's worker never waits for the receiver; a failed delivery (network
 * error or a non-2xx answer) is retried with exponential backoff and jitter up to the configured attempts.
 */
@Component
public class WebhookNotifier implements TriageListener, DisposableBean {

  /** The signature header. */
  public static final String SIGNATURE_HEADER = "X-EmailTriage-Signature";

  private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
  private static final int MAX_PENDING = 10_000;

  private final ServerSettings settings;
  private final JsonMapper json;
  private final URI target;
  private final HttpClient client;
  private final ScheduledExecutorService executor;
  private final AtomicInteger pending = new AtomicInteger();

  /** A notifier for the configured webhook; does nothing when none is configured. */
  public WebhookNotifier(ServerSettings settings, JsonMapper json) {
    this.settings = settings;
    this.json = json;
    if (settings.webhookEnabled()) {
      AtomicInteger n = new AtomicInteger();
      this.target = URI.create(settings.webhookUrl().trim());
      this.executor = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "emailtriage-webhook-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      this.client = HttpClient.newBuilder().connectTimeout(settings.webhookTimeout())
          .followRedirects(HttpClient.Redirect.NEVER).build();
      LOG.info("Completed async jobs will be POSTed to the configured webhook ({})", target.getHost());
    } else {
      this.target = null;
      this.executor = null;
      this.client = null;
    }
  }

  @Override
  public void onDecision(Email email, TriageResult result) {
    send("triage.completed", result);
  }

  /** An async job that failed for good (not to be retried) is reported too: the receiver would wait forever. */
  @Override
  public void onFailure(Email email, TriageResult stored, Throwable error) {
    if (target == null || stored.retryable() || stored.status() != TriageStatus.FAILED) {
      return;
    }
    send("triage.failed", stored);
  }

  private void send(String event, TriageResult result) {
    if (target == null || result.jobId() == null) {
      return;
    }
    if (pending.incrementAndGet() > MAX_PENDING) {
      pending.decrementAndGet();
      LOG.warn("webhook backlog above {}; dropped the delivery of job {}", MAX_PENDING, result.jobId());
      return;
    }
    try {
      byte[] body = json.writeValueAsBytes(result);
      Delivery delivery = new Delivery(UUID.randomUUID().toString(), event, result.jobId(), body, sign(body));
      executor.execute(() -> attempt(delivery, 1));
    } catch (RuntimeException e) {
      pending.decrementAndGet();
      LOG.warn("could not queue the webhook of job {}: {}", result.jobId(), e.toString());
    }
  }

  private record Delivery(String id, String event, String jobId, byte[] body, String signature) {}

  private void attempt(Delivery d, int attempt) {
    boolean done = false;
    String outcome;
    try {
      HttpRequest request = HttpRequest.newBuilder(target)
          .timeout(settings.webhookTimeout())
          .header("Content-Type", "application/json")
          .header("User-Agent", "email-triage-webhook")
          .header("X-EmailTriage-Event", d.event())
          .header("X-EmailTriage-Delivery", d.id())
          .header(SIGNATURE_HEADER, "sha256=" + d.signature())
          .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()))
          .build();
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      done = response.statusCode() / 100 == 2;
      outcome = "HTTP " + response.statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pending.decrementAndGet();
      return;
    } catch (Exception e) {
      outcome = e.getClass().getSimpleName();
    }
    if (done) {
      pending.decrementAndGet();
      LOG.debug("webhook of job {} delivered (attempt {})", d.jobId(), attempt);
      return;
    }
    if (attempt >= settings.webhookMaxAttempts()) {
      pending.decrementAndGet();
      LOG.warn("webhook of job {} not delivered after {} attempts (last: {}); giving up", d.jobId(), attempt, outcome);
      return;
    }
    long base = settings.webhookInitialBackoff().toMillis() << Math.min(20, attempt - 1);
    long delay = Math.min(Duration.ofMinutes(10).toMillis(), base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    LOG.info("webhook of job {} failed (attempt {}: {}); retrying in {} ms", d.jobId(), attempt, outcome, delay);
    try {
      executor.schedule(() -> attempt(d, attempt + 1), delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      pending.decrementAndGet();
    }
  }

  /** The hex HMAC-SHA256 of {@code body} with the webhook secret. */
  String sign(byte[] body) {
    return hmacHex(settings.webhookSecret(), body);
  }

  /** The hex HMAC-SHA256 of {@code body} with {@code secret}, as receivers compute it. */
  public static String hmacHex(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  @Override
  public void destroy() {
    if (executor != null) {
      executor.shutdownNow();
    }
  }
}
