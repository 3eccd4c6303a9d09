import * as assert from 'node:assert/strict';
import { TokenCounter, estimateTokens } from '../../../../src/core/stream/TokenCounter';
import { WorkerTokenizer, type Tokenizer } from '../../../../src/core/stream/Tokenizer';
import { TOKENIZER_WORKER } from '../../../support/tokenizer';

describe('TokenCounter', () => {
  const tokenizer = new WorkerTokenizer(TOKENIZER_WORKER);
  after(() => tokenizer.dispose());

  it('counts streamed text about as the tokenizer counts the whole text', async () => {
    const text = 'function add(a: number, b: number): number {\n  return a + b;\n}\n'.repeat(50) + 'Ünïcödé 世界 🎉 '.repeat(20);
    const counter = new TokenCounter(tokenizer);
    for (let i = 0; i < text.length; i += 3) counter.add(text.slice(i, i + 3));
    const total = await counter.settle();
    const whole = (await estimateTokens(text, tokenizer))!;
    assert.ok(whole > 300, `the tokenizer counted ${whole}`);
    assert.ok(Math.abs(total - whole) <= Math.ceil(whole * 0.05), `${total} vs ${whole}`);
  });

  it('sends the tokenizer batches, not one request per token, and still counts everything', async () => {
    const requests: string[] = [];
    const words: Tokenizer = { count: async (t) => (requests.push(t), t.split(/\s+/).filter(Boolean).length) };
    let clock = 0;
    const counter = new TokenCounter(words, { now: () => clock });
    const text = 'one two three four five six seven eight nine ten '.repeat(200); // 10,000 chars, 2,000 words
    for (let i = 0; i < 6000; i += 3) counter.add(text.slice(i, i + 3));
    // The first add submits (no submission yet); then only every 4,096 characters while the clock stands still.
    assert.ok(requests.length <= 3, `${requests.length} requests for 6,000 characters`);
    const before = requests.length;
    clock += 100;
    counter.add(text.slice(6000, 6003));
    assert.equal(requests.length, before + 1, 'after 100 ms the decided text goes out at the next add');
    for (let i = 6003; i < text.length; i += 3) counter.add(text.slice(i, i + 3));
    assert.equal(await counter.settle(), 2000);
    assert.equal(requests.join(''), text, 'every character was counted exactly once, in order');
  });

  it('does not throw on special-token text', async () => {
    const counter = new TokenCounter(tokenizer);
    counter.add('<|endoftext|> and <|im_start|>');
    assert.ok((await counter.settle()) > 0);
  });

  it('when not live, guesses from the characters while text streams and counts everything once at the end', async () => {
    const requests: string[] = [];
    const words: Tokenizer = { count: async (t) => (requests.push(t), t.split(/\s+/).filter(Boolean).length) };
    const counter = new TokenCounter(words, { live: false });
    const text = 'alpha beta gamma delta '.repeat(100);
    for (let i = 0; i < text.length; i += 5) counter.add(text.slice(i, i + 5));
    assert.deepEqual(requests, [], 'nothing is counted while the text streams');
    assert.equal(counter.count, Math.round(text.length / 4));
    assert.equal(await counter.settle(), 400);
    assert.deepEqual(requests, [text], 'one request for the whole text');
  });

  it('gives no estimate without a tokenizer', async () => {
    const counter = new TokenCounter(undefined);
    counter.add('some text ');
    assert.equal(counter.available, false);
    assert.equal(await estimateTokens('x', undefined), undefined);
  });
});
