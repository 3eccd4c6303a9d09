// The engine's behaviours end to end over a fake editor (coalescing, fences and indentation, user edits,
// cancel and discard, failures, concurrent random edits): one file because every suite drives the same
// engine through the same fakes; the region arithmetic alone is tested in GeneratedRegion.test.ts.
import * as assert from 'node:assert/strict';
import { FRAME_MS } from '../../../../src/core/scheduler';
import { InsertionEngine, type InsertionOptions, type InsertionResult, MAX_CONSECUTIVE_FAILED_EDITS } from '../../../../src/core/sinks/InsertionEngine';
import { type StreamEvent } from '../../../../src/core/stream/types';
import { FakeEditorPort } from '../../../support/fakes/FakeEditorPort';
import { FakeScheduler, settle } from '../../../support/fakes/FakeScheduler';
import { ManualStream, timedStream } from '../../../support/fakes/ScriptedProvider';
import { splitIntoTokens } from '../../../support/fakes/tokens';

function setup(initialText: string, portOptions: { latencyMs?: number; eol?: '\n' | '\r\n' } = {}) {
  const scheduler = new FakeScheduler();
  const port = new FakeEditorPort(scheduler, initialText, portOptions);
  return { scheduler, port };
}

function engineFor(port: FakeEditorPort, scheduler: FakeScheduler, options: Omit<InsertionOptions, 'scheduler'>) {
  return new InsertionEngine(port, { ...options, scheduler });
}

/** Checks that the engine left nothing behind: no listener, no timer, no apply pending. */
function assertCleanedUp(port: FakeEditorPort, scheduler: FakeScheduler): void {
  assert.equal(port.listenerCount, 0, 'port listener disposed');
  assert.equal(port.scrollListenerCount, 0, 'scroll listener disposed');
  assert.equal(scheduler.pendingTimers, 0, 'no timer left');
  assert.ok(port.maxConcurrentApplies <= 1, 'never two applies in flight');
}

