import * as assert from 'node:assert/strict';
import type { ChatMessage } from '../../../src/shared/protocol';
import { chat, init, user, type ChatHarness } from './chatHarness';
import { createWindow, fakeLayout, FakeResizeObserver, installResizeObserver, type TestWindow } from './dom';
import { assertInert, assertNothingRuns, HOSTILE, scriptingWindow } from './hostile';

const block = (h: ChatHarness, id = 'a1') => h.$(`[data-id="${id}"] [data-role="reasoning"]`);
const label = (h: ChatHarness, id = 'a1') => h.$(`[data-id="${id}"] [data-role="reasoning-label"]`)?.textContent;
const toggle = (h: ChatHarness, id = 'a1') => h.$<HTMLButtonElement>(`[data-id="${id}"] [data-role="reasoning-toggle"]`)!;
const body = (h: ChatHarness, id = 'a1') => h.$(`[data-id="${id}"] [data-role="reasoning-body"]`)!;
const isOpen = (h: ChatHarness, id = 'a1') => {
  const expanded = toggle(h, id).getAttribute('aria-expanded');
  assert.equal(body(h, id).hidden, expanded !== 'true', 'aria-expanded says what is shown');
  return expanded === 'true';
};

/** A chat with an answer `a1` that has started streaming. */
function streaming(options: { window?: TestWindow } = {}): ChatHarness {
  const h = chat(undefined, options);
  h.host(init());
  h.host({ type: 'streamStart', id: 'a1', conversationId: 'c1', user: user('u1', 'Why?'), createdAt: 3 });
  return h;
}

const assistant = (fields: Partial<ChatMessage>): ChatMessage => ({ id: 'a1', role: 'assistant', text: '', status: 'done', createdAt: 2, ...fields });

