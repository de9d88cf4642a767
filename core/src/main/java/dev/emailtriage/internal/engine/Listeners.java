package dev.emailtriage.internal.engine;

import dev.emailtriage.TriageListener;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The pipeline's listeners, each call isolated: a listener that throws is logged and otherwise ignored. */
final class Listeners {
  private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

  private final List<TriageListener> all;

  Listeners(List<TriageListener> all) {
    this.all = List.copyOf(all);
  }

  void each(Consumer<TriageListener> call) {
    for (TriageListener l : all) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("triage listener failed: {}", e.toString());
      }
    }
  }
}
