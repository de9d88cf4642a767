package dev.emailtriage.internal.rules;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The host names (or RFC 8601 authserv-ids) of the user's own receiving mail servers: the only stampers whose spam
 * and authentication verdicts the built-in rules trust. Compared exactly, without regard to case (no subdomains: a
 * verdict from {@code relay.example.com} is not one from {@code mx.example.com}). Immutable and thread-safe.
 */
public final class TrustedReceivers {

  /** A host name or authserv-id: labels of letters, digits, hyphens and underscores separated by dots. */
  private static final Pattern HOST = Pattern.compile("[\\p{L}\\p{N}_-]+(\\.[\\p{L}\\p{N}_-]+)*");

  private final Set<String> hosts;

  private TrustedReceivers(Set<String> hosts) {
    this.hosts = Set.copyOf(hosts);
  }

  /**
   * The receivers in {@code entries}, checked at once.
   *
   * @param setting the name of the setting, for error messages
   * @throws IllegalArgumentException naming {@code setting} when {@code entries} is null or empty, or an entry is
   *     null, blank or not a host name
   */
  public static TrustedReceivers of(String setting, Collection<String> entries) {
    if (entries == null || entries.isEmpty()) {
      throw new IllegalArgumentException(setting + " must name at least one host");
    }
    Set<String> hosts = new LinkedHashSet<>();
    int index = 0;
    for (String entry : entries) {
      if (entry == null || entry.isBlank()) {
        throw new IllegalArgumentException(setting + ": entry " + index + " is null or blank");
      }
      String host = entry.strip().toLowerCase(Locale.ROOT);
      if (!HOST.matcher(host).matches()) {
        throw new IllegalArgumentException(setting + ": '" + entry + "' is not a host name or authserv-id");
      }
      hosts.add(host);
      index++;
    }
    return new TrustedReceivers(hosts);
  }

  /** True when {@code host} (as a header wrote it; surrounding brackets and a trailing dot allowed) is trusted. */
  public boolean trusts(String host) {
    if (host == null) {
      return false;
    }
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]") || h.startsWith("(") && h.endsWith(")")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return hosts.contains(h);
  }

  @Override
  public String toString() {
    return hosts.toString();
  }
}
