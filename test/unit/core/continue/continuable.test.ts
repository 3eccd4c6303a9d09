import * as assert from 'node:assert/strict';
import { addUsage, isContinuableEnd } from '../../../../src/core/continue/continuable';
import { ERROR_KINDS, type ErrorKind } from '../../../../src/core/stream/types';

describe('which ends can be continued', () => {
  it('a token-limit stop or a stream broken after some answer; never without an answer, a stop or a clean end', () => {
    assert.equal(isContinuableEnd('length', undefined, true), true);
    assert.equal(isContinuableEnd('length', undefined, false), false, 'no answer text: nothing to continue');
    assert.equal(isContinuableEnd('stop', undefined, true), false);
    assert.equal(isContinuableEnd('cancelled', undefined, true), false, 'the user stopped it');
    const continuable: ErrorKind[] = ['interrupted', 'streamError', 'timeout', 'server', 'connection', 'unknown'];
    for (const kind of ERROR_KINDS) {
      const error = { kind, message: kind };
      assert.equal(isContinuableEnd('error', error, true), continuable.includes(kind), kind);
      assert.equal(isContinuableEnd('error', error, false), false, `${kind} before any answer`);
    }
  });
});

describe('the usage of a continued answer', () => {
  it('adds every round up, and is estimated when any round was', () => {
    assert.deepEqual(
      addUsage({ promptTokens: 100, completionTokens: 50, totalTokens: 150, estimated: false }, { promptTokens: 160, completionTokens: 30, totalTokens: 190, estimated: false }),
      { promptTokens: 260, completionTokens: 80, totalTokens: 340, estimated: false },
    );
    assert.deepEqual(addUsage({ completionTokens: 5, estimated: false }, { promptTokens: 9, completionTokens: 7, totalTokens: 16, estimated: true }), {
      promptTokens: 9,
      completionTokens: 12,
      estimated: true,
    });
    const only = { completionTokens: 3, estimated: true };
    assert.equal(addUsage(undefined, only), only);
    assert.equal(addUsage(only, undefined), only);
    assert.equal(addUsage(undefined, undefined), undefined);
  });
});
