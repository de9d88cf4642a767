package dev.emailtriage.server.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.emailtriage.spi.MailboxStateStore;
import dev.emailtriage.spi.MailboxSyncState;
import dev.emailtriage.spring.boot.autoconfigure.MailboxRunner;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/mailboxes}: each configured mailbox's sync state (empty when none is configured). */
@RestController
@Tag(name = "mailboxes")
public class MailboxController {

  private final ObjectProvider<MailboxStateStore> state;
  private final ObjectProvider<MailboxRunner> runner;

  /** The controller over the mailbox state and runner, when a mailbox is configured. */
  public MailboxController(ObjectProvider<MailboxStateStore> state, ObjectProvider<MailboxRunner> runner) {
    this.state = state;
    this.runner = runner;
  }

  /**
   * One mailbox's sync state.
   *
   * @param mailboxId the mailbox's id
   * @param checkpoint its checkpoint
   * @param checkpointAt when the checkpoint was saved
   * @param handled messages handled
   * @param drafts drafts made
   * @param sent replies sent
   * @param failed messages waiting for a retry of their triage
   * @param replyMode the reply mode of the running mailbox
   * @param lastSuccess when its last run succeeded
   * @param lastError its last run's error
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Mailbox(
      @JsonProperty("mailbox_id") String mailboxId,
      @JsonProperty("checkpoint") String checkpoint,
      @JsonProperty("checkpoint_at") String checkpointAt,
      @JsonProperty("handled") long handled,
      @JsonProperty("drafts") long drafts,
      @JsonProperty("sent") long sent,
      @JsonProperty("failed") long failed,
      @JsonProperty("reply_mode") String replyMode,
      @JsonProperty("last_success") String lastSuccess,
      @JsonProperty("last_error") String lastError) {}

  /**
   * The answer.
   *
   * @param mailboxes every mailbox with a state
   */
  public record Mailboxes(@JsonProperty("mailboxes") List<Mailbox> mailboxes) {}

  /** Each mailbox's sync state. */
  @GetMapping("/api/v1/mailboxes")
  @Operation(summary = "Each configured mailbox's sync state")
  public Mailboxes mailboxes() {
    MailboxStateStore store = state.getIfAvailable();
    MailboxRunner running = runner.getIfAvailable();
    List<Mailbox> out = new ArrayList<>();
    if (store != null) {
      for (MailboxSyncState s : store.syncStates()) {
        boolean live = running != null && running.mailboxId().equals(s.mailboxId());
        out.add(new Mailbox(s.mailboxId(), s.checkpoint(), text(s.checkpointAt()), s.handled(), s.drafts(),
            s.sent(), s.failed(), live ? running.replyMode() : null, live ? text(running.lastSuccess()) : null,
            live ? running.lastError() : null));
      }
      if (running != null && out.stream().noneMatch(m -> m.mailboxId().equals(running.mailboxId()))) {
        out.add(new Mailbox(running.mailboxId(), null, null, 0, 0, 0, 0, running.replyMode(),
            text(running.lastSuccess()), running.lastError()));
      }
    }
    return new Mailboxes(out);
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
