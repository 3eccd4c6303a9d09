import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ACTIVE_EDITOR_GENERATING_CONTEXT_KEY, CHAT_VIEW_ID, COMMANDS, EXTENSION_ID, GENERATING_CONTEXT_KEY, SETTINGS_SECTION } from '../../src/vscode/ids';

// Runs from the repository root (scripts/test-unit.js sets cwd).
const root = process.cwd();
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  name: string;
  publisher: string;
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    configuration: { properties: Record<string, { default: unknown; markdownDescription?: string; type?: unknown }> };
    views: Record<string, { id: string }[]>;
    keybindings: { command: string; key?: string; when?: string; args?: unknown }[];
  };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
};
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(root, dir, f));
}

/** Rows of the Markdown table under `## heading`, as arrays of trimmed cells. */
function tableUnder(heading: string): string[][] {
  const start = readme.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `README has a "${heading}" section`);
  const section = readme.slice(start + heading.length + 5).split('\n## ')[0]!;
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .slice(1)
    .map((line) => line.slice(1, -1).split(/(?<!\\)\|/).map((c) => c.trim()));
}

describe('package.json, the code and the README agree', () => {
  it('prefixes every command, setting, view and keybinding with tokenStream.', () => {
    for (const c of manifest.contributes.commands) assert.match(c.command, /^tokenStream\./);
    for (const key of Object.keys(manifest.contributes.configuration.properties)) assert.match(key, /^tokenStream\./);
    for (const views of Object.values(manifest.contributes.views)) for (const v of views) assert.match(v.id, /^tokenStream\./);
    for (const k of manifest.contributes.keybindings) assert.match(k.command, /^tokenStream\./);
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'Token Stream', `${c.command} has the category`);
  });

  it('names in src/vscode/ids.ts exactly the ids package.json declares', () => {
    assert.equal(EXTENSION_ID, `${manifest.publisher}.${manifest.name}`);
    assert.deepEqual(Object.values(COMMANDS).sort(), manifest.contributes.commands.map((c) => c.command).sort());
    assert.ok(Object.values(manifest.contributes.views).flat().some((v) => v.id === CHAT_VIEW_ID), CHAT_VIEW_ID);
    for (const key of Object.keys(manifest.contributes.configuration.properties)) assert.ok(key.startsWith(`${SETTINGS_SECTION}.`), key);
    const cancel = manifest.contributes.keybindings.find((k) => k.command === COMMANDS.cancel);
    assert.ok(cancel?.when?.includes(ACTIVE_EDITOR_GENERATING_CONTEXT_KEY), 'Escape stops only while the active editor generates');
    const palette = (manifest.contributes as { menus?: { commandPalette?: { command: string; when?: string }[] } }).menus?.commandPalette;
    assert.equal(palette?.find((m) => m.command === COMMANDS.cancel)?.when, GENERATING_CONTEXT_KEY, 'Stop Generating is in the palette while anything generates');
  });

  it('leaves Escape to every editor widget it closes, and stops only the focused editor\'s generation', () => {
    const cancel = manifest.contributes.keybindings.find((k) => k.command === COMMANDS.cancel && k.key === 'escape');
    assert.ok(cancel?.when);
    const terms = cancel.when.split('&&').map((t) => t.trim());
    for (const required of [ACTIVE_EDITOR_GENERATING_CONTEXT_KEY, 'editorTextFocus']) assert.ok(terms.includes(required), required);
    for (const widget of ['suggestWidgetVisible', 'parameterHintsVisible', 'inlineSuggestionVisible', 'renameInputVisible', 'findWidgetVisible']) {
      assert.ok(terms.includes(`!${widget}`), `Escape is left to ${widget}`);
    }
    assert.deepEqual(cancel.args, { activeEditorOnly: true }, 'the command itself stops nothing in another document');
  });

  it('registers in the code every command of src/vscode/ids.ts, and only those', () => {
    const registered = new Set<string>();
    for (const file of sourceFiles('src')) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/registerCommand\(\s*([^,\s]+)\s*,/g)) {
        const argument = m[1]!;
        const key = /^COMMANDS\.(\w+)$/.exec(argument)?.[1];
        assert.ok(key && key in COMMANDS, `${path.relative(root, file)} registers ${argument}: command ids come from COMMANDS`);
        registered.add(COMMANDS[key as keyof typeof COMMANDS]);
      }
    }
    assert.deepEqual([...registered].sort(), Object.values(COMMANDS).sort());
  });

  it('declares every setting with a type, a default and a markdownDescription', () => {
    for (const [key, p] of Object.entries(manifest.contributes.configuration.properties)) {
      assert.ok(p.type, `${key} has a type`);
      assert.ok('default' in p, `${key} has a default`);
      assert.ok(p.markdownDescription, `${key} has a markdownDescription`);
    }
  });

  it('restricts the settings that redirect requests in untrusted workspaces', () => {
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.sort(), ['tokenStream.baseUrl', 'tokenStream.requestHeaders']);
  });

  it('lists every setting in the README with its default', () => {
    const rows = tableUnder('Settings');
    const documented = new Map(rows.map((r) => [r[0]!.replace(/`/g, ''), r[1]!.replace(/^`|`$/g, '')]));
    const declared = manifest.contributes.configuration.properties;
    assert.deepEqual([...documented.keys()].sort(), Object.keys(declared).sort());
    for (const [key, p] of Object.entries(declared)) {
      assert.equal(documented.get(key), JSON.stringify(p.default), `README default of ${key}`);
    }
  });

  it('lists every command in the README', () => {
    const rows = tableUnder('Commands and keybindings');
    const documented = rows.map((r) => r[0]!.replace(/`/g, '')).sort();
    assert.deepEqual(documented, manifest.contributes.commands.map((c) => c.command).sort());
    for (const row of rows) {
      const command = manifest.contributes.commands.find((c) => c.command === row[0]!.replace(/`/g, ''));
      assert.ok(row[1]!.startsWith(`Token Stream: ${command!.title}`), `README title of ${command!.command}`);
    }
  });
});
