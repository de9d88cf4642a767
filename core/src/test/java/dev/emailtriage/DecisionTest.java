package dev.emailtriage;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecisionTest {

  private static Decision withConfidence(double c) {
    return Decision.builder().action(Action.IGNORE).confidence(c).emailType(EmailType.NEWSLETTER)
        .reason("r").source(DecisionSource.MODEL).build();
  }

  /** The rounding as it always was: through BigDecimal, half up. */
  private static double rounded(double c) {
    return Double.isNaN(c) || Double.isInfinite(c) ? c
        : BigDecimal.valueOf(c).setScale(2, RoundingMode.HALF_UP).doubleValue();
  }

  @Test
  void confidenceIsRoundedToTwoDecimalsHalfUpWithOrWithoutTheShortcut() {
    SplittableRandom r = new SplittableRandom(5);
    double[] edges = {0, -0.0, 1, 0.005, 0.015, 0.285, 0.295, 0.925, 0.995, 0.9950000000000001, 1e-300, -0.005,
        0.1 + 0.2, 1e6, 1e7 + 0.005, -1e6 - 0.005, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN,
        Double.POSITIVE_INFINITY};
    for (double c : edges) {
      assertThat(Double.doubleToRawLongBits(withConfidence(c).confidence())).as("confidence %s", c)
          .isEqualTo(Double.doubleToRawLongBits(rounded(c)));
    }
    for (int n = 0; n < 200_000; n++) {
      double c = switch (n % 3) {
        case 0 -> r.nextDouble();
        case 1 -> r.nextInt(101) / 100.0;
        default -> r.nextInt(2001) / 1000.0 - 0.5;
      };
      assertThat(Double.doubleToRawLongBits(withConfidence(c).confidence())).as("confidence %s", c)
          .isEqualTo(Double.doubleToRawLongBits(rounded(c)));
    }
  }
}
