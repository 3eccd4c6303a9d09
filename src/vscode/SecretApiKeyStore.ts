import type * as vscode from 'vscode';

/**
 * API keys live only in VS Code's SecretStorage, one per endpoint origin (scheme://host:port), so a key
 * saved for api.openai.com is never sent to another host whatever the settings say.
 */
export class SecretApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(origin: string): Promise<string | undefined> {
    return Promise.resolve(this.secrets.get(SecretApiKeyStore.secretName(origin)));
  }

  async set(origin: string, apiKey: string): Promise<void> {
    await this.secrets.store(SecretApiKeyStore.secretName(origin), apiKey);
  }

  async delete(origin: string): Promise<void> {
    await this.secrets.delete(SecretApiKeyStore.secretName(origin));
  }

  static secretName(origin: string): string {
    return `tokenStream.apiKey:${origin}`;
  }
}
