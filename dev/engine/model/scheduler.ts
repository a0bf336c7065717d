/**
 * Timed state transitions run through this scheduler. In `real` mode it uses unref'd
 * `setTimeout` (so a forgotten engine never keeps Node alive); in `manual` mode nothing
 * happens until a test calls `advance(ms)` or `runAll()`, which makes state-machine tests
 * deterministic and independent of wall-clock speed.
 */
export type ClockMode = 'real' | 'manual';

export interface TaskHandle {
  readonly id: number;
}

export interface Scheduler {
  readonly mode: ClockMode;
  now(): number;
  schedule(delayMs: number, fn: () => void): TaskHandle;
  cancel(handle: TaskHandle | undefined): void;
  /** Manual mode: move the clock forward, running every task that falls due (in order). */
  advance(ms: number): void;
  /** Manual mode: run until no task is pending (bounded, for loops that never settle). */
  runAll(maxTasks?: number): void;
  pending(): number;
  /** Cancels everything; the scheduler stays usable. */
  clear(): void;
}

interface Task {
  id: number;
  at: number;
  fn: () => void;
  timer?: ReturnType<typeof setTimeout>;
}

export function createScheduler(mode: ClockMode, startTime = Date.now()): Scheduler {
  const tasks = new Map<number, Task>();
  let nextId = 1;
  let virtualNow = startTime;

  const now = (): number => (mode === 'manual' ? virtualNow : Date.now());

  const run = (task: Task): void => {
    tasks.delete(task.id);
    task.fn();
  };

  const nextDue = (limit: number): Task | undefined => {
    let best: Task | undefined;
    for (const t of tasks.values()) {
      if (t.at <= limit && (!best || t.at < best.at || (t.at === best.at && t.id < best.id))) {
        best = t;
      }
    }
    return best;
  };

  return {
    mode,
    now,
    schedule(delayMs, fn) {
      const task: Task = { id: nextId++, at: now() + Math.max(0, delayMs), fn };
      tasks.set(task.id, task);
      if (mode === 'real') {
        const timer = setTimeout(
          () => {
            if (tasks.has(task.id)) run(task);
          },
          Math.max(0, delayMs),
        );
        if (typeof timer === 'object' && 'unref' in timer) timer.unref();
        task.timer = timer;
      }
      return { id: task.id };
    },
    cancel(handle) {
      if (!handle) return;
      const task = tasks.get(handle.id);
      if (!task) return;
      if (task.timer !== undefined) clearTimeout(task.timer);
      tasks.delete(handle.id);
    },
    advance(ms) {
      if (mode !== 'manual') throw new Error('advance() needs a manual clock');
      const target = virtualNow + ms;
      for (let task = nextDue(target); task; task = nextDue(target)) {
        virtualNow = Math.max(virtualNow, task.at);
        run(task);
      }
      virtualNow = target;
    },
    runAll(maxTasks = 10_000) {
      if (mode !== 'manual') throw new Error('runAll() needs a manual clock');
      for (let i = 0; i < maxTasks; i++) {
        const task = nextDue(Infinity);
        if (!task) return;
        virtualNow = Math.max(virtualNow, task.at);
        run(task);
      }
    },
    pending: () => tasks.size,
    clear() {
      for (const t of tasks.values()) if (t.timer !== undefined) clearTimeout(t.timer);
      tasks.clear();
    },
  };
}
