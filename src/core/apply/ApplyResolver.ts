/**
 * Turns a chat answer's code block plus the target file's text into the new file text without a model
 * when that is safe, or says why the model is needed. The entry point of the Apply feature's core.
 *
 * Tiers, cheapest first:
 * 1. 'exact': SEARCH/REPLACE blocks or a unified diff, each hunk placed by its text (exact, trimmed,
 *    then unique anchor lines; never at one of several places that fit); or the whole file.
 * 2. 'anchored': a fragment (functions, classes, methods, statements, with or without
 *    "... existing code ..." markers) placed by its signature lines and indentation structure.
 * 3. 'model': everything else, with the reason.
 * Every local result lists the regions that change; nothing outside them changes.
 *
 * How `tokenStream.applyCodeBlock { code, uri?, language? }` uses it (the VS Code side):
 *
 *     const result = resolveCodeBlock(code, document.getText(), { fileName, language, now: () => performance.now() });
 *     if (result.tier !== 'model') {
 *       // Show result.regions (0-based lines of the document, end exclusive) as the Edit Selection
 *       // review; result.newText is the text after Accept all. "Applied without a model in N ms".
 *     } else {
 *       const request = buildModelMergeRequest({ code, fileText, fileName, language });   // ModelMerge.ts
 *       // Send request.messages; push each text delta into a SearchReplaceParser; whenever it returns
 *       // blocks, applyModelAnswer(fileText, blocksSoFar, request.window) gives the regions to show.
 *       // A SearchReplaceFormatError or a failed outcome is an error to show, never a guessed edit.
 *     }
 */
import { PATH_COMMENT } from './BlockTarget';
import { usesHashComments } from './CodeLines';
import { hasBareEllipsis, isExistingCodeMarker } from './ExistingCodeMarkers';
import { mergeFragment } from './FragmentMerger';
import { applyLineEdits } from './LineEdits';
import { applyReplacements } from './Replacements';
import { looksLikeSearchReplace, parseSearchReplace, SearchReplaceFormatError } from './SearchReplaceParser';
import { blockLines, isBlank, splitText, type TextLines } from './TextLines';
import type { ApplyResolution, EditOutcome, LocalTier, ModelReasonCode } from './types';
import { hunksAsReplacements, looksLikeUnifiedDiff, parseUnifiedDiff } from './UnifiedDiff';
import { coversWholeFile } from './WholeFile';

export interface ResolveOptions {
  /** The target file's name or path; a block that names another file is not applied to this one. */
  readonly fileName?: string;
  /** The block's fence language or the file's language id (diff detection, comment syntax). */
  readonly language?: string;
  /** A clock in milliseconds; when given, results carry elapsedMs. */
  readonly now?: () => number;
}

/** Resolves a code block against a file's text: tiers 1-2 without a model, or tier 3 with a reason. */
export function resolveCodeBlock(code: string, fileText: string, options: ResolveOptions = {}): ApplyResolution {
  const started = options.now?.();
  const result = resolve(code, fileText, options);
  if (!options.now || started === undefined) return result;
  return { ...result, elapsedMs: options.now() - started };
}

function resolve(code: string, fileText: string, options: ResolveOptions): ApplyResolution {
  const file = splitText(fileText);
  const language = languageOf(options);
  // A Markdown file may be one fenced block; elsewhere, fence lines around the code are the chat's.
  let lines = language === 'markdown' || language === 'md' ? trimBlankEdges(blockLines(code)) : withoutFence(trimBlankEdges(blockLines(code)));
  if (lines.length === 0) return model('empty', 'The code block is empty.');

  const named = pathComment(lines[0]!, file);
  if (named !== undefined) {
    if (options.fileName && !sameFile(named, options.fileName)) {
      return model('otherFile', `The block is for ${named}, not ${baseName(options.fileName)}.`);
    }
    lines = trimBlankEdges(lines.slice(1));
    if (lines.length === 0) return model('empty', 'The code block is empty.');
  }
  const text = lines.join('\n');

  if (looksLikeSearchReplace(text)) return searchReplace(text, file, options);
  if (looksLikeUnifiedDiff(text, options.language)) return unifiedDiff(text, file, options);

  const bareEllipsis = hasBareEllipsis(file.lines);
  const hasMarkers = lines.some((line) => isExistingCodeMarker(line, bareEllipsis));
  const hashComments = usesHashComments(language);
  if (!hasMarkers && coversWholeFile(file.lines, lines, hashComments)) {
    // The file's blank lines before its first and after its last line of code stay.
    const content = file.lines.map((line, i) => (isBlank(line) ? -1 : i)).filter((i) => i >= 0);
    const start = content.length > 0 ? content[0]! : 0;
    const end = content.length > 0 ? content[content.length - 1]! + 1 : file.lines.length;
    return local('exact', applyLineEdits(file, [{ start, end, lines }]));
  }

  const merged = mergeFragment(file.lines, lines, { hashComments });
  if (!merged.ok) return model(merged.code, merged.reason);
  return local('anchored', applyLineEdits(file, merged.edits));
}

