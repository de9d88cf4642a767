package dev.emailtriage.benchmarks;

import dev.emailtriage.Email;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

/**
 * The load runner's realistic mix, built from the labelled fixtures in {@code shared/fixtures/mail/}:
 * 40 % newsletters, auto-replies and notifications (the fixtures labelled so, plus a few synthetic out-of-office
 * replies, ids marked {@code synthetic}), 20 % near-duplicates of earlier mail, 40 % distinct human mail (the fixtures
 * labelled question, request, complaint or other; spam is left out). Every email is a variant with its own id;
 * bulk and human variants get a distinct generated paragraph so that they are not duplicates of one another; a
 * near-duplicate copies an email at least {@value #MIN_DUP_DISTANCE} places earlier with new numbers, new tracking
 * tokens, a reply prefix or a signature (which normalise away), and a third of them also have one word changed.
 * Deterministic for a seed; generated lazily, so 100,000 emails do not sit in memory at once.
 */
final class MailMix {

  /** The kind of an email in the mix. */
  enum Kind { BULK, HUMAN, NEAR_DUPLICATE }

  /** One email of the mix and its kind. */
  record Item(int index, Kind kind, Email email) {}

  static final int MIN_DUP_DISTANCE = 32;
  private static final int RECENT = 1000;
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final Pattern WORD = Pattern.compile("\\b[a-z]{5,}\\b");
  private static final Instant START = Instant.parse("2026-11-25T00:00:00Z");

  private final List<Email> bulk;
  private final List<Email> human;
  private final List<String> vocabulary;
  private final SplittableRandom random;
  private final Deque<Email> recent = new ArrayDeque<>();
  private final Kind[] plan;
  private int next;

  private MailMix(List<Email> bulk, List<Email> human, List<String> vocabulary, int total, long seed) {
    this.bulk = bulk;
    this.human = human;
    this.vocabulary = vocabulary;
    this.random = new SplittableRandom(seed);
    this.plan = plan(total, new SplittableRandom(seed ^ 0x5DEECE66DL));
  }

  /**
   * A mix of {@code total} emails from the fixtures in {@code folder}.
   *
   * @throws IOException when the folder or its manifest cannot be read
   */
  static MailMix load(Path folder, int total, long seed) throws IOException {
    List<Email> bulk = new ArrayList<>();
    List<Email> human = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (String line : Files.readAllLines(folder.resolve("MANIFEST.tsv"))) {
      String[] cols = line.split("\t");
      if (cols.length < 5 || cols[0].equals("file")) {
        continue;
      }
      Email e = parse(folder.resolve(cols[0]), cols[0]);
      switch (cols[3]) {
        case "newsletter", "auto_reply", "notification" -> bulk.add(e);
        case "question", "request", "complaint", "other" -> {
          human.add(e);
          text.append(' ').append(e.body());
        }
        default -> { } // spam: neither bulk nor human mail
      }
    }
    bulk.addAll(syntheticAutoReplies());
    List<String> vocabulary = new ArrayList<>();
    Matcher m = WORD.matcher(text.toString().toLowerCase(Locale.ROOT));
    while (m.find() && vocabulary.size() < 5000) {
      vocabulary.add(m.group());
    }
    if (bulk.isEmpty() || human.isEmpty() || vocabulary.size() < 100) {
      throw new IOException("too few usable fixtures in " + folder);
    }
    return new MailMix(bulk, human, vocabulary, total, seed);
  }

  /** How many templates of each kind the fixtures gave: {@code bulk, human}. */
  int[] templates() {
    return new int[] {bulk.size(), human.size()};
  }

  boolean hasNext() {
    return next < plan.length;
  }

  Item next() {
    int i = next++;
    Kind kind = plan[i];
    Email e = switch (kind) {
      case BULK -> variant(bulk.get(random.nextInt(bulk.size())), i, "This week: ");
      case HUMAN -> variant(human.get(random.nextInt(human.size())), i, "Hi, ");
      case NEAR_DUPLICATE -> nearDuplicate(i);
    };
    recent.addLast(e);
    if (recent.size() > RECENT) {
      recent.removeFirst();
    }
    return new Item(i, kind, e);
  }

  /** 40/40/20 shuffled, no near-duplicate in the first places (it needs an earlier email to copy). */
  private static Kind[] plan(int total, SplittableRandom r) {
    List<Kind> kinds = new ArrayList<>(total);
    int dups = total / 5;
    int bulkCount = (total - dups) / 2;
    for (int i = 0; i < total; i++) {
      kinds.add(i < dups ? Kind.NEAR_DUPLICATE : i < dups + bulkCount ? Kind.BULK : Kind.HUMAN);
    }
    for (int i = total - 1; i > 0; i--) {
      Collections.swap(kinds, i, r.nextInt(i + 1));
    }
    for (int i = 0; i < Math.min(total, MIN_DUP_DISTANCE + 1); i++) {
      if (kinds.get(i) == Kind.NEAR_DUPLICATE) {
        for (int j = MIN_DUP_DISTANCE + 1; j < total; j++) {
          if (kinds.get(j) != Kind.NEAR_DUPLICATE) {
            Collections.swap(kinds, i, j);
            break;
          }
        }
      }
    }
    return kinds.toArray(Kind[]::new);
  }

