package dev.emailtriage;

import dev.emailtriage.spi.Mailbox;
import dev.emailtriage.spi.MailboxBatch;
import dev.emailtriage.spi.MailboxException;
import dev.emailtriage.spi.MailboxMessage;
import dev.emailtriage.spi.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A mailbox in memory for core's tests of {@link MailboxTriage} (the real connectors are tested against GreenMail):
 * messages numbered from 1, checkpoint = the last number; drafts idempotent by marker, as the SPI demands.
 */
final class FakeMailbox implements Mailbox {
  final List<Email> messages = new ArrayList<>();
  final Map<String, Reply> drafts = new LinkedHashMap<>();
  final List<Reply> sent = new ArrayList<>();
  final Map<String, String> marks = new LinkedHashMap<>();
  int createDraftCalls;
  int generation = 1;
  boolean failFetch;

  void deliver(Email email) {
    messages.add(email);
  }

  @Override
  public String id() {
    return "fake:support@biofraga.com";
  }

  @Override
  public Optional<String> address() {
    return Optional.of("support@biofraga.com");
  }

  @Override
  public MailboxBatch fetch(String checkpoint, int max) {
    if (failFetch) {
      throw new MailboxException("connection refused");
    }
    int after = 0;
    boolean resynced = false;
    if (checkpoint != null) {
      String[] parts = checkpoint.split(":");
      if (Integer.parseInt(parts[0]) == generation) {
        after = Integer.parseInt(parts[1]);
      } else {
        resynced = true;
      }
    }
    List<MailboxMessage> batch = new ArrayList<>();
    int n = after;
    while (n < messages.size() && batch.size() < max) {
      n++;
      batch.add(new MailboxMessage(messages.get(n - 1), "ref-" + n, generation + ":" + n));
    }
    return new MailboxBatch(batch, generation + ":" + n, resynced, n < messages.size());
  }

  @Override
  public String createDraft(Reply reply) {
    createDraftCalls++;
    if (!drafts.containsKey(reply.marker())) {
      drafts.put(reply.marker(), reply);
    }
    return "draft-" + reply.marker();
  }

  @Override
  public String send(Reply reply) {
    sent.add(reply);
    return "sent-" + reply.marker();
  }

  @Override
  public void mark(MailboxMessage message, TriageResult result) {
    marks.put(message.ref(), result.decision().action().wireName());
  }
}
