import * as vscode from 'vscode';
import { resolveCodeBlock } from '../../core/apply/ApplyResolver';
import { localRewrite, MergeRewriter } from '../../core/apply/ApplyRewrite';
import { matchPath, namedPath } from '../../core/apply/BlockTarget';
import { buildModelMergeRequest } from '../../core/apply/ModelMerge';
import type { ModelReasonCode } from '../../core/apply/types';
import type { Logger } from '../../core/log';
import type { ErrorKind, FinishReason, StreamError, StreamEvent, StreamMetrics, Usage } from '../../core/stream/types';
import type { ApplyTier } from '../../shared/protocol';
import type { LiveEdit, LiveEdits } from '../edit/LiveEdits';
import type { GenerationRegistry } from '../GenerationRegistry';
import { COMMANDS } from '../ids';
import type { ProviderFactory } from '../ProviderFactory';
import type { GenerationStatusBar } from '../StatusBar';
import { parseApplyArgs } from './applyArgs';

/**
 * What `tokenStream.applyCodeBlock` resolves with once the change is shown for review (or it failed).
 * `hunks`: the changes shown; `elapsedMs`: from the call to the diff shown, for tiers 1-2; `reason`: why
 * a model was needed (tier 3).
 */
export interface ApplyResult {
  readonly tier: ApplyTier;
  readonly hunks: number;
  readonly uri: string;
  readonly finishReason: FinishReason;
  readonly error?: StreamError;
  readonly elapsedMs?: number;
  readonly reason?: string;
  readonly usage?: Usage;
}

/** One Apply: the block, and where it came from. */
export interface ApplyRequest {
  readonly code: string;
  readonly language?: string;
  readonly uri?: string;
  /** Files attached to the conversation the block came from, workspace-relative, most recent first. */
  readonly attached?: readonly string[];
  /** The question the block answered, for the model merge. */
  readonly question?: string;
}

export interface ApplyDeps {
  readonly providers: ProviderFactory;
  readonly logger: Logger;
  readonly generations: GenerationRegistry;
  readonly statusBar: GenerationStatusBar;
  /** Edit Selection's live edits: an Apply is reviewed with the same commands, lenses and save rule. */
  readonly edits: LiveEdits;
}

/** Reasons tier 3 is not tried for: the block is for another file, or there is nothing to apply. */
const NOT_FOR_THE_MODEL: readonly ModelReasonCode[] = ['otherFile', 'empty'];

/**
 * Applies a chat code block to a file as an Edit Selection review: tiers 1-2 without a model (ApplyResolver),
 * tier 3 as a model merge whose SEARCH/REPLACE answer streams through the same diff engine (MergeRewriter).
 * Interactive (the chat's Apply button) it may show the target file (keeping the focus where it is); with
 * arguments it never opens, shows or focuses anything, and every failure is a result with an error.
 */
export class CodeBlockApplier {
  constructor(private readonly deps: ApplyDeps) {}

  async apply(request: ApplyRequest, interactive: boolean): Promise<ApplyResult> {
    const started = performance.now();
    const target = await this.target(request, interactive);
    if ('error' in target) return this.failed('exact', target.error, request.uri ?? '', target.kind);
    const { editor } = target;
    const document = editor.document;
    const uri = document.uri.toString();
    const busy = this.deps.edits.get(document.uri);
    if (busy) {
      const message =
        busy.session.state !== 'streaming'
          ? 'This file has changes to review; accept or reject them first.'
          : this.deps.generations.isGenerating(document.uri)
            ? 'An edit is still streaming into this file; stop it (Escape) or wait for it first.'
            : 'An edit of this file was cut (the token limit or a broken stream) and waits: Continue it or Review as Is, then accept or reject its changes first.';
      return this.failed('exact', message, uri);
    }
    const fileText = document.getText();
    const fileName = document.isUntitled ? document.uri.path : vscode.workspace.asRelativePath(document.uri, false);
    const language = request.language ?? document.languageId;
    const resolution = resolveCodeBlock(request.code, fileText, { fileName, language });
    if (resolution.tier !== 'model') {
      const span = localRewrite(fileText, resolution.regions);
      this.deps.logger.info(`Apply to ${document.uri.toString(true)}: ${resolution.tier}, ${resolution.regions.length} regions`);
      if (!span) return { tier: resolution.tier, hunks: 0, uri, finishReason: 'stop', elapsedMs: performance.now() - started };
      const live = this.start(editor, span.startLine, span.endLine);
      const end = await live.session.complete(span.text);
      return { tier: resolution.tier, hunks: end.hunks, uri, finishReason: 'stop', elapsedMs: performance.now() - started };
    }
    if (NOT_FOR_THE_MODEL.includes(resolution.code)) return this.failed('exact', resolution.reason, uri);
    this.deps.logger.info(`Apply to ${document.uri.toString(true)}: the model merges it (${resolution.code}: ${resolution.reason})`);
    return this.merge(editor, request, fileText, fileName, language, resolution.reason, interactive);
  }

