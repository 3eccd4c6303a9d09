import * as assert from 'node:assert/strict';
import type { Logger } from '../../../../src/core/log';
import { consumeStream } from '../../../../src/core/stream/collect';
import { instrument, type StageOptions } from '../../../../src/core/stream/instrument';
import type { Tokenizer } from '../../../../src/core/stream/Tokenizer';
import type { StreamEvent } from '../../../../src/core/stream/types';
import { FakeScheduler } from '../../../support/fakes/FakeScheduler';
import { ScriptedProvider, type Script } from '../../../support/fakes/ScriptedProvider';

/** Counts words, so estimates are easy to check by hand. */
const words: Tokenizer = { count: async (text) => text.split(/\s+/).filter(Boolean).length };

function logLines(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (message: string | Error): void => void lines.push(String(message));
  return { lines, trace: push, debug: push, info: push, warn: push, error: push };
}

/** Runs one request through the stage and collects every event it let out. */
async function through(script: Script, options: StageOptions = {}, scheduler = new FakeScheduler()) {
  const raw = new ScriptedProvider(script);
  const events: StreamEvent[] = [];
  const stream = instrument(raw, { scheduler, ...options }).stream({ messages: [{ role: 'user', content: 'two words' }] }, new AbortController().signal);
  async function* tap(): AsyncGenerator<StreamEvent> {
    for await (const event of stream) {
      events.push(event);
      yield event;
    }
  }
  const result = await scheduler.runUntil(consumeStream(tap()));
  return { result, events, raw };
}

