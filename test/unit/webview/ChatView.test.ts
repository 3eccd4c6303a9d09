import * as assert from 'node:assert/strict';
import { chat, conversation, init, user } from './chatHarness';

describe('ChatView', () => {
  it('says ready on start and renders the init state', () => {
    const { api, host, $$, $ } = chat();
    assert.deepEqual(api.types(), ['ready']);
    host({
      type: 'init',
      conversation: conversation([
        user('u1', 'What is **2+2**?'),
        { id: 'a1', role: 'assistant', text: 'It is **4**.', status: 'done', createdAt: 2, metrics: { elapsedMs: 900, completionTokens: 5, timeToFirstTokenMs: 250, tokensPerSecond: 7.5, estimated: true } },
      ]),
      history: [{ id: 'c1', title: 'First', updatedAt: 2, messageCount: 2 }],
      context: [{ id: 'f1', label: 'main.ts', language: 'typescript' }],
    });
    const messages = $$('[data-role="message"]');
    assert.equal(messages.length, 2);
    assert.equal(messages[0].textContent, 'What is **2+2**?', 'user text is plain');
    assert.equal(messages[1].querySelector('strong')?.textContent, '4');
    const footer = $('[data-role="message-footer"]')!.textContent!;
    assert.match(footer, /250 ms to first token/);
    assert.match(footer, /~5 tokens/);
    assert.match(footer, /7\.5 tokens\/s/);
    assert.match(footer, /estimated/);
    assert.equal($$('[data-role="context-chip"]').length, 1);
    assert.match($('[data-role="context-chip"]')!.textContent!, /main\.ts.*typescript/);
  });

  it('streams an answer: start, chunks once per frame, done; Send becomes Stop meanwhile', async () => {
    const { api, host, frame, $, key, type } = chat();
    host(init());
    type('Write add()');
    key('Enter');
    assert.deepEqual(api.posted.at(-1), { type: 'send', text: 'Write add()', context: [] });
    assert.equal($<HTMLTextAreaElement>('[data-role="input"]')!.value, '');

    host({ type: 'streamStart', id: 'a1', conversationId: 'c1', user: user('u1', 'Write add()'), createdAt: 3 });
    assert.ok($('[data-role="stop"]'), 'send button became stop');
    assert.equal($('[data-role="send"]'), null);
    host({ type: 'streamChunk', id: 'a1', text: 'Here:\n\n```ts\nfunction add', offset: 0 });
    assert.equal($('[data-message-role="assistant"] p')?.textContent, 'Here:', 'the first chunk is shown at once, without waiting for a frame');
    host({ type: 'streamChunk', id: 'a1', text: '(a, b) { return a + b; }\n', offset: 25 });
    assert.equal($('[data-message-role="assistant"] code')?.textContent, 'function add', 'later chunks wait for the frame');
    await frame();
    assert.equal($('[data-message-role="assistant"] code')?.textContent, 'function add(a, b) { return a + b; }\n');

    key('Escape');
    assert.deepEqual(api.posted.at(-1), { type: 'stop', id: 'a1' });

    host({ type: 'streamChunk', id: 'a1', text: '```\n', offset: 50 });
    host({ type: 'streamDone', id: 'a1', finishReason: 'stop', metrics: { elapsedMs: 1000, completionTokens: 12, estimated: false } });
    assert.ok($('[data-role="send"]'));
    assert.equal($('[data-message-role="assistant"]')?.dataset.status, 'done');
    assert.match($('[data-role="message-footer"]')!.textContent!, /12 tokens/);
  });

  it('ignores malformed host messages', () => {
    const { view, host, $$ } = chat();
    host(init([user('u1', 'hi')]));
    view.handle({ type: 'streamChunk', id: 'x' });
    view.handle({ type: 'init', conversation: { id: 1 } });
    view.handle({ type: 'prompt', text: 'Explain this', submit: true });
    view.handle('<img src=x onerror=alert(1)>');
    assert.equal($$('[data-role="message"]').length, 1);
    assert.equal($$('[data-role="message"]')[0].textContent, 'hi');
  });
});