  /** Tier 3: the model answers with SEARCH/REPLACE blocks, streamed into a review of the window it saw. */
  private async merge(
    editor: vscode.TextEditor,
    request: ApplyRequest,
    fileText: string,
    fileName: string,
    language: string,
    reason: string,
    interactive: boolean,
  ): Promise<ApplyResult> {
    const { providers, generations, statusBar, logger } = this.deps;
    const document = editor.document;
    const uri = document.uri.toString();
    const merge = buildModelMergeRequest({
      code: request.code,
      fileText,
      fileName,
      language,
      ...(request.question ? { request: request.question } : {}),
    });
    const rewriter = new MergeRewriter(fileText, merge.window);
    const generation = generations.start(document.uri);
    let live = this.start(editor, merge.window.startLine, merge.window.endLine);
    statusBar.streaming(undefined, generations.size);
    let finish: FinishReason = 'error';
    let error: StreamError | undefined = { kind: 'interrupted', message: 'The response ended without finishing.', action: 'retry' };
    let usage: Usage | undefined;
    let refused: string | undefined;
    let metrics: StreamMetrics | undefined;
    try {
      const provider = await providers.create({ interactive });
      const events: AsyncIterable<StreamEvent> = provider.stream({ messages: merge.messages }, generation.signal);
      for await (const event of events) {
        if (event.type === 'delta') {
          const step = rewriter.push(event.text);
          if (step.kind === 'error') {
            refused = step.message;
            generation.abort();
            break;
          }
          if (step.text) live.session.push(step.text);
        } else if (event.type === 'metrics') {
          statusBar.streaming(event.metrics, generations.size);
        } else if (event.type === 'usage') {
          usage = event.usage;
        } else if (event.type === 'finish') {
          finish = event.reason;
          error = event.error;
          usage = event.usage ?? usage;
          metrics = event.metrics;
          break;
        }
        if (live.session.state === 'closed') {
          generation.abort();
          finish = 'cancelled';
          error = undefined;
          break;
        }
      }
    } catch (thrown) {
      logger.error('Apply (model merge) failed', thrown);
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      finish = 'error';
      error = { kind: 'unknown', message, action: 'showLog' };
    } finally {
      generation.dispose();
    }
    if (refused === undefined && live.session.state !== 'closed') {
      const last = finish === 'stop' ? rewriter.end() : rewriter.cut();
      if (last.kind === 'error') refused = last.message;
      else if (last.text) live.session.push(last.text);
    }
    if (refused !== undefined) {
      // Nothing of a wrong answer is left in the file: not even the blocks that did fit.
      await live.session.end('cancelled');
      await live.session.rejectAll();
      statusBar.done('error', metrics, usage);
      logger.warn(`Apply to ${document.uri.toString(true)} refused the model's answer: ${refused}`);
      return { tier: 'model', hunks: 0, uri, finishReason: 'error', error: { kind: 'unknown', message: refused, action: 'showLog' }, reason, ...(usage ? { usage } : {}) };
    }
    if (rewriter.diverged && live.session.state !== 'closed') {
      // The blocks came out of file order: the streamed review is not the result; show the result afresh.
      await live.session.end('cancelled');
      await live.session.rejectAll();
      live = this.start(editor, merge.window.startLine, merge.window.endLine);
      live.session.push(rewriter.rewrite);
    }
    const documentClosed = live.session.state === 'closed';
    const reasonEnd: FinishReason = documentClosed && finish === 'stop' ? 'cancelled' : finish;
    // The session always ends as a complete answer: the window's lines after the last block were pushed.
    const end = await live.session.end(documentClosed ? 'cancelled' : 'stop');
    statusBar.done(reasonEnd, metrics, usage);
    logger.info(`Apply to ${document.uri.toString(true)} by the model ended: ${reasonEnd}, ${rewriter.blockCount} blocks, ${end.hunks} changes to review`);
    return {
      tier: 'model',
      hunks: end.hunks,
      uri,
      finishReason: reasonEnd,
      ...(error ? { error } : {}),
      reason,
      ...(usage ? { usage } : {}),
    };
  }

  /** Starts a review over the whole lines [startLine, endLine) of the file (splitText's lines). */
  private start(editor: vscode.TextEditor, startLine: number, endLine: number): LiveEdit {
    const document = editor.document;
    const start = document.offsetAt(new vscode.Position(startLine, 0));
    const end = endLine < document.lineCount ? document.offsetAt(new vscode.Position(endLine, 0)) : document.getText().length;
    return this.deps.edits.start(editor, start, document.getText().slice(start, end));
  }

