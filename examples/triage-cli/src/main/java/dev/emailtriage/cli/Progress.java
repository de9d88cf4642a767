package dev.emailtriage.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a run on stderr: a redrawn bar when the console is a terminal, else a plain line at every tenth of
 * the run, or nothing. Thread-safe.
 */
abstract class Progress {

  /** A bar on a terminal, plain lines elsewhere, nothing when {@code enabled} is false. */
  static Progress create(PrintStream err, boolean terminal, boolean enabled) {
    if (!enabled) {
      return new Progress() {
        @Override
        void step(int done, int total, long elapsedNanos) {}

        @Override
        void done(int total, long elapsedNanos) {}
      };
    }
    return terminal ? new Bar(err) : new Lines(err);
  }

  private int total;
  private int done;
  private long start;

  synchronized void start(int total) {
    this.total = total;
    this.done = 0;
    this.start = System.nanoTime();
  }

  /** One more message finished. */
  final synchronized void advance() {
    done++;
    step(done, total, System.nanoTime() - start);
  }

  /** The run is over. */
  final synchronized void finish() {
    done(total, System.nanoTime() - start);
  }

  abstract void step(int done, int total, long elapsedNanos);

  abstract void done(int total, long elapsedNanos);

  static String rate(int done, long elapsedNanos) {
    double seconds = Math.max(elapsedNanos / 1e9, 1e-3);
    return String.format(Locale.ROOT, "%.1f msg/s", done / seconds);
  }

  private static final class Bar extends Progress {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private long lastDraw;

    Bar(PrintStream err) {
      this.err = err;
    }

    @Override
    void step(int done, int total, long elapsedNanos) {
      long now = System.nanoTime();
      if (done < total && now - lastDraw < 100_000_000L) {
        return;
      }
      lastDraw = now;
      int filled = total == 0 ? WIDTH : (int) ((long) done * WIDTH / total);
      String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
      err.print(String.format(Locale.ROOT, "\rtriage [%s] %d/%d %3d%% %s", bar, done, total,
          total == 0 ? 100 : done * 100L / total, rate(done, elapsedNanos)));
      err.flush();
    }

    @Override
    void done(int total, long elapsedNanos) {
      step(total, total, elapsedNanos);
      err.println();
      err.flush();
    }
  }

  private static final class Lines extends Progress {
    private final PrintStream err;
    private int lastTenth = 0;

    Lines(PrintStream err) {
      this.err = err;
    }

    @Override
    void step(int done, int total, long elapsedNanos) {
      int tenth = total == 0 ? 10 : (int) ((long) done * 10 / total);
      if (tenth > lastTenth && done < total) {
        lastTenth = tenth;
        err.printf(Locale.ROOT, "progress: %d/%d messages (%d%%), %s%n", done, total, done * 100L / total,
            rate(done, elapsedNanos));
        err.flush();
      }
    }

    @Override
    void done(int total, long elapsedNanos) {
      err.printf(Locale.ROOT, "progress: %d/%d messages done in %.1f s%n", total, total, elapsedNanos / 1e9);
      err.flush();
    }
  }
}