describe('instrument (the stream stage)', () => {
  it('moves inline <think> reasoning out of the answer, whatever the chunking', async () => {
    const { result, events } = await through({ deltas: ['<thi', 'nk>Add them', '.</th', 'ink>\n\nreturn a', ' + b'] });
    assert.equal(result.text, 'return a + b');
    assert.equal(result.reasoning, 'Add them.');
    assert.equal(result.finishReason, 'stop');
    for (const event of events) if (event.type === 'delta') assert.ok(!/think|Add/.test(event.text), event.text);
  });

  it("learns from a lone </think> that a model's template opens its reasoning: its next answers keep the reasoning out of the text", async () => {
    let known: boolean | undefined;
    const lessons: boolean[] = [];
    const run = async (script: Script) => {
      const raw = Object.assign(new ScriptedProvider(script), {
        inlineReasoning: { opened: () => known ?? false, learn: (_model: string | undefined, opened: boolean) => void lessons.push((known = opened)) },
      });
      const scheduler = new FakeScheduler();
      const events: StreamEvent[] = [];
      const stream = instrument(raw, { scheduler }).stream({ messages: [{ role: 'user', content: 'x?' }] }, new AbortController().signal);
      const result = await scheduler.runUntil(
        consumeStream(
          (async function* () {
            for await (const event of stream) yield (events.push(event), event);
          })(),
        ),
      );
      const finish = events.find((e) => e.type === 'finish') as Extract<StreamEvent, { type: 'finish' }> | undefined;
      return { result, events, finish, deltas: events.filter((e) => e.type === 'delta').map((e) => (e as { text: string }).text) };
    };
    const r1 = { deltas: ['Okay, x is', ' wanted.\n</th', 'ink>\n\n', 'x = 1\n'] };
    const first = await run(r1);
    assert.equal(first.result.text, 'Okay, x is wanted.\nx = 1\n', 'the first time the reasoning went out as text; the tag did not');
    assert.deepEqual(lessons, [true]);
    const second = await run(r1);
    assert.equal(second.result.text, 'x = 1\n');
    assert.equal(second.result.reasoning, 'Okay, x is wanted.\n');
    assert.ok(second.deltas.every((text) => !/Okay|wanted|think/.test(text)), second.deltas.join('|'));
    assert.equal(second.finish?.reasoningWasAnswer, undefined, 'its reasoning was reasoning');
    // The server sends the reasoning apart: the text is the answer from the start.
    const parsed = await run({ reasoning: ['Okay.'], deltas: ['x = 3\n'] });
    assert.equal(parsed.result.text, 'x = 3\n');
    assert.equal(parsed.result.reasoning, 'Okay.');
    // It answered without reasoning: given as the answer at the end, and not expected next time.
    const plain = await run({ deltas: ['x = 2', '\n'] });
    assert.equal(plain.result.text, 'x = 2\n');
    assert.equal(plain.result.finishReason, 'stop');
    // It streamed as reasoning first: the finish says it was the answer, and the result holds no reasoning.
    assert.ok(plain.events.some((e) => e.type === 'reasoning'));
    assert.equal(plain.finish?.reasoningWasAnswer, true);
    assert.equal(plain.result.reasoning, undefined);
    assert.deepEqual(lessons, [true, false]);
    assert.equal((await run({ deltas: ['y = 2\n'] })).deltas.join(''), 'y = 2\n');
  });

  it('passes reasoning from the provider on as reasoning, before the answer', async () => {
    const { result, events } = await through({ reasoning: ['First ', 'this.'], deltas: ['x = 1'] });
    assert.equal(result.reasoning, 'First this.');
    assert.equal(result.text, 'x = 1');
    const kinds = events.filter((e) => e.type === 'reasoning' || e.type === 'delta').map((e) => e.type);
    assert.deepEqual(kinds, ['reasoning', 'reasoning', 'delta']);
  });

  it('times the first reasoning and the first answer text apart, and tells the sinks at once when each starts', async () => {
    const scheduler = new FakeScheduler();
    const { result, events } = await through(
      { reasoning: ['a', 'b', 'c'], deltas: ['x', 'y'], pace: { scheduler, everyMs: 100 } },
      { metricsIntervalMs: 1000 },
      scheduler,
    );
    assert.equal(result.metrics?.timeToFirstReasoningMs, 100);
    assert.equal(result.metrics?.timeToFirstTokenMs, 400);
    assert.equal(result.metrics?.elapsedMs, 500);
    // One 'metrics' right after the first reasoning, one right after the first answer text, none between.
    const metrics = events.filter((e) => e.type === 'metrics');
    assert.equal(metrics.length, 2);
    const [thinking, answering] = metrics;
    assert.ok(thinking?.type === 'metrics' && thinking.metrics.timeToFirstReasoningMs === 100 && thinking.metrics.timeToFirstTokenMs === undefined);
    assert.ok(answering?.type === 'metrics' && answering.metrics.timeToFirstTokenMs === 400);
  });

  it('emits metrics at most once per interval however fast text arrives', async () => {
    const scheduler = new FakeScheduler();
    const deltas = Array.from({ length: 100 }, (_, i) => ` w${i}`);
    const { events } = await through({ deltas, pace: { scheduler, everyMs: 10 } }, { metricsIntervalMs: 250 }, scheduler);
    const times = events.filter((e) => e.type === 'metrics').map((e) => (e.type === 'metrics' ? e.metrics.elapsedMs : 0));
    assert.deepEqual(times, [10, 260, 510, 760]);
  });

  it('ends with an error when the model produced only reasoning, keeping the reasoning', async () => {
    const { result } = await through({ deltas: ['<think>I should', ' answer soon'] });
    assert.equal(result.finishReason, 'error');
    assert.equal(result.error?.kind, 'reasoningOnly');
    assert.match(result.error!.message, /only reasoning/);
    assert.equal(result.text, '');
    assert.equal(result.reasoning, 'I should answer soon');
  });

  it('estimates usage (reasoning included) when the server sends none, and keeps the server usage when it does', async () => {
    const estimated = await through({ reasoning: ['think about it '], deltas: ['one two ', 'three'] }, { tokenizer: words, systemPrompt: 'be brief' });
    assert.deepEqual(estimated.result.usage, { completionTokens: 6, promptTokens: 4, estimated: true });
    assert.equal(estimated.result.metrics?.completionTokens, 6);
    const reported = await through({ deltas: ['one two three'], usage: { completionTokens: 42 } }, { tokenizer: words });
    assert.deepEqual(reported.result.usage, { completionTokens: 42, estimated: false });
    assert.equal(reported.result.metrics?.estimated, false);
  });

  it('counts nothing while the text streams when the server was asked for usage, and everything once when none came', async () => {
    const counted: string[] = [];
    const recording: Tokenizer = { count: async (text) => (counted.push(text), words.count(text)) };
    const { result, events } = await through({ deltas: ['one two ', 'three four'], reportsUsage: true }, { tokenizer: recording, metricsIntervalMs: 0 });
    const midStream = events.filter((e) => e.type === 'metrics').map((e) => (e.type === 'metrics' ? e.metrics.completionTokens : -1));
    assert.deepEqual(midStream, [2, 5], 'a guess from the characters (about 4 per token) while streaming');
    assert.deepEqual(counted.filter((t) => t !== 'two words'), ['one two three four'], 'one count of the whole answer at the end');
    assert.equal(result.usage?.completionTokens, 4);
  });

  it('turns a provider that throws, or ends without saying so, into an error that keeps the text', async () => {
    const thrown = await through({ deltas: ['kept'], breaksContract: 'throws' });
    assert.deepEqual([thrown.result.text, thrown.result.finishReason, thrown.result.error?.kind], ['kept', 'error', 'unknown']);
    assert.match(thrown.result.error!.message, /socket hang up/);
    const silent = await through({ deltas: ['kept'], breaksContract: 'noEnd' });
    assert.deepEqual([silent.result.text, silent.result.finishReason], ['kept', 'error']);
  });

  it('lets the provider clean up when the consumer stops reading', async () => {
    const raw = new ScriptedProvider({ deltas: ['a', 'b', 'c'] });
    const stream = instrument(raw).stream({ messages: [] }, new AbortController().signal);
    const iterator = stream[Symbol.asyncIterator]();
    assert.deepEqual(await iterator.next(), { value: { type: 'delta', text: 'a' }, done: false });
    await iterator.return?.();
    assert.equal(raw.cleanedUp, 1);
    assert.deepEqual(await iterator.next(), { value: undefined, done: true });
  });

  it('logs one line per request with both first-output times', async () => {
    const logger = logLines();
    await through({ reasoning: ['hm'], deltas: ['ok'] }, { logger });
    assert.equal(logger.lines.length, 1);
    assert.match(logger.lines[0]!, /^scripted finish=stop thinking=\d+ms ttft=\d+ms total=\d+ms tokens=\d+~$/);
  });
});
