package dev.emailtriage.mime.internal;

import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/** Turns an HTML body into readable plain text with jsoup, keeping paragraph and line breaks. Thread-safe. */
public final class HtmlText {

  private static final Set<String> BLOCKS = Set.of("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
      "blockquote", "pre", "table", "ul", "ol", "dl", "dt", "dd", "hr", "section", "article", "header", "footer",
      "address", "center", "form", "fieldset");
  private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6", "table",
      "blockquote", "ul", "ol");
  private static final Set<String> SKIPPED = Set.of("script", "style", "head", "title", "noscript", "template");

  private HtmlText() {}

  /** The text of {@code html}: tags dropped, blocks on their own lines, runs of blank lines collapsed. */
  public static String toText(String html) {
    Document doc = Jsoup.parse(html);
    StringBuilder out = new StringBuilder();
    doc.body().traverse(new NodeVisitor() {
      @Override
      public void head(Node node, int depth) {
        if (node instanceof TextNode text && !insideSkipped(node)) {
          String t = text.getWholeText().replaceAll("[\\s\\u00a0]+", " ");
          if (out.length() == 0 || out.charAt(out.length() - 1) == '\n') {
            t = t.stripLeading();
          }
          out.append(t);
        } else if (node instanceof Element el && el.normalName().equals("br")) {
          out.append('\n');
        } else if (node instanceof Element el && BLOCKS.contains(el.normalName())) {
          newline(out);
        }
      }

      @Override
      public void tail(Node node, int depth) {
        if (node instanceof Element el && BLOCKS.contains(el.normalName()) && !el.normalName().equals("br")) {
          newline(out);
          if (PARAGRAPHS.contains(el.normalName())) {
            out.append('\n');
          }
        }
      }
    });
    return out.toString().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
  }

  private static boolean insideSkipped(Node node) {
    for (Node n = node.parentNode(); n != null; n = n.parentNode()) {
      if (n instanceof Element el && SKIPPED.contains(el.normalName())) {
        return true;
      }
    }
    return false;
  }

  private static void newline(StringBuilder out) {
    if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
      out.append('\n');
    }
  }
}
