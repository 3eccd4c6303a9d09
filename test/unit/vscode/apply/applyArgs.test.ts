import * as assert from 'node:assert/strict';
import { parseApplyArgs } from '../../../../src/vscode/apply/applyArgs';

describe('parseApplyArgs', () => {
  it('takes the code alone, or with a URI (string or vscode.Uri) and a language', () => {
    assert.deepEqual(parseApplyArgs({ code: 'x = 1\n' }), { ok: true, args: { code: 'x = 1\n' } });
    const uri = { scheme: 'file', path: '/a.py', toString: () => 'file:///a.py' };
    assert.deepEqual(parseApplyArgs({ code: 'x = 1\n', uri, language: ' python ' }), {
      ok: true,
      args: { code: 'x = 1\n', uri: 'file:///a.py', language: 'python' },
    });
  });

  it('says what is wrong with a bad call', () => {
    const cases: [unknown, RegExp][] = [
      [undefined, /expects one argument, an object \{ code, uri\?, language\? \}/],
      ['x = 1', /expects one argument/],
      [[{ code: 'x' }], /expects one argument/],
      [{}, /"code" must be a non-empty string/],
      [{ code: ' \n' }, /"code" must be a non-empty string/],
      [{ code: 'x', language: 3 }, /"language", when given, must be a string/],
      [{ code: 'x', uri: '' }, /"uri", when given, must be a URI string or a vscode.Uri/],
      [{ code: 'x', uri: { path: '/a' } }, /"uri"/],
    ];
    for (const [raw, message] of cases) {
      const parsed = parseApplyArgs(raw);
      assert.equal(parsed.ok, false, JSON.stringify(raw));
      if (!parsed.ok) {
        assert.match(parsed.message, /^tokenStream\.applyCodeBlock: /);
        assert.match(parsed.message, message);
      }
    }
  });
});
