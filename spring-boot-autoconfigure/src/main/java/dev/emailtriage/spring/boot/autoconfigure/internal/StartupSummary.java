package dev.emailtriage.spring.boot.autoconfigure.internal;

import dev.emailtriage.spi.Decider;
import dev.emailtriage.spi.DecisionStore;
import dev.emailtriage.spi.PromptSource;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * The one INFO line that says, at start-up, which model, store, prompt source and mailbox the {@code EmailTriage}
 * bean uses: {@code email-triage: model gemini gemini-2.5-flash (GeminiDecider), store PostgresDecisionStore, prompts
 * PostgresPromptRepository, mailbox none}. Stateless.
 */
public final class StartupSummary {

  private static final String GEMINI_DECIDER = "dev.emailtriage.gemini.GeminiDecider";
  private static final String MAILBOX = "dev.emailtriage.spi.Mailbox";

  private StartupSummary() {}

  /** The line; {@code null} parts are shown as {@code none}. */
  public static String line(Decider decider, DecisionStore store, PromptSource prompts, ListableBeanFactory beans) {
    return "email-triage: model " + model(decider) + ", store " + simpleName(store) + ", prompts "
        + simpleName(prompts) + ", mailbox " + mailboxes(beans);
  }

  static String model(Decider decider) {
    if (decider == null) {
      return "none";
    }
    String model = decider.name();
    ClassLoader loader = StartupSummary.class.getClassLoader();
    if (ClassUtils.isPresent(GEMINI_DECIDER, loader)) {
      model = GeminiModel.describe(decider, model);
    }
    return model + " (" + decider.getClass().getSimpleName() + ")";
  }

  private static String simpleName(Object o) {
    return o == null ? "none" : o.getClass().getSimpleName();
  }

  private static String mailboxes(ListableBeanFactory beans) {
    ClassLoader loader = StartupSummary.class.getClassLoader();
    if (beans == null || !ClassUtils.isPresent(MAILBOX, loader)) {
      return "none";
    }
    String[] names = beans.getBeanNamesForType(ClassUtils.resolveClassName(MAILBOX, loader), false, false);
    if (names.length == 0) {
      return "none";
    }
    return Arrays.stream(names).map(name -> {
      Class<?> type = beans.getType(name, false);
      return type == null ? name : type.getSimpleName();
    }).collect(Collectors.joining(", "));
  }

  /** Loaded only when the Gemini adapter is on the class path. */
  private static final class GeminiModel {
    private GeminiModel() {}

    static String describe(Decider decider, String name) {
      return decider instanceof dev.emailtriage.gemini.GeminiDecider gemini ? name + " " + gemini.model() : name;
    }
  }
}
