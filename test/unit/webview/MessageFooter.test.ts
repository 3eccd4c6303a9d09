import * as assert from 'node:assert/strict';
import { chat, init, user } from './chatHarness';

describe('MessageFooter', () => {
  it('marks stopped answers and shows errors with Retry and the fixing action', () => {
    const { api, host, $, $$ } = chat();
    host(init());
    host({ type: 'streamStart', id: 'a1', conversationId: 'c1', createdAt: 1 });
    host({ type: 'streamChunk', id: 'a1', text: 'partial', offset: 0 });
    host({ type: 'streamDone', id: 'a1', finishReason: 'cancelled' });
    assert.equal($('[data-role="stopped"]')?.textContent, 'Stopped');
    assert.equal($('[data-message-role="assistant"]')?.textContent?.includes('partial'), true);

    host({ type: 'streamStart', id: 'a2', conversationId: 'c1', user: user('u2', 'again'), createdAt: 2 });
    host({ type: 'streamChunk', id: 'a2', text: 'kept text', offset: 0 });
    host({ type: 'streamError', id: 'a2', message: 'Invalid API key.', action: 'setApiKey' });
    const error = $('[data-role="message-error"]')!;
    assert.match(error.textContent!, /Invalid API key\./);
    assert.match($$('[data-message-role="assistant"]')[1].textContent!, /kept text/);
    error.querySelector<HTMLElement>('[data-role="retry"]')!.click();
    assert.deepEqual(api.posted.at(-1), { type: 'retry', id: 'a2' });
    error.querySelector<HTMLElement>('[data-role="error-action"]')!.click();
    assert.deepEqual(api.posted.at(-1), { type: 'errorAction', id: 'a2', action: 'setApiKey' });
  });

  it('offers Continue under an answer cut at the token limit or by a broken stream, and says Continued once it was', () => {
    const { api, host, $, $$ } = chat();
    host(init());
    host({ type: 'streamStart', id: 'a1', conversationId: 'c1', createdAt: 1 });
    host({ type: 'streamChunk', id: 'a1', text: 'cut here', offset: 0 });
    host({ type: 'streamDone', id: 'a1', finishReason: 'length', continuable: true });
    const cut = $('[data-role="message-cut"]')!;
    assert.match(cut.textContent!, /stopped at the token limit/);
    cut.querySelector<HTMLElement>('[data-role="continue"]')!.click();
    assert.deepEqual(api.posted.at(-1), { type: 'continue', id: 'a1' });

    host({ type: 'streamStart', id: 'a2', conversationId: 'c1', user: user('u2', 'again'), createdAt: 2 });
    host({ type: 'streamChunk', id: 'a2', text: 'broken', offset: 0 });
    host({ type: 'streamError', id: 'a2', message: 'The connection closed.', action: 'retry', continuable: true, continued: 2 });
    const error = $$('[data-role="message-error"]').at(-1)!;
    assert.deepEqual(
      Array.from(error.querySelectorAll('button')).map((b) => b.textContent),
      ['Continue', 'Retry'],
    );
    error.querySelector<HTMLElement>('[data-role="continue"]')!.click();
    assert.deepEqual(api.posted.at(-1), { type: 'continue', id: 'a2' });
    assert.equal($$('[data-role="continued"]').at(-1)?.textContent, 'Continued ×2');

    // A complete answer, a stopped one and one cut by an error that cannot be continued offer nothing.
    host({ type: 'streamStart', id: 'a3', conversationId: 'c1', user: user('u3', 'q'), createdAt: 3 });
    host({ type: 'streamChunk', id: 'a3', text: 'whole', offset: 0 });
    host({ type: 'streamDone', id: 'a3', finishReason: 'stop', continued: 1 });
    const third = $$('[data-message-role="assistant"]').at(-1)!;
    assert.equal(third.querySelector('[data-role="continue"]'), null);
    assert.equal(third.querySelector('[data-role="continued"]')?.textContent, 'Continued');
    host({ type: 'streamStart', id: 'a4', conversationId: 'c1', user: user('u4', 'q'), createdAt: 4 });
    host({ type: 'streamError', id: 'a4', message: 'Invalid API key.', action: 'setApiKey' });
    assert.equal($$('[data-message-role="assistant"]').at(-1)!.querySelector('[data-role="continue"]'), null);
  });
});