  /**
   * The editor to apply to: `uri`, else the file the block names, else the conversation's attached file,
   * else the active editor. Only an interactive call shows a file that is not visible (focus stays).
   */
  private async target(request: ApplyRequest, interactive: boolean): Promise<{ editor: vscode.TextEditor } | { error: string; kind?: ErrorKind }> {
    let uri: vscode.Uri | undefined;
    if (request.uri !== undefined) {
      try {
        uri = vscode.Uri.parse(request.uri, true);
      } catch {
        return { error: `"${request.uri}" is not a URI.` };
      }
    } else {
      const named = namedPath(request.code, request.language);
      if (named !== undefined) {
        uri = await findFile(named);
        if (!uri) return { error: `The block is for ${named}, which is not in the workspace.` };
      } else {
        for (const path of request.attached ?? []) {
          uri = await findFile(path);
          if (uri) break;
        }
      }
    }
    if (!uri) {
      const active = vscode.window.activeTextEditor;
      return active ? { editor: active } : { error: 'No file to apply to: open the file in an editor, or pass "uri".', kind: 'noEditor' };
    }
    const key = uri.toString();
    const active = vscode.window.activeTextEditor;
    const shown = active?.document.uri.toString() === key ? active : vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === key);
    if (shown) return { editor: shown };
    if (!interactive) {
      const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === key);
      return {
        error: open
          ? `${key} is open but not shown in an editor; show it first (Apply with arguments never opens or focuses an editor).`
          : `${key} is not shown in an editor; show it first (Apply with arguments never opens or focuses an editor).`,
      };
    }
    try {
      const document = await vscode.workspace.openTextDocument(uri);
      return { editor: await vscode.window.showTextDocument(document, { preserveFocus: true, preview: false }) };
    } catch (thrown) {
      return { error: `Cannot open ${vscode.workspace.asRelativePath(uri)}: ${thrown instanceof Error ? thrown.message : String(thrown)}` };
    }
  }

  private failed(tier: ApplyTier, message: string, uri: string, kind: ErrorKind = 'invalidArgument'): ApplyResult {
    this.deps.logger.warn(`Apply: ${message}`);
    return { tier, hunks: 0, uri, finishReason: 'error', error: { kind, message } };
  }
}

/**
 * The file a path names: the active editor's, another visible editor's, an open document (any scheme,
 * matched by its workspace-relative path), then the workspace's files. Undefined when none or several fit
 * at the first of these levels that has a match.
 */
async function findFile(named: string): Promise<vscode.Uri | undefined> {
  // The file in front of the user first, then the other files on screen, then every open one: two open
  // files of the same name (one in another folder, or one whose editor was closed) do not hide the one shown.
  const active = vscode.window.activeTextEditor?.document;
  const shown = [...new Set([...(active ? [active] : []), ...vscode.window.visibleTextEditors.map((e) => e.document)])].filter((d) => !d.isClosed && !d.isUntitled);
  for (const candidates of [shown.filter((d) => d === active), shown]) {
    const hit = matchPath(
      named,
      candidates.map((d) => vscode.workspace.asRelativePath(d.uri, false)),
    );
    if (typeof hit === 'number') return candidates[hit]!.uri;
  }
  const documents = vscode.workspace.textDocuments.filter((d) => !d.isClosed && !d.isUntitled);
  const open = matchPath(
    named,
    documents.map((d) => vscode.workspace.asRelativePath(d.uri, false)),
  );
  if (typeof open === 'number') return documents[open]!.uri;
  if (!vscode.workspace.workspaceFolders?.length) return undefined;
  const base = named.split(/[\\/]/).pop() ?? named;
  const files = await vscode.workspace.findFiles(`**/${base.replace(/[[\]{}*?!]/g, '?')}`, '**/node_modules/**', 50);
  const found = matchPath(
    named,
    files.map((f) => vscode.workspace.asRelativePath(f, false)),
  );
  return typeof found === 'number' ? files[found] : undefined;
}

/** The `tokenStream.applyCodeBlock` command and the applier the chat's Apply button uses. */
export function registerApply(deps: ApplyDeps): { disposables: vscode.Disposable[]; applier: CodeBlockApplier } {
  const applier = new CodeBlockApplier(deps);
  const command = vscode.commands.registerCommand(COMMANDS.applyCodeBlock, async (raw?: unknown): Promise<ApplyResult | undefined> => {
    if (raw === undefined) {
      void vscode.window.showInformationMessage('Token Stream: use Apply on a code block in the chat (this command takes { code, uri?, language? }).');
      return undefined;
    }
    const parsed = parseApplyArgs(raw);
    if (!parsed.ok) {
      deps.logger.warn(parsed.message);
      const uri = typeof (raw as { uri?: unknown }).uri === 'string' ? String((raw as { uri: string }).uri) : '';
      return { tier: 'exact', hunks: 0, uri, finishReason: 'error', error: { kind: 'invalidArgument', message: parsed.message } };
    }
    return applier.apply(parsed.args, false);
  });
  return { disposables: [command], applier };
}
