import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS, EXTENSION_ID } from '../../src/vscode/ids';

interface Keybinding {
  readonly key: string;
  readonly command: string;
  readonly when?: string;
  readonly mac?: string;
}

/** The commands whose keys must be free in the workbench (Escape is shared on purpose, by its `when`). */
const FREE_KEYS_OF = [COMMANDS.editSelection, COMMANDS.acceptEdits, COMMANDS.rejectEdits, COMMANDS.nextHunk, COMMANDS.previousHunk];

/**
 * The workbench's default keybindings as "Preferences: Open Default Keyboard Shortcuts (JSON)" shows them
 * for this platform: VS Code's own and those of the extensions that are installed (its built-in ones).
 */
async function defaultKeybindings(): Promise<Keybinding[]> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse('vscode://defaultsettings/keybindings.json'));
  // Comment lines only (the header and the list of unbound commands); no entry spans them.
  const json = document.getText().split('\n').filter((line) => !line.trim().startsWith('//')).join('\n');
  return JSON.parse(json) as Keybinding[];
}

describe('keybindings (in the extension host)', () => {
  it('gives Edit Selection keys that no default keybinding of the workbench uses, in an editor or anywhere', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    const ours = (extension.packageJSON as { contributes: { keybindings: Keybinding[] } }).contributes.keybindings.filter((k) =>
      (FREE_KEYS_OF as readonly string[]).includes(k.command),
    );
    assert.deepEqual(ours.map((k) => k.command).sort(), [...FREE_KEYS_OF].sort(), 'each has a keybinding');

    const defaults = await defaultKeybindings();
    assert.ok(defaults.length > 500, `${defaults.length} default keybindings read`);
    assert.ok(defaults.some((k) => k.key === 'ctrl+shift+p' && k.command === 'workbench.action.showCommands'), 'the table is the real one');
    const others = defaults.filter((k) => !k.command.startsWith('tokenStream.'));
    for (const binding of ours) {
      // The same key, a chord that starts with it, or a key it would start a chord of.
      const clashes = others.filter((k) => k.key === binding.key || k.key.split(' ')[0] === binding.key || binding.key.split(' ')[0] === k.key);
      assert.deepEqual(clashes, [], `${binding.key} (${binding.command}) is used by a default keybinding`);
      assert.ok(binding.when?.includes('editorTextFocus'), `${binding.command} applies only in an editor`);
    }
    const shown = defaults.filter((k) => (FREE_KEYS_OF as readonly string[]).includes(k.command));
    assert.deepEqual(shown.map((k) => k.key).sort(), ours.map((k) => k.key).sort(), 'the workbench resolves them to the declared keys');
  });
});
