package dev.emailtriage.internal.rules;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A set of senders given as full addresses ({@code ana@example.com}, {@code "Ana <ana@example.com>"}) or domains
 * ({@code example.com}, {@code @example.com}); a domain also covers its subdomains. Case-insensitive. Immutable and
 * thread-safe.
 */
public final class SenderList {

  /** A domain: labels of letters, digits and hyphens separated by dots. */
  private static final Pattern DOMAIN = Pattern.compile("[\\p{L}\\p{N}_-]+(\\.[\\p{L}\\p{N}_-]+)*");

  private final Set<String> addresses;
  private final Set<String> domains;

  private SenderList(Set<String> addresses, Set<String> domains) {
    this.addresses = Set.copyOf(addresses);
    this.domains = Set.copyOf(domains);
  }

  /**
   * The list of {@code entries}, checked at once.
   *
   * @param setting the name of the setting, for error messages ({@code deny})
   * @param entries addresses and domains
   * @throws IllegalArgumentException naming {@code setting} when {@code entries} or one of them is null, blank or
   *     neither an address nor a domain
   */
  public static SenderList of(String setting, Collection<String> entries) {
    if (entries == null) {
      throw new IllegalArgumentException(setting + " must not be null");
    }
    Set<String> addresses = new LinkedHashSet<>();
    Set<String> domains = new LinkedHashSet<>();
    int index = 0;
    for (String entry : entries) {
      if (entry == null || entry.isBlank()) {
        throw new IllegalArgumentException(setting + ": entry " + index + " is null or blank");
      }
      String value = entry.strip().toLowerCase(Locale.ROOT);
      if (value.startsWith("@")) {
        domains.add(checkedDomain(setting, entry, value.substring(1)));
      } else if (value.contains("@")) {
        String address = Addresses.extract(value).orElse("");
        String domain = Addresses.domain(address);
        if (Addresses.localPart(address).isEmpty() || !DOMAIN.matcher(domain).matches()) {
          throw new IllegalArgumentException(setting + ": '" + entry + "' is not an address or a domain");
        }
        addresses.add(address);
      } else {
        domains.add(checkedDomain(setting, entry, value));
      }
      index++;
    }
    return new SenderList(addresses, domains);
  }

  /** True when the list has no entry. */
  public boolean isEmpty() {
    return addresses.isEmpty() && domains.isEmpty();
  }

  /**
   * The entry that {@code rawAddress} (a {@code From} value, any form) matches: the address itself or the domain
   * that covers it; empty when none does.
   */
  public Optional<String> match(String rawAddress) {
    Optional<String> address = Addresses.extract(rawAddress).filter(a -> a.contains("@"));
    if (address.isEmpty()) {
      return Optional.empty();
    }
    String a = address.get();
    if (addresses.contains(a)) {
      return address;
    }
    String domain = Addresses.domain(a);
    for (String d : domains) {
      if (domain.equals(d) || domain.endsWith("." + d)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  private static String checkedDomain(String setting, String entry, String domain) {
    if (!DOMAIN.matcher(domain).matches()) {
      throw new IllegalArgumentException(setting + ": '" + entry + "' is not an address or a domain");
    }
    return domain;
  }
}
