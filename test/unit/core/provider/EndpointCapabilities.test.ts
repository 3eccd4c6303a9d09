import * as assert from 'node:assert/strict';
import { EndpointCapabilities } from '../../../../src/core/provider/EndpointCapabilities';
import { OpenAiCompatibleProvider } from '../../../../src/core/provider/OpenAiCompatibleProvider';

describe('EndpointCapabilities', () => {
  it('remembers refused continuation modes per endpoint, whatever the trailing slash or host case', () => {
    const capabilities = new EndpointCapabilities();
    capabilities.markContinuationRefused('http://LOCALHOST:8000/v1/', 'continueFinalMessage');
    assert.deepEqual([...capabilities.refusedContinuationModes('http://localhost:8000/v1')], ['continueFinalMessage']);
    assert.deepEqual([...capabilities.refusedContinuationModes('http://localhost:8001/v1')], [], 'another endpoint learned nothing');
    assert.equal(capabilities.rejectsStreamOptions('http://localhost:8000/v1'), false, 'the lessons are apart');
  });

  it('gives each provider of an endpoint the next mode of the probe order it has not refused, the known hosts theirs', () => {
    const capabilities = new EndpointCapabilities();
    const provider = (baseUrl: string) => new OpenAiCompatibleProvider({ baseUrl, model: 'm', capabilities });
    const local = provider('http://127.0.0.1:8000/v1').continuation;
    assert.equal(local.next(), 'continueFinalMessage');
    local.refuse('continueFinalMessage');
    assert.equal(provider('http://127.0.0.1:8000/v1').continuation.next(), 'prefix', 'learned once, for every later request');
    local.refuse('prefix');
    assert.equal(local.next(), 'fallback');
    local.refuse('fallback');
    assert.equal(local.next(), 'fallback', 'the fallback is never refused');
    assert.equal(provider('https://api.openai.com/v1').continuation.next(), 'fallback');
    assert.equal(provider('https://api.deepseek.com/beta').continuation.next(), 'prefix');
    assert.equal(provider('https://api.mistral.ai/v1').continuation.next(), 'prefix');
  });
});
