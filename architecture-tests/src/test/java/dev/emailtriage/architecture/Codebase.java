package dev.emailtriage.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The main classes of every module of the reactor, read from each module's {@code target/classes}, with the module
 * each class comes from. The modules are the root {@code pom.xml}'s {@code <module>} entries that have
 * {@code src/main/java}, so a new module is checked as soon as it joins the build.
 */
final class Codebase {

  /** Modules that are not libraries: Spring Boot integration, examples, benchmarks, this one. */
  private static final List<String> NOT_LIBRARY_PREFIXES =
      List.of("spring-boot-", "examples/", "benchmarks", "architecture-tests", "bom");

  private static Codebase instance;

  private final Map<String, Path> modules;
  private final JavaClasses classes;

  private Codebase(Map<String, Path> modules, JavaClasses classes) {
    this.modules = modules;
    this.classes = classes;
  }

  static synchronized Codebase get() {
    if (instance == null) {
      instance = load(root());
    }
    return instance;
  }

  /** The repository root: the directory above this module. */
  private static Path root() {
    Path here = Path.of("").toAbsolutePath();
    Path root = Files.exists(here.resolve("architecture-tests")) ? here : here.getParent();
    if (!Files.exists(root.resolve("pom.xml"))) {
      throw new IllegalStateException("cannot find the repository root from " + here);
    }
    return root;
  }

  private static Codebase load(Path root) {
    String pom;
    try {
      pom = Files.readString(root.resolve("pom.xml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Path> modules = new LinkedHashMap<>();
    List<String> notBuilt = new ArrayList<>();
    Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
    while (m.find()) {
      String module = m.group(1).trim();
      if (module.equals("architecture-tests") || !Files.isDirectory(root.resolve(module).resolve("src/main/java"))) {
        continue;
      }
      Path classes = root.resolve(module).resolve("target/classes");
      if (Files.isDirectory(classes)) {
        modules.put(module, classes);
      } else {
        notBuilt.add(module);
      }
    }
    if (!notBuilt.isEmpty()) {
      throw new IllegalStateException("no target/classes in " + notBuilt + ": run the rules with the whole reactor"
          + " (./mvnw verify) or with the modules they read (./mvnw verify -pl architecture-tests -am plus those)");
    }
    if (!modules.containsKey("core")) {
      throw new IllegalStateException("core's classes are missing; the root pom.xml lists " + modules.keySet());
    }
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_PACKAGE_INFOS)
        .withImportOption(location -> !location.contains("/jmh_generated/"))
        .importPaths(modules.values());
    return new Codebase(modules, classes);
  }

  JavaClasses classes() {
    return classes;
  }

  Set<String> moduleNames() {
    return modules.keySet();
  }

  /** The module a class was read from, if it is one of ours. */
  Optional<String> moduleOf(JavaClass c) {
    JavaClass base = c.getBaseComponentType();
    if (base.getSource().isEmpty()) {
      return Optional.empty();
    }
    URI uri = base.getSource().get().getUri();
    if (!"file".equals(uri.getScheme())) {
      return Optional.empty();
    }
    Path path = Path.of(uri);
    for (Map.Entry<String, Path> e : modules.entrySet()) {
      if (path.startsWith(e.getValue())) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  static boolean isLibrary(String module) {
    return NOT_LIBRARY_PREFIXES.stream().noneMatch(module::startsWith);
  }

  /** The name of the top-level class whose source file declares {@code c} (nested classes count as their file). */
  static String fileOf(JavaClass c) {
    String name = c.getBaseComponentType().getName();
    int dollar = name.indexOf('$');
    return dollar < 0 ? name : name.substring(0, dollar);
  }
}
