import * as assert from 'node:assert/strict';
import { ResponseWatch } from '../../../../src/core/provider/ResponseWatch';
import { useLoopbackProvider } from '../../../support/loopbackProvider';
import { buildChatStreamBody, splitBytesAt } from '../../../servers/sse';

/** Feeds `body` to a watch cut at `offsets`; returns whether it saw `data: [DONE]` and how often it saw life. */
function watch(body: string, offsets: readonly number[]): { done: boolean; life: number } {
  let life = 0;
  const observer = new ResponseWatch(() => life++);
  for (const piece of splitBytesAt(new TextEncoder().encode(body), offsets)) observer.saw(piece);
  return { done: observer.sawDone, life };
}

describe('ResponseWatch', () => {
  const identity = { id: 'chatcmpl-x', model: 'm', created: 1 };

  it('sees a data: [DONE] line at the end, cut at every byte offset', () => {
    const body = buildChatStreamBody({ identity, tokens: ['a'], finishReason: null });
    for (let cut = 0; cut <= body.length; cut++) {
      assert.equal(watch(body, [cut]).done, true, `cut at ${cut}`);
      assert.equal(watch(body.replace('\n\ndata: [DONE]', '\r\n\r\ndata:[DONE]'), [cut]).done, true, `CRLF, no space, cut at ${cut}`);
    }
    assert.equal(watch('data: [DONE]\n\n', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]).done, true, 'byte by byte at the body start');
  });

  it('does not take [DONE] inside answer text for the end of the stream', () => {
    const body = buildChatStreamBody({ identity, tokens: ['data: [DONE]', ' is how SSE ends'], finishReason: null, done: false });
    for (let cut = 0; cut <= body.length; cut++) assert.equal(watch(body, [cut]).done, false, `cut at ${cut}`);
  });

  it('counts every piece of the body as life, comments included', () => {
    assert.equal(watch(': OPENROUTER PROCESSING\n\n: OPENROUTER PROCESSING\n\n', [25]).life, 2);
  });

  describe('through the provider, against the loopback server', () => {
    const suite = useLoopbackProvider();
    const { provider, run } = suite;

    it('completes a stream that ends with [DONE] but never sent a finish reason', async () => {
      suite.server.enqueue({ type: 'stream', text: 'all of it', finishReason: null });
      const { result } = await run(provider());
      assert.deepEqual([result.text, result.finishReason, result.error], ['all of it', 'stop', undefined]);
    });

    it('uses a whole chat.completion at once when the server ignores stream: true, and logs that it does not stream', async () => {
      suite.server.enqueue({ type: 'json', text: 'print("at once")', reasoning: { text: 'No streaming here.', field: 'reasoning' } });
      const { result } = await run(provider());
      assert.deepEqual([result.text, result.reasoning, result.finishReason], ['print("at once")', 'No streaming here.', 'stop']);
      assert.ok(
        suite.logger.lines.some((line) => /does not stream: it answered with a whole chat\.completion \(application\/json\)/.test(line)),
        suite.logger.lines.join('\n'),
      );
    });

    it('keeps the finish reason of a whole chat.completion', async () => {
      suite.server.enqueue({ type: 'json', text: 'cut', finishReason: 'length' });
      assert.equal((await run(provider())).result.finishReason, 'length');
    });

    it("names the content type and the page's title for an HTML 200, never the HTML", async () => {
      const page = '<!DOCTYPE html>\n<html><head><title>Sign in · Corporate Gateway</title><style>body{}</style></head><body><form><input name="user"></form></body></html>';
      suite.server.enqueue({ type: 'page', body: page });
      const { result } = await run(provider());
      assert.equal(result.finishReason, 'error');
      assert.equal(result.error?.kind, 'notStreaming');
      assert.match(result.error!.message, /answered with text\/html instead of an event stream: "Sign in · Corporate Gateway"/);
      assert.ok(!/[<>]/.test(result.error!.message), result.error!.message);
      assert.ok(!/connection|closed/i.test(result.error!.message), result.error!.message);
      assert.equal(result.text, '');
      assert.equal(suite.server.requests.length, 1, 'not retried');
    });

    it('names the content type and the first line of a plain-text 200', async () => {
      suite.server.enqueue({ type: 'page', body: '\n  Upstream is restarting, try again in a minute.\nRequest 42\n', contentType: 'text/plain' });
      const { result } = await run(provider());
      assert.equal(result.error?.kind, 'notStreaming');
      assert.match(result.error!.message, /text\/plain instead of an event stream: "Upstream is restarting, try again in a minute"/);
    });

    it('streams an event stream labelled text/plain', async () => {
      const body = buildChatStreamBody({ identity, tokens: ['still', ' streams'] });
      suite.server.enqueue({ type: 'raw', chunks: [body], contentType: 'text/plain; charset=utf-8' });
      const { result } = await run(provider());
      assert.deepEqual([result.text, result.finishReason], ['still streams', 'stop']);
    });

    it('takes SSE keep-alive comments for life: a request queued behind a gateway is not timed out', async () => {
      // Comments for about 1 s before the first event, with an idle timeout of 0.3 s.
      suite.server.enqueue({ type: 'stream', text: 'finally', keepAlive: { comments: 10 }, delayMs: 100 });
      const { result } = await run(provider({ idleTimeoutSeconds: 0.3, maxRetries: 0 }));
      assert.deepEqual([result.text, result.finishReason, result.error], ['finally', 'stop', undefined]);
    });

    it('still times out when nothing at all arrives', async () => {
      suite.server.enqueue({ type: 'stream', text: 'too late', keepAlive: { comments: 1 }, delayMs: 1000 });
      const { result } = await run(provider({ idleTimeoutSeconds: 0.3, maxRetries: 0 }));
      assert.equal(result.error?.kind, 'timeout');
    });
  });
});