describe('InsertionEngine', () => {
  describe('coalescing', () => {
    it('applies the first token at once, then at most one edit per frame for 1000 tokens arriving in one frame', async () => {
      const { scheduler, port } = setup('', { latencyMs: 4 });
      const stream = new ManualStream();
      const run = engineFor(port, scheduler, { at: 0 }).run(stream);
      const tokens = Array.from({ length: 1000 }, (_, i) => `t${i} `);
      stream.delta(...tokens);
      stream.finish();
      await settle();
      // Before any time passes: exactly one edit, carrying only the first token.
      assert.equal(port.calls.length, 1);
      assert.deepEqual(port.calls[0].edits, [{ offset: 0, deleteLength: 0, text: 't0 ' }]);
      const result = await scheduler.runUntil(run);
      assert.equal(port.text, tokens.join(''));
      assert.equal(result.text, tokens.join(''));
      assert.equal(port.calls.length, 2, 'the 999 other tokens coalesce into one edit');
      assert.equal(port.callTimes[1] - port.callTimes[0], FRAME_MS);
      assert.equal(result.edits.applied, 2);
      assertCleanedUp(port, scheduler);
    });

    it('never edits more than once per frame while tokens trickle in, and never two at once', async () => {
      const { scheduler, port } = setup('', { latencyMs: 3 });
      const tokens = Array.from({ length: 600 }, (_, i) => `${i % 10}`);
      const result = await scheduler.runUntil(engineFor(port, scheduler, { at: 0, stripFences: false }).run(timedStream(scheduler, tokens, 1)));
      assert.equal(port.text, tokens.join(''));
      assert.equal(result.text, tokens.join(''));
      for (let i = 1; i < port.callTimes.length; i++) {
        assert.ok(port.callTimes[i] - port.callTimes[i - 1] >= FRAME_MS, `edit ${i} at ${port.callTimes[i]}`);
      }
      const frames = Math.ceil(600 / FRAME_MS);
      assert.ok(port.calls.length <= frames + 2, `${port.calls.length} edits for ${frames} frames`);
      assert.ok(port.calls.length >= frames - 2, `still streams: ${port.calls.length} edits`);
      assert.equal(port.maxConcurrentApplies, 1);
      assertCleanedUp(port, scheduler);
    });

    it('waits for a slow apply (longer than a frame) before the next edit, accumulating text', async () => {
      const { scheduler, port } = setup('', { latencyMs: 50 });
      const tokens = Array.from({ length: 200 }, () => 'x');
      await scheduler.runUntil(engineFor(port, scheduler, { at: 0, stripFences: false }).run(timedStream(scheduler, tokens, 1)));
      assert.equal(port.text, 'x'.repeat(200));
      for (let i = 1; i < port.applied.length; i++) assert.ok(port.callTimes[i] >= port.applied[i - 1].at);
      assert.ok(port.calls.length <= Math.ceil(200 / 50) + 2, `${port.calls.length} edits`);
      assert.equal(port.maxConcurrentApplies, 1);
    });

    it('asks for one undo group: a stop before the first edit, none after any, and finish() at the end', async () => {
      const { scheduler, port } = setup('', { latencyMs: 2 });
      const result = await scheduler.runUntil(engineFor(port, scheduler, { at: 0 }).run(timedStream(scheduler, splitIntoTokens('abc '.repeat(40)), 2)));
      assert.ok(port.calls.length > 3);
      assert.deepEqual(
        port.calls.map((call) => call.undoStopBefore),
        port.calls.map((_, i) => i === 0),
      );
      assert.ok(port.calls.every((call) => !call.undoStopAfter));
      assert.equal(port.finishCalls, 1);
      assert.equal(result.finishReason, 'stop');
    });
  });

  describe('fences, language and indentation', () => {
    it('inserts only the fenced code, re-indented to a column inside an indented block, and reports the language', async () => {
      const before = 'class Shape:\n    def __init__(self):\n        self.w = 1\n\n    ';
      const after = '\n\nprint("end")\n';
      const { scheduler, port } = setup(before + after, { latencyMs: 1 });
      const answer =
        'Here is the method:\n\n```python\n    def area(self):\n        if self.w > 0:\n            return self.w\n        return 0\n```\n\nIt returns the width.';
      const languages: string[] = [];
      const engine = engineFor(port, scheduler, { at: before.length, onLanguage: (language) => languages.push(language) });
      const result = await scheduler.runUntil(engine.run(timedStream(scheduler, splitIntoTokens(answer), 1)));
      const code = 'def area(self):\n        if self.w > 0:\n            return self.w\n        return 0';
      assert.equal(port.text, before + code + after);
      assert.equal(result.text, code);
      assert.equal(result.language, 'python');
      assert.deepEqual(languages, ['python']);
      assert.deepEqual(result.range, { start: before.length, end: before.length + code.length });
    });

    it('reports the language before the first code edit', async () => {
      const { scheduler, port } = setup('');
      const stream = new ManualStream();
      const languages: string[] = [];
      const run = engineFor(port, scheduler, { at: 0, onLanguage: (language) => languages.push(language) }).run(stream);
      stream.delta('```ty', 'pescript\n');
      await settle();
      assert.deepEqual(languages, ['typescript']);
      assert.equal(port.calls.length, 0);
      stream.delta('let a');
      await settle();
      assert.equal(port.calls.length, 1);
      stream.finish();
      await scheduler.runUntil(run);
      assert.equal(port.text, 'let a');
    });

    it('replaces the selection with the first edit', async () => {
      const { scheduler, port } = setup('const a = OLD;\n', { latencyMs: 1 });
      const result = await scheduler.runUntil(
        engineFor(port, scheduler, { at: { start: 10, end: 13 } }).run(timedStream(scheduler, ['comp', 'ute(', ')'], 1)),
      );
      assert.equal(port.text, 'const a = compute();\n');
      assert.equal(port.calls[0].edits[0].deleteLength, 3);
      assert.ok(port.calls.slice(1).every((call) => call.edits[0].deleteLength === 0));
      assert.equal(result.text, 'compute()');
    });

    it('converts generated line endings to a CRLF document so offsets stay exact', async () => {
      const { scheduler, port } = setup('a\r\n\r\nb\r\n', { latencyMs: 1, eol: '\r\n' });
      const stream = new ManualStream();
      const run = engineFor(port, scheduler, { at: 3 }).run(stream);
      stream.delta('```js\r\nx();\r\n', 'y();\r\n```\r\n');
      await scheduler.advance(5);
      port.userEdit(port.text.length, 0, 'c');
      stream.finish();
      const result = await scheduler.runUntil(run);
      assert.equal(port.text, 'a\r\nx();\r\ny();\r\nb\r\nc');
      assert.equal(result.text, 'x();\r\ny();');
    });
  });

  describe('tracking the insertion point through user edits', () => {
    async function streamWithEdits(
      initial: string,
      at: number,
      userEdits: ReadonlyArray<(port: FakeEditorPort) => void>,
      options: Partial<InsertionOptions> = {},
    ): Promise<{ port: FakeEditorPort; result: InsertionResult; scheduler: FakeScheduler }> {
      const { scheduler, port } = setup(initial, { latencyMs: 5 });
      const stream = new ManualStream();
      const run = engineFor(port, scheduler, { at, stripFences: false, reindent: false, ...options }).run(stream);
      const words = ['alpha ', 'beta ', 'gamma ', 'delta ', 'epsilon ', 'zeta ', 'eta ', 'theta '];
      for (const [i, word] of words.entries()) {
        stream.delta(word);
        await scheduler.advance(7);
        userEdits[i]?.(port);
      }
      stream.finish();
      const result = await scheduler.runUntil(run);
      assertCleanedUp(port, scheduler);
      return { port, result, scheduler };
    }
    const generated = 'alpha beta gamma delta epsilon zeta eta theta ';

    it('keeps user typing above and below intact', async () => {
      const { port, result } = await streamWithEdits('top\n<>\nbottom', 5, [
        (p) => p.userEdit(0, 0, '// '),
        (p) => p.userEdit(p.text.length, 0, '!'),
        (p) => p.userEdit(3, 3, ''),
        (p) => p.userEdit(p.text.length - 1, 0, '?'),
      ]);
      assert.equal(port.text, `// \n<${generated}>\nbottom?!`);
      assert.equal(result.text, generated);
    });

    it('keeps generating at the region end when the user types inside the generated text', async () => {
      const { port, result } = await streamWithEdits('[]', 1, [() => undefined, (p) => p.userEdit(3, 0, 'USER')]);
      assert.equal(port.text, `[alUSERpha beta ${generated.slice('alpha beta '.length)}]`);
      assert.equal(result.text, generated);
    });

    it('keeps text the user types at the insertion point after the generated text', async () => {
      const { port } = await streamWithEdits('[]', 1, [(p) => p.userEdit(p.text.indexOf(']'), 0, 'u')]);
      assert.equal(port.text, `[${generated}u]`);
    });

    it('survives a deletion across the start of the region', async () => {
      const { port, result } = await streamWithEdits('0123456789', 5, [() => undefined, (p) => p.userEdit(3, 5, 'X')]);
      // "34" + "alp" deleted; the rest of the generated text keeps streaming after the user's X.
      assert.equal(port.text, `012Xha beta ${generated.slice('alpha beta '.length)}56789`);
      assert.deepEqual(result.range, { start: 4, end: 4 + generated.length - 3 });
    });

    it('survives a deletion across the end of the region', async () => {
      const { port } = await streamWithEdits('ab|cd', 2, [
        () => undefined,
        () => undefined,
        // Replaces "ta gamma |" (the tail of the region and one char after it) with "#".
        (p) => p.userEdit(2 + 'alpha be'.length, 'ta gamma |'.length, '#'),
      ]);
      assert.equal(port.text, `abalpha be${generated.slice('alpha beta gamma '.length)}#cd`);
    });

    it('retries an edit the document rejected because the user typed while it was in flight', async () => {
      const { scheduler, port } = setup('head\ntail', { latencyMs: 5 });
      let injected = 0;
      port.beforeLand = () => {
        if (injected < 3) {
          injected++;
          port.userEdit(0, 0, `${injected}`);
          port.userEdit(port.text.length, 0, `${injected}`);
        }
      };
      const result = await scheduler.runUntil(
        engineFor(port, scheduler, { at: 4, stripFences: false }).run(timedStream(scheduler, splitIntoTokens('<generated text>'), 1)),
      );
      assert.equal(port.text, '321head<generated text>\ntail123');
      assert.equal(result.edits.failed, 3);
      assert.equal(result.text, '<generated text>');
    });

    it('tracks a user edit that lands between the own change event and the apply resolving', async () => {
      const { scheduler, port } = setup('<>', { latencyMs: 5 });
      let injected = 0;
      port.afterLand = () => {
        injected++;
        if (injected <= 2) port.userEdit(0, 0, `${injected}`);
        if (injected === 3) port.userEdit(port.text.indexOf('>'), 0, 'U');
      };
      const result = await scheduler.runUntil(
        engineFor(port, scheduler, { at: 1, stripFences: false }).run(timedStream(scheduler, splitIntoTokens('one two three four five'), 10)),
      );
      assert.equal(port.text, '21<one two three four fiveU>');
      assert.deepEqual(result.range, { start: 3, end: 3 + 'one two three four five'.length });
    });

    it('still tracks its text with an adapter that does not report own changes (fallback on apply result)', async () => {
      const { scheduler, port } = setup('<>', { latencyMs: 5 });
      port.reportOwnChanges = false;
      const stream = new ManualStream();
      const run = engineFor(port, scheduler, { at: 1, stripFences: false }).run(stream);
      stream.delta('abc');
      await scheduler.advance(10);
      port.userEdit(0, 0, '#');
      stream.delta('def');
      stream.finish();
      await scheduler.runUntil(run);
      assert.equal(port.text, '#<abcdef>');
    });

    it('inserts instead of replacing when the user edits the range to replace before the first token', async () => {
      const { scheduler, port } = setup('keep OLD text', { latencyMs: 1 });
      const stream = new ManualStream();
      const run = engineFor(port, scheduler, { at: { start: 5, end: 8 } }).run(stream);
      await settle();
      port.userEdit(6, 0, 'x');
      stream.delta('NEW');
      stream.finish();
      await scheduler.runUntil(run);
      assert.equal(port.text, 'keep NEWOxLD text');
    });

    it('shifts the range to replace when the user types before it', async () => {
      const { scheduler, port } = setup('keep OLD text', { latencyMs: 1 });
      const stream = new ManualStream();
      const run = engineFor(port, scheduler, { at: { start: 5, end: 8 } }).run(stream);
      await settle();
      port.userEdit(0, 0, '>> ');
      stream.delta('NEW');
      stream.finish();
      await scheduler.runUntil(run);
      assert.equal(port.text, '>> keep NEW text');
    });
  });

  describe('reveal', () => {
    it('reveals the end of the text until the user moves the cursor, and never again after, even back in the region', async () => {
      const { scheduler, port } = setup('x\n', { latencyMs: 1 });
      const stream = new ManualStream();
      const run = engineFor(port, scheduler, { at: 0, stripFences: false }).run(stream);
      stream.delta('a');
      await scheduler.advance(FRAME_MS);
      stream.delta('b');
      await scheduler.advance(FRAME_MS);
      port.userMove(1);
      stream.delta('c');
      await scheduler.advance(FRAME_MS);
      port.userMove(2);
      stream.delta('d');
      stream.finish();
      await scheduler.runUntil(run);
      assert.deepEqual(
        port.calls.map((call) => call.reveal),
        [true, true, false, false],
      );
    });

    it('stops revealing once the user scrolls, while the cursor stays in the generated text', async () => {
      const { scheduler, port } = setup('x\n', { latencyMs: 1 });
      const stream = new ManualStream();
      const run = engineFor(port, scheduler, { at: 0, stripFences: false }).run(stream);
      stream.delta('a\n');
      await scheduler.advance(FRAME_MS);
      assert.equal(port.scrollListenerCount, 1);
      port.userScroll();
      stream.delta('b\n');
      await scheduler.advance(FRAME_MS);
      stream.delta('c\n');
      stream.finish();
      await scheduler.runUntil(run);
      assert.deepEqual(
        port.calls.map((call) => call.reveal),
        [true, false, false],
      );
      assert.equal(port.scrollListenerCount, 0, 'the scroll listener is disposed with the run');
    });
  });

  describe('cancel, close and errors', () => {
    it('keeps the partial text on cancel by default', async () => {
      const { scheduler, port } = setup('', { latencyMs: 1 });
      const stream = new ManualStream();
      const run = engineFor(port, scheduler, { at: 0 }).run(stream);
      stream.delta('```js\n', 'let a = 1;\n', 'let b');
      await scheduler.advance(20);
      stream.finish('cancelled');
      const result = await scheduler.runUntil(run);
      assert.equal(port.text, 'let a = 1;\nlet b');
      assert.equal(result.finishReason, 'cancelled');
      assert.equal(result.discarded, false);
      assert.equal(port.finishCalls, 1);
    });

    it("removes exactly the generated text on cancel with onCancel 'discard', keeping user edits inside and outside", async () => {
      const original = 'function f() {\n  \n}\n';
      const { scheduler, port } = setup(original, { latencyMs: 3 });
      const stream = new ManualStream();
      const run = engineFor(port, scheduler, { at: 17, onCancel: 'discard', stripFences: false }).run(stream);
      stream.delta('return ', 'compute(');
      await scheduler.advance(20);
      port.userEdit(0, 0, '// note\n');
      port.userEdit(8 + 17 + 'return'.length, 0, '/*u*/');
      stream.delta('1, 2');
      await scheduler.advance(20);
      port.userEdit(port.text.length, 0, 'export { f };\n');
      stream.delta(');');
      stream.finish('cancelled');
      const result = await scheduler.runUntil(run);
      assert.equal(port.text, `// note\n${original.slice(0, 17)}/*u*/${original.slice(17)}export { f };\n`);
      assert.equal(result.discarded, true);
      assert.equal(result.finishReason, 'cancelled');
      assert.equal(result.range, undefined);
      assert.equal(port.finishCalls, 1);
      assertCleanedUp(port, scheduler);
    });

    it('stops reading and handles it as a cancel when the caller aborts', async () => {
      const { scheduler, port } = setup('', { latencyMs: 1 });
      const stream = new ManualStream();
      const abort = new AbortController();
      const run = engineFor(port, scheduler, { at: 0, signal: abort.signal, stripFences: false, onCancel: 'discard' }).run(stream);
      stream.delta('partial');
      await scheduler.advance(20);
      abort.abort();
      const result = await scheduler.runUntil(run);
      assert.equal(result.finishReason, 'cancelled');
      assert.equal(result.stoppedBy, 'user');
      assert.equal(port.text, '');
      assert.equal(stream.returned, true);
    });

    it('stops at once on abort while the provider is stalled, and passes metrics on even if their listener throws', async () => {
      const { scheduler, port } = setup('', { latencyMs: 1 });
      const stream = new ManualStream();
      const abort = new AbortController();
      const seen: number[] = [];
      const onMetrics = (metrics: { completionTokens: number }): void => {
        seen.push(metrics.completionTokens);
        throw new Error('status bar broke');
      };
      const run = engineFor(port, scheduler, { at: 0, signal: abort.signal, stripFences: false, onMetrics }).run(stream);
      stream.delta('a');
      stream.push({ type: 'metrics', metrics: { elapsedMs: 5, completionTokens: 1, estimated: true } });
      stream.delta('b');
      stream.push({ type: 'metrics', metrics: { elapsedMs: 9, completionTokens: 2, estimated: true } });
      await scheduler.advance(40);
      assert.deepEqual(seen, [1, 2]);
      assert.equal(port.text, 'ab');
      // The provider sends nothing more and ignores the abort: the engine must not wait for it.
      abort.abort();
      const result = await scheduler.runUntil(run);
      assert.equal(result.finishReason, 'cancelled');
      assert.equal(port.text, 'ab');
      assertCleanedUp(port, scheduler);
    });

    it('returns the text generated so far and stops reading the stream when the document closes mid-stream', async () => {
      const { scheduler, port } = setup('', { latencyMs: 10 });
      const stream = new ManualStream();
      const run = engineFor(port, scheduler, { at: 0 }).run(stream);
      stream.delta('```py\n', 'a = 1\n');
      await scheduler.advance(FRAME_MS + 5);
      stream.delta('b = 2\n', 'c =');
      await settle();
      port.close();
      stream.delta(' 3\n');
      const result = await scheduler.runUntil(run);
      assert.equal(result.stoppedBy, 'documentClosed');
      assert.equal(result.finishReason, 'cancelled');
      assert.equal(result.text, 'a = 1\nb = 2\nc =');
      assert.equal(result.language, 'py');
      assert.equal(stream.returned, true, 'the stream was told to stop (its provider closes the request)');
      assert.equal(port.finishCalls, 0);
      // Let the apply that was in flight when the document closed resolve (false) before checking.
      await scheduler.advance(20);
      assert.equal(port.applied.at(-1)?.ok, false);
      assertCleanedUp(port, scheduler);
    });

    it('keeps the partial text and reports the error when the stream fails mid-way', async () => {
      const { scheduler, port } = setup('// start\n', { latencyMs: 2 });
      const error = { kind: 'interrupted' as const, message: 'The connection dropped.', action: 'retry' as const };
      const result = await scheduler.runUntil(
        engineFor(port, scheduler, { at: 9 }).run(timedStream(scheduler, ['```c\n', 'int x', ' = 4', '2;'], 3, { reason: 'error', error })),
      );
      assert.equal(port.text, '// start\nint x = 42;');
      assert.equal(result.finishReason, 'error');
      assert.deepEqual(result.error, error);
      assert.equal(result.text, 'int x = 42;');
      assert.equal(port.finishCalls, 1);
    });

    it('treats a provider that throws as an error and keeps what arrived', async () => {
      const { scheduler, port } = setup('', { latencyMs: 1 });
      async function* throwing(): AsyncGenerator<StreamEvent> {
        yield { type: 'delta', text: 'kept' };
        await scheduler.sleep(5);
        throw new Error('socket hang up');
      }
      const result = await scheduler.runUntil(engineFor(port, scheduler, { at: 0 }).run(throwing()));
      assert.equal(port.text, 'kept');
      assert.equal(result.finishReason, 'error');
      assert.equal(result.error?.message, 'socket hang up');
    });

    it('gives up after repeated failed edits instead of looping, returning all text', async () => {
      const { scheduler, port } = setup('', { latencyMs: 1 });
      // A document that changes under every edit, like a read-only or constantly rewritten buffer.
      port.beforeLand = () => port.userEdit(0, 0, '');
      const stream = new ManualStream();
      const run = engineFor(port, scheduler, { at: 0 }).run(stream);
      stream.delta('never', ' lands');
      const result = await scheduler.runUntil(run);
      assert.equal(result.finishReason, 'error');
      assert.equal(result.stoppedBy, 'editsFailed');
      assert.equal(result.edits.failed, MAX_CONSECUTIVE_FAILED_EDITS);
      assert.equal(result.text, 'never lands');
      assert.equal(stream.returned, true, 'the stream was told to stop');
      assertCleanedUp(port, scheduler);
    });
  });

  describe('continuing a cut generation', () => {
    const ANSWER = 'Here it is:\n```python\nif ready:\n    start()\n    while busy:\n        wait()\n```\nDone.\n';
    const INITIAL = 'def run():\n    \n    pass\n';
    const AT = INITIAL.indexOf('\n    \n') + 5;

    /** Round one gets `first` and ends with `reason`; round two gets `second` and ends with stop. */
    async function twoRounds(first: string, second: string, reason: 'length' | 'error' = 'length') {
      const { scheduler, port } = setup(INITIAL, { latencyMs: 2 });
      const engine = engineFor(port, scheduler, { at: AT, continuable: true });
      const cut = await scheduler.runUntil(
        engine.run(timedStream(scheduler, splitIntoTokens(first), 1, reason === 'error' ? { reason, error: { kind: 'interrupted', message: 'cut' } } : { reason })),
      );
      if (!cut.continuable) return { port, scheduler, cut, engine, joined: undefined };
      assert.equal(engine.answer, first);
      const joined = await scheduler.runUntil(engine.continue(timedStream(scheduler, splitIntoTokens(second), 1)));
      return { port, scheduler, cut, engine, joined };
    }

    it('joins two rounds cut anywhere into exactly what one uncut answer inserts', async () => {
      const { scheduler, port: uncutPort } = setup(INITIAL, { latencyMs: 2 });
      const uncut = await scheduler.runUntil(engineFor(uncutPort, scheduler, { at: AT }).run(timedStream(scheduler, splitIntoTokens(ANSWER), 1)));
      assert.equal(uncutPort.text, 'def run():\n    if ready:\n        start()\n        while busy:\n            wait()\n    pass\n');
      for (let at = 1; at < ANSWER.length; at++) {
        const { port, cut, joined, scheduler: clock } = await twoRounds(ANSWER.slice(0, at), ANSWER.slice(at));
        const where = `cut at ${at} (${JSON.stringify(ANSWER.slice(0, at).slice(-12))})`;
        const closed = ANSWER.slice(0, at).includes('\n```\n');
        if (closed) {
          assert.equal(cut.continuable, undefined, `${where}: nothing more can reach the document`);
          assert.equal(port.text, uncutPort.text, where);
          continue;
        }
        assert.equal(cut.continuable, true, where);
        assert.ok(uncut.text.startsWith(cut.text), `${where}: the cut round wrote the start of the answer`);
        assert.equal(joined?.text, uncut.text, where);
        assert.equal(port.text, uncutPort.text, where);
        assert.equal(joined?.continuable, undefined, where);
        assertCleanedUp(port, clock);
      }
    });

    it('keeps the line break held at a cut out of the document until the next round decides', async () => {
      const first = '```python\nx = 1\n';
      const { port, cut, joined } = await twoRounds(first, '```\n');
      assert.equal(cut.text, 'x = 1', 'the newline before a possible closing fence is held');
      assert.equal(joined?.text, 'x = 1');
      assert.equal(port.text, INITIAL.slice(0, AT) + 'x = 1' + INITIAL.slice(AT));
    });

    it('tracks the user\'s edits between the rounds and continues where the generated text ends', async () => {
      const { scheduler, port } = setup('top\n\nbottom\n', { latencyMs: 2 });
      const engine = engineFor(port, scheduler, { at: 4, continuable: true });
      const cut = await scheduler.runUntil(engine.run(timedStream(scheduler, ['a = 1\n', 'b = '], 1, { reason: 'length' })));
      assert.equal(cut.continuable, true);
      assert.equal(port.listenerCount, 1, 'still tracking the document');
      port.userEdit(0, 0, '# typed\n');
      port.userEdit(port.text.length, 0, 'more\n');
      const joined = await scheduler.runUntil(engine.continue(timedStream(scheduler, ['2\n', 'c = 3'], 1)));
      assert.equal(port.text, '# typed\ntop\na = 1\nb = 2\nc = 3\nbottom\nmore\n');
      assert.equal(joined.text, 'a = 1\nb = 2\nc = 3');
      assert.deepEqual(joined.range, { start: 12, end: 12 + joined.text.length });
      assertCleanedUp(port, scheduler);
    });

    it('with joinRounds, an automatic next round joins the cut round\'s undo group; a held round closes it on closeUndoGroup()', async () => {
      const { scheduler, port } = setup(INITIAL, { latencyMs: 2 });
      const engine = engineFor(port, scheduler, { at: AT, continuable: true, joinRounds: true });
      const cut = await scheduler.runUntil(engine.run(timedStream(scheduler, splitIntoTokens('```py\n' + 'v = 1\n'.repeat(20)), 1, { reason: 'length' })));
      assert.equal(cut.continuable, true);
      assert.equal(port.finishCalls, 0, 'the cut round leaves its group open');
      const second = await scheduler.runUntil(engine.continue(timedStream(scheduler, splitIntoTokens('w = 2\n'.repeat(20)), 1, { reason: 'length' }), undefined, true));
      assert.equal(second.continuable, true);
      const stops = port.calls.map((call) => call.undoStopBefore);
      assert.equal(stops.filter(Boolean).length, 1, `one undo group for both rounds: ${stops.join()}`);
      assert.ok(port.calls.every((call) => !call.undoStopAfter));
      assert.equal(port.finishCalls, 0);
      await scheduler.runUntil(engine.closeUndoGroup());
      assert.equal(port.finishCalls, 1, 'closed before the user can type into it');
      await scheduler.runUntil(engine.closeUndoGroup());
      assert.equal(port.finishCalls, 1, 'once');
      // A continuation asked for later (the Continue action) starts a group of its own.
      const third = await scheduler.runUntil(engine.continue(timedStream(scheduler, splitIntoTokens('x = 3\n```\n'), 1)));
      assert.equal(third.finishReason, 'stop');
      assert.equal(port.calls.map((call) => call.undoStopBefore).filter(Boolean).length, 2);
      assert.equal(port.finishCalls, 2);
    });

    it('starts an undo group for each round and closes it at the end of each', async () => {
      const { port } = await twoRounds('```py\n' + 'v = 1\n'.repeat(20), 'w = 2\n'.repeat(20) + '```\n');
      const stops = port.calls.map((call) => call.undoStopBefore);
      assert.equal(stops.filter(Boolean).length, 2, `undo stops: ${stops.join()}`);
      assert.equal(port.finishCalls, 2);
    });

    it('holds a round cut by a broken stream after some answer, not one cut before any, nor a stop by the user', async () => {
      const broken = await twoRounds('```js\nlet a', ' = 1;\n```', 'error');
      assert.equal(broken.cut.continuable, true);
      assert.equal(broken.joined?.text, 'let a = 1;');

      const { scheduler, port } = setup('', { latencyMs: 2 });
      const nothing = await scheduler.runUntil(
        engineFor(port, scheduler, { at: 0, continuable: true }).run(timedStream(scheduler, [], 1, { reason: 'error', error: { kind: 'interrupted', message: 'cut' } })),
      );
      assert.equal(nothing.continuable, undefined, 'no answer arrived');
      const refused = await scheduler.runUntil(
        engineFor(port, scheduler, { at: 0, continuable: true }).run(timedStream(scheduler, ['x = 1'], 1, { reason: 'error', error: { kind: 'contentFilter', message: 'filtered' } })),
      );
      assert.equal(refused.continuable, undefined, 'the content filter would stop it again');

      const stop = new AbortController();
      const stream = new ManualStream();
      const engine = engineFor(port, scheduler, { at: 0, continuable: true, signal: stop.signal });
      const run = engine.run(stream);
      stream.delta('```py\n', 'y = 2\n');
      await scheduler.advance(FRAME_MS);
      stop.abort();
      const stopped = await scheduler.runUntil(run);
      assert.equal(stopped.finishReason, 'cancelled');
      assert.equal(stopped.continuable, undefined);
      assert.equal(engine.canContinue, false);
      assertCleanedUp(port, scheduler);
    });

    it('ends the generation when a continuation is stopped: the held text is written and tracking stops', async () => {
      const { scheduler, port } = setup('', { latencyMs: 2 });
      const engine = engineFor(port, scheduler, { at: 0, continuable: true });
      await scheduler.runUntil(engine.run(timedStream(scheduler, ['```py\n', 'a = 1\n'], 1, { reason: 'length' })));
      assert.equal(port.text, 'a = 1');
      const stop = new AbortController();
      const stream = new ManualStream();
      const round = engine.continue(stream, stop.signal);
      stream.delta('b = 2\n');
      await scheduler.advance(FRAME_MS);
      stop.abort();
      const result = await scheduler.runUntil(round);
      assert.equal(result.finishReason, 'cancelled');
      assert.equal(result.text, 'a = 1\nb = 2\n', 'an unclosed block ends with its last line break');
      assert.equal(port.text, 'a = 1\nb = 2\n');
      assert.equal(stream.returned, true);
      assert.throws(() => engine.continue(new ManualStream()), /no cut round/);
      assertCleanedUp(port, scheduler);
    });

    it('does not follow a continuation once the user scrolled away during the cut', async () => {
      const { scheduler, port } = setup('', { latencyMs: 2 });
      const engine = engineFor(port, scheduler, { at: 0, continuable: true, stripFences: false });
      const cut = await scheduler.runUntil(engine.run(timedStream(scheduler, ['a = 1\n', 'b = '], 1, { reason: 'length' })));
      assert.equal(cut.continuable, true);
      assert.ok(port.calls.some((call) => call.reveal), 'the first round followed the code');
      assert.equal(port.scrollListenerCount, 1, 'still listening to scrolls while the cut is kept');
      port.userScroll();
      const before = port.calls.length;
      await scheduler.runUntil(engine.continue(timedStream(scheduler, ['2\n', 'c = 3\n'], 1)));
      assert.ok(port.calls.length > before, 'the continuation was written');
      assert.deepEqual(port.calls.slice(before).map((call) => call.reveal), port.calls.slice(before).map(() => false));
      assertCleanedUp(port, scheduler);
    });

    it('stops tracking when released, and cannot continue after the document closed', async () => {
      const { scheduler, port } = setup('', { latencyMs: 2 });
      const engine = engineFor(port, scheduler, { at: 0, continuable: true });
      await scheduler.runUntil(engine.run(timedStream(scheduler, ['```py\n', 'a = 1'], 1, { reason: 'length' })));
      assert.equal(port.listenerCount, 1);
      engine.release();
      assert.equal(port.listenerCount, 0);
      assert.equal(engine.canContinue, false);

      const other = engineFor(port, scheduler, { at: 0, continuable: true });
      await scheduler.runUntil(other.run(timedStream(scheduler, ['b = 2'], 1, { reason: 'length' })));
      assert.equal(other.canContinue, true);
      port.close();
      assert.equal(other.canContinue, false);
      other.release();
      assertCleanedUp(port, scheduler);
    });
  });

  it('never writes reasoning to the document, and returns it with the result', async () => {
    const { scheduler, port } = setup('// top\n', { latencyMs: 2 });
    const stream = new ManualStream();
    const run = engineFor(port, scheduler, { at: 7 }).run(stream);
    stream.push({ type: 'reasoning', text: 'The user wants x.\n```js\nlet y;\n```' });
    await scheduler.advance(FRAME_MS);
    assert.equal(port.calls.length, 0, 'no edit while the model only thinks');
    stream.delta('```js\n', 'let x = 1;\n', '```\n');
    stream.push({ type: 'reasoning', text: ' (late)' });
    stream.finish();
    const result = await scheduler.runUntil(run);
    assert.equal(port.text, '// top\nlet x = 1;');
    assert.equal(result.text, 'let x = 1;');
    assert.equal(result.reasoning, 'The user wants x.\n```js\nlet y;\n``` (late)');
    assertCleanedUp(port, scheduler);
  });

  it('drops the reasoning of a stream whose finish says it was the answer (it came again as text)', async () => {
    const { scheduler, port } = setup('// top\n', { latencyMs: 2 });
    const stream = new ManualStream();
    const run = engineFor(port, scheduler, { at: 7 }).run(stream);
    stream.push({ type: 'reasoning', text: '```js\nlet x = 1;\n```\n' });
    await scheduler.advance(FRAME_MS);
    assert.equal(port.calls.length, 0);
    stream.delta('```js\nlet x = 1;\n```\n');
    stream.push({ type: 'finish', reason: 'stop', metrics: { elapsedMs: 1, completionTokens: 4, estimated: true }, reasoningWasAnswer: true });
    const result = await scheduler.runUntil(run);
    assert.equal(port.text, '// top\nlet x = 1;');
    assert.equal(result.reasoning, undefined);
    assertCleanedUp(port, scheduler);
  });

  it('runs two engines on two documents independently', async () => {
    const scheduler = new FakeScheduler();
    const left = new FakeEditorPort(scheduler, 'L:', { latencyMs: 3 });
    const right = new FakeEditorPort(scheduler, 'R:', { latencyMs: 7 });
    const leftRun = new InsertionEngine(left, { at: 2, scheduler }).run(timedStream(scheduler, splitIntoTokens('```\nleft side\n```'), 1));
    const rightRun = new InsertionEngine(right, { at: 2, scheduler, onCancel: 'discard' }).run(
      timedStream(scheduler, splitIntoTokens('right side is cancelled'), 2, { reason: 'cancelled' }),
    );
    const [leftResult, rightResult] = await scheduler.runUntil(Promise.all([leftRun, rightRun]));
    assert.equal(left.text, 'L:left side');
    assert.equal(leftResult.text, 'left side');
    assert.equal(right.text, 'R:');
    assert.equal(rightResult.discarded, true);
    assert.equal(scheduler.pendingTimers, 0);
  });
});

