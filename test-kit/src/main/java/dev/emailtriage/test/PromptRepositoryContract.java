package dev.emailtriage.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emailtriage.DecisionCriteria;
import dev.emailtriage.Email;
import dev.emailtriage.Prompt;
import dev.emailtriage.spi.PromptRepository.PromptConflictException;
import dev.emailtriage.spi.PromptRepository;
import dev.emailtriage.spi.PromptSelection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link PromptRepository} must have. A repository's test extends this class and gives a fresh
 * repository per test holding only {@link #INITIAL}, active.
 */
public abstract class PromptRepositoryContract {

  /** The prompt a fresh repository holds, active. */
  protected static final Prompt INITIAL = new Prompt("prompt_initial", "initial", 1, "Você faz a triagem de emails.",
      DecisionCriteria.DEFAULT, true, Instant.parse("2025-01-01T00:00:00Z"));

  private static final DecisionCriteria CRITERIA = new DecisionCriteria(List.of("questions"), List.of("spam"));

  /** A fresh repository holding only {@link #INITIAL}, active. */
  protected abstract PromptRepository repository();

  private static Email email(String id) {
    return Email.builder().emailId(id).receivedAt(Instant.parse("2025-01-15T10:30:00Z")).build();
  }

  @Test
  void startsWithTheInitialPromptActive() {
    PromptRepository repo = repository();
    assertThat(repo.active()).isEqualTo(INITIAL);
    assertThat(repo.list()).containsExactly(INITIAL);
    assertThat(repo.find("prompt_initial")).contains(INITIAL);
    assertThat(repo.find("initial")).contains(INITIAL);
    assertThat(repo.find("nope")).isEmpty();
    assertThat(repo.promptFor(email("e-1"))).isEqualTo(INITIAL);
  }

  @Test
  void createMakesAnInactiveFirstVersionFoundByIdOrName() {
    PromptRepository repo = repository();
    Prompt created = repo.create("b-formal", "Seja formal.", CRITERIA, "ana");
    assertThat(created.version()).isEqualTo(1);
    assertThat(created.active()).isFalse();
    assertThat(created.name()).isEqualTo("b-formal");
    assertThat(created.systemPrompt()).isEqualTo("Seja formal.");
    assertThat(created.decisionCriteria()).isEqualTo(CRITERIA);
    assertThat(created.id()).isNotBlank().isNotEqualTo("b-formal");
    assertThat(repo.find(created.id())).contains(created);
    assertThat(repo.find("b-formal")).contains(created);
    Prompt other = repo.create("a-curto", "Seja breve.", null, null);
    assertThat(other.decisionCriteria()).isEqualTo(DecisionCriteria.DEFAULT);
    assertThat(repo.list()).extracting(Prompt::name).containsExactly("a-curto", "b-formal", "initial");
    assertThat(repo.active()).isEqualTo(INITIAL);
  }

  @Test
  void aTakenNameIsAConflictAndBlankTextIsRefused() {
    PromptRepository repo = repository();
    repo.create("dup", "x", CRITERIA, null);
    assertThatThrownBy(() -> repo.create("dup", "y", CRITERIA, null)).isInstanceOf(PromptConflictException.class);
    assertThatThrownBy(() -> repo.create("initial", "y", CRITERIA, null))
        .isInstanceOf(PromptConflictException.class);
    assertThatThrownBy(() -> repo.create(" ", "y", CRITERIA, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repo.create("ok", "", CRITERIA, null)).isInstanceOf(IllegalArgumentException.class);
    assertThat(repo.list()).extracting(Prompt::name).containsExactly("dup", "initial");
  }

  @Test
  void updateRecordsANewVersionUnderTheSameId() {
    PromptRepository repo = repository();
    Prompt v1 = repo.create("p", "one", CRITERIA, null);
    Prompt v2 = repo.update("p", "two", null, "bob");
    assertThat(v2.id()).isEqualTo(v1.id());
    assertThat(v2.name()).isEqualTo("p");
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.systemPrompt()).isEqualTo("two");
    assertThat(v2.decisionCriteria()).isEqualTo(CRITERIA);
    Prompt v3 = repo.update(v1.id(), "three", DecisionCriteria.DEFAULT, null);
    assertThat(v3.version()).isEqualTo(3);
    assertThat(v3.decisionCriteria()).isEqualTo(DecisionCriteria.DEFAULT);
    assertThat(repo.find("p")).contains(v3);
    assertThat(repo.list()).hasSize(2);
    assertThatThrownBy(() -> repo.update("nope", "x", null, null)).isInstanceOf(NoSuchElementException.class);
    assertThatThrownBy(() -> repo.update("p", " ", null, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void updatingTheActivePromptKeepsItActive() {
    PromptRepository repo = repository();
    Prompt v2 = repo.update("initial", "nova versão", null, null);
    assertThat(v2.active()).isTrue();
    assertThat(v2.version()).isEqualTo(2);
    assertThat(repo.active()).isEqualTo(v2);
    assertThat(repo.promptFor(email("x"))).isEqualTo(v2);
  }

  @Test
  void activateLeavesExactlyOneActivePrompt() {
    PromptRepository repo = repository();
    Prompt b = repo.create("b", "bee", CRITERIA, null);
    Prompt activated = repo.activate("b");
    assertThat(activated.id()).isEqualTo(b.id());
    assertThat(activated.active()).isTrue();
    assertThat(repo.active().id()).isEqualTo(b.id());
    assertThat(repo.list()).filteredOn(Prompt::active).extracting(Prompt::id).containsExactly(b.id());
    assertThat(repo.find("initial").orElseThrow().active()).isFalse();
    assertThat(repo.activate(b.id()).active()).isTrue();
    assertThat(repo.list()).filteredOn(Prompt::active).hasSize(1);
    assertThatThrownBy(() -> repo.activate("nope")).isInstanceOf(NoSuchElementException.class);
    assertThat(repo.active().id()).isEqualTo(b.id());
  }

  @Test
  void concurrentActivationsLeaveExactlyOneActivePrompt() throws Exception {
    PromptRepository repo = repository();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      names.add(repo.create("c" + i, "text " + i, CRITERIA, null).name());
    }
    ExecutorService pool = Executors.newFixedThreadPool(6);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Prompt>> futures = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        for (String name : names) {
          futures.add(pool.submit(() -> {
            start.await();
            return repo.activate(name);
          }));
        }
      }
      start.countDown();
      for (Future<Prompt> f : futures) {
        assertThat(f.get(60, TimeUnit.SECONDS).active()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(repo.list()).filteredOn(Prompt::active).hasSize(1);
    assertThat(repo.active().name()).isIn(names);
  }

  @Test
  void aChallengerTakesAStableShareOfEmails() {
    PromptRepository repo = repository();
    Prompt challenger = repo.create("challenger", "desafiante", CRITERIA, null);
    assertThatThrownBy(() -> repo.setChallenger("challenger", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repo.setChallenger("challenger", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> repo.setChallenger("nope", 0.5)).isInstanceOf(NoSuchElementException.class);
    repo.setChallenger("challenger", 0.3);
    int n = 400;
    int toChallenger = 0;
    for (int i = 0; i < n; i++) {
      Prompt p = repo.promptFor(email("msg-" + i));
      if (i % 4 == 0) {
        assertThat(repo.promptFor(email("msg-" + i))).as("stable").isEqualTo(p);
      }
      if (p.id().equals(challenger.id())) {
        toChallenger++;
      } else {
        assertThat(p).isEqualTo(INITIAL);
      }
    }
    // the split is a fixed hash of the id: 30 % of 400 is 120, give or take a few standard deviations (9)
    assertThat(toChallenger).isBetween(90, 150);

    Prompt v2 = repo.update("challenger", "desafiante v2", null, null);
    assertThat(List.of(repo.promptFor(email("msg-1")), repo.promptFor(email("msg-2")),
        repo.promptFor(email("msg-3")), repo.promptFor(email("msg-4")))).allSatisfy(p ->
        assertThat(p.id().equals(challenger.id()) ? p : null).isIn(v2, null));

    repo.setChallenger(null, 0);
    for (int i = 0; i < 50; i++) {
      assertThat(repo.promptFor(email("msg-" + i))).isEqualTo(INITIAL);
    }
  }

  @Test
  void anActiveChallengerIsJustTheActivePrompt() {
    PromptRepository repo = repository();
    repo.create("c", "c", CRITERIA, null);
    repo.setChallenger("c", 0.5);
    Prompt active = repo.activate("c");
    for (int i = 0; i < 50; i++) {
      assertThat(repo.promptFor(email("m-" + i))).isEqualTo(active);
    }
  }

  @Test
  void theSelectionPicksWhatPromptForPicksAndEveryChangeMovesTheChangeCount() {
    PromptRepository repo = repository();
    long c0 = repo.changeCount();
    Prompt challenger = repo.create("sel", "desafiante", CRITERIA, null);
    long c1 = repo.changeCount();
    repo.setChallenger("sel", 0.4);
    long c2 = repo.changeCount();
    PromptSelection selection = repo.selection().orElseThrow();
    assertThat(selection.active()).isEqualTo(INITIAL);
    assertThat(selection.challenger()).isEqualTo(challenger);
    for (int i = 0; i < 100; i++) {
      assertThat(selection.promptFor(email("sel-" + i))).isEqualTo(repo.promptFor(email("sel-" + i)));
    }
    repo.update("sel", "desafiante v2", null, null);
    long c3 = repo.changeCount();
    repo.activate("sel");
    long c4 = repo.changeCount();
    repo.setChallenger(null, 0);
    long c5 = repo.changeCount();
    assertThat(List.of(c0, c1, c2, c3, c4, c5)).doesNotHaveDuplicates();
    assertThat(repo.selection().orElseThrow().active().version()).isEqualTo(2);
    assertThat(repo.selection().orElseThrow().challenger()).isNull();
  }

  @Test
  void theChallengerIsReportedWithItsShareUntilTheTestEnds() {
    PromptRepository repo = repository();
    assertThat(repo.challenger()).isEmpty();
    repo.create("c2", "c", CRITERIA, null);
    repo.setChallenger("c2", 0.2);
    Prompt v2 = repo.update("c2", "c v2", null, null);
    assertThat(repo.challenger()).hasValueSatisfying(c -> {
      assertThat(c.prompt()).isEqualTo(v2);
      assertThat(c.share()).isEqualTo(0.2);
    });
    repo.setChallenger(null, 0);
    assertThat(repo.challenger()).isEmpty();
    repo.setChallenger("c2", 0.5);
    repo.activate("c2");
    assertThat(repo.challenger()).as("the active prompt cannot be its own challenger").isEmpty();
  }
}
