package dev.emailtriage.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The load runner's logic, quickly: the mix's shares, unique ids, determinism; the percentile. No timing. */
class MailMixTest {

  static final Path FIXTURES = Path.of("../../shared/fixtures/mail");

  @Test
  void mixHasTheIssueSharesAndUniqueIds() throws Exception {
    assumeTrue(Files.isRegularFile(FIXTURES.resolve("MANIFEST.tsv")), "fixtures absent");
    MailMix mix = MailMix.load(FIXTURES, 500, 7);
    Map<MailMix.Kind, Integer> counts = new EnumMap<>(MailMix.Kind.class);
    Set<String> ids = new HashSet<>();
    List<String> firstIds = new ArrayList<>();
    while (mix.hasNext()) {
      MailMix.Item item = mix.next();
      counts.merge(item.kind(), 1, Integer::sum);
      assertThat(ids.add(item.email().emailId())).as("unique id %s", item.email().emailId()).isTrue();
      if (item.index() < MailMix.MIN_DUP_DISTANCE) {
        assertThat(item.kind()).isNotEqualTo(MailMix.Kind.NEAR_DUPLICATE);
      }
      if (firstIds.size() < 50) {
        firstIds.add(item.email().emailId());
      }
    }
    assertThat(counts).containsEntry(MailMix.Kind.NEAR_DUPLICATE, 100)
        .containsEntry(MailMix.Kind.BULK, 200).containsEntry(MailMix.Kind.HUMAN, 200);
    MailMix again = MailMix.load(FIXTURES, 500, 7);
    for (String id : firstIds) {
      assertThat(again.next().email().emailId()).isEqualTo(id);
    }
  }

  @Test
  void nearestRankPercentile() {
    long[] v = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(LoadRunner.percentile(v, 0.5)).isEqualTo(5);
    assertThat(LoadRunner.percentile(v, 0.99)).isEqualTo(10);
    assertThat(LoadRunner.percentile(new long[0], 0.5)).isZero();
  }
}
