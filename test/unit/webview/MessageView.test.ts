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
});
