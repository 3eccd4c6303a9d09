import * as assert from 'node:assert/strict';
import { WorkerTokenizer } from '../../../../src/core/stream/Tokenizer';
import { TOKENIZER_WORKER } from '../../../support/tokenizer';

describe('WorkerTokenizer', () => {
  it('counts in a worker thread: the main thread stays free while the vocabulary loads', async () => {
    const fresh = new WorkerTokenizer(TOKENIZER_WORKER);
    try {
      const counted = fresh.count('hello world');
      // Timers keep firing on this thread while the worker loads and counts.
      let ticks = 0;
      const interval = setInterval(() => ticks++, 5);
      const n = await counted;
      clearInterval(interval);
      assert.equal(n, 2);
      assert.ok(ticks > 0, 'the main thread ran timers meanwhile');
    } finally {
      fresh.dispose();
    }
  });
});
