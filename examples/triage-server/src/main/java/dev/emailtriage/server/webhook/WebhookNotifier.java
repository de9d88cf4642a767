package dev.emailtriage.server.webhook;

import dev.emailtriage.Email;
import dev.emailtriage.TriageListener;
import dev.emailtriage.TriageResult;
import dev.emailtriage.TriageStatus;
import dev.emailtriage.server.config.ServerSettings;
import dev.emailtriage.spi.DecisionStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Webhooks for async jobs through a durable outbox ({@link WebhookOutbox}): when a job completes (event
 * {@code triage.completed}) or fails for good ({@code triage.failed}), a delivery is stored; a worker POSTs due
 * deliveries to {@code EMAILTRIAGE_WEBHOOK_URL} and records each attempt, so deliveries pending at a stop or crash
 * are sent after the restart. At least once: a receiver drops duplicates by {@code webhook-id}, which stays the same
 * on every attempt. Each attempt is signed per Standard Webhooks ({@code webhook-id}, {@code webhook-timestamp} —
 * the attempt's time, so a receiver that refuses timestamps older than five minutes refuses replays — and
 * {@code webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>}, {@link WebhookSigner}). A failed attempt
 * (network error or non-2xx) is retried with exponential backoff and jitter up to the configured attempts, then
 * given up; {@code GET /api/v1/webhooks/deliveries} shows attempts and the last error. Logs name deliveries by id and
 * job, never their content. Thread-safe.
 */
