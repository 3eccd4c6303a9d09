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

/**
 * Fires `onIdle` once `ms` have passed in the armed state without a new `arm()`. Re-arming does not touch
 * a timer: one timer is kept and, when it fires early, re-scheduled for the rest of the time. A stream
 * arms it for every chunk, and clearing and setting a timer per chunk cost more extension-host CPU over a
 * 20,000-token burst than the rest of the provider's own work.
 */
export class IdleWatch {
  private waitingSince: number | undefined;
  private cancelTimer: (() => void) | undefined;
  private fired = false;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly ms: number,
    private readonly onIdle: () => void,
  ) {}

  /** Starts (or restarts) the idle period now. */
  arm(): void {
    if (this.fired) return;
    this.waitingSince = this.scheduler.now();
    this.cancelTimer ??= this.scheduler.schedule(() => this.check(), this.ms);
  }

  /** Something arrived: while armed, the idle period starts again (no timer is touched). */
  touch(): void {
    if (this.waitingSince !== undefined) this.waitingSince = this.scheduler.now();
  }

  /** Stops counting until the next arm(); the pending timer, if any, finds nothing to do. */
  disarm(): void {
    this.waitingSince = undefined;
  }

  /** Stops for good and cancels the timer. */
  dispose(): void {
    this.waitingSince = undefined;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private check(): void {
    this.cancelTimer = undefined;
    if (this.waitingSince === undefined) return;
    const left = this.waitingSince + this.ms - this.scheduler.now();
    if (left > 0) {
      this.cancelTimer = this.scheduler.schedule(() => this.check(), left);
      return;
    }
    this.fired = true;
    this.waitingSince = undefined;
    this.onIdle();
  }
}
