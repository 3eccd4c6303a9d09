import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GenerationResult } from '../../src/core/stream/types';
import { readSettings } from '../../src/vscode/settings';
import { setSettings, useLoopbackServer } from './helpers';

describe('providers, settings and keys (in the extension host)', () => {
  const loopback = useLoopbackServer();

  it('reads every setting from the configuration', async () => {
    const undo = await setSettings({
      temperature: 0.3,
      maxTokens: 123,
      systemPrompt: 'Be brief.',
      requestHeaders: { 'X-Test': 'yes' },
      idleTimeoutSeconds: 7,
      maxRetries: 1,
      onCancel: 'discard',
      showProgressNotification: true,
    });
    try {
      const s = readSettings();
      assert.equal(s.provider, 'openai');
      assert.equal(s.baseUrl, loopback.server.baseUrl);
      assert.equal(s.model, 'loopback-small');
      assert.equal(s.temperature, 0.3);
      assert.equal(s.maxTokens, 123);
      assert.equal(s.systemPrompt, 'Be brief.');
      assert.deepEqual(s.requestHeaders, { 'X-Test': 'yes' });
      assert.equal(s.idleTimeoutSeconds, 7);
      assert.equal(s.maxRetries, 1);
      assert.equal(s.onCancel, 'discard');
      assert.equal(s.showProgressNotification, true);
      // They reach the request.
      loopback.server.enqueue({ type: 'stream', text: 'ok' });
      const result = await vscode.commands.executeCommand<GenerationResult>('tokenStream.chat.send', { prompt: 'hi' });
      assert.equal(result.finishReason, 'stop');
      const request = loopback.server.requests[0]!;
      const body = request.body as { temperature?: number; max_tokens?: number; max_completion_tokens?: number; messages: { role: string; content: string }[] };
      assert.equal(body.temperature, 0.3);
      assert.equal(body.max_tokens ?? body.max_completion_tokens, 123);
      assert.deepEqual(body.messages[0], { role: 'system', content: 'Be brief.' });
      assert.equal(request.headers['x-test'], 'yes');
    } finally {
      await undo();
    }
  });

  it('keeps API keys in SecretStorage per origin and sends them only to their own origin', async () => {
    const key = 'sk-integration-test-0123456789';
    const origin = await vscode.commands.executeCommand<string>('tokenStream.setApiKey', { apiKey: key, baseUrl: loopback.server.baseUrl });
    assert.equal(origin, loopback.server.origin);
    try {
      loopback.server.enqueue({ type: 'stream', text: 'with key' });
      await vscode.commands.executeCommand('tokenStream.chat.send', { prompt: 'hi' });
      assert.equal(loopback.server.requests[0]?.headers.authorization, `Bearer ${key}`);
      // The key is nowhere in the settings.
      const everything = JSON.stringify(vscode.workspace.getConfiguration('tokenStream'));
      assert.equal(everything.includes(key), false);
      // A key for another origin is not sent here.
      await vscode.commands.executeCommand('tokenStream.setApiKey', { apiKey: 'sk-other-origin-key', baseUrl: 'https://api.example.invalid/v1' });
      await vscode.commands.executeCommand('tokenStream.clearApiKey', { baseUrl: loopback.server.baseUrl });
      loopback.server.enqueue({ type: 'stream', text: 'without key' });
      await vscode.commands.executeCommand('tokenStream.chat.send', { prompt: 'hi' });
      const auth = String(loopback.server.requests[1]?.headers.authorization ?? '');
      assert.equal(auth.includes('sk-integration-test'), false);
      assert.equal(auth.includes('sk-other-origin-key'), false);
    } finally {
      await vscode.commands.executeCommand('tokenStream.clearApiKey', { baseUrl: loopback.server.baseUrl });
      await vscode.commands.executeCommand('tokenStream.clearApiKey', { baseUrl: 'https://api.example.invalid/v1' });
    }
  });

  it('gives a clear message, not a crash, when the Language Model API has no models', async () => {
    const undo = await setSettings({ provider: 'vscode-lm', model: '' });
    try {
      const result = await vscode.commands.executeCommand<GenerationResult>('tokenStream.chat.send', { prompt: 'hi' });
      assert.equal(result.finishReason, 'error');
      assert.equal(result.error?.kind, 'noModels');
      assert.match(result.error?.message ?? '', /No language model is available/);
      assert.equal(loopback.server.requests.length, 0);
    } finally {
      await undo();
    }
  });
});