@Component
public class WebhookNotifier implements TriageListener, SmartLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
  private static final int BATCH = 20;

  private final ServerSettings settings;
  private final JsonMapper json;
  private final DecisionStore store;
  private final WebhookOutbox outbox;
  private final Clock clock = Clock.systemUTC();
  private final URI target;
  private final WebhookSigner signer;
  private final HttpClient client;
  private volatile ScheduledExecutorService executor;

  /** A notifier for the configured webhook; stores and sends nothing when none is configured. */
  public WebhookNotifier(ServerSettings settings, JsonMapper json, DecisionStore store, WebhookOutbox outbox) {
    this.settings = settings;
    this.json = json;
    this.store = store;
    this.outbox = outbox;
    if (settings.webhookEnabled()) {
      this.target = URI.create(settings.webhookUrl().trim());
      this.signer = new WebhookSigner(settings.webhookSecret());
      this.client = HttpClient.newBuilder().connectTimeout(settings.webhookTimeout())
          .followRedirects(HttpClient.Redirect.NEVER).build();
    } else {
      this.target = null;
      this.signer = null;
      this.client = null;
    }
  }

  @Override
  public void onDecision(Email email, TriageResult result) {
    enqueue("triage.completed", result);
  }

  /** An async job that failed for good (not to be retried) is reported too: the receiver would wait forever. */
  @Override
  public void onFailure(Email email, TriageResult stored, Throwable error) {
    if (target == null || stored.retryable() || stored.status() != TriageStatus.FAILED) {
      return;
    }
    enqueue("triage.failed", stored);
  }

  private void enqueue(String event, TriageResult result) {
    if (target == null || result.jobId() == null) {
      return;
    }
    String payload = new String(json.writeValueAsBytes(result), StandardCharsets.UTF_8);
    String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
    if (outbox.enqueue(WebhookOutbox.Delivery.pending(id, event, result.emailId(), result.jobId(), payload,
        clock.instant()))) {
      wake();
    }
  }

  private void wake() {
    ScheduledExecutorService e = executor;
    if (e != null) {
      try {
        e.execute(this::drain);
      } catch (RejectedExecutionException ignored) {
        // Stopping: the outbox keeps it for the next start.
      }
    }
  }

  /**
   * Queues the deliveries that a crash between storing a decision and storing its delivery left out: async jobs
   * processed (or failed for good) in the hour before this start with no delivery at all. Runs once, at start.
   */
  void reconcile() {
    try {
      List<String> missing = outbox.jobsWithoutDelivery(clock.instant().minus(Duration.ofHours(1)));
      for (String emailId : missing) {
        store.find(emailId).ifPresent(r -> {
          if (r.status() == TriageStatus.PROCESSED) {
            enqueue("triage.completed", r.toResult());
          } else if (r.status() == TriageStatus.FAILED && !r.retryable()) {
            enqueue("triage.failed", r.toResult());
          }
        });
      }
      if (!missing.isEmpty()) {
        LOG.warn("{} async job(s) finished without a webhook delivery (the server stopped in between); queued now",
            missing.size());
      }
    } catch (RuntimeException e) {
      LOG.warn("could not look for async jobs without a webhook delivery: {}", e.getClass().getSimpleName());
    }
  }

  /** Delivers what is due, batch after batch, until nothing is. */
  void drain() {
    try {
      Duration lease = settings.webhookTimeout().plusSeconds(30);
      List<WebhookOutbox.Delivery> due;
      do {
        due = outbox.claimDue(clock.instant(), BATCH, lease);
        for (WebhookOutbox.Delivery d : due) {
          if (Thread.currentThread().isInterrupted()) {
            return;
          }
          attempt(d);
        }
      } while (due.size() == BATCH);
    } catch (RuntimeException e) {
      LOG.warn("webhook outbox not readable; will try again: {}", e.getClass().getSimpleName());
    }
  }

  private void attempt(WebhookOutbox.Delivery d) {
    byte[] body = d.payload().getBytes(StandardCharsets.UTF_8);
    long timestamp = clock.instant().getEpochSecond();
    String outcome;
    try {
      HttpRequest request = HttpRequest.newBuilder(target)
          .timeout(settings.webhookTimeout())
          .header("Content-Type", "application/json")
          .header("User-Agent", "email-triage-webhook")
          .header("webhook-id", d.id())
          .header("webhook-timestamp", Long.toString(timestamp))
          .header("webhook-signature", signer.sign(d.id(), timestamp, body))
          .header("X-EmailTriage-Event", d.event())
          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
          .build();
      HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 == 2) {
        outbox.delivered(d.id(), clock.instant());
        LOG.debug("webhook {} of job {} delivered (attempt {})", d.id(), d.jobId(), d.attempts() + 1);
        return;
      }
      outcome = "HTTP " + response.statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      outcome = e.getClass().getSimpleName();
    }
    int attempts = d.attempts() + 1;
    Instant now = clock.instant();
    if (attempts >= settings.webhookMaxAttempts()) {
      outbox.failed(d.id(), now, outcome, null);
      LOG.warn("webhook {} of job {} not delivered after {} attempts (last: {}); given up", d.id(), d.jobId(),
          attempts, outcome);
      return;
    }
    long base = settings.webhookInitialBackoff().toMillis() << Math.min(20, attempts - 1);
    long delay = Math.min(Duration.ofMinutes(10).toMillis(),
        base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    outbox.failed(d.id(), now, outcome, now.plusMillis(delay));
    LOG.info("webhook {} of job {} failed (attempt {}: {}); retrying in {} ms", d.id(), d.jobId(), attempts, outcome,
        delay);
  }

  @Override
  public void start() {
    if (target == null || executor != null) {
      return;
    }
    ScheduledExecutorService e = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "emailtriage-webhook");
      t.setDaemon(true);
      return t;
    });
    long poll = settings.webhookPollInterval().toMillis();
    e.execute(this::reconcile);
    e.scheduleWithFixedDelay(this::drain, 0, poll, TimeUnit.MILLISECONDS);
    executor = e;
    LOG.info("Webhooks of async jobs go to {} from the {} outbox (pending deliveries are resumed)",
        target.getHost(), outbox instanceof PostgresWebhookOutbox ? "PostgreSQL" : "in-memory");
  }

  @Override
  public void stop() {
    ScheduledExecutorService e = executor;
    executor = null;
    if (e != null) {
      e.shutdownNow();
      try {
        e.awaitTermination(settings.webhookTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return executor != null;
  }
}
