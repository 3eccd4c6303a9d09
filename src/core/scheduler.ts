/**
 * Time, behind a port, so the streaming engines can be driven by a fake clock in tests.
 * The real one uses performance.now() and setTimeout.
 */
export interface Scheduler {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Runs `fn` after `ms`; the returned function cancels it. */
  schedule(fn: () => void, ms: number): () => void;
}

export const realScheduler: Scheduler = {
  now: () => performance.now(),
  schedule(fn, ms) {
    const handle = setTimeout(fn, ms);
    return () => clearTimeout(handle);
  },
};

/** About one display frame: streamed edits and webview posts are coalesced to at most one per frame. */
export const FRAME_MS = 16;
