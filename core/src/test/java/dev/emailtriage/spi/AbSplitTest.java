package dev.emailtriage.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AbSplitTest {

  @Test
  void theSameIdAlwaysLandsOnTheSameSide() {
    assertThat(IntStream.range(0, 200).mapToObj(i -> "id-" + i)
        .allMatch(id -> AbSplit.inShare(id, 0.3) == AbSplit.inShare(id, 0.3))).isTrue();
  }

  @Test
  void aShareOfNothingTakesNoEmailAndAGrowingShareKeepsItsEmails() {
    long none = IntStream.range(0, 10_000).filter(i -> AbSplit.inShare("id-" + i, 0)).count();
    assertThat(none).isZero();
    assertThat(IntStream.range(0, 10_000).mapToObj(i -> "id-" + i)
        .filter(id -> AbSplit.inShare(id, 0.1)).allMatch(id -> AbSplit.inShare(id, 0.5))).isTrue();
  }

  @Test
  void theShareIsRoughlyTheFractionOfEmails() {
    long in = IntStream.range(0, 20_000).filter(i -> AbSplit.inShare("email-" + i, 0.2)).count();
    assertThat(in).isBetween(3_700L, 4_300L);
  }
}
