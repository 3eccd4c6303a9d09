import * as assert from 'node:assert/strict';

describe('test harness', () => {
  it('runs in the Node major of the extension host', () => {
    assert.ok(Number(process.versions.node.split('.')[0]) >= 22);
  });
});
