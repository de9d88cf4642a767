package dev.emailtriage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emailtriage.QualityReport.Bin;
import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.spi.QualityContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@link QualityContract} on the in-memory store, and the suggested review threshold on its edges. */
class InMemoryQualityTest extends QualityContract {

  @Override
  protected DecisionStore store() {
    return new InMemoryDecisionStore();
  }

  private static List<Bin> bins(long[] n, long[] agreed) {
    List<Bin> bins = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      bins.add(new Bin(i / 10.0, (i + 1) / 10.0, n[i], agreed[i], QualityReport.rate(agreed[i], n[i])));
    }
    return bins;
  }

  @Test
  void suggestsTheLowestBinAboveWhichEveryFullBinAgreesNinetyPercent() {
    long[] n = {0, 0, 0, 0, 0, 10, 10, 4, 10, 10};
    long[] a = {0, 0, 0, 0, 0, 8, 9, 0, 9, 10};
    // bin 7 has four emails only: passed over; bin 5 agrees 0.8 < 0.9: the threshold is bin 6's lower edge
    assertThat(QualityReport.suggestThreshold(bins(n, a))).isEqualTo(0.6);
  }

  @Test
  void suggestsReviewingEverythingWhenTheTopBinFailsAndNothingWithoutEnoughFeedback() {
    long[] n = {0, 0, 0, 0, 0, 0, 0, 0, 0, 10};
    assertThat(QualityReport.suggestThreshold(bins(n, new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 8}))).isEqualTo(1.0);
    assertThat(QualityReport.suggestThreshold(bins(n, new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 9}))).isEqualTo(0.9);
    assertThat(QualityReport.suggestThreshold(bins(new long[10], new long[10]))).isNull();
  }

  @Test
  void binsByTheFirstDecimalWithOneInTheLastBin() {
    assertThat(QualityReport.bin(0.0)).isZero();
    assertThat(QualityReport.bin(0.69)).isEqualTo(6);
    assertThat(QualityReport.bin(0.7)).isEqualTo(7);
    assertThat(QualityReport.bin(0.3)).isEqualTo(3);
    assertThat(QualityReport.bin(1.0)).isEqualTo(9);
  }
}
