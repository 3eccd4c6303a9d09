import * as assert from 'node:assert/strict';
import { isHostMessage, isOpenableLink, isWebviewMessage } from '../../../src/shared/protocol';

describe('protocol guards', () => {
  it('accept well-formed messages in both directions', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'send', text: 'hi', context: [{ id: 'f', label: 'a.ts', language: 'typescript' }] },
      { type: 'stop', id: 'a1' },
      { type: 'insertCode', code: 'x', language: 'ts' },
      { type: 'insertCode', code: 'x' },
      { type: 'applyCode', requestId: 'r1', code: 'x', language: 'ts', messageId: 'a1' },
      { type: 'applyCode', requestId: 'r1', code: 'x' },
      { type: 'openLink', href: 'https://example.com' },
      { type: 'errorAction', id: 'a1', action: 'setApiKey' },
      { type: 'continue', id: 'a1' },
    ]) assert.ok(isWebviewMessage(m), JSON.stringify(m));
    for (const m of [
      { type: 'streamChunk', id: 'a', text: 'x', offset: 0 },
      { type: 'streamDone', id: 'a', finishReason: 'cancelled' },
      { type: 'streamDone', id: 'a', finishReason: 'length', continuable: true, continued: 2 },
      { type: 'streamError', id: 'a', message: 'cut', continuable: true },
      { type: 'streamResume', id: 'a', conversationId: 'c' },
      { type: 'showHistory' },
      { type: 'applyResult', requestId: 'r1', tier: 'exact', hunks: 2, file: 'a.ts', elapsedMs: 3.5 },
      { type: 'applyResult', requestId: 'r1', tier: 'model', hunks: 0, error: 'The block is for b.ts, not a.ts.' },
      { type: 'init', conversation: { id: 'c', title: '', createdAt: 0, updatedAt: 0, messages: [{ id: 'm', role: 'user', text: 'q', status: 'done', createdAt: 0 }] }, history: [], context: [] },
    ]) assert.ok(isHostMessage(m), JSON.stringify(m));
  });

  it('reject malformed and foreign input', () => {
    for (const m of [
      null, 'ready', 42, [], {}, { type: 'unknown' }, { type: 'toString' }, { type: '__proto__' },
      { type: 'stop' }, { type: 'stop', id: '' }, { type: 'stop', id: 5 },
      { type: 'send', text: 'x' }, { type: 'send', text: 'x', context: [{ id: 1 }] },
      { type: 'errorAction', id: 'a', action: 'runCommand' },
      { type: 'insertCode', code: 1 },
      { type: 'continue' }, { type: 'continue', id: '' },
      { type: 'applyCode', code: 'x' }, { type: 'applyCode', requestId: '', code: 'x' }, { type: 'applyCode', requestId: 'r', code: 'x', messageId: 3 },
      // Only the host says how an Apply went.
      { type: 'applyResult', requestId: 'r1', tier: 'exact', hunks: 1 },
    ]) assert.ok(!isWebviewMessage(m), JSON.stringify(m));
    for (const m of [
      { type: 'streamChunk', id: 'a', text: 'x' }, { type: 'streamChunk', id: 'a', text: 'x', offset: -1 },
      { type: 'streamDone', id: 'a', finishReason: 'maybe' },
      { type: 'streamDone', id: 'a', finishReason: 'length', continuable: 'yes' }, { type: 'streamDone', id: 'a', finishReason: 'stop', continued: -1 },
      { type: 'streamResume', id: 'a' },
      { type: 'init', conversation: { id: 'c' }, history: [], context: [] },
      { type: 'ready' },
      { type: 'applyResult', requestId: 'r1', tier: 'guessed', hunks: 1 }, { type: 'applyResult', requestId: 'r1', tier: 'exact', hunks: -1 },
      { type: 'applyResult', tier: 'exact', hunks: 1 }, { type: 'applyCode', requestId: 'r1', code: 'x' },
      // The host never fills the chat's input: programmatic questions are sent by the host itself.
      { type: 'prompt', text: 'x', submit: true },
    ]) assert.ok(!isHostMessage(m), JSON.stringify(m));
  });

  it('openable links are http(s) and mailto only', () => {
    assert.ok(isOpenableLink('https://a.example'));
    assert.ok(isOpenableLink('mailto:x@y.z'));
    for (const href of ['javascript:alert(1)', 'command:workbench.action.quit', 'vscode:extension/x', 'data:text/html,x', 'file:///etc/passwd', '//evil.example']) {
      assert.ok(!isOpenableLink(href), href);
    }
  });
});