describe('ThinkingBlock', () => {
  it('streams the reasoning live above the answer, timed from its arrival', async () => {
    const h = streaming();
    assert.equal(block(h), null, 'no block before any reasoning');
    h.host({ type: 'streamReasoning', id: 'a1', text: 'Let me **think**', offset: 0 });
    const element = block(h)!;
    assert.equal(element.nextElementSibling?.getAttribute('data-role'), 'message-body', 'above the answer');
    assert.equal(element.querySelector('strong')?.textContent, 'think', 'the first reasoning is shown at once');
    assert.equal(label(h), 'Thinking… 0 s');
    assert.equal(element.dataset.state, 'thinking');
    assert.ok(isOpen(h), 'open while the model thinks');
    assert.equal(toggle(h).getAttribute('aria-controls'), body(h).id);

    h.host({ type: 'streamReasoning', id: 'a1', text: ' about it.\n\nStep two', offset: 16 });
    assert.doesNotMatch(element.textContent!, /Step two/, 'later reasoning waits for the frame');
    await h.frame();
    assert.match(element.textContent!, /Step two/);
    await h.clock.advance(3000);
    assert.equal(label(h), 'Thinking… 3 s', 'the header counts the seconds');
  });

  it('goes when the host takes its reasoning back (it was the answer), and keeps what came before in a continued answer', async () => {
    const h = streaming();
    h.host({ type: 'streamReasoning', id: 'a1', text: 'The answer, streamed as thinking.', offset: 0 });
    assert.ok(block(h));
    h.host({ type: 'reasoningRetracted', id: 'a1', length: 0 });
    h.host({ type: 'streamChunk', id: 'a1', text: 'The answer, streamed as thinking.', offset: 0 });
    h.host({ type: 'streamDone', id: 'a1', finishReason: 'stop' });
    assert.equal(block(h), null, 'no Thinking block');
    assert.equal(h.$('[data-id="a1"] [data-role="message-body"] p')?.textContent, 'The answer, streamed as thinking.');
    assert.equal(h.$('[data-id="a1"]')!.textContent!.split('streamed as thinking').length, 2, 'the text shows once');
    await h.clock.advance(3000);
    assert.equal(h.clock.pendingTimers, 0, 'no timer left behind (the block counted seconds)');

    // Reasoning of an earlier round (before a Continue) stays; only the rest goes.
    const c = streaming();
    c.host({ type: 'streamReasoning', id: 'a1', text: 'Real thoughts.', offset: 0 });
    c.host({ type: 'streamReasoning', id: 'a1', text: ' The rest.', offset: 14 });
    c.host({ type: 'reasoningRetracted', id: 'a1', length: 14 });
    await c.frame();
    assert.equal(block(c)!.querySelector('[data-role="reasoning-content"]')!.textContent!.trim(), 'Real thoughts.');
    c.host({ type: 'streamReasoning', id: 'a1', text: ' More.', offset: 14 });
    await c.frame();
    assert.equal(block(c)!.querySelector('[data-role="reasoning-content"]')!.textContent!.trim(), 'Real thoughts. More.', 'later reasoning goes on from there');
  });

  it('folds by itself when the first answer chunk arrives, and says how long it thought', async () => {
    const h = streaming();
    h.host({ type: 'streamReasoning', id: 'a1', text: 'Thinking hard.', offset: 0 });
    await h.clock.advance(4000);
    h.host({ type: 'streamChunk', id: 'a1', text: 'The answer.', offset: 0 });
    assert.equal(isOpen(h), false, 'folded when the answer starts');
    assert.equal(label(h), 'Thought for 4 s');
    assert.equal(block(h)!.dataset.state, 'done');
    assert.equal(h.$('[data-id="a1"] [data-role="message-body"] p')?.textContent, 'The answer.');
    await h.clock.advance(5000);
    h.host({ type: 'streamDone', id: 'a1', finishReason: 'stop' });
    assert.equal(label(h), 'Thought for 4 s', 'timed to the answer, not to the end');
    assert.equal(h.clock.pendingTimers, 0, 'no timer left behind');
    assert.ok(!h.api.types().includes('toggleReasoning'), 'folding by itself is not the user choosing');
  });

  it('keeps the user’s choice: opened stays open when the answer starts, folded stays folded; each toggle is posted', async () => {
    const h = streaming();
    h.host({ type: 'streamReasoning', id: 'a1', text: 'Hmm.', offset: 0 });
    toggle(h).click();
    assert.deepEqual(h.api.posted.at(-1), { type: 'toggleReasoning', id: 'a1', open: false });
    assert.equal(isOpen(h), false);
    toggle(h).click();
    assert.deepEqual(h.api.posted.at(-1), { type: 'toggleReasoning', id: 'a1', open: true });
    h.host({ type: 'streamChunk', id: 'a1', text: 'Answer.', offset: 0 });
    assert.ok(isOpen(h), 'the user opened it: the answer does not fold it');

    const other = streaming();
    other.host({ type: 'streamReasoning', id: 'a1', text: 'Hmm.', offset: 0 });
    toggle(other).click();
    other.host({ type: 'streamReasoning', id: 'a1', text: ' More.', offset: 4 });
    await other.frame();
    assert.equal(isOpen(other), false, 'folded by the user while thinking: stays folded');
    other.host({ type: 'streamChunk', id: 'a1', text: 'Answer.', offset: 0 });
    other.host({ type: 'streamDone', id: 'a1', finishReason: 'stop' });
    assert.equal(isOpen(other), false);
    const saved = (other.api.state as { conversation: { messages: ChatMessage[] } }).conversation.messages.at(-1);
    assert.equal(saved?.reasoning, 'Hmm. More.');
    assert.equal(saved?.reasoningOpen, false);
  });

  it('is restored from init with the stored choice, and folded or open by default as the answer says', () => {
    const h = chat();
    h.host(
      init([
        user('u1', 'q'),
        assistant({ id: 'a1', text: 'Answer.', reasoning: 'Chosen open.', reasoningOpen: true }),
        assistant({ id: 'a2', text: 'Answer.', reasoning: 'Default.' }),
        assistant({ id: 'a3', text: '', status: 'error', error: 'The model produced only reasoning.', reasoning: 'Only this.' }),
        assistant({ id: 'a4', text: 'Answer.', reasoning: 'Chosen folded.', reasoningOpen: false }),
        assistant({ id: 'a5', text: 'No reasoning.' }),
      ]),
    );
    assert.ok(isOpen(h, 'a1'));
    assert.equal(isOpen(h, 'a2'), false, 'an answered message folds by default');
    assert.ok(isOpen(h, 'a3'), 'no answer came: the reasoning is what there is to read');
    assert.equal(isOpen(h, 'a4'), false);
    assert.equal(block(h, 'a5'), null);
    assert.equal(label(h, 'a1'), 'Thoughts', 'the time is not known after a reload');
    assert.equal(block(h, 'a1')!.querySelector('[data-role="reasoning-content"] p')?.textContent, 'Chosen open.');
  });

  it('continues a restored reasoning by offset, and asks for the state on a gap', async () => {
    const h = chat();
    h.host(init([user('u1', 'q'), assistant({ id: 'a1', status: 'streaming', reasoning: 'Step one' })]));
    assert.ok(isOpen(h));
    assert.equal(label(h), 'Thinking', 'thinking, since an unknown time');
    h.host({ type: 'streamReasoning', id: 'a1', text: 'one, two', offset: 5 });
    h.host({ type: 'streamReasoning', id: 'a1', text: 'one, two', offset: 5 });
    await h.frame();
    assert.equal(h.$('[data-role="reasoning-content"] p')?.textContent, 'Step one, two');
    assert.equal(h.api.types().at(-1), 'ready', 'only the first ready so far');
    assert.equal(h.api.types().length, 1);
    h.host({ type: 'streamReasoning', id: 'a1', text: 'later', offset: 40 });
    assert.deepEqual(h.api.types(), ['ready', 'ready'], 'gap -> re-sync');

    const fresh = streaming();
    fresh.host({ type: 'streamReasoning', id: 'a1', text: 'middle', offset: 7 });
    assert.deepEqual(fresh.api.types(), ['ready', 'ready'], 'the first reasoning chunk seen is not the first sent');
    assert.equal(block(fresh), null);
  });

  it('survives a reload from the view’s persisted state', async () => {
    const first = streaming();
    first.host({ type: 'streamReasoning', id: 'a1', text: 'Reason *well*.', offset: 0 });
    first.host({ type: 'streamChunk', id: 'a1', text: 'Answer.', offset: 0 });
    toggle(first).click();
    first.host({ type: 'streamDone', id: 'a1', finishReason: 'stop' });

    const second = chat(first.api.state);
    assert.equal(block(second)!.querySelector('em')?.textContent, 'well');
    assert.ok(isOpen(second), 'the choice the user made before the reload');
    assert.equal(label(second), 'Thoughts');
  });

  it('renders hostile HTML in the reasoning inert, and its code can be copied but not inserted', async () => {
    const h = streaming({ window: scriptingWindow() });
    for (const [i, [name, markdown]] of HOSTILE.entries()) {
      const id = `h${i}`;
      h.host({ type: 'streamStart', id, conversationId: 'c1', createdAt: 10 + i });
      for (let at = 0; at < markdown.length; at += 3) h.host({ type: 'streamReasoning', id, text: markdown.slice(at, at + 3), offset: at });
      await h.frame();
      h.host({ type: 'streamDone', id, finishReason: 'stop' });
      const content = h.$(`[data-id="${id}"] [data-role="reasoning-content"]`)!;
      assertInert(content, name, 1);
      assertNothingRuns(h.window, content, name);
    }
    h.host({ type: 'streamStart', id: 'code', conversationId: 'c1', createdAt: 50 });
    h.host({ type: 'streamReasoning', id: 'code', text: 'Maybe:\n\n```js\nrm()\n```\n', offset: 0 });
    h.host({ type: 'streamDone', id: 'code', finishReason: 'stop' });
    const toolbar = h.$('[data-id="code"] [data-role="reasoning"] .code-toolbar')!;
    assert.deepEqual(Array.from(toolbar.querySelectorAll<HTMLElement>('button')).map((b) => b.dataset.action), ['copy']);
  });

  it('keeps pace with a 100,000-character reasoning: rendered once per frame, the finished part untouched, no layout read per chunk', async () => {
    const window = createWindow();
    installResizeObserver(window);
    const h = streaming({ window });
    const paragraph = (i: number) => `Step ${i}: consider **case ${i}** and \`x${i}\`, then weigh it against the previous one.\n\n`;
    let text = '';
    for (let i = 0; text.length < 100_000; i++) text += paragraph(i);
    const chunk = 100;
    h.host({ type: 'streamReasoning', id: 'a1', text: text.slice(0, chunk), offset: 0 });
    const scroller = body(h);
    const layout = fakeLayout(scroller, { scrollHeight: 200, clientHeight: 150 });
    const content = h.$('[data-role="reasoning-content"]')!;
    const mutations = new window.MutationObserver(() => undefined);
    mutations.observe(content, { childList: true, subtree: true, characterData: true });
    let maxRemovedPerFrame = 0;
    for (let at = chunk; at < text.length; at += chunk) {
      h.host({ type: 'streamReasoning', id: 'a1', text: text.slice(at, at + chunk), offset: at });
      assert.equal(mutations.takeRecords().length, 0, 'no DOM work per chunk');
      if ((at / chunk) % 10 === 0) {
        await h.frame();
        const removed = mutations.takeRecords().reduce((n, r) => n + r.removedNodes.length, 0);
        maxRemovedPerFrame = Math.max(maxRemovedPerFrame, removed);
      }
    }
    await h.frame();
    assert.equal(layout.reads, 0, 'no layout read outside the ResizeObserver');
    assert.ok(maxRemovedPerFrame <= 4, `a frame replaced ${maxRemovedPerFrame} nodes: only the unfinished tail may change`);
    assert.ok(content.querySelectorAll('p').length > 900);
    layout.scrollHeight = 50_000;
    FakeResizeObserver.resize(content);
    assert.equal(scroller.scrollTop, 50_000 - 150, 'follows its own bottom after layout');
    h.host({ type: 'streamDone', id: 'a1', finishReason: 'stop' });
    const saved = (h.api.state as { conversation: { messages: ChatMessage[] } }).conversation.messages.at(-1);
    assert.equal(saved?.reasoning, text);
  });
});
