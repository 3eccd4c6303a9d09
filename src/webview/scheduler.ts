/**
 * Time in the chat view, behind a port so the jsdom tests drive it with the fake clock the core tests use
 * (the same `now` / `schedule` as core's Scheduler), plus the two browser callbacks the view paces its work
 * by: an animation frame (one DOM update per frame) and idle time (syntax highlighting).
 */
export interface ViewScheduler {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Runs `fn` after `ms`; the returned function cancels it. */
  schedule(fn: () => void, ms: number): () => void;
  /** Runs `fn` before the next paint. */
  frame(fn: () => void): void;
  /** Runs `fn` when the page is idle (within half a second). */
  idle(fn: () => void): void;
}

type IdleWindow = Window & { requestIdleCallback?: (fn: () => void, options?: { timeout: number }) => number };

export function browserScheduler(window: Window): ViewScheduler {
  const w = window as IdleWindow;
  return {
    now: () => window.performance.now(),
    schedule(fn, ms) {
      const handle = window.setTimeout(fn, ms);
      return () => window.clearTimeout(handle);
    },
    frame: (fn) => void window.requestAnimationFrame(() => fn()),
    idle:
      typeof w.requestIdleCallback === 'function'
        ? (fn) => void w.requestIdleCallback!(fn, { timeout: 500 })
        : (fn) => void window.setTimeout(fn, 0),
  };
}
