import * as path from 'node:path';
import * as vscode from 'vscode';
import { ChatController } from '../../core/chat/ChatController';
import { unselectedRange } from '../../core/chat/attachmentRange';
import { ConversationStore, newId } from '../../core/chat/ConversationStore';
import type { Logger } from '../../core/log';
import type { CodeSink } from '../../core/sinks/CodeSink';
import type { GenerationResult } from '../../core/stream/types';
import { realScheduler } from '../../core/scheduler';
import { MAX_ATTACHMENT_CHARS } from '../../shared/limits';
import { type HostMessage, isOpenableLink, isWebviewMessage, type WebviewMessage } from '../../shared/protocol';
import type { ApplyResult, CodeBlockApplier } from '../apply/registerApply';
import { runErrorAction } from '../errorActions';
import type { ProviderFactory } from '../ProviderFactory';
import { readSettings } from '../settings';
import { chatHtml } from './chatHtml';

/**
 * The side-panel chat: a WebviewView whose host side is the VS Code-free ChatController. Posts nothing
 * before the webview's `ready`, answers every `ready` with the full state, never awaits postMessage.
 */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  readonly controller: ChatController;
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private viewDisposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    providers: ProviderFactory,
    private readonly code: CodeSink,
    private readonly logger: Logger,
    private readonly applier?: CodeBlockApplier,
  ) {
    this.controller = new ChatController(new ConversationStore(context.globalState), {
      post: (message) => this.post(message),
      createProvider: (interactive) => providers.create({ interactive }),
      scheduler: realScheduler,
      logger,
      autoContinueRounds: () => readSettings().autoContinue,
    });
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.disposeView();
    this.view = view;
    this.ready = false;
    const dist = vscode.Uri.joinPath(this.context.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.context.extensionUri, 'media');
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [dist, media] };
    view.webview.html = chatHtml({
      cspSource: view.webview.cspSource,
      nonce: nonce(),
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(media, 'chat.css')).toString(),
    });
    this.viewDisposables.push(
      view.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      // A hidden webview cannot receive messages; when it shows again it gets the full state.
      view.onDidChangeVisibility(() => {
        if (view.visible && this.ready) this.post(this.controller.initMessage());
      }),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
        }
        this.disposeView();
      }),
    );
  }

  /** Asks a question as if typed in the view (`interactive`) or for a program; resolves when the answer ends. */
  send(prompt: string, interactive: boolean): Promise<GenerationResult> {
    return this.controller.send(prompt, { interactive });
  }

  /**
   * Attaches the active editor's selection (with file name and language) to the next question; with
   * nothing selected, the part of the file the editor shows, or the lines around the cursor, never the
   * whole of a large file. Returns why it was refused, or undefined when it is attached.
   */
  addSelection(editor: vscode.TextEditor): string | undefined {
    const { document, selection } = editor;
    const name = path.basename(document.uri.path) || document.uri.toString();
    const where = vscode.workspace.asRelativePath(document.uri);
    let range: vscode.Range;
    let label: string;
    let description: string;
    if (selection.isEmpty) {
      const visible = editor.visibleRanges;
      const lines = unselectedRange({
        lineCount: document.lineCount,
        cursorLine: selection.active.line,
        ...(visible.length ? { visible: { start: visible[0]!.start.line, end: visible[visible.length - 1]!.end.line } } : {}),
        lineLength: (line) => document.lineAt(line).text.length,
        maxChars: MAX_ATTACHMENT_CHARS,
      });
      range = new vscode.Range(lines.start, 0, lines.end, document.lineAt(lines.end).text.length);
      const count = lines.end - lines.start + 1;
      const span = `${lines.start + 1}-${lines.end + 1}`;
      const what = lines.what === 'visible' ? 'the lines in view' : 'lines around the cursor';
      label = `${name}:${span} (${count} ${lines.what === 'visible' ? 'lines in view' : 'lines around the cursor'})`;
      description = `${where}, lines ${span} of ${document.lineCount}: ${what}, as nothing was selected`;
    } else {
      range = selection;
      const span = `${range.start.line + 1}-${range.end.line + 1}`;
      label = `${name}:${span}`;
      description = `${where}:${span}`;
    }
    return this.controller.addContext({ id: newId('ctx'), label, language: document.languageId, description, content: document.getText(range) });
  }

  showHistory(): void {
    this.post({ type: 'showHistory' });
  }

  /** Posts without awaiting (postMessage can hang); dropped while no ready view: `init` catches it up. */
  private post(message: HostMessage): void {
    if (!this.view || !this.ready) return;
    this.view.webview.postMessage(message).then(undefined, (err: unknown) => this.logger.debug(`postMessage failed: ${String(err)}`));
  }

  private onMessage(message: unknown): void {
    if (!isWebviewMessage(message)) {
      this.logger.warn('Ignored a malformed message from the chat view.');
      return;
    }
    this.handle(message).catch((err: unknown) => this.logger.error(err instanceof Error ? err : String(err)));
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post(this.controller.initMessage());
        return;
      case 'send':
        if (message.text.trim()) await this.controller.send(message.text, { interactive: true });
        return;
      case 'stop':
        this.controller.stop(message.id);
        return;
      case 'retry':
        await this.controller.retry(message.id);
        return;
      case 'continue':
        await this.controller.continue(message.id);
        return;
      case 'errorAction':
        await runErrorAction(message.action, () => this.controller.retry(message.id));
        return;
      case 'insertCode':
        await this.insertCode(message.code, message.language);
        return;
      case 'applyCode':
        await this.applyCode(message);
        return;
      case 'copyCode':
        await vscode.env.clipboard.writeText(message.code);
        return;
      case 'openInEditor':
        await openInNewEditor(message.code, message.language);
        return;
      case 'newChat':
        this.controller.newChat();
        return;
      case 'openConversation':
        this.controller.openConversation(message.id);
        return;
      case 'deleteConversation':
        this.controller.deleteConversation(message.id);
        return;
      case 'removeContext':
        this.controller.removeContext(message.id);
        return;
      case 'toggleReasoning':
        this.controller.setReasoningOpen(message.id, message.open);
        return;
      case 'openLink':
        // Re-checked here: only http(s) and mailto ever leave through openExternal.
        if (isOpenableLink(message.href)) await vscode.env.openExternal(vscode.Uri.parse(message.href.trim(), true));
        else this.logger.warn(`Refused to open a link with scheme ${message.href.split(':')[0]}`);
        return;
    }
  }

  /** Apply: the block becomes a review in its file; the chat shows how it went under the block. */
  private async applyCode(message: Extract<WebviewMessage, { type: 'applyCode' }>): Promise<void> {
    if (!this.applier) return;
    const { attached, question } = this.controller.applyContext(message.messageId);
    let result: ApplyResult;
    try {
      result = await this.applier.apply(
        { code: message.code, ...(message.language ? { language: message.language } : {}), attached, ...(question ? { question } : {}) },
        true,
      );
    } catch (thrown) {
      // The note under the block must not stay at "Applying...".
      this.logger.error('Apply failed', thrown);
      const text = thrown instanceof Error ? thrown.message : String(thrown);
      this.post({ type: 'applyResult', requestId: message.requestId, tier: 'exact', hunks: 0, error: `${text} (see Token Stream: Show Log)` });
      return;
    }
    const file = result.uri ? path.basename(vscode.Uri.parse(result.uri).path) : undefined;
    this.post({
      type: 'applyResult',
      requestId: message.requestId,
      tier: result.tier,
      hunks: result.hunks,
      ...(file ? { file } : {}),
      ...(result.elapsedMs !== undefined ? { elapsedMs: result.elapsedMs } : {}),
      ...(result.error ? { error: result.error.message } : {}),
    });
  }

  /** Insert at Cursor; when the editor takes nothing (read-only), the user hears of it and may open the code elsewhere. */
  private async insertCode(code: string, language: string | undefined): Promise<void> {
    const result = await this.code.insertAtCursor(code, language);
    if (result.finishReason !== 'error' && result.stoppedBy === undefined) return;
    this.logger.warn(`Insert at Cursor failed: ${result.error?.message ?? result.stoppedBy ?? 'unknown'}`);
    const open = 'Open in New Editor';
    const choice = await vscode.window.showWarningMessage(
      'Token Stream: could not insert the code: the editor does not accept edits (it may be read-only).',
      open,
    );
    if (choice === open) await openInNewEditor(code, language);
  }

  private disposeView(): void {
    for (const d of this.viewDisposables) d.dispose();
    this.viewDisposables = [];
  }

  dispose(): void {
    this.disposeView();
    this.controller.dispose();
  }
}

async function openInNewEditor(code: string, language: string | undefined): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ content: code, language: language || 'plaintext' }).then(
    (d) => d,
    () => vscode.workspace.openTextDocument({ content: code }),
  );
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Active });
}

function nonce(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString('base64').replace(/[^a-zA-Z0-9]/g, '');
}
