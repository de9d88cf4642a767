package dev.emailtriage.imap;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.DecisionSource;
import dev.emailtriage.Email;
import dev.emailtriage.EmailType;
import dev.emailtriage.SuggestedResponse;
import dev.emailtriage.Tone;
import dev.emailtriage.Urgency;
import dev.emailtriage.test.ScriptedDecider;
import jakarta.mail.Address;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

/** Helpers of the GreenMail tests: raw messages delivered by SMTP, a second IMAP client to look, a scripted model. */
final class TestMail {

  static final String SUPPORT = "support@biofraga.example";
  static final String PASSWORD = "s3cret";

  private TestMail() {}

  /** A raw RFC 5322 message (LF line ends become CRLF). */
  static byte[] raw(String headersAndBody) {
    return headersAndBody.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Delivers {@code raw} through GreenMail's SMTP server to {@code to}, bytes unchanged. */
  static void deliver(GreenMailExtension greenMail, String to, byte[] raw) throws MessagingException {
    Properties p = new Properties();
    p.put("mail.smtp.host", "127.0.0.1");
    p.put("mail.smtp.port", Integer.toString(greenMail.getSmtp().getPort()));
    Session session = Session.getInstance(p);
    MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw));
    try (Transport t = session.getTransport("smtp")) {
      t.connect();
      t.sendMessage(message, new Address[] {new InternetAddress(to)});
    }
  }

  /** A question from {@code from}, with Message-ID {@code <id>}. */
  static byte[] question(String id, String from, String subject, String extraHeaders) {
    return raw("From: " + from + "\nTo: " + SUPPORT + "\nSubject: " + subject + "\nMessage-ID: <" + id + ">\n"
        + "Date: Mon, 3 Feb 2025 10:00:00 +0000\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n"
        + extraHeaders + "\nOlá, gostaria de saber o prazo de entrega para São Paulo e o preço para 10 unidades.\n");
  }

  /** An IMAP client session on GreenMail, to look at what the connector did. */
  static Store store(GreenMailExtension greenMail, String user, String password) throws MessagingException {
    Properties p = new Properties();
    p.put("mail.imap.host", "127.0.0.1");
    p.put("mail.imap.port", Integer.toString(greenMail.getImap().getPort()));
    p.put("mail.imap.peek", "true");
    Store store = Session.getInstance(p).getStore("imap");
    store.connect(user, password);
    return store;
  }

  /** The messages of {@code folderName} (empty when it does not exist), with their flags loaded. */
  static List<MimeMessage> messages(Store store, String folderName) throws MessagingException {
    Folder folder = store.getFolder(folderName);
    List<MimeMessage> out = new ArrayList<>();
    if (!folder.exists()) {
      return out;
    }
    folder.open(Folder.READ_ONLY);
    for (Message m : folder.getMessages()) {
      MimeMessage copy = new MimeMessage((MimeMessage) m);
      copy.setFlags(m.getFlags(), true);
      out.add(copy);
    }
    folder.close(false);
    return out;
  }

  static boolean hasKeyword(MimeMessage m, String keyword) throws MessagingException {
    Flags flags = m.getFlags();
    return flags.contains(keyword);
  }

  /**
   * A model for tests (the test kit's {@link ScriptedDecider}, which counts its calls): respond (0.95, question, a
   * draft about the delivery time) when {@code respond} says so, else ignore.
   */
  static ScriptedDecider decider(Predicate<Email> respond) {
    return ScriptedDecider.of((email, prompt) -> {
      boolean yes = respond.test(email);
      Decision.Builder b = Decision.builder().action(yes ? Action.RESPOND : Action.IGNORE).confidence(0.95)
          .emailType(yes ? EmailType.QUESTION : EmailType.OTHER).urgency(Urgency.MEDIUM)
          .reason("scripted").source(DecisionSource.MODEL).prompt(prompt.id(), prompt.version());
      if (yes) {
        b.suggestedResponse(new SuggestedResponse("Re: " + email.subject(),
            "Olá! O prazo para São Paulo é de 5 dias úteis.", Tone.FRIENDLY));
      }
      return b.build();
    });
  }
}
