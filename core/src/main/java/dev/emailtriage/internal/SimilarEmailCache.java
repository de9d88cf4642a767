package dev.emailtriage.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.emailtriage.Action;
import dev.emailtriage.Decision;
import dev.emailtriage.internal.rules.Addresses;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The similar-email memory: model decisions by exact fingerprint, plus a SimHash band index for near-duplicates.
 * An exact duplicate reuses an ignore decision, and a respond decision only for the same sender (a draft is
 * personal); a near-duplicate (SimHash within {@value #MAX_DISTANCE} bits, at least {@value #MIN_TOKENS} words)
 * reuses only an ignore decision. Bounded and expiring (Caffeine). Thread-safe. Not API.
 */
public final class SimilarEmailCache {

  /** The largest SimHash distance that counts as a near-duplicate. */
  public static final int MAX_DISTANCE = 3;

  /** Fewer words than this never match as a near-duplicate: short texts differ by few bits by chance. */
  public static final int MIN_TOKENS = 20;

  private static final int BANDS = MAX_DISTANCE + 1;
  private static final int BAND_BITS = 64 / BANDS;

  private final Cache<String, Entry> byExact;
  private final Map<Long, Set<String>> bands = new ConcurrentHashMap<>();

  private record Entry(Fingerprint fingerprint, String promptKey, Decision decision, String sender) {}

  /** A cache of at most {@code maxSize} decisions, each kept {@code ttl}. */
  public SimilarEmailCache(long maxSize, Duration ttl) {
    this.byExact = Caffeine.newBuilder()
        .maximumSize(maxSize)
        .expireAfterWrite(ttl)
        .executor(Runnable::run)
        .removalListener((String key, Entry entry, RemovalCause cause) -> {
          if (entry != null && cause != RemovalCause.REPLACED) {
            for (long band : bandKeys(entry.fingerprint().simHash(), entry.promptKey())) {
              Set<String> keys = bands.get(band);
              if (keys != null) {
                keys.remove(key);
              }
            }
          }
        })
        .build();
  }

  /** A decision to reuse for this message from this sender under this prompt version, if any. */
  public Optional<Decision> find(Fingerprint fp, String promptKey, String sender) {
    Entry exact = byExact.getIfPresent(fp.exact());
    if (exact == null) {
      exact = byExact.getIfPresent(personalKey(fp, sender));
    }
    if (exact != null && reusable(exact.decision(), exact.sender(), sender)) {
      return Optional.of(exact.decision());
    }
    if (fp.tokens() < MIN_TOKENS) {
      return Optional.empty();
    }
    for (long band : bandKeys(fp.simHash(), promptKey)) {
      for (String key : bands.getOrDefault(band, Set.of())) {
        Entry e = byExact.getIfPresent(key);
        if (e != null && e.decision().action() == Action.IGNORE
            && Fingerprint.distance(e.fingerprint().simHash(), fp.simHash()) <= MAX_DISTANCE) {
          return Optional.of(e.decision());
        }
      }
    }
    return Optional.empty();
  }

  /** Whether a stored decision for {@code storedSender} may be reused for an exact duplicate from {@code sender}. */
  public static boolean reusable(Decision decision, String storedSender, String sender) {
    return decision.action() == Action.IGNORE || normaliseSender(storedSender).equals(normaliseSender(sender));
  }

  /** Remembers a model decision: an ignore for everyone, a respond (with its draft) for its sender only. */
  public void put(Fingerprint fp, String promptKey, Decision decision, String sender) {
    if (decision.action() != Action.IGNORE) {
      byExact.put(personalKey(fp, sender), new Entry(fp, promptKey, decision, sender));
      return;
    }
    byExact.put(fp.exact(), new Entry(fp, promptKey, decision, sender));
    if (fp.tokens() >= MIN_TOKENS) {
      for (long band : bandKeys(fp.simHash(), promptKey)) {
        bands.computeIfAbsent(band, b -> ConcurrentHashMap.newKeySet()).add(fp.exact());
      }
    }
  }

  /** The keys of the four 16-bit bands of {@code simHash}: two hashes within 3 bits share at least one. */
  private static long[] bandKeys(long simHash, String promptKey) {
    long scope = (long) promptKey.hashCode() << 32;
    long[] keys = new long[BANDS];
    for (int i = 0; i < BANDS; i++) {
      long value = (simHash >>> (i * BAND_BITS)) & ((1L << BAND_BITS) - 1);
      keys[i] = scope ^ ((long) i << BAND_BITS) ^ value;
    }
    return keys;
  }

  private static String personalKey(Fingerprint fp, String sender) {
    return fp.exact() + "|" + normaliseSender(sender);
  }

  private static String normaliseSender(String from) {
    return Addresses.extract(from).orElse(from == null ? "" : from.strip().toLowerCase(Locale.ROOT));
  }
}
