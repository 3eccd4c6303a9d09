import * as assert from 'node:assert/strict';
import { parseEditArgs } from '../../../../src/vscode/edit/editArgs';

describe('parseEditArgs', () => {
  it('takes a prompt alone, or with a model, a URI string and a range', () => {
    assert.deepEqual(parseEditArgs({ prompt: 'rename x' }), { ok: true, args: { prompt: 'rename x' } });
    const range = { start: { line: 2, character: 0 }, end: { line: 9, character: 4 } };
    assert.deepEqual(parseEditArgs({ prompt: 'rename x', model: ' gpt-4.1 ', uri: 'file:///a.py', range }), {
      ok: true,
      args: { prompt: 'rename x', model: 'gpt-4.1', uri: 'file:///a.py', range },
    });
  });

  it('takes a URI object by its string form (a vscode.Uri passed by another extension)', () => {
    const uri = { scheme: 'file', path: '/a.py', toString: () => 'file:///a.py' };
    assert.deepEqual(parseEditArgs({ prompt: 'x', uri }), { ok: true, args: { prompt: 'x', uri: 'file:///a.py' } });
  });

  it('says what is wrong with a bad call', () => {
    const cases: [unknown, RegExp][] = [
      [undefined, /expects one argument, an object/],
      ['rename x', /expects one argument, an object/],
      [['rename x'], /expects one argument, an object/],
      [{}, /"prompt" must be a non-empty string/],
      [{ prompt: ' \n ' }, /"prompt" must be a non-empty string/],
      [{ prompt: 1 }, /"prompt" must be a non-empty string/],
      [{ prompt: 'x', model: '' }, /"model", when given, must be a non-empty string/],
      [{ prompt: 'x', uri: '' }, /"uri", when given, must be a URI string or a vscode.Uri/],
      [{ prompt: 'x', uri: { scheme: 'file', path: '/a.py' } }, /"uri"/],
      [{ prompt: 'x', range: { start: { line: 0, character: 0 } } }, /"range", when given/],
      [{ prompt: 'x', range: { start: { line: 0.5, character: 0 }, end: { line: 1, character: 0 } } }, /"range"/],
      [{ prompt: 'x', range: { start: { line: 0, character: -1 }, end: { line: 1, character: 0 } } }, /"range"/],
    ];
    for (const [raw, message] of cases) {
      const parsed = parseEditArgs(raw);
      assert.equal(parsed.ok, false, JSON.stringify(raw));
      if (!parsed.ok) {
        assert.match(parsed.message, message, JSON.stringify(raw));
        assert.match(parsed.message, /^tokenStream\.editSelection: /);
      }
    }
  });
});
