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
});