  private Email variant(Email template, int i, String lead) {
    StringBuilder para = new StringBuilder(lead);
    int words = 30 + random.nextInt(30);
    for (int w = 0; w < words; w++) {
      para.append(vocabulary.get(random.nextInt(vocabulary.size()))).append(w % 12 == 11 ? ".\n" : " ");
    }
    return template.toBuilder().emailId("mix-" + i + "-" + template.emailId())
        .body(para.append("\n\n").append(template.body()).toString())
        .receivedAt(START.plusSeconds(i)).build();
  }

  private Email nearDuplicate(int i) {
    List<Email> older = new ArrayList<>(recent).subList(0, Math.max(1, recent.size() - MIN_DUP_DISTANCE + 1));
    Email source = older.get(random.nextInt(older.size()));
    String body = DIGITS.matcher(source.body()).replaceAll(r -> String.valueOf(random.nextInt(100_000)));
    String subject = source.subject();
    switch (random.nextInt(3)) {
      case 0 -> subject = "Re: " + subject;
      case 1 -> body = body + "\n\n-- \nSent from my phone " + random.nextInt(1000) + "\n";
      default -> body = body + "\n> quoted " + random.nextInt(1000) + " earlier text\n";
    }
    if (random.nextInt(3) == 0) {
      Matcher m = WORD.matcher(body);
      List<int[]> spans = new ArrayList<>();
      while (m.find() && spans.size() < 200) {
        spans.add(new int[] {m.start(), m.end()});
      }
      if (!spans.isEmpty()) {
        int[] s = spans.get(random.nextInt(spans.size()));
        body = body.substring(0, s[0]) + vocabulary.get(random.nextInt(vocabulary.size())) + body.substring(s[1]);
      }
    }
    String id = source.emailId().startsWith("mix-") ? source.emailId().substring(source.emailId().indexOf('-', 4) + 1)
        : source.emailId();
    return source.toBuilder().emailId("mix-" + i + "-dup-" + id).subject(subject).body(body)
        .receivedAt(START.plusSeconds(i)).build();
  }

  static Email parse(Path file, String id) {
    DefaultMessageBuilder builder = new DefaultMessageBuilder();
    builder.setMimeEntityConfig(MimeConfig.PERMISSIVE);
    builder.setDecodeMonitor(DecodeMonitor.SILENT);
    try (InputStream in = Files.newInputStream(file)) {
      Message msg = builder.parseMessage(in);
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (Field f : msg.getHeader().getFields()) {
        headers.computeIfAbsent(f.getName(), k -> new ArrayList<>()).add(decode(f.getBody()));
      }
      return Email.builder().emailId(id)
          .from(first(headers, "From"))
          .to(first(headers, "To"))
          .subject(msg.getSubject() == null ? "" : msg.getSubject())
          .body(text(msg))
          .receivedAt(START)
          .headers(headers)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static String decode(String raw) {
    String unfolded = raw.replaceAll("\\r?\\n[ \\t]+", " ");
    return DecoderUtil.decodeEncodedWords(unfolded, DecodeMonitor.SILENT);
  }

  private static String first(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return "";
  }

  /** The first text/plain part, else the first text/html part without tags, else empty. */
  private static String text(Entity entity) throws IOException {
    String plain = find(entity, "text/plain");
    if (plain != null) {
      return plain;
    }
    String html = find(entity, "text/html");
    return html == null ? "" : html.replaceAll("(?s)<[^>]*>", " ").replaceAll("[ \\t]+", " ");
  }

  private static String find(Entity entity, String mimeType) throws IOException {
    Body body = entity.getBody();
    if (body instanceof Multipart mp) {
      for (Entity part : mp.getBodyParts()) {
        String s = find(part, mimeType);
        if (s != null) {
          return s;
        }
      }
      return null;
    }
    if (body instanceof TextBody tb && mimeType.equalsIgnoreCase(entity.getMimeType())) {
      try (Reader r = tb.getReader()) {
        StringBuilder sb = new StringBuilder();
        char[] buf = new char[8192];
        for (int n; (n = r.read(buf)) > 0; ) {
          sb.append(buf, 0, n);
        }
        return sb.toString();
      }
    }
    return null;
  }

  /** Out-of-office replies written for the benchmark (the fixtures hold only two auto-replies). */
  private static List<Email> syntheticAutoReplies() {
    List<Email> out = new ArrayList<>();
    String[][] t = {
        {"Out of Office: Re: proposal", "I am out of the office until Monday with limited access to email.",
            "auto-replied"},
        {"Ausente: Re: pedido", "Estou fora do escritório até segunda-feira, com acesso limitado ao e-mail.",
            "auto-replied"},
        {"Fuera de la oficina: consulta", "Estoy fuera de la oficina hasta el lunes.", "auto-generated"},
        {"Automatic reply: invoice", "Thank you for your message. I am on leave and will reply when I return.",
            "auto-replied"}};
    for (int i = 0; i < t.length; i++) {
      out.add(Email.builder().emailId("synthetic-autoreply-" + i).from("colleague" + i + "@partner.example")
          .to("support@example.com").subject(t[i][0]).body(t[i][1]).receivedAt(START)
          .header("Auto-Submitted", t[i][2]).header("Message-ID", "<ooo" + i + "@partner.example>").build());
    }
    return out;
  }
}
