package dev.emailtriage.imap;

import static dev.emailtriage.imap.TestMail.PASSWORD;
import static dev.emailtriage.imap.TestMail.SUPPORT;
import static dev.emailtriage.imap.TestMail.deliver;
import static dev.emailtriage.imap.TestMail.question;
import static dev.emailtriage.imap.TestMail.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.emailtriage.EmailTriage;
import dev.emailtriage.InMemoryMailboxStateStore;
import dev.emailtriage.MailboxTriage;
import dev.emailtriage.ReplyMode;
import dev.emailtriage.ReplyPolicy;
import dev.emailtriage.spi.MailboxRecord;
import dev.emailtriage.spi.MailboxStateStore;
import dev.emailtriage.spi.MailboxSyncState;
import dev.emailtriage.test.ScriptedDecider;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ImapMailbox} and {@link MailboxTriage} against GreenMail, a real IMAP and SMTP server in this JVM. */
class ImapMailboxTest {

  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetup.dynamicPort(
      ServerSetupTest.SMTP_IMAP))
      .withConfiguration(GreenMailConfiguration.aConfig().withUser(SUPPORT, PASSWORD)
          .withUser("cliente1@example.com", "c"))
      .withPerMethodLifecycle(true);

  private static final Instant NOW = Instant.parse("2025-02-03T12:00:00Z");

  private final ScriptedDecider decider = TestMail.decider(e -> e.subject().contains("?"));
  private final EmailTriage triage = EmailTriage.builder().decider(decider).workerThreads(0).cacheEnabled(false)
      .build();
  private final List<ImapMailbox> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(ImapMailbox::close);
    triage.close();
  }

  private ImapMailbox mailbox(String folder) {
    ImapMailbox.Builder b = ImapMailbox.builder()
        .imapUrl("imap://127.0.0.1:" + GREEN_MAIL.getImap().getPort())
        .smtpUrl("smtp://127.0.0.1:" + GREEN_MAIL.getSmtp().getPort())
        .username(SUPPORT).password(PASSWORD).requireTls(false).clock(Clock.fixed(NOW, ZoneOffset.UTC));
    if (folder != null) {
      b.folder(folder);
    }
    ImapMailbox m = b.build();
    opened.add(m);
    return m;
  }

  private MailboxTriage loop(ImapMailbox mailbox, MailboxStateStore state, ReplyPolicy policy) {
    return MailboxTriage.builder().triage(triage).mailbox(mailbox).state(state).policy(policy)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).batchSize(7).allowSendWithMemoryState(true).build();
  }

  /** 13 questions (one a reply in a thread) and 7 that must not be answered: 20 messages in all. */
  private static void deliverTwenty() throws Exception {
    for (int n = 1; n <= 12; n++) {
      deliver(GREEN_MAIL, SUPPORT, question("q" + n + "@example.com", "Cliente " + n + " <cliente" + n
          + "@example.com>", "Pergunta " + n + ": qual o prazo?", ""));
    }
    deliver(GREEN_MAIL, SUPPORT, question("q13@example.com", "cliente1@example.com", "Re: Pedido 77 - e o frete?",
        "In-Reply-To: <ours-1@biofraga.example>\nReferences: <root-77@example.com> <ours-1@biofraga.example>\n"));
    deliver(GREEN_MAIL, SUPPORT, question("ooo@example.com", "Dana <dana@example.com>",
        "Resposta automática: Pergunta 1: qual o prazo?", "Auto-Submitted: auto-replied\n"));
    deliver(GREEN_MAIL, SUPPORT, raw("From: Loja <news@loja.example>\nTo: " + SUPPORT + "\n"
        + "Subject: Ofertas da semana: tudo pela metade?\nMessage-ID: <news-1@loja.example>\nPrecedence: bulk\n"
        + "List-Unsubscribe: <https://loja.example/u?x=1>\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\n"
        + "MIME-Version: 1.0\nContent-Type: text/html; charset=UTF-8\n\n<p>Promoções imperdíveis!</p>\n"));
    deliver(GREEN_MAIL, SUPPORT, raw("From: Mail Delivery System <MAILER-DAEMON@mx.example>\nTo: " + SUPPORT + "\n"
        + "Subject: Undelivered Mail Returned to Sender\nMessage-ID: <bounce-1@mx.example>\nMIME-Version: 1.0\n"
        + "Auto-Submitted: auto-replied\n"
        + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n--b\n"
        + "Content-Type: text/plain\n\nThe mail system could not deliver your message?\n--b\n"
        + "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example\n\n"
        + "Final-Recipient: rfc822; nobody@example.com\nAction: failed\nStatus: 5.1.1\n--b--\n"));
    deliver(GREEN_MAIL, SUPPORT, raw("From: Eva <eva@dev.example>\nTo: dev-list@lists.example\n"
        + "Subject: [dev-list] Versão 2.0 publicada\nMessage-ID: <list-1@dev.example>\n"
        + "List-Id: Dev list <dev-list.lists.example>\nList-Post: <mailto:dev-list@lists.example>\n"
        + "Precedence: list\n\nA versão 2.0 está publicada.\n"));
    for (int n = 1; n <= 3; n++) {
      deliver(GREEN_MAIL, SUPPORT, question("thanks" + n + "@example.com", "fulano" + n + "@example.com",
          "Obrigado pelo atendimento", ""));
    }
    assertThat(GREEN_MAIL.waitForIncomingEmail(20)).isTrue();
  }

  @Test
  void oneRunDraftsExactlyOneThreadedReplyPerRespondDecisionAndKeywordsEveryMessage() throws Exception {
    deliverTwenty();
    InMemoryMailboxStateStore state = new InMemoryMailboxStateStore();
    ImapMailbox mailbox = mailbox(null);

    MailboxTriage.Report report = loop(mailbox, state, ReplyPolicy.defaults()).runOnce();

    assertThat(report.fetched()).isEqualTo(20);
    assertThat(report.handled()).isEqualTo(20);
    assertThat(report.drafted()).isEqualTo(13);
    try (Store store = TestMail.store(GREEN_MAIL, SUPPORT, PASSWORD)) {
      List<MimeMessage> drafts = TestMail.messages(store, "Drafts");
      assertThat(drafts).hasSize(13);
      Set<String> inReplyTo = drafts.stream().map(d -> header(d, "In-Reply-To")).collect(Collectors.toSet());
      Set<String> expected = new java.util.TreeSet<>();
      for (int n = 1; n <= 13; n++) {
        expected.add("<q" + n + "@example.com>");
      }
      assertThat(inReplyTo).isEqualTo(expected);
      for (MimeMessage d : drafts) {
        assertThat(d.isSet(Flags.Flag.DRAFT)).isTrue();
        assertThat(d.getSubject()).startsWith("Re: ");
        assertThat(d.getFrom()[0].toString()).isEqualTo(SUPPORT);
        assertThat(d.getHeader("Auto-Submitted")).as("drafts are not automatic").isNull();
        assertThat(header(d, "References")).endsWith(header(d, "In-Reply-To"));
        assertThat(header(d, "X-EmailTriage-Id")).startsWith("et-");
        assertThat((String) d.getContent()).contains("5 dias úteis");
      }
      MimeMessage threaded = drafts.stream().filter(d -> header(d, "In-Reply-To").equals("<q13@example.com>"))
          .findFirst().orElseThrow();
      assertThat(header(threaded, "References").split("\\s+")).containsExactly("<root-77@example.com>",
          "<ours-1@biofraga.example>", "<q13@example.com>");
      assertThat(threaded.getSubject()).isEqualTo("Re: Pedido 77 - e o frete?");
      assertThat(threaded.getRecipients(Message.RecipientType.TO)[0].toString()).isEqualTo("cliente1@example.com");

      List<MimeMessage> inbox = TestMail.messages(store, "INBOX");
      assertThat(inbox).hasSize(20);
      long respond = inbox.stream().filter(m -> keyword(m, ImapMailbox.RESPOND_KEYWORD)).count();
      long ignored = inbox.stream().filter(m -> keyword(m, ImapMailbox.IGNORED_KEYWORD)).count();
      assertThat(respond).isEqualTo(13);
      assertThat(ignored).isEqualTo(7);
      assertThat(inbox).as("triage reads with PEEK: still unread").noneMatch(m -> seen(m));
    }
    assertThat(state.syncStates()).singleElement().satisfies((MailboxSyncState s) -> {
      assertThat(s.handled()).isEqualTo(20);
      assertThat(s.drafts()).isEqualTo(13);
      assertThat(s.checkpoint()).endsWith(":20");
    });

    MailboxTriage.Report again = loop(mailbox(null), state, ReplyPolicy.defaults()).runOnce();
    assertThat(again.fetched()).isZero();
    try (Store store = TestMail.store(GREEN_MAIL, SUPPORT, PASSWORD)) {
      assertThat(TestMail.messages(store, "Drafts")).as("a second run makes nothing new").hasSize(13);
    }
  }

  @Test
  void aRunKilledBetweenDraftAndCheckpointMakesNoSecondDraft() throws Exception {
    deliver(GREEN_MAIL, SUPPORT, question("k1@example.com", "ana@example.com", "Qual o prazo?", ""));
    GREEN_MAIL.waitForIncomingEmail(1);
    InMemoryMailboxStateStore state = new InMemoryMailboxStateStore();
    MailboxStateStore dying = new ForwardingState(state) {
      @Override
      public void save(MailboxRecord record) {
        if (record.draftId() != null) {
          throw new IllegalStateException("process killed after the draft was appended");
        }
        super.save(record);
      }
    };
    assertThatThrownBy(() -> loop(mailbox(null), dying, ReplyPolicy.defaults()).runOnce())
        .hasMessageContaining("killed");
    try (Store store = TestMail.store(GREEN_MAIL, SUPPORT, PASSWORD)) {
      assertThat(TestMail.messages(store, "Drafts")).hasSize(1);
    }

    MailboxTriage.Report report = loop(mailbox(null), state, ReplyPolicy.defaults()).runOnce();

    assertThat(report.drafted()).isEqualTo(1);
    assertThat(state.find(mailbox(null).id(), "k1@example.com").orElseThrow().draftId()).startsWith("Drafts/");
    try (Store store = TestMail.store(GREEN_MAIL, SUPPORT, PASSWORD)) {
      assertThat(TestMail.messages(store, "Drafts")).as("found by its marker, not made again").hasSize(1);
      assertThat(TestMail.messages(store, "INBOX")).singleElement()
          .satisfies(m -> assertThat(keyword(m, ImapMailbox.RESPOND_KEYWORD)).isTrue());
    }
  }

  @Test
  void sendModeDeliversThroughSmtpWithTheRfc3834HeaderAndNeverAnswersTheAutoReply() throws Exception {
    deliver(GREEN_MAIL, SUPPORT, question("s1@example.com", "Cliente <cliente1@example.com>", "Qual o prazo?", ""));
    GREEN_MAIL.waitForIncomingEmail(1);
    InMemoryMailboxStateStore state = new InMemoryMailboxStateStore();
    ReplyPolicy send = ReplyPolicy.builder().mode(ReplyMode.SEND).build();

    MailboxTriage.Report first = loop(mailbox(null), state, send).runOnce();

    assertThat(first.sent()).isEqualTo(1);
    assertThat(GREEN_MAIL.waitForIncomingEmail(2)).isTrue();
    MimeMessage reply;
    try (Store customer = TestMail.store(GREEN_MAIL, "cliente1@example.com", "c")) {
      reply = TestMail.messages(customer, "INBOX").get(0);
    }
    assertThat(header(reply, "Auto-Submitted")).isEqualTo("auto-replied");
    assertThat(header(reply, "In-Reply-To")).isEqualTo("<s1@example.com>");
    assertThat(reply.getSubject()).isEqualTo("Re: Qual o prazo?");
    String replyId = reply.getMessageID();

    // the customer's vacation responder answers our reply, in the thread
    deliver(GREEN_MAIL, SUPPORT, question("vac1@example.com", "Cliente <cliente1@example.com>",
        "Ausente: Re: Qual o prazo?", "Auto-Submitted: auto-replied\nIn-Reply-To: " + replyId + "\nReferences: "
            + "<s1@example.com> " + replyId + "\n"));
    GREEN_MAIL.waitForIncomingEmail(3);
    MailboxTriage.Report second = loop(mailbox(null), state, send).runOnce();

    assertThat(second.fetched()).isEqualTo(1);
    assertThat(second.sent()).isZero();
    assertThat(second.drafted()).isZero();
    try (Store customer = TestMail.store(GREEN_MAIL, "cliente1@example.com", "c")) {
      assertThat(TestMail.messages(customer, "INBOX")).as("no answer to the auto-reply").hasSize(1);
    }
    try (Store store = TestMail.store(GREEN_MAIL, SUPPORT, PASSWORD)) {
      List<MimeMessage> sent = TestMail.messages(store, "Sent");
      assertThat(sent).singleElement().satisfies(m -> assertThat(m.getMessageID()).isEqualTo(replyId));
    }
    assertThat(mailbox(null).findSent(state.find(mailbox(null).id(), "s1@example.com").orElseThrow().marker()))
        .isPresent();
  }

  @Test
  void aUidValidityChangeResyncsWithoutDuplicates() throws Exception {
    byte[] a = question("u1@example.com", "ana@example.com", "Primeira pergunta?", "");
    byte[] b = question("u2@example.com", "bia@example.com", "Segunda pergunta?", "");
    byte[] c = question("u3@example.com", "caio@example.com", "Terceira pergunta?", "");
    long before;
    try (Store store = TestMail.store(GREEN_MAIL, SUPPORT, PASSWORD)) {
      before = recreate(store, "Support", a, b);
    }
    InMemoryMailboxStateStore state = new InMemoryMailboxStateStore();
    MailboxTriage.Report first = loop(mailbox("Support"), state, ReplyPolicy.defaults()).runOnce();
    assertThat(first.drafted()).isEqualTo(2);

    long after;
    try (Store store = TestMail.store(GREEN_MAIL, SUPPORT, PASSWORD)) {
      after = recreate(store, "Support", a, b, c);
    }
    assertThat(after).as("the server gave the recreated folder a new UIDVALIDITY").isNotEqualTo(before);

    MailboxTriage.Report resync = loop(mailbox("Support"), state, ReplyPolicy.defaults()).runOnce();

    assertThat(resync.resynced()).isTrue();
    assertThat(resync.skipped()).isEqualTo(2);
    assertThat(resync.drafted()).isEqualTo(1);
    assertThat(resync.checkpoint()).isEqualTo(after + ":3");
    try (Store store = TestMail.store(GREEN_MAIL, SUPPORT, PASSWORD)) {
      assertThat(TestMail.messages(store, "Drafts")).hasSize(3);
    }
    assertThat(decider.calls()).isEqualTo(3);
  }

  @Test
  void ignoredMailCanBeMovedToAFolder() throws Exception {
    deliver(GREEN_MAIL, SUPPORT, question("t1@example.com", "ana@example.com", "Obrigada", ""));
    GREEN_MAIL.waitForIncomingEmail(1);
    ImapMailbox mailbox = ImapMailbox.builder().imapUrl("imap://127.0.0.1:" + GREEN_MAIL.getImap().getPort())
        .username(SUPPORT).password(PASSWORD).requireTls(false).moveIgnoredTo("Triaged/Ignored").build();
    opened.add(mailbox);

    loop(mailbox, new InMemoryMailboxStateStore(), ReplyPolicy.defaults()).runOnce();

    try (Store store = TestMail.store(GREEN_MAIL, SUPPORT, PASSWORD)) {
      assertThat(TestMail.messages(store, "Triaged/Ignored")).singleElement()
          .satisfies(m -> assertThat(keyword(m, ImapMailbox.IGNORED_KEYWORD)).isTrue());
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      assertThat(inbox.getMessages()).allMatch(m -> flagged(m, Flags.Flag.DELETED));
      inbox.close(false);
    }
  }

  @Test
  @Timeout(120)
  void awaitChangesReturnsWhenMailArrivesDuringIdle() throws Exception {
    ImapMailbox mailbox = mailbox(null);
    mailbox.fetch(null, 10); // connect
    Thread sender = new Thread(() -> {
      try {
        Thread.sleep(200); // after IDLE began; the assertion does not depend on this delay
        deliver(GREEN_MAIL, SUPPORT, question("i1@example.com", "ana@example.com", "Chegou?", ""));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    sender.start();
    boolean changed = mailbox.awaitChanges(Duration.ofSeconds(30));
    sender.join();
    assertThat(changed).as("IDLE reported the new message").isTrue();
    assertThat(mailbox.fetch(null, 10).messages()).hasSize(1);
    assertThat(mailbox.awaitChanges(Duration.ofMillis(300))).as("nothing new: the timeout ends IDLE").isFalse();
  }

  @Test
  void aMissingFolderAndABadLoginAreClearErrors() {
    assertThatThrownBy(() -> mailbox("Nope").fetch(null, 1)).hasMessageContaining("does not exist");
    ImapMailbox wrong = ImapMailbox.builder().imapUrl("imap://127.0.0.1:" + GREEN_MAIL.getImap().getPort())
        .username(SUPPORT).password("wrong").requireTls(false).build();
    opened.add(wrong);
    assertThatThrownBy(() -> wrong.fetch(null, 1)).isInstanceOf(dev.emailtriage.spi.MailboxException.class)
        .hasMessageContaining("cannot open IMAP folder INBOX");
  }

  /** Deletes and recreates {@code name} with these messages; returns its new UIDVALIDITY. */
  private static long recreate(Store store, String name, byte[]... messages) throws Exception {
    Folder folder = store.getFolder(name);
    if (folder.exists()) {
      folder.delete(true);
    }
    folder.create(Folder.HOLDS_MESSAGES);
    List<Message> list = new ArrayList<>();
    for (byte[] m : messages) {
      list.add(new MimeMessage(null, new ByteArrayInputStream(m)));
    }
    folder.appendMessages(list.toArray(Message[]::new));
    folder.open(Folder.READ_ONLY);
    long validity = ((jakarta.mail.UIDFolder) folder).getUIDValidity();
    folder.close(false);
    return validity;
  }

  private static String header(MimeMessage m, String name) {
    try {
      return m.getHeader(name, " ");
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean keyword(MimeMessage m, String keyword) {
    try {
      return TestMail.hasKeyword(m, keyword);
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean seen(MimeMessage m) {
    return flagged(m, Flags.Flag.SEEN);
  }

  private static boolean flagged(Message m, Flags.Flag flag) {
    try {
      return m.isSet(flag);
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A state store that forwards to another; a test overrides one method to fail. */
  private static class ForwardingState implements MailboxStateStore {
    private final MailboxStateStore delegate;

    ForwardingState(MailboxStateStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<String> checkpoint(String mailboxId) {
      return delegate.checkpoint(mailboxId);
    }

    @Override
    public void saveCheckpoint(String mailboxId, String checkpoint, Instant at) {
      delegate.saveCheckpoint(mailboxId, checkpoint, at);
    }

    @Override
    public Optional<MailboxRecord> find(String mailboxId, String emailId) {
      return delegate.find(mailboxId, emailId);
    }

    @Override
    public void save(MailboxRecord record) {
      delegate.save(record);
    }

    @Override
    public boolean autoReplySince(String mailboxId, String threadKey, String sender, Instant since) {
      return delegate.autoReplySince(mailboxId, threadKey, sender, since);
    }

    @Override
    public List<MailboxSyncState> syncStates() {
      return delegate.syncStates();
    }
  }
}
