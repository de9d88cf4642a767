package dev.emailtriage.mime.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns the bytes of mail text into a string the way mail clients do: declared charsets are widened to the superset
 * that real mail actually uses (ISO-8859-1 and US-ASCII as Windows-1252, GB2312 as GB18030, Shift_JIS as
 * Windows-31J, KS C 5601 as Windows-949), and undeclared 8-bit text is read as UTF-8 when it is valid UTF-8, else as
 * Windows-1252. Stateless and thread-safe.
 */
public final class MimeCharsets {

  public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private MimeCharsets() {}

  /** The charset to decode text declared as {@code mimeName}, or {@code null} when it is absent or unknown. */
  public static Charset forMimeName(String mimeName) {
    if (mimeName == null) {
      return null;
    }
    String name = mimeName.strip().replace("\"", "").replace("'", "").toLowerCase(Locale.ROOT);
    if (name.isEmpty()) {
      return null;
    }
    switch (name) {
      case "us-ascii":
      case "ascii":
      case "iso-8859-1":
      case "iso8859-1":
      case "iso_8859-1":
      case "latin1":
      case "latin-1":
      case "cp1252":
      case "windows-1252":
        return WINDOWS_1252;
      case "gb2312":
      case "gbk":
      case "x-gbk":
      case "cp936":
      case "euc-cn":
      case "x-euc-cn":
      case "gb18030":
        return supported("GB18030", "GBK");
      case "shift_jis":
      case "shift-jis":
      case "sjis":
      case "x-sjis":
      case "windows-31j":
        return supported("windows-31j", "Shift_JIS");
      case "ks_c_5601-1987":
      case "ks_c_5601":
      case "euc-kr":
        return supported("x-windows-949", "EUC-KR");
      case "utf8":
      case "utf-8":
        return StandardCharsets.UTF_8;
      case "unknown-8bit":
      case "x-unknown":
      case "unknown":
      case "8bit":
        return null;
      default:
        return supported(name, null);
    }
  }

  /** Decodes {@code bytes} declared as {@code mimeName} (may be null); never fails. */
  public static String decode(byte[] bytes, String mimeName) {
    Charset cs = forMimeName(mimeName);
    if (cs == null) {
      return decodeUndeclared(bytes);
    }
    return new String(bytes, cs);
  }

  /** Decodes bytes with no declared charset: ISO-2022-JP by its escapes, UTF-8 when valid, else Windows-1252. */
  public static String decodeUndeclared(byte[] bytes) {
    boolean eightBit = false;
    boolean escape = false;
    for (byte b : bytes) {
      if (b < 0) {
        eightBit = true;
        break;
      }
      if (b == 0x1B) {
        escape = true;
      }
    }
    if (!eightBit) {
      if (escape) {
        Charset jis = supported("ISO-2022-JP", null);
        if (jis != null) {
          return new String(bytes, jis);
        }
      }
      return new String(bytes, StandardCharsets.US_ASCII);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, WINDOWS_1252);
    }
  }

  private static Charset supported(String name, String alternative) {
    try {
      if (Charset.isSupported(name)) {
        return Charset.forName(name);
      }
    } catch (IllegalArgumentException e) {
      // an illegal charset name: fall through
    }
    return alternative == null ? null : supported(alternative, null);
  }
}
