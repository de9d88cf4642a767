package dev.emailtriage;

import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.spi.DecisionStoreContract;

/** The {@link DecisionStoreContract} against {@link InMemoryDecisionStore}. */
class InMemoryDecisionStoreTest extends DecisionStoreContract {

  @Override
  protected DecisionStore store() {
    return new InMemoryDecisionStore();
  }
}
