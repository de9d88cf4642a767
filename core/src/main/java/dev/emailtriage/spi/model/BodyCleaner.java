package dev.emailtriage.spi.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The body cleaner: shrinks an email body before it is sent to a model by removing HTML markup, quoted history and
 * signatures (pt-BR, en, es mail clients) and capping the result at a maximum length. Stateless and thread-safe.
 *
 * <pre>{@code
 * BodyCleaner.Cleaned body = BodyCleaner.clean(email.body(), 10_000);
 * }</pre>
 */
public final class BodyCleaner {

  /**
   * A cleaned body.
   *
   * @param text the text to send
   * @param truncated true when the text was cut at the maximum length
   */
  public record Cleaned(String text, boolean truncated) {}

  /** Appended where the body was cut. */
  public static final String TRUNCATION_MARK = "\n[... corpo truncado / body truncated ...]";

  private static final Pattern LOOKS_LIKE_HTML =
      Pattern.compile("(?is)<\\s*(html|body|div|p|br|table|span|a\\s|font|td|tr|head|meta|style)\\b");
  private static final Pattern SCRIPT_STYLE = Pattern.compile("(?is)<(script|style|head)\\b.*?</\\1\\s*>");
  private static final Pattern BLOCK_QUOTE = Pattern.compile("(?is)<blockquote\\b.*?</blockquote\\s*>");
  private static final Pattern COMMENT = Pattern.compile("(?s)<!--.*?-->");
  private static final Pattern LINE_BREAK_TAGS =
      Pattern.compile("(?i)<\\s*(br|/p|/div|/tr|/li|/h[1-6]|/table)\\b[^>]*>");
  private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
  private static final String[][] NAMED_ENTITIES = {
      {"&aacute;", "á"}, {"&eacute;", "é"}, {"&iacute;", "í"}, {"&oacute;", "ó"}, {"&uacute;", "ú"},
      {"&agrave;", "à"}, {"&acirc;", "â"}, {"&ecirc;", "ê"}, {"&ocirc;", "ô"}, {"&atilde;", "ã"},
      {"&otilde;", "õ"}, {"&ccedil;", "ç"}, {"&ntilde;", "ñ"}, {"&uuml;", "ü"}, {"&Aacute;", "Á"},
      {"&Eacute;", "É"}, {"&Ccedil;", "Ç"}, {"&Atilde;", "Ã"}, {"&ordf;", "ª"}, {"&ordm;", "º"},
      {"&euro;", "€"}, {"&hellip;", "…"}, {"&ndash;", "–"}, {"&mdash;", "—"}};
  private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(x?)([0-9a-fA-F]{1,6});");

  /** A line that starts the quoted previous message (Gmail, Apple Mail, Outlook; pt-BR, en, es). */
  private static final List<Pattern> QUOTE_HEADERS = List.of(
      Pattern.compile("(?i)^\\s*(On|Em|El|Le|Am)\\s.{0,300}(wrote|escreveu|escribió|a écrit|schrieb)\\s*:\\s*$"),
      Pattern.compile("(?i)^\\s*-{2,}\\s*(Original Message|Mensagem original|Mensaje original|Forwarded message"
          + "|Mensagem encaminhada)\\s*-{2,}\\s*$"),
      Pattern.compile("(?i)^\\s*_{10,}\\s*$"));
  /** Outlook's quoted header block: "From:"/"De:" followed within a few lines by "Sent:"/"Enviado:". */
  private static final Pattern OUTLOOK_FROM = Pattern.compile("(?i)^\\s*\\*?(From|De)\\s*:\\*?\\s+\\S.*$");
  private static final Pattern OUTLOOK_SENT = Pattern.compile("(?i)^\\s*\\*?(Sent|Enviado|Enviada|Date|Data)\\s*:.*$");
  /** RFC 3676 signature separator and mobile footers. */
  private static final Pattern SIGNATURE = Pattern.compile(
      "(?i)^(--\\s?|Enviado do meu (iPhone|iPad|Android|celular).*|Sent from my (iPhone|iPad|Android|phone).*"
          + "|Enviado desde mi (iPhone|iPad|Android|celular).*|Get Outlook for (iOS|Android).*)$");
  private static final Pattern MANY_BLANK_LINES = Pattern.compile("\n{3,}");

