// The layout CONTRIBUTING.md describes, checked over the source tree: imports between the folders of
// src/core run one way (no cycle), and nothing in src/core or src/shared imports 'vscode'.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

// Runs from the repository root (scripts/test-unit.js sets cwd).
const root = process.cwd();
const IMPORT = /\bfrom\s+'([^']+)'|\bimport\s*\(\s*'([^']+)'\s*\)|\brequire\(\s*'([^']+)'\s*\)/g;

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** The folder of src/core a file belongs to (a file directly in src/core is its own node), or undefined outside it. */
function coreFolder(file: string): string | undefined {
  const rel = path.relative('src/core', file);
  if (rel.startsWith('..')) return undefined;
  const parts = rel.split(path.sep);
  return parts.length > 1 ? parts[0] : rel.replace(/\.ts$/, '');
}

/** Edges folder -> folder between the folders of src/core, each with one import that makes it. */
function coreFolderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles('src/core')) {
    const from = coreFolder(file)!;
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) continue;
      const to = coreFolder(path.join(path.dirname(file), spec));
      if (to === undefined || to === from) continue;
      if (!graph.has(from)) graph.set(from, new Map());
      graph.get(from)!.set(to, `${file} imports ${spec}`);
    }
  }
  return graph;
}

/** A cycle in `graph` as the list of edges that make it, or undefined. */
function findCycle(graph: Map<string, Map<string, string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'open');
    for (const [next, why] of graph.get(node) ?? []) {
      trail.push(why);
      if (state.get(next) === 'open') return [...trail];
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
      trail.pop();
    }
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    if (state.has(node)) continue;
    const found = visit(node);
    if (found) return found;
  }
  return undefined;
}

describe('Source layout', () => {
  it('finds a cycle when there is one (the check itself)', () => {
    const graph = new Map([
      ['a', new Map([['b', 'a -> b']])],
      ['b', new Map([['c', 'b -> c']])],
      ['c', new Map([['a', 'c -> a']])],
    ]);
    assert.deepEqual(findCycle(graph), ['a -> b', 'b -> c', 'c -> a']);
    assert.equal(findCycle(new Map([['a', new Map([['b', 'a -> b']])]])), undefined);
  });

  it('has no import cycle between the folders of src/core', () => {
    const graph = coreFolderGraph();
    assert.ok(graph.get('chat')?.has('stream'), 'the graph is read (chat imports stream)');
    const cycle = findCycle(graph);
    assert.equal(cycle, undefined, `a cycle: ${cycle?.join('; ')}`);
  });

  it("keeps 'vscode' out of src/core and src/shared", () => {
    const offenders = [...sourceFiles('src/core'), ...sourceFiles('src/shared')].filter((file) => importsOf(file).includes('vscode'));
    assert.deepEqual(offenders, []);
  });
});
