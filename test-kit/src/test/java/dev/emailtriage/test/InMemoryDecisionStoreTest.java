package dev.emailtriage.test;

import dev.emailtriage.InMemoryDecisionStore;
import dev.emailtriage.spi.DecisionStore;

/** The {@link DecisionStoreContract} against {@link InMemoryDecisionStore}. */
class InMemoryDecisionStoreTest extends DecisionStoreContract {

  @Override
  protected DecisionStore store() {
    return new InMemoryDecisionStore();
  }
}
