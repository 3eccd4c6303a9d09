import * as assert from 'node:assert/strict';
import { ReceivedText } from '../../../src/webview/streamedMarkdown';

describe('ReceivedText', () => {
  it('takes a chunk that starts where the text held ends, and counts it', () => {
    const received = new ReceivedText(5);
    assert.equal(received.take('world', 5), 'world');
    assert.equal(received.length, 10);
  });

  it('takes only the unseen end of a chunk that overlaps the text held, and nothing of one seen before', () => {
    const received = new ReceivedText(8);
    assert.equal(received.take('abcdef', 5), 'def');
    assert.equal(received.length, 11);
    assert.equal(received.take('abcdef', 5), '');
    assert.equal(received.length, 11);
  });

  it('refuses a chunk that starts after the text held (text before it is missing), counting nothing', () => {
    const received = new ReceivedText(3);
    assert.equal(received.take('later', 4), undefined);
    assert.equal(received.length, 3);
  });
});
