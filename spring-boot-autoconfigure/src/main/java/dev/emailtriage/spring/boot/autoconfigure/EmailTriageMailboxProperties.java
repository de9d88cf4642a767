package dev.emailtriage.spring.boot.autoconfigure;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code emailtriage.mailbox.*} properties: the IMAP ({@code imap.*}) or Gmail ({@code gmail.*}) mailbox that
 * {@code MailboxTriage} runs in, and its reply policy. Validated at start-up. Mutable (Spring binds it), not thread-safe.
 *
 * <pre>{@code
 * emailtriage.mailbox.imap.url=imaps://imap.example.com:993
 * emailtriage.mailbox.imap.username=support@example.com
 * emailtriage.mailbox.imap.password=${EMAILTRIAGE_IMAP_PASSWORD}
 * emailtriage.mailbox.reply-mode=draft
 * # or, instead of imap.*:
 * emailtriage.mailbox.gmail.credentials=/etc/emailtriage/gmail-authorized-user.json
 * emailtriage.mailbox.gmail.user=support@example.com
 * }</pre>
 */
@ConfigurationProperties(prefix = EmailTriageMailboxProperties.PREFIX)
@Validated
public class EmailTriageMailboxProperties {

  /** The prefix: {@value}. */
  public static final String PREFIX = "emailtriage.mailbox";

  /** What is done with a respond decision: draft (a person sends it), send (when the policy allows) or off. */
  @Pattern(regexp = "(?i)draft|send|off", message = "emailtriage.mailbox.reply-mode must be draft, send or off")
  private String replyMode = "draft";

  /** Seconds between polls when the server has no IMAP IDLE (and the longest IDLE). */
  @Min(value = 5, message = "emailtriage.mailbox.poll-seconds must be 5 to 3600")
  @Max(value = 3600, message = "emailtriage.mailbox.poll-seconds must be 5 to 3600")
  private int pollSeconds = 60;

  /** Whether the scheduler runs the mailbox loop in the background (off: call the runner yourself). */
  private boolean schedulerEnabled = true;

  /** In send mode, the lowest confidence sent automatically. */
  @DecimalMin(value = "0.5", message = "emailtriage.mailbox.send-min-confidence must be 0.5 to 1")
  @DecimalMax(value = "1.0", message = "emailtriage.mailbox.send-min-confidence must be 0.5 to 1")
  private double sendMinConfidence = 0.9;

  /** In send mode, the email types sent automatically (question, request, complaint, other). */
  private List<@NotBlank String> sendTypes = new ArrayList<>(List.of("question", "request"));

  /** Send mode with the in-memory state (no database): a restart may send a reply again. */
  private boolean allowSendWithMemoryState;

  @Valid
  private final Imap imap = new Imap();

  @Valid
  private final Gmail gmail = new Gmail();

  /** The reply mode. */
  public String getReplyMode() {
    return replyMode;
  }

  /** Sets the reply mode. */
  public void setReplyMode(String replyMode) {
    this.replyMode = replyMode;
  }

  /** The poll interval in seconds. */
  public int getPollSeconds() {
    return pollSeconds;
  }

  /** Sets the poll interval in seconds. */
  public void setPollSeconds(int pollSeconds) {
    this.pollSeconds = pollSeconds;
  }

  /** Whether the background loop runs. */
  public boolean isSchedulerEnabled() {
    return schedulerEnabled;
  }

  /** Sets whether the background loop runs. */
  public void setSchedulerEnabled(boolean schedulerEnabled) {
    this.schedulerEnabled = schedulerEnabled;
  }

  /** The lowest confidence sent. */
  public double getSendMinConfidence() {
    return sendMinConfidence;
  }

  /** Sets the lowest confidence sent. */
  public void setSendMinConfidence(double sendMinConfidence) {
    this.sendMinConfidence = sendMinConfidence;
  }

  /** The types sent. */
  public List<String> getSendTypes() {
    return sendTypes;
  }

  /** Sets the types sent. */
  public void setSendTypes(List<String> sendTypes) {
    this.sendTypes = sendTypes;
  }

  /** Whether send mode may run with the in-memory state. */
  public boolean isAllowSendWithMemoryState() {
    return allowSendWithMemoryState;
  }

  /** Sets whether send mode may run with the in-memory state. */
  public void setAllowSendWithMemoryState(boolean allow) {
    this.allowSendWithMemoryState = allow;
  }

  /** The IMAP settings. */
  public Imap getImap() {
    return imap;
  }

  /** The Gmail settings. */
  public Gmail getGmail() {
    return gmail;
  }