function searchReplace(text: string, file: TextLines, options: ResolveOptions): ApplyResolution {
  let blocks;
  try {
    blocks = parseSearchReplace(text);
  } catch (error) {
    if (error instanceof SearchReplaceFormatError) return model('malformed', error.message);
    throw error;
  }
  if (blocks.length === 0) return model('malformed', 'The SEARCH/REPLACE text has no complete block.');
  const other = blocks.find((block) => block.path && options.fileName && !sameFile(block.path, options.fileName));
  if (other?.path) return model('otherFile', `The block is for ${other.path}, not ${baseName(options.fileName!)}.`);
  return fromOutcome(applyReplacements(file, blocks, { noun: 'block' }));
}

function unifiedDiff(text: string, file: TextLines, options: ResolveOptions): ApplyResolution {
  const files = parseUnifiedDiff(text);
  if (files.length === 0) return model('malformed', 'The diff has no hunk that changes anything.');
  let chosen = files[0]!;
  if (options.fileName) {
    const ours = files.filter((f) => f.path === undefined || sameFile(f.path, options.fileName!));
    if (ours.length === 0) return model('otherFile', `The diff is for ${files.map((f) => f.path).join(', ')}, not ${baseName(options.fileName)}.`);
    if (ours.length > 1) return model('ambiguous', 'The diff has several parts that could be for this file.');
    chosen = ours[0]!;
  } else if (files.length > 1) {
    return model('ambiguous', `The diff changes ${files.length} files and the target file is not named.`);
  }
  return fromOutcome(applyReplacements(file, hunksAsReplacements(chosen), { noun: 'hunk' }));
}

function fromOutcome(outcome: EditOutcome): ApplyResolution {
  if (!outcome.ok) {
    const code: ModelReasonCode = outcome.failure.code === 'overlap' ? 'ambiguous' : outcome.failure.code === 'empty' ? 'unrecognized' : outcome.failure.code;
    return model(code, outcome.failure.message);
  }
  return { tier: 'exact', newText: outcome.newText, regions: outcome.regions };
}

function local(tier: LocalTier, outcome: ReturnType<typeof applyLineEdits>): ApplyResolution {
  if (!outcome.ok) return model('ambiguous', 'Two parts of the block change the same lines.');
  return { tier, newText: outcome.newText, regions: outcome.regions };
}

function model(code: ModelReasonCode, reason: string): ApplyResolution {
  return { tier: 'model', code, reason };
}

function trimBlankEdges(lines: readonly string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && isBlank(lines[start]!)) start++;
  while (end > start && isBlank(lines[end - 1]!)) end--;
  return lines.slice(start, end);
}

/** The code of a block that still has its Markdown fence lines. */
function withoutFence(lines: string[]): string[] {
  const open = /^(`{3,}|~{3,})[^`]*$/.exec(lines[0] ?? '');
  if (!open || lines.length < 2) return lines;
  const close = lines[lines.length - 1]!.trim();
  if (!close.startsWith(open[1]!) || close.replace(/[`~]/g, '') !== '') return lines;
  return trimBlankEdges(lines.slice(1, -1));
}

/**
 * The path a first-line comment names (`// src/app.ts`, `# File: main.py`), unless the file has that
 * very line (then it is the file's own comment).
 */
function pathComment(line: string, file: TextLines): string | undefined {
  const match = PATH_COMMENT.exec(line);
  if (!match) return undefined;
  const trimmed = line.trim();
  if (file.lines.some((l) => l.trim() === trimmed)) return undefined;
  return match[1];
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function sameFile(named: string, fileName: string): boolean {
  return baseName(named).toLowerCase() === baseName(fileName).toLowerCase();
}

const HASH_COMMENT_EXTENSIONS: Readonly<Record<string, string>> = {
  py: 'python',
  pyi: 'python',
  sh: 'shellscript',
  bash: 'shellscript',
  rb: 'ruby',
  yml: 'yaml',
  yaml: 'yaml',
  toml: 'toml',
  r: 'r',
  pl: 'perl',
  ps1: 'powershell',
  ex: 'elixir',
  exs: 'elixir',
  jl: 'julia',
};

function languageOf(options: ResolveOptions): string | undefined {
  if (options.language) return options.language;
  const extension = options.fileName ? /\.([^.\\/]+)$/.exec(options.fileName)?.[1]?.toLowerCase() : undefined;
  return extension ? (HASH_COMMENT_EXTENSIONS[extension] ?? extension) : undefined;
}
