import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SETTING_KEYS } from '../../src/vscode/settings';
import { EXTENSION_ID } from '../../src/vscode/ids';

interface Manifest {
  contributes: {
    commands: { command: string }[];
    configuration: { properties: Record<string, { type?: unknown; default?: unknown; markdownDescription?: string }> };
  };
}

describe('package.json and the code agree (in the extension host)', () => {
  let manifest: Manifest;

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    await extension.activate();
    manifest = extension.packageJSON as Manifest;
  });

  it('registers every contributed command at activation, and contributes every command it registers', async () => {
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    // Views contribute their own commands (focus, reset location...) under the view id.
    const registered = (await vscode.commands.getCommands(true))
      .filter((id) => id.startsWith('tokenStream.') && !id.startsWith('tokenStream.chatView.'))
      .sort();
    assert.deepEqual(registered, contributed);
  });

  it('declares every setting it reads with a type, a default and a markdownDescription', () => {
    const properties = manifest.contributes.configuration.properties;
    for (const key of SETTING_KEYS) {
      const declared = properties[`tokenStream.${key}`];
      assert.ok(declared, `tokenStream.${key} is declared`);
      assert.ok(declared.type, `tokenStream.${key} has a type`);
      assert.ok('default' in declared, `tokenStream.${key} has a default`);
      assert.ok(declared.markdownDescription, `tokenStream.${key} has a markdownDescription`);
      assert.notEqual(vscode.workspace.getConfiguration('tokenStream').inspect(key), undefined);
    }
    assert.deepEqual(
      Object.keys(properties).sort(),
      SETTING_KEYS.map((k) => `tokenStream.${k}`).sort(),
      'every declared setting is read',
    );
  });
});
