package dev.emailtriage.test;

import dev.emailtriage.InMemoryPromptRepository;
import dev.emailtriage.spi.PromptRepository;

/** The {@link PromptRepositoryContract} against {@link InMemoryPromptRepository}. */
class InMemoryPromptRepositoryTest extends PromptRepositoryContract {

  @Override
  protected PromptRepository repository() {
    return new InMemoryPromptRepository(INITIAL);
  }
}
