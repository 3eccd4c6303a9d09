import { type Scheduler } from '../../../src/core/scheduler';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/** Lets every pending promise continuation run (setImmediate runs after the microtask queue drains). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A manual clock: time only moves in advance()/runUntil(), timers fire in time order, and promise
 * continuations run between timers, so async code is driven deterministically.
 */
export class FakeScheduler implements Scheduler {
  private time = 0;
  private nextId = 0;
  private timers: Timer[] = [];

  now(): number {
    return this.time;
  }

  schedule(fn: () => void, ms: number): () => void {
    const timer = { id: this.nextId++, at: this.time + Math.max(0, ms), fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** A promise resolved after `ms` of fake time. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.schedule(resolve, ms));
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing due timers in order and settling promises after each. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    await settle();
    for (;;) {
      const next = this.earliest();
      if (!next || next.at > target) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.time = Math.max(this.time, next.at);
      next.fn();
      await settle();
    }
    this.time = target;
    await settle();
  }

  /** Fires timers (jumping time to each) until `promise` settles; fails if nothing is left to fire. */
  async runUntil<T>(promise: Promise<T>, limitMs = 600_000): Promise<T> {
    let done = false;
    const tracked = promise.finally(() => {
      done = true;
    });
    tracked.catch(() => undefined);
    const deadline = this.time + limitMs;
    await settle();
    while (!done) {
      const next = this.earliest();
      if (!next) throw new Error(`FakeScheduler: promise still pending at ${this.time} ms with no timers left`);
      if (next.at > deadline) throw new Error('FakeScheduler: time limit reached');
      this.timers = this.timers.filter((t) => t !== next);
      this.time = Math.max(this.time, next.at);
      next.fn();
      await settle();
    }
    return tracked;
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.timers) {
      if (!best || timer.at < best.at || (timer.at === best.at && timer.id < best.id)) best = timer;
    }
    return best;
  }
}
