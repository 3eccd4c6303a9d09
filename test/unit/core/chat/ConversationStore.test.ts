import * as assert from 'node:assert/strict';
import { ConversationStore, MAX_STORED_CHARS, viewOf } from '../../../../src/core/chat/ConversationStore';
import { isHostMessage } from '../../../../src/shared/protocol';
import { MemoryStore } from '../../../support/fakes/MemoryStore';

const KEY = 'tokenStream.chat.conversations';

/** A store whose clock moves one step per call, so conversations have distinct ages. */
function storeOn(storage: MemoryStore): ConversationStore {
  let now = 1000;
  return new ConversationStore(storage, () => now++);
}

function ask(store: ConversationStore, question: string, answer: string): void {
  const id = store.current().id;
  store.upsertMessage(id, { id: `u-${question}`, role: 'user', text: question, status: 'done', createdAt: 1 });
  store.upsertMessage(id, { id: `a-${question}`, role: 'assistant', text: answer, status: 'done', createdAt: 2 });
}

/** True when the view would accept the conversation (the guard the webview runs on every message). */
function loads(store: ConversationStore): boolean {
  return isHostMessage({ type: 'conversationLoaded', conversation: viewOf(store.current()) });
}

describe('ConversationStore', () => {
  it('trims an over-long history on save, oldest conversations first, and keeps the open one', async () => {
    const storage = new MemoryStore();
    const store = storeOn(storage);
    const third = Math.ceil(MAX_STORED_CHARS / 3);
    for (const name of ['oldest', 'middle', 'newest']) {
      store.create();
      ask(store, name, name[0]!.repeat(third));
    }
    store.open(store.summaries().find((s) => s.title === 'middle')!.id);
    await store.save();
    assert.ok(storage.sizeOf(KEY) <= MAX_STORED_CHARS, `stored ${storage.sizeOf(KEY)} characters`);
    const reloaded = new ConversationStore(storage);
    assert.deepEqual(reloaded.summaries().map((s) => s.title).sort(), ['middle', 'newest'], 'the oldest went');
    assert.equal(reloaded.current().title, 'middle', 'the open conversation stays open');
    assert.ok(loads(reloaded));
  });

  it("drops the open conversation's oldest messages when it alone is too long, keeping its latest", async () => {
    const storage = new MemoryStore();
    const store = storeOn(storage);
    const quarter = Math.ceil(MAX_STORED_CHARS / 4);
    for (const name of ['q1', 'q2', 'q3', 'q4', 'q5']) ask(store, name, 'x'.repeat(quarter));
    await store.save();
    assert.ok(storage.sizeOf(KEY) <= MAX_STORED_CHARS, `stored ${storage.sizeOf(KEY)} characters`);
    const messages = new ConversationStore(storage).current().messages;
    assert.equal(messages.at(-1)?.id, 'a-q5', 'the latest answer stays');
    assert.ok(!messages.some((m) => m.id === 'u-q1' || m.id === 'a-q1'), 'the oldest went first');
    assert.ok(loads(new ConversationStore(storage)));
  });

  it('cuts the text of a single message too large to store, and says so in it', async () => {
    const storage = new MemoryStore();
    const store = storeOn(storage);
    ask(store, 'q', 'y'.repeat(MAX_STORED_CHARS + 10));
    await store.save();
    assert.ok(storage.sizeOf(KEY) <= MAX_STORED_CHARS, `stored ${storage.sizeOf(KEY)} characters`);
    const reloaded = new ConversationStore(storage);
    const only = reloaded.current().messages;
    assert.equal(only.length, 1);
    assert.match(only[0]!.text, /^y+\n\n\[Trimmed: the stored chat history keeps at most this much of one message\.\]$/);
    assert.ok(loads(reloaded));
  });

  it('loads what it can of a damaged history and never a conversation the view would refuse', () => {
    const storage = new MemoryStore();
    const good = { id: 'm1', role: 'user', text: 'hello', status: 'done', createdAt: 1 };
    storage.data.set(KEY, {
      version: 1,
      currentId: 'c1',
      conversations: [
        { id: 'c1', title: 'kept', createdAt: 1, updatedAt: 3, messages: [good, { id: 'm2', role: 'robot', text: 'bad role', status: 'done', createdAt: 2 }, { id: 'm3', text: 42 }] },
        { id: 'c2', title: 'no messages array', createdAt: 1, updatedAt: 2 },
        'not a conversation',
        { id: 'c3', title: 7, createdAt: 1, updatedAt: 1, messages: [good] },
      ],
    });
    const store = new ConversationStore(storage);
    assert.deepEqual(store.summaries().map((s) => s.id), ['c1']);
    assert.deepEqual(store.current().messages.map((m) => m.id), ['m1']);
    assert.ok(loads(store));
  });
});
