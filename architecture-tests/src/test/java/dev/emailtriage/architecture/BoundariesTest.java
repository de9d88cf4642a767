package dev.emailtriage.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.lang.ArchRule;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The walls between modules, checked on the compiled classes of the whole reactor (DESIGN.md, Modules; issue 15).
 * Violations that exist today are frozen in {@code known-violations.txt}, which may only shrink.
 */
class BoundariesTest {

  private final Codebase codebase = Codebase.get();

  /** What core must never know: model SDKs, SQL, JDBI, Flyway, mail, Spring, and our adapters. */
  private static final List<String> CORE_FORBIDDEN = List.of("com.google.genai.", "com.openai.", "java.sql.",
      "javax.sql.", "org.jdbi.", "org.postgresql.", "org.flywaydb.", "com.zaxxer.", "jakarta.mail.", "javax.mail.",
      "org.eclipse.angus.", "org.apache.james.", "com.google.api.", "org.springframework.", "dev.langchain4j.");

  @Test
  void theRulesReadEveryModule() {
    assertThat(codebase.moduleNames()).contains("core", "supabase-store", "gemini-adapter",
        "spring-boot-autoconfigure", "examples/triage-server", "benchmarks");
    assertThat(codebase.classes().size()).isGreaterThan(100);
  }

  @Test
  void noModuleUsesAnotherModulesInternals() {
    ArchRule rule = classes().should(new DependencyCondition(
        "use no other module's internal packages (they may change at any time; what others need is SPI)", codebase,
        (originModule, target, targetModule) -> targetModule.isPresent()
            && !targetModule.get().equals(originModule)
            && (target.getPackageName().endsWith(".internal") || target.getPackageName().contains(".internal."))));
    KnownViolations.check("internals", rule, codebase, null);
  }

  @Test
  void libraryModulesUseNoSpring() {
    ArchRule rule = classes().should(new DependencyCondition(
        "not use Spring in a library module (core, mime, stores, model adapters, mailboxes, spam filter, test kit)",
        codebase,
        (originModule, target, targetModule) -> Codebase.isLibrary(originModule)
            && target.getName().startsWith("org.springframework.")));
    KnownViolations.check("no-spring", rule, codebase, null);
  }

  @Test
  void coreKnowsNoModelSqlMailOrSpring() {
    ArchRule rule = classes().should(new DependencyCondition(
        "keep core free of Gemini, OpenAI, SQL, JDBI, Flyway, Jakarta Mail, Spring and every other module",
        codebase,
        (originModule, target, targetModule) -> originModule.equals("core")
            && (targetModule.isPresent() ? !targetModule.get().equals("core")
                : CORE_FORBIDDEN.stream().anyMatch(target.getName()::startsWith))));
    KnownViolations.check("core-alone", rule, codebase, null);
  }

  @Test
  void librariesKnowCoreAndNeverEachOther() {
    ArchRule rule = classes().should(new DependencyCondition(
        "depend, in a library module, only on core (mailbox connectors also on mime), never on another adapter",
        codebase,
        (originModule, target, targetModule) -> Codebase.isLibrary(originModule) && targetModule.isPresent()
            && !allowed(originModule).contains(targetModule.get())));
    KnownViolations.check("adapters-apart", rule, codebase, null);
  }

  @Test
  void noTwoFilesDependOnEachOtherDirectlyOrInALoop() {
    FileCycles cycles = new FileCycles(codebase);
    ArchRule rule = classes().should(cycles);
    KnownViolations.check("file-cycles", rule, codebase, cycles::explain);
  }

  private static Set<String> allowed(String module) {
    Set<String> allowed = new HashSet<>(List.of(module, "core"));
    if (module.startsWith("mailbox-")) {
      allowed.add("mime");
    }
    return allowed;
  }
}
