import * as assert from 'node:assert/strict';
import { noteText } from '../../../src/webview/ApplyNotes';

describe('noteText', () => {
  it('says whether a model was needed, how long it took without one, and what is left to review', () => {
    assert.equal(noteText({ tier: 'anchored', hunks: 1, file: 'a.ts', elapsedMs: 0.2 }), 'Applied without a model in 1 ms: 1 change to review in a.ts.');
    assert.equal(noteText({ tier: 'exact', hunks: 3, elapsedMs: 42.4 }), 'Applied without a model in 42 ms: 3 changes to review.');
    assert.equal(noteText({ tier: 'model', hunks: 2, file: 'a.ts' }), 'Applied by the model: 2 changes to review in a.ts.');
  });

  it('says so when nothing changes', () => {
    assert.equal(noteText({ tier: 'exact', hunks: 0, file: 'a.ts', elapsedMs: 1 }), 'Nothing to change: the file a.ts already has this code.');
    assert.equal(noteText({ tier: 'model', hunks: 0, file: 'a.ts' }), 'The model found nothing to change in a.ts.');
  });
});
