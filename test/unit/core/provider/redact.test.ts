import * as assert from 'node:assert/strict';
import { redactSecrets } from '../../../../src/core/provider/redact';

const KEY_A = 'sk-proj-AAAAAAAAAAAAAAAAAAAAAAAA';

describe('redactSecrets', () => {
  it('removes a known key, bearer tokens, sk- keys and key=value pairs', () => {
    const text = `Authorization: Bearer abc.def-123456 key ${KEY_A} url https://x/v1?api_key=zzzzzz&x=1 {"api_key": "qqqqqqq"} custom-secret-value-1`;
    const out = redactSecrets(text, ['custom-secret-value-1']);
    for (const secret of ['abc.def-123456', KEY_A, 'zzzzzz', 'qqqqqqq', 'custom-secret-value-1']) assert.ok(!out.includes(secret), out);
    assert.match(out, /Bearer \[redacted\]/);
    assert.match(out, /x=1/, 'keeps what is not secret');
  });

  it('leaves ordinary log lines alone', () => {
    const line = '[ts-1a2b3c] POST http://127.0.0.1:1234/v1/chat/completions model=gpt-4o status=200 finish=stop ttft=12ms total=40ms tokens=33 retries=0';
    assert.equal(redactSecrets(line), line);
  });
});
