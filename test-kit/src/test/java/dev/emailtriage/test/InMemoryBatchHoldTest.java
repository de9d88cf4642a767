package dev.emailtriage.test;

import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.spi.DecisionStore;

/** The {@link BatchHoldContract} against {@link InMemoryDecisionStore}. */
class InMemoryBatchHoldTest extends BatchHoldContract {

  @Override
  protected DecisionStore store() {
    return new InMemoryDecisionStore();
  }
}
