package dev.emailtriage.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A condition on every dependency of a class (field, method signature, call, annotation, generic argument, throws…):
 * each forbidden edge is one violation, reported as {@code module: origin-file -> target} without line numbers, so
 * that a frozen entry stays the same while the file changes around it.
 */
final class DependencyCondition extends ArchCondition<JavaClass> {

  /** Decides whether one dependency is forbidden. */
  interface Check {
    /**
     * @param originModule the module of the class that depends
     * @param target the class depended on
     * @param targetModule its module, empty when it is not one of ours
     * @return whether the dependency breaks the rule
     */
    boolean forbidden(String originModule, JavaClass target, Optional<String> targetModule);
  }

  private final Codebase codebase;
  private final Check check;

  DependencyCondition(String description, Codebase codebase, Check check) {
    super(description);
    this.codebase = codebase;
    this.check = check;
  }

  @Override
  public void check(JavaClass origin, ConditionEvents events) {
    Optional<String> originModule = codebase.moduleOf(origin);
    if (originModule.isEmpty()) {
      return;
    }
    Set<String> reported = new LinkedHashSet<>();
    for (Dependency d : origin.getDirectDependenciesFromSelf()) {
      JavaClass target = d.getTargetClass().getBaseComponentType();
      if (target.isPrimitive() || Codebase.fileOf(target).equals(Codebase.fileOf(origin))) {
        continue;
      }
      Optional<String> targetModule = codebase.moduleOf(target);
      if (check.forbidden(originModule.get(), target, targetModule)) {
        String shown = targetModule.isPresent() ? Codebase.fileOf(target) : target.getName();
        String message = originModule.get() + ": " + Codebase.fileOf(origin) + " -> " + shown;
        if (reported.add(message)) {
          events.add(SimpleConditionEvent.violated(origin, message));
        }
      }
    }
  }
}
