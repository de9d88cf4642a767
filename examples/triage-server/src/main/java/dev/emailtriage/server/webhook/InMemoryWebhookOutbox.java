package dev.emailtriage.server.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outbox beside the in-memory store: lost with it when the server stops. Thread-safe. */
public final class InMemoryWebhookOutbox implements WebhookOutbox {

  private final Map<String, Delivery> byId = new LinkedHashMap<>();

  @Override
  public synchronized boolean enqueue(Delivery d) {
    for (Delivery other : byId.values()) {
      if (other.event().equals(d.event()) && other.jobId().equals(d.jobId())) {
        return false;
      }
    }
    byId.put(d.id(), d);
    return true;
  }

  @Override
  public synchronized List<Delivery> claimDue(Instant now, int limit, Duration lease) {
    List<Delivery> due = new ArrayList<>();
    byId.values().stream()
        .filter(d -> d.deliveredAt() == null && d.gaveUpAt() == null && !d.nextAttemptAt().isAfter(now))
        .sorted(Comparator.comparing(Delivery::nextAttemptAt))
        .limit(limit)
        .forEach(due::add);
    for (Delivery d : due) {
      byId.put(d.id(), with(d, d.attempts(), now.plus(lease), d.lastAttemptAt(), d.lastError(), null, null));
    }
    return due;
  }

  @Override
  public synchronized void delivered(String id, Instant at) {
    Delivery d = byId.get(id);
    if (d != null) {
      byId.put(id, with(d, d.attempts() + 1, d.nextAttemptAt(), at, null, at, null));
    }
  }

  @Override
  public synchronized void failed(String id, Instant at, String error, Instant nextAttemptAt) {
    Delivery d = byId.get(id);
    if (d != null) {
      byId.put(id, with(d, d.attempts() + 1, nextAttemptAt == null ? d.nextAttemptAt() : nextAttemptAt, at, error,
          null, nextAttemptAt == null ? at : null));
    }
  }

  private static Delivery with(Delivery d, int attempts, Instant next, Instant last, String error, Instant delivered,
      Instant gaveUp) {
    return new Delivery(d.id(), d.event(), d.emailId(), d.jobId(), d.payload(), d.createdAt(), attempts, next, last,
        error, delivered, gaveUp);
  }

  @Override
  public synchronized List<Delivery> forEmail(String emailId) {
    return byId.values().stream().filter(d -> d.emailId().equals(emailId)).toList();
  }

  @Override
  public synchronized List<Delivery> recent(String status, int limit) {
    List<Delivery> all = new ArrayList<>(byId.values());
    java.util.Collections.reverse(all);
    return all.stream().filter(d -> status == null || d.status().equals(status)).limit(limit).toList();
  }
}
