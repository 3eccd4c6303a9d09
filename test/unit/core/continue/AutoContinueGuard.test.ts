import * as assert from 'node:assert/strict';
import { AutoContinueGuard } from '../../../../src/core/continue/AutoContinueGuard';

const FIRST = '```python\ndef table():\n    rows = []\n    for i in range(100):\n        rows.append((i, i * i, i * i * i))\n';
const SECOND = '    for row in rows:\n        print(f"{row[0]:>4} {row[1]:>6} {row[2]:>8}")\n    return rows\n';

describe('AutoContinueGuard', () => {
  it('allows at most maxRounds automatic rounds, each after a length finish', () => {
    const guard = new AutoContinueGuard(2);
    assert.equal(guard.next('', FIRST, 'length'), undefined);
    assert.equal(guard.next(FIRST, SECOND, 'length'), undefined);
    assert.equal(guard.next(FIRST + SECOND, '    # and one more line of output here\n', 'length'), 'maxRounds');
    assert.equal(guard.rounds, 2);
  });

  it('never starts a round when auto-continue is off (0 rounds)', () => {
    assert.equal(new AutoContinueGuard(0).next('', FIRST, 'length'), 'maxRounds');
  });

  it('stops when the answer was not cut', () => {
    const guard = new AutoContinueGuard(3);
    for (const reason of ['stop', 'cancelled', 'error'] as const) assert.equal(guard.next('', FIRST, reason), 'notCut');
    assert.equal(guard.rounds, 0);
  });

  it('stops when a round added nothing visible', () => {
    const guard = new AutoContinueGuard(3);
    assert.equal(guard.next(FIRST, '', 'length'), 'noProgress');
    assert.equal(guard.next(FIRST, ' \n\n  ', 'length'), 'noProgress');
  });

  it('stops when a round only repeats text the answer already has, whatever its indentation', () => {
    const guard = new AutoContinueGuard(3);
    assert.equal(guard.next(FIRST, 'rows.append((i, i * i, i * i * i))\n', 'length'), 'repeats');
    assert.equal(guard.next(FIRST, FIRST.replace(/ {4}/g, '  '), 'length'), 'repeats');
  });

  it('stops when a round starts the answer over and goes on past it', () => {
    const answer = FIRST + SECOND;
    const restart = answer + '    print("done")\n';
    assert.equal(new AutoContinueGuard(3).next(answer, restart, 'length'), 'repeats');
  });

  it('stops when a round ends by looping on the same lines', () => {
    const loop = '        rows.append((i, i * i, i * i * i))  # square and cube of i\n'.repeat(6);
    assert.equal(new AutoContinueGuard(3).next('```python\ndef table():\n', loop, 'length'), 'repeats');
  });

  it('allows a round with short repeats that code always has', () => {
    const guard = new AutoContinueGuard(3);
    assert.equal(guard.next(FIRST, '    return rows\n}\n', 'length'), undefined);
  });
});
