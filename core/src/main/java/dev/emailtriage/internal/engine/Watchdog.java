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
 * a deadline comes before that look (or after it has been idle for a whole time limit). An interrupt is delivered
 * only while the call runs (the watchdog and the caller decide under one lock who was first), and the caller clears
 * it after a cut, so no stray interrupt reaches the caller's later work.
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
  private Thread thread; // guarded by lock; started with the first call
  private boolean timedSleep; // guarded by lock: the thread sleeps until wakeAt, else until woken
  private long wakeAt; // guarded by lock
  private boolean closed; // guarded by lock

  /** A watchdog for calls of at most {@code timeLimit}: it stays awake for one more time limit after the last. */
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
        timedSleep = true;
        wakeAt = deadline;
        thread = Threads.named("emailtriage-deadline").newThread(this::watch);
        thread.start();
      } else if (!timedSleep || deadline - wakeAt < 0) {
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
      boolean timed;
      long sleep = 0;
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
          timedSleep = true;
        } else if (!idle) {
          idle = true; // stay on a timed sleep for one time limit, so that the next calls need no wake-up
          wakeAt = now + idleNanos;
          timedSleep = true;
        } else {
          timedSleep = false;
        }
        timed = timedSleep;
        if (timed) {
          sleep = wakeAt - now;
        }
      }
      if (timed) {
        LockSupport.parkNanos(this, sleep);
      } else {
        LockSupport.park(this);
      }
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