  /** {@code emailtriage.mailbox.gmail.*}: the Gmail API mailbox. */
  public static class Gmail {
    /** Path to an authorized-user or service-account JSON. Setting it turns the Gmail mailbox on. */
    private String credentials;
    /** The Gmail user id: {@code me} (the credentials' user) or the mailbox's address (a service account's subject). */
    private String user = "me";
    /** The mailbox's own address (the From of drafts); taken from {@code user} when that is an address. */
    private String address;
    /** The Gmail API's root URL (tests); empty for Google's. */
    private String rootUrl;

    /** The credentials file. */
    public String getCredentials() {
      return credentials;
    }

    /** Sets the credentials file. */
    public void setCredentials(String credentials) {
      this.credentials = credentials;
    }

    /** The Gmail user id. */
    public String getUser() {
      return user;
    }

    /** Sets the Gmail user id. */
    public void setUser(String user) {
      this.user = user;
    }

    /** The mailbox's address. */
    public String getAddress() {
      return address;
    }

    /** Sets the mailbox's address. */
    public void setAddress(String address) {
      this.address = address;
    }

    /** The root URL. */
    public String getRootUrl() {
      return rootUrl;
    }

    /** Sets the root URL. */
    public void setRootUrl(String rootUrl) {
      this.rootUrl = rootUrl;
    }
  }

  /** {@code emailtriage.mailbox.imap.*}: the IMAP and SMTP servers and login. */
  public static class Imap {
    /** imaps://host:993, or imap://host:143 with STARTTLS. Setting it turns the mailbox on. */
    private String url;
    /** The login (and the mailbox's address unless {@code address} is set). */
    private String username;
    /** The password or app password. */
    private String password;
    /** smtps://host:465 or smtp://host:587 (STARTTLS), for send mode. */
    private String smtpUrl;
    /** The SMTP login when it differs from IMAP's. */
    private String smtpUsername;
    /** The SMTP password when it differs from IMAP's. */
    private String smtpPassword;
    /** The folder triaged. */
    private String folder = "INBOX";
    /** The mailbox's own address, when the username is not one. */
    private String address;
    /** A folder ignored mail is moved to; empty leaves it in place. */
    private String moveIgnoredTo;
    /** Whether sent replies are also saved in the Sent folder (false for Gmail and Microsoft 365). */
    private boolean saveSentCopy = true;
    /** Whether imap:// and smtp:// must use STARTTLS (turn off only for a server on this machine). */
    private boolean requireTls = true;

    /** The IMAP URL. */
    public String getUrl() {
      return url;
    }

    /** Sets the IMAP URL. */
    public void setUrl(String url) {
      this.url = url;
    }

    /** The username. */
    public String getUsername() {
      return username;
    }

    /** Sets the username. */
    public void setUsername(String username) {
      this.username = username;
    }

    /** The password. */
    public String getPassword() {
      return password;
    }

    /** Sets the password. */
    public void setPassword(String password) {
      this.password = password;
    }

    /** The SMTP URL. */
    public String getSmtpUrl() {
      return smtpUrl;
    }

    /** Sets the SMTP URL. */
    public void setSmtpUrl(String smtpUrl) {
      this.smtpUrl = smtpUrl;
    }

    /** The SMTP username. */
    public String getSmtpUsername() {
      return smtpUsername;
    }

    /** Sets the SMTP username. */
    public void setSmtpUsername(String smtpUsername) {
      this.smtpUsername = smtpUsername;
    }

    /** The SMTP password. */
    public String getSmtpPassword() {
      return smtpPassword;
    }

    /** Sets the SMTP password. */
    public void setSmtpPassword(String smtpPassword) {
      this.smtpPassword = smtpPassword;
    }

    /** The folder. */
    public String getFolder() {
      return folder;
    }

    /** Sets the folder. */
    public void setFolder(String folder) {
      this.folder = folder;
    }

    /** The address. */
    public String getAddress() {
      return address;
    }

    /** Sets the address. */
    public void setAddress(String address) {
      this.address = address;
    }

    /** The folder for ignored mail. */
    public String getMoveIgnoredTo() {
      return moveIgnoredTo;
    }

    /** Sets the folder for ignored mail. */
    public void setMoveIgnoredTo(String moveIgnoredTo) {
      this.moveIgnoredTo = moveIgnoredTo;
    }

    /** Whether a Sent copy is saved. */
    public boolean isSaveSentCopy() {
      return saveSentCopy;
    }

    /** Sets whether a Sent copy is saved. */
    public void setSaveSentCopy(boolean saveSentCopy) {
      this.saveSentCopy = saveSentCopy;
    }

    /** Whether STARTTLS is required. */
    public boolean isRequireTls() {
      return requireTls;
    }

    /** Sets whether STARTTLS is required. */
    public void setRequireTls(boolean requireTls) {
      this.requireTls = requireTls;
    }
  }
}
