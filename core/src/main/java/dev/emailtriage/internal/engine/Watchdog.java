package dev.emailtriage.internal.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Cuts decider calls that run on their caller's thread: one daemon thread sleeps until the earliest deadline of the
 * calls being watched and interrupts the thread of each call past its deadline; {@link #close()} interrupts them all.
 * Thread-safe.
 *
 * <p>Watching a call costs two uncontended lock acquisitions and no thread wake-up: every call of a gate has the
 * same time limit, so a new call's deadline lies after the watchdog's next look, and the watchdog is woken only when
 * a deadline comes before that look. After a whole time limit without calls its thread ends; the next call starts
 * another. An interrupt is delivered only while the call runs (the watchdog and the caller decide under one lock who
 * was first), and the caller clears it after a cut, so no stray interrupt reaches the caller's later work.
 */
final class Watchdog implements AutoCloseable {

  /** Why a watched call was cut. */
  enum Cut {
    DEADLINE,
    CLOSED
  }

  /** One call being watched. */
  static final class Call {
    private final Thread thread;
    private final long deadline;
    private Cut cut; // guarded by the watchdog's lock

    private Call(Thread thread, long deadline) {
      this.thread = thread;
      this.deadline = deadline;
    }
  }

  private final Object lock = new Object();
  private final long idleNanos;
  private final List<Call> running = new ArrayList<>(); // guarded by lock
  private Thread thread; // guarded by lock; started by a call when there is none, gone after an idle time limit
  private long wakeAt; // guarded by lock: when the thread looks next
  private boolean closed; // guarded by lock

  /** A watchdog for calls of at most {@code timeLimit}: its thread stays for one more time limit after the last. */
  Watchdog(Duration timeLimit) {
    this.idleNanos = timeLimit.toNanos();
  }

  /**
   * Watches a call the current thread is about to make, to be cut at {@code deadline} ({@link System#nanoTime()}).
   *
   * @return the call, to be passed to {@link #end}; {@code null} when the watchdog is closed
   */
  Call start(long deadline) {
    Call call = new Call(Thread.currentThread(), deadline);
    synchronized (lock) {
      if (closed) {
        return null;
      }
      running.add(call);
      if (thread == null) {
        wakeAt = deadline;
        thread = Threads.named("emailtriage-deadline").newThread(this::watch);
        thread.start();
      } else if (deadline - wakeAt < 0) {
        LockSupport.unpark(thread);
      }
    }
    return call;
  }

  /**
   * Stops watching {@code call}, which has returned or thrown.
   *
   * @return why it was cut (its interrupt then cleared from the current thread), or {@code null} when it was not
   */
  Cut end(Call call) {
    synchronized (lock) {
      if (call.cut == null) {
        running.remove(call);
        return null;
      }
    }
    // The interrupt was delivered under the lock before the cut became visible here: clear it.
    Thread.interrupted();
    return call.cut;
  }

  private void watch() {
    boolean idle = false;
    while (true) {
      long sleep;
      synchronized (lock) {
        if (closed) {
          return;
        }
        long now = System.nanoTime();
        boolean any = false;
        long earliest = 0;
        for (Iterator<Call> it = running.iterator(); it.hasNext(); ) {
          Call c = it.next();
          if (c.deadline - now <= 0) {
            cut(c, Cut.DEADLINE);
            it.remove();
          } else if (!any || c.deadline - earliest < 0) {
            earliest = c.deadline;
            any = true;
          }
        }
        if (any) {
          idle = false;
          wakeAt = earliest;
        } else if (!idle) {
          idle = true; // stay on a timed sleep for one time limit, so that the next calls need no wake-up
          wakeAt = now + idleNanos;
        } else {
          thread = null; // idle for a whole time limit: the next call starts a new thread
          return;
        }
        sleep = wakeAt - now;
      }
      LockSupport.parkNanos(this, sleep);
    }
  }

  private static void cut(Call c, Cut why) {
    c.cut = why;
    c.thread.interrupt();
  }

  /** Interrupts every call still running and stops the watchdog's thread; later calls are refused. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      running.forEach(c -> cut(c, Cut.CLOSED));
      running.clear();
      if (thread != null) {
        LockSupport.unpark(thread);
      }
    }
  }
}