describe('InsertionEngine under random concurrent edits outside the region', () => {
  /** A small deterministic PRNG (LCG), so every run sees the same interleavings. */
  function random(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
  }

  function randomUserEdit(port: FakeEditorPort, next: () => number): void {
    const open = port.text.indexOf('[');
    const close = port.text.indexOf(']');
    const before = next() < 0.5;
    // Positions strictly outside the brackets, boundaries included ("x[" and "]x").
    const low = before ? 0 : close + 1;
    const high = before ? open : port.text.length;
    const offset = low + Math.floor(next() * (high - low + 1));
    const maxDelete = before ? open - offset : port.text.length - offset;
    const deleteLength = Math.min(maxDelete, Math.floor(next() * 3));
    const text = 'uvwxyz'.slice(0, Math.floor(next() * 4));
    port.userEdit(offset, deleteLength, text);
  }

  for (const onCancel of ['keep', 'discard'] as const) {
    it(`keeps generated and user text apart over 40 seeded runs (onCancel ${onCancel})`, async () => {
      const generated = 'def f(x):\n    return [x for x in range(10)]\n'.replace(/[[\]]/g, '()').repeat(3);
      let failedEdits = 0;
      for (let seed = 1; seed <= 40; seed++) {
        const next = random(seed);
        const { scheduler, port } = setup('head [] tail', { latencyMs: 1 + Math.floor(next() * 30) });
        port.beforeLand = () => {
          if (next() < 0.3) randomUserEdit(port, next);
        };
        port.afterLand = () => {
          if (next() < 0.3) randomUserEdit(port, next);
        };
        const stream = new ManualStream();
        const run = engineFor(port, scheduler, { at: 6, onCancel, stripFences: false, reindent: false }).run(stream);
        for (const token of splitIntoTokens(generated)) {
          stream.delta(token);
          await scheduler.advance(Math.floor(next() * 6));
          if (next() < 0.3) randomUserEdit(port, next);
        }
        stream.finish(onCancel === 'discard' ? 'cancelled' : 'stop');
        const result = await scheduler.runUntil(run);
        const inside = port.text.slice(port.text.indexOf('[') + 1, port.text.indexOf(']'));
        assert.equal(inside, onCancel === 'discard' ? '' : generated, `seed ${seed}`);
        assert.equal(result.text, generated, `seed ${seed}`);
        if (onCancel === 'keep') {
          assert.deepEqual(result.range, { start: port.text.indexOf('[') + 1, end: port.text.indexOf(']') }, `seed ${seed}`);
        }
        assertCleanedUp(port, scheduler);
        failedEdits += result.edits.failed;
      }
      assert.ok(failedEdits > 10, `the interleavings exercised retries (${failedEdits} failed edits)`);
    });
  }
});
