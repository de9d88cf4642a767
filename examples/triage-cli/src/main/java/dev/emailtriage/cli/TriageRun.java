package dev.emailtriage.cli;

import dev.emailtriage.Email;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.InvalidEmailException;
import dev.emailtriage.TriageResult;
import dev.emailtriage.mime.MimeParser;
import dev.emailtriage.mime.UnparseableMailException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Reads, parses and triages the messages on {@code concurrency} threads, and hands each outcome to a sink in the
 * order of the inputs as soon as it and all before it are done (so output streams and stays in a stable order).
 */
final class TriageRun {

  private TriageRun() {}

  static List<Outcome> run(EmailTriage triage, List<MailInput> inputs, int concurrency, Progress progress,
      Consumer<Outcome> sink) throws InterruptedException {
    return run(triage, null, inputs, concurrency, progress, sink);
  }

  /**
   * As {@link #run(EmailTriage, List, int, Progress, Consumer)}, keeping each message's raw bytes in
   * {@code rawMessages} (by email_id) while it is triaged, for the spam filter; {@code rawMessages} may be null.
   */
  static List<Outcome> run(EmailTriage triage, Map<String, byte[]> rawMessages, List<MailInput> inputs,
      int concurrency, Progress progress, Consumer<Outcome> sink) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "triage-cli");
      t.setDaemon(true);
      return t;
    });
    progress.start(inputs.size());
    try {
      List<Future<Outcome>> futures = new ArrayList<>(inputs.size());
      for (MailInput input : inputs) {
        futures.add(pool.submit(() -> {
          try {
            return one(triage, rawMessages, input);
          } finally {
            progress.advance();
          }
        }));
      }
      List<Outcome> outcomes = new ArrayList<>(inputs.size());
      for (int i = 0; i < futures.size(); i++) {
        Outcome outcome;
        try {
          outcome = futures.get(i).get();
        } catch (ExecutionException e) {
          MailInput input = inputs.get(i);
          outcome = Outcome.skipped(input.file(), input.key(), "internal error: " + e.getCause());
        }
        outcomes.add(outcome);
        sink.accept(outcome);
      }
      progress.finish();
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  static Outcome one(EmailTriage triage, MailInput input) {
    return one(triage, null, input);
  }

  static Outcome one(EmailTriage triage, Map<String, byte[]> rawMessages, MailInput input) {
    Email email;
    byte[] raw;
    try {
      raw = input.read();
      email = MimeParser.parse(raw, input.modified());
    } catch (IOException e) {
      return Outcome.skipped(input.file(), input.key(), "could not read: " + e.getMessage());
    } catch (UnparseableMailException e) {
      return Outcome.skipped(input.file(), input.key(), "unparseable: " + e.getMessage());
    }
    boolean kept = rawMessages != null && rawMessages.putIfAbsent(email.emailId(), raw) == null;
    try {
      TriageResult result = triage.process(email);
      return Outcome.triaged(input, email, result);
    } catch (InvalidEmailException e) {
      return Outcome.skipped(input.file(), input.key(), "rejected by validation: " + e.getMessage());
    } catch (RuntimeException e) {
      return Outcome.skipped(input.file(), input.key(), "triage failed: " + e);
    } finally {
      if (kept) {
        rawMessages.remove(email.emailId());
      }
    }
  }
}