  private BodyCleaner() {}

  /**
   * Cleans {@code body} and caps it at {@code maxChars} characters.
   *
   * @param body the raw body, may be {@code null}
   * @param maxChars the longest text returned (the truncation mark not counted)
   * @return the cleaned text and whether it was cut
   */
  public static Cleaned clean(String body, int maxChars) {
    String text = body == null ? "" : body.replace("\r\n", "\n").replace('\r', '\n');
    if (LOOKS_LIKE_HTML.matcher(text).find()) {
      text = stripHtml(text);
    }
    String withoutHistory = stripSignature(stripQuotedHistory(text)).strip();
    // A body that is nothing but a quote (a bare forward) keeps its text rather than sending nothing.
    text = withoutHistory.isEmpty() ? text.strip() : withoutHistory;
    text = MANY_BLANK_LINES.matcher(text).replaceAll("\n\n");
    if (text.length() > maxChars) {
      int cut = maxChars;
      if (cut > 0 && Character.isHighSurrogate(text.charAt(cut - 1))) {
        cut--;
      }
      return new Cleaned(text.substring(0, cut) + TRUNCATION_MARK, true);
    }
    return new Cleaned(text, false);
  }

  static String stripHtml(String html) {
    String s = COMMENT.matcher(html).replaceAll("");
    s = SCRIPT_STYLE.matcher(s).replaceAll("");
    s = BLOCK_QUOTE.matcher(s).replaceAll("\n");
    s = s.replace("\n", " ");
    s = LINE_BREAK_TAGS.matcher(s).replaceAll("\n");
    s = TAG.matcher(s).replaceAll("");
    s = unescape(s);
    List<String> lines = new ArrayList<>();
    for (String line : s.split("\n", -1)) {
      lines.add(line.replaceAll("[ \\t\\u00A0]+", " ").strip());
    }
    return String.join("\n", lines);
  }

  private static String unescape(String s) {
    String out = NUMERIC_ENTITY.matcher(s).replaceAll(m -> {
      try {
        int cp = Integer.parseInt(m.group(2), m.group(1).isEmpty() ? 10 : 16);
        return java.util.regex.Matcher.quoteReplacement(new String(Character.toChars(cp)));
      } catch (IllegalArgumentException e) {
        return "";
      }
    });
    for (String[] e : NAMED_ENTITIES) {
      out = out.replace(e[0], e[1]);
    }
    return out.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
        .replace("&#39;", "'").replace("&apos;", "'").replace("&amp;", "&");
  }

  static String stripQuotedHistory(String text) {
    String[] lines = text.split("\n", -1);
    List<String> kept = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (isQuoteHeader(lines, i)) {
        break;
      }
      if (line.stripLeading().startsWith(">")) {
        continue;
      }
      kept.add(line);
    }
    return String.join("\n", kept);
  }

  private static boolean isQuoteHeader(String[] lines, int i) {
    String line = lines[i];
    for (Pattern p : QUOTE_HEADERS) {
      if (p.matcher(line).matches()) {
        return true;
      }
    }
    // Gmail wraps long "On ... wrote:" lines in two.
    if (i + 1 < lines.length && line.toLowerCase(Locale.ROOT).matches("^\\s*(on|em|el)\\s.*")) {
      String joined = line + " " + lines[i + 1];
      if (QUOTE_HEADERS.get(0).matcher(joined).matches()) {
        return true;
      }
    }
    if (OUTLOOK_FROM.matcher(line).matches()) {
      for (int j = i + 1; j < Math.min(lines.length, i + 4); j++) {
        if (OUTLOOK_SENT.matcher(lines[j]).matches()) {
          return true;
        }
      }
    }
    return false;
  }

  static String stripSignature(String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (SIGNATURE.matcher(lines[i]).matches()) {
        return String.join("\n", java.util.Arrays.asList(lines).subList(0, i));
      }
    }
    return text;
  }
}
