import * as assert from 'node:assert/strict';
import { IdleWatch } from '../../../src/core/scheduler';
import { FakeScheduler } from '../../support/fakes/FakeScheduler';

describe('IdleWatch', () => {
  it('fires once the armed time without a new arm() reaches the limit, keeping a single timer', async () => {
    const clock = new FakeScheduler();
    let fired = 0;
    const watch = new IdleWatch(clock, 100, () => fired++);
    watch.arm();
    for (let i = 0; i < 20; i++) {
      await clock.advance(30);
      watch.arm(); // a chunk every 30 ms: never idle for 100 ms
      assert.ok(clock.pendingTimers <= 1, 'one timer at most, re-armed only when it fires');
    }
    assert.equal(fired, 0);
    await clock.advance(99);
    assert.equal(fired, 0);
    await clock.advance(1);
    assert.equal(fired, 1);
    watch.arm();
    await clock.advance(500);
    assert.equal(fired, 1, 'fires once');
    assert.equal(clock.pendingTimers, 0);
  });

  it('does not count disarmed time, and counts from the next arm()', async () => {
    const clock = new FakeScheduler();
    let firedAt: number | undefined;
    const watch = new IdleWatch(clock, 100, () => (firedAt = clock.now()));
    watch.arm();
    await clock.advance(50);
    watch.disarm(); // the consumer is busy: the stream is not idle
    await clock.advance(300);
    assert.equal(firedAt, undefined);
    watch.arm();
    await clock.advance(300);
    assert.equal(firedAt, 450);
  });

  it('dispose() cancels the timer', async () => {
    const clock = new FakeScheduler();
    let fired = false;
    const watch = new IdleWatch(clock, 100, () => (fired = true));
    watch.arm();
    watch.dispose();
    assert.equal(clock.pendingTimers, 0);
    await clock.advance(500);
    assert.equal(fired, false);
  });
});
