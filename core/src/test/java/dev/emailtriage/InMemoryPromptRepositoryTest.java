package dev.emailtriage;

import dev.emailtriage.spi.PromptRepository;
import dev.emailtriage.spi.PromptRepositoryContract;

/** The {@link PromptRepositoryContract} against {@link InMemoryPromptRepository}. */
class InMemoryPromptRepositoryTest extends PromptRepositoryContract {

  @Override
  protected PromptRepository repository() {
    return new InMemoryPromptRepository(INITIAL);
  }
}
