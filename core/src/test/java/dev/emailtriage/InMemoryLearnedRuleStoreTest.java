package dev.emailtriage;

import dev.emailtriage.spi.LearnedRuleStore;

/** The {@link SenderMemoryContract} on the in-memory store. */
class InMemoryLearnedRuleStoreTest extends SenderMemoryContract {
  private LearnedRuleStore store;

  @Override
  protected LearnedRuleStore store() {
    if (store == null) {
      store = new InMemoryLearnedRuleStore();
    }
    return store;
  }
}
