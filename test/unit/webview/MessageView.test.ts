import * as assert from 'node:assert/strict';
import { chat, init } from './chatHarness';

describe('MessageView', () => {
  it('appends idempotently by offset and asks for state on a gap', async () => {
    const { api, host, frame, $ } = chat();
    host(init([{ id: 'a1', role: 'assistant', text: 'Hello wor', status: 'streaming', createdAt: 1 }]));
    // Restored mid-stream: rendered at once, Stop shown, later chunks continue.
    assert.equal($('[data-message-role="assistant"] p')?.textContent, 'Hello wor');
    assert.ok($('[data-role="stop"]'));
    host({ type: 'streamChunk', id: 'a1', text: 'world', offset: 6 }); // overlaps what init had
    host({ type: 'streamChunk', id: 'a1', text: 'world', offset: 6 }); // duplicate
    await frame();
    assert.equal($('[data-message-role="assistant"] p')?.textContent, 'Hello world');
    host({ type: 'streamChunk', id: 'a1', text: '!!', offset: 50 });
    assert.equal(api.posted.at(-1)?.type, 'ready', 'gap -> re-sync');
  });

  it('continues an ended answer in place: the same message, its code block grows, the footer comes back', async () => {
    const { api, host, frame, $, $$ } = chat();
    host(
      init([
        { id: 'u1', role: 'user', text: 'q', status: 'done', createdAt: 1 },
        { id: 'a1', role: 'assistant', text: 'Here:\n\n```py\na = 1\nb = ', status: 'done', continuable: true, createdAt: 2 },
      ]),
    );
    assert.ok($('[data-role="message-cut"]'));
    assert.ok($('[data-role="send"]'));
    host({ type: 'streamResume', id: 'a1', conversationId: 'c1' });
    assert.equal($('[data-message-role="assistant"]')?.dataset.status, 'streaming');
    assert.equal($('[data-role="message-cut"]'), null, 'nothing under an answer while it streams');
    assert.ok($('[data-role="stop"]'), 'Stop stops the continuation');
    assert.equal($('[data-message-role="assistant"] code')?.textContent, 'a = 1\nb = ');
    host({ type: 'streamChunk', id: 'a1', text: '2\nc = ', offset: 23 });
    assert.equal($('[data-message-role="assistant"] code')?.textContent, 'a = 1\nb = 2\nc = ', 'the first continued text is shown at once, like a first token');
    host({ type: 'streamChunk', id: 'a1', text: '3\n', offset: 29 });
    assert.equal($('[data-message-role="assistant"] code')?.textContent, 'a = 1\nb = 2\nc = ', 'later chunks wait for the frame');
    await frame();
    assert.equal($('[data-message-role="assistant"] code')?.textContent, 'a = 1\nb = 2\nc = 3\n');
    host({ type: 'streamChunk', id: 'a1', text: '```\n', offset: 31 });
    host({ type: 'streamDone', id: 'a1', finishReason: 'stop', continued: 1, metrics: { elapsedMs: 10, completionTokens: 9, estimated: false } });
    assert.equal($$('[data-message-role="assistant"]').length, 1, 'one answer');
    assert.equal($$('[data-message-role="assistant"] pre').length, 1, 'one code block');
    assert.equal($('[data-message-role="assistant"] code')?.textContent, 'a = 1\nb = 2\nc = 3\n');
    assert.match($('[data-role="message-footer"]')!.textContent!, /Continued · 9 tokens/);
    assert.equal($('[data-role="message-cut"]'), null);
    assert.ok($('[data-role="send"]'));
    const posted = api.posted.length;
    host({ type: 'streamChunk', id: 'a1', text: 'late', offset: 35 });
    assert.equal(api.posted.length, posted, 'a chunk after the end is ignored');
    assert.doesNotMatch($('[data-message-role="assistant"]')!.textContent!, /late/);
  });

  it('asks for the state when an answer of the conversation on screen resumes without being shown', () => {
    const { api, host } = chat();
    host(init());
    host({ type: 'streamResume', id: 'a9', conversationId: 'c1' });
    assert.equal(api.posted.at(-1)?.type, 'ready');
    const before = api.posted.length;
    host({ type: 'streamResume', id: 'a9', conversationId: 'other' });
    assert.equal(api.posted.length, before, 'another conversation is none of this view\'s business');
  });
});
