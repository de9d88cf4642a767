package dev.emailtriage;

import dev.emailtriage.spi.MailboxStateStore;
import dev.emailtriage.spi.MailboxStateStoreContract;

class InMemoryMailboxStateStoreTest extends MailboxStateStoreContract {

  @Override
  protected MailboxStateStore store() {
    return new InMemoryMailboxStateStore();
  }
}
