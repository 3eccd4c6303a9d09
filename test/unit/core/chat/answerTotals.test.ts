import * as assert from 'node:assert/strict';
import { addMessageMetrics, usageOfMetrics } from '../../../../src/core/chat/answerTotals';

describe('the footer numbers of a continued answer', () => {
  it('add tokens and time up, keep the first time to first token, and rate over the time spent generating', () => {
    const first = { timeToFirstTokenMs: 200, elapsedMs: 2200, completionTokens: 100, promptTokens: 40, tokensPerSecond: 50, estimated: false };
    const round = { timeToFirstTokenMs: 900, elapsedMs: 1900, completionTokens: 50, promptTokens: 140, tokensPerSecond: 25, estimated: true };
    assert.deepEqual(addMessageMetrics(first, round), {
      timeToFirstTokenMs: 200,
      elapsedMs: 4100,
      completionTokens: 150,
      promptTokens: 180,
      tokensPerSecond: 150 / 4,
      estimated: true,
    });
    assert.equal(addMessageMetrics(undefined, round), round);
    assert.equal(addMessageMetrics(first, undefined), first);
    const noRate = addMessageMetrics({ elapsedMs: 10, completionTokens: 0, estimated: true }, { elapsedMs: 10, completionTokens: 0, estimated: true });
    assert.equal(noRate?.tokensPerSecond, undefined);
  });

  it('turns stored footer numbers back into the usage the next round adds to', () => {
    assert.deepEqual(usageOfMetrics({ elapsedMs: 1, completionTokens: 12, promptTokens: 30, estimated: false }), { promptTokens: 30, completionTokens: 12, estimated: false });
    assert.equal(usageOfMetrics(undefined), undefined);
  });
});
