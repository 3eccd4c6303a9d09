import * as assert from 'node:assert/strict';
import { APIConnectionError, APIError } from 'openai';
import { firstLineOfPage, httpError, idleTimeoutError, toStreamError } from '../../../../src/core/provider/errors';

const KEY_A = 'sk-proj-AAAAAAAAAAAAAAAAAAAAAAAA';

describe('error mapping', () => {
  const context = { baseUrl: 'https://llm.example.invalid/v1', model: 'm', apiKey: KEY_A };

  it('says a host name could not be resolved for ENOTFOUND and EAI_AGAIN', () => {
    for (const code of ['ENOTFOUND', 'EAI_AGAIN']) {
      const cause = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(`getaddrinfo ${code}`), { code }) });
      const error = toStreamError(new APIConnectionError({ message: 'Connection error.', cause }), context);
      assert.equal(error.kind, 'dns');
      assert.match(error.message, /"llm\.example\.invalid" could not be resolved/);
    }
  });

  it('maps 401, 403, 404 (route), 429, 5xx, 400 with one action each', () => {
    assert.equal(httpError(403, 'forbidden', context).action, 'setApiKey');
    assert.equal(httpError(404, undefined, context).action, 'openSettings');
    assert.equal(httpError(404, 'model "m" not found, try pulling it first', context).kind, 'modelNotFound');
    assert.equal(httpError(429, 'slow', context).action, 'retry');
    assert.equal(httpError(503, 'down', context).kind, 'server');
    assert.equal(httpError(400, 'bad', context).kind, 'badRequest');
  });

  it('never lets the key into a message, even when the server echoes it', () => {
    const error = new APIError(401, { message: `Incorrect API key provided: ${KEY_A}` }, undefined, new Headers());
    const mapped = toStreamError(error, context);
    assert.ok(!mapped.message.includes(KEY_A), mapped.message);
    assert.equal(mapped.action, 'setApiKey');
  });

  it('reduces an HTML page to its first line of text', () => {
    assert.equal(firstLineOfPage('<!DOCTYPE html><html><head><style>body{}</style><title>Bad &amp; Gateway</title></head><body><h1>x</h1></body></html>'), 'Bad & Gateway');
    assert.equal(firstLineOfPage('<p>\n  upstream  connect error </p>'), 'upstream connect error');
    const mapped = toStreamError(new APIError(502, undefined, '<html><body><h1>502 Bad Gateway</h1></body></html>', new Headers()), context);
    assert.equal(mapped.message, 'The endpoint failed with a server error (HTTP 502): 502 Bad Gateway.');
  });

  it('names the idle setting and the wait', () => {
    assert.match(idleTimeoutError(60, context).message, /for 60 seconds.*tokenStream\.idleTimeoutSeconds/);
  });
});
