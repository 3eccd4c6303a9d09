import * as assert from 'node:assert/strict';
import { endpointOrigin, isLoopbackUrl, resolveApiKey, validateBaseUrl, type ApiKeyStore } from '../../../../src/core/provider/apiKeys';
import { OpenAiCompatibleProvider } from '../../../../src/core/provider/OpenAiCompatibleProvider';
import { consumeStream } from '../../../../src/core/stream/collect';
import { instrument } from '../../../../src/core/stream/instrument';
import { OpenAiTestServer } from '../../../servers/openAiServer';

const KEY_A = 'sk-proj-AAAAAAAAAAAAAAAAAAAAAAAA';
const ENV_KEY = 'sk-env-EEEEEEEEEEEEEEEEEEEEEEEE';

function mapStore(entries: Record<string, string>): ApiKeyStore {
  return { get: async (origin) => entries[origin] };
}

describe('API keys per origin', () => {
  it('recognizes loopback URLs only', () => {
    for (const url of ['http://localhost:11434/v1', 'http://127.0.0.1:1234', 'http://127.8.9.10/', 'http://[::1]:8080/v1', 'http://api.localhost/'])
      assert.equal(isLoopbackUrl(url), true, url);
    for (const url of ['https://api.openai.com/v1', 'http://127.0.0.1.example.com/', 'http://10.0.0.1/', 'http://[::2]/', 'not a url', 'http://localhost.evil.com/'])
      assert.equal(isLoopbackUrl(url), false, url);
  });

  it('computes origins', () => {
    assert.equal(endpointOrigin('https://API.openai.com:443/v1/'), 'https://api.openai.com');
    assert.equal(endpointOrigin('http://127.0.0.1:8080/v1'), 'http://127.0.0.1:8080');
  });

  it('validates base URLs with a clear message', () => {
    assert.equal(validateBaseUrl('https://api.openai.com/v1').ok, true);
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['localhost:11434/v1', /http:\/\/ or https:\/\//],
      ['api.openai.com/v1', /not a valid URL/],
      ['ftp://example.org', /http:\/\/ or https:\/\//],
      ['https://user:pw@example.org/v1', /user name or password/],
    ];
    for (const [url, pattern] of cases) {
      const result = validateBaseUrl(url);
      assert.equal(result.ok, false, url);
      if (!result.ok) assert.match(result.message, pattern, url);
    }
    const http = validateBaseUrl('http://example.org/v1');
    assert.ok(http.ok && http.insecure && !http.loopback);
  });

  it('uses OPENAI_API_KEY only for https://api.openai.com', async () => {
    const env = { OPENAI_API_KEY: ENV_KEY };
    const openai = await resolveApiKey('https://api.openai.com/v1', mapStore({}), env);
    assert.deepEqual([openai.apiKey, openai.source, openai.missing], [ENV_KEY, 'environment', false]);
    const other = await resolveApiKey('https://api.groq.com/openai/v1', mapStore({}), env);
    assert.deepEqual([other.apiKey, other.source, other.missing], [undefined, 'missing', true]);
    const local = await resolveApiKey('http://localhost:11434/v1', mapStore({}), env);
    assert.deepEqual([local.apiKey, local.source, local.missing], [undefined, 'notNeeded', false]);
    const stored = await resolveApiKey('https://api.openai.com/v1', mapStore({ 'https://api.openai.com': KEY_A }), env);
    assert.deepEqual([stored.apiKey, stored.source], [KEY_A, 'stored']);
  });

  it('says when a key would travel over plain http to a host that is not loopback', async () => {
    const keys = mapStore({ 'http://10.1.2.3:8000': KEY_A, 'http://127.0.0.1:8000': KEY_A, 'https://example.org': KEY_A, 'http://0.0.0.0:8000': KEY_A });
    const over = async (url: string) => (await resolveApiKey(url, keys)).overPlainHttp;
    assert.equal(await over('http://10.1.2.3:8000/v1'), true);
    assert.equal(await over('http://0.0.0.0:8000/v1'), true, 'only localhost, 127.0.0.0/8 and [::1] are loopback');
    assert.equal(await over('http://127.0.0.1:8000/v1'), false);
    assert.equal(await over('https://example.org/v1'), false);
    assert.equal(await over('http://10.9.9.9/v1'), false, 'no key, nothing travels');
  });

  it('sends the Authorization header only to its own origin (two real servers)', async () => {
    const serverA = await OpenAiTestServer.start();
    const serverB = await OpenAiTestServer.start();
    try {
      const store = mapStore({ [serverA.origin]: KEY_A });
      const env = { OPENAI_API_KEY: ENV_KEY };
      for (const server of [serverA, serverB]) {
        const { apiKey } = await resolveApiKey(server.baseUrl, store, env);
        const provider = instrument(new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, apiKey, model: 'm' }));
        const result = await consumeStream(provider.stream({ messages: [{ role: 'user', content: 'hi' }] }, new AbortController().signal));
        assert.equal(result.finishReason, 'stop');
      }
      assert.equal(serverA.requests[0]!.headers.authorization, `Bearer ${KEY_A}`);
      const sentToB = String(serverB.requests[0]!.headers.authorization ?? '');
      assert.ok(!sentToB.includes(KEY_A) && !sentToB.includes(ENV_KEY), sentToB);
      for (const request of serverB.requests) {
        assert.ok(!JSON.stringify(request.headers).includes('AAAAAAAA'));
        assert.ok(!JSON.stringify(request.headers).includes('EEEEEEEE'));
      }
    } finally {
      await serverA.close();
      await serverB.close();
    }
  });
});
