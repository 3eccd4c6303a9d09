import * as assert from 'node:assert/strict';
import { backoffDelayMs, retryAfterMs } from '../../../../src/core/provider/retry';

describe('retry timing', () => {
  const headers = (h: Record<string, string>) => new Headers(h);

  it('parses retry-after-ms, Retry-After seconds and HTTP dates', () => {
    assert.equal(retryAfterMs(headers({ 'retry-after-ms': '250' })), 250);
    assert.equal(retryAfterMs(headers({ 'retry-after': '3' })), 3000);
    const now = Date.parse('2030-01-01T00:00:00Z');
    assert.equal(retryAfterMs(headers({ 'retry-after': 'Tue, 01 Jan 2030 00:00:05 GMT' }), () => now), 5000);
    assert.equal(retryAfterMs(headers({ 'retry-after': 'soon' })), undefined);
    assert.equal(retryAfterMs(headers({})), undefined);
  });

  it('caps the server wait and backs off exponentially with jitter', () => {
    assert.equal(backoffDelayMs(1, 120_000), 20_000);
    assert.equal(backoffDelayMs(1, 1500), 1500);
    assert.equal(backoffDelayMs(1, undefined, { baseDelayMs: 100, random: () => 0 }), 50);
    assert.equal(backoffDelayMs(3, undefined, { baseDelayMs: 100, random: () => 1 }), 400);
    assert.equal(backoffDelayMs(30, undefined, { baseDelayMs: 100, random: () => 1, maxDelayMs: 1000 }), 1000);
  });
});
