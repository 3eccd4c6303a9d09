import * as assert from 'node:assert/strict';
import type { Scheduler } from '../../../../src/core/scheduler';
import { MetricsTracker } from '../../../../src/core/stream/MetricsTracker';

describe('MetricsTracker', () => {
  it('computes ttft, elapsed and tokens per second from the scheduler clock', () => {
    let now = 1000;
    const clock: Scheduler = { now: () => now, schedule: () => () => undefined };
    const tracker = new MetricsTracker(clock);
    assert.equal(tracker.snapshot().timeToFirstTokenMs, undefined);
    now = 1200;
    tracker.onText();
    now = 3200;
    tracker.setTokens(40, true);
    tracker.finish();
    now = 9999;
    assert.deepEqual(tracker.snapshot(), { timeToFirstTokenMs: 200, elapsedMs: 2200, completionTokens: 40, tokensPerSecond: 20, estimated: true });
  });
});
