import * as assert from 'node:assert/strict';
import { promptWithContext } from '../../../../src/core/chat/Attachments';

describe('promptWithContext', () => {
  it('fences context with more backticks than it contains', () => {
    const prompt = promptWithContext('q', [{ id: '1', label: 'README.md', language: 'markdown', content: '```js\nx\n```' }]);
    assert.match(prompt, /^Context from README\.md \(markdown\):\n````markdown\n```js\nx\n```\n````\n\nq$/);
  });
});
