import * as assert from 'node:assert/strict';
import { analyzePartialAnswer } from '../../../../src/core/continue/PartialAnswer';

describe('analyzePartialAnswer', () => {
  it('finds an open block, its fence and language', () => {
    const partial = analyzePartialAnswer('Here:\n\n```python\ndef f():\n    retu');
    assert.equal(partial.context, 'fence');
    assert.deepEqual(partial.fence, { char: '`', length: 3, indent: 0, language: 'python' });
    assert.equal(partial.lastLine, '    retu');
  });

  it('is in prose after a closed block, and in the second block of an answer with two', () => {
    assert.equal(analyzePartialAnswer('```js\na();\n```\n\nThen call it').context, 'prose');
    const second = analyzePartialAnswer('```js\na();\n```\n\nAnd the test:\n\n~~~~ts\nit("x", () => {\n');
    assert.equal(second.context, 'fence');
    assert.equal(second.fence?.char, '~');
    assert.equal(second.fence?.length, 4);
    assert.equal(second.lastLine, '');
  });

  it('follows the FenceStripper nesting rule: a fence with a language inside a block opens a nested level', () => {
    assert.equal(analyzePartialAnswer('```markdown\n# Use\n```js\nrun();\n```\nMore text\n').context, 'fence');
    assert.equal(analyzePartialAnswer('```markdown\n# Use\n```js\nrun();\n```\n```\nAfter.\n').context, 'prose');
  });

  it('does not let a closer shorter than the opener close the block', () => {
    assert.equal(analyzePartialAnswer('````md\n```\n').context, 'fence');
  });

  it('only moves the fence state on complete lines (a cut opener is still being written)', () => {
    const partial = analyzePartialAnswer('Here:\n\n```pyt');
    assert.equal(partial.context, 'prose');
    assert.equal(partial.lastLine, '```pyt');
  });

  it('takes an answer of code without any fence for unfenced code', () => {
    assert.equal(analyzePartialAnswer('import os\n\ndef f():\n    return os.ge').context, 'code');
  });

  it('takes prose without any fence for prose, even when the FenceStripper would call it code', () => {
    assert.equal(analyzePartialAnswer('Intro.\n\n').context, 'prose');
    assert.equal(analyzePartialAnswer('the answer is that you split the line on commas and then').context, 'prose');
  });

  it('normalises CRLF', () => {
    const partial = analyzePartialAnswer('```js\r\nf();\r\ng');
    assert.equal(partial.text, '```js\nf();\ng');
    assert.equal(partial.context, 'fence');
  });
});
