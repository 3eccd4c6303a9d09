import * as assert from 'node:assert/strict';
import { listModels, ProviderError } from '../../../../src/core/provider/models';
import { OpenAiTestServer } from '../../../servers/openAiServer';

describe('listModels', () => {
  it('returns sorted ids from GET /models and explains failures', async () => {
    const server = await OpenAiTestServer.start({ models: ['zeta', 'alpha', 'mid'] });
    try {
      assert.deepEqual(await listModels({ baseUrl: server.baseUrl }), ['alpha', 'mid', 'zeta']);
      assert.equal(server.requests[0]!.method, 'GET');
      assert.equal(server.requests[0]!.url, '/v1/models');
      server.models = [];
      await assert.rejects(listModels({ baseUrl: server.baseUrl }), (e: unknown) => e instanceof ProviderError && e.streamError.kind === 'noModels');
      await assert.rejects(listModels({ baseUrl: `${server.origin}/nope` }), (e: unknown) => e instanceof ProviderError && e.streamError.kind === 'noModels');
    } finally {
      await server.close();
    }
    await assert.rejects(listModels({ baseUrl: server.baseUrl }), (e: unknown) => e instanceof ProviderError && e.streamError.kind === 'connection');
  });
});
