package dev.emailtriage.test;

import dev.emailtriage.InMemoryMailboxStateStore;
import dev.emailtriage.spi.MailboxStateStore;

class InMemoryMailboxStateStoreTest extends MailboxStateStoreContract {

  @Override
  protected MailboxStateStore store() {
    return new InMemoryMailboxStateStore();
  }
}
