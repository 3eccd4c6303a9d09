import * as vscode from 'vscode';
import { WorkerTokenizer } from './core/stream/Tokenizer';
import { registerApply } from './vscode/apply/registerApply';
import { registerChat } from './vscode/chat/registerChat';
import { ContinueTargets, registerContinue } from './vscode/continue/registerContinue';
import { CutGenerations } from './vscode/editor/CutGenerations';
import type { EditorGenerationResult } from './vscode/editor/EditorStreamer';
import { registerProviderCommands } from './vscode/commands/providerCommands';
import { registerEditSelection, type EditSelectionProbe } from './vscode/edit/registerEditSelection';
import { registerEditor } from './vscode/editor/registerEditor';
import { EndpointKeys } from './vscode/EndpointKeys';
import { GenerationRegistry } from './vscode/GenerationRegistry';
import { createLog } from './vscode/log';
import { ProviderFactory } from './vscode/ProviderFactory';
import { SecretApiKeyStore } from './vscode/SecretApiKeyStore';
import { GenerationStatusBar } from './vscode/StatusBar';

/** What the extension exports: figures and state read by the benchmark and the integration tests. */
export interface TokenStreamExports {
  /** The time spent in activate() itself. */
  readonly activationTiming: { readonly activateMs: number };
  /** The text of the generation status bar item (the API cannot read another extension's item). */
  statusBarText(): string;
  /** Edit Selection's hunks, pending lines and status item, as drawn now. */
  readonly editSelection: EditSelectionProbe;
  /** The folder of the log file "Show Log" shows (`Token Stream.log`), read by the integration tests. */
  readonly logUri: string;
}

/** Composition root: build the services, register commands and views, nothing else. */
export function activate(context: vscode.ExtensionContext): TokenStreamExports {
  const started = performance.now();
  const { channel, logger } = createLog();
  // Token estimates (for servers that send no usage) come from a worker thread; it loads its vocabulary
  // a little after activation so that neither activation nor a stream ever waits for it.
  const tokenizer = new WorkerTokenizer(vscode.Uri.joinPath(context.extensionUri, 'dist', 'tokenizer-worker.js').fsPath);
  const warmUp = setTimeout(() => tokenizer.warmUp(), 3000);
  const keys = new EndpointKeys(new SecretApiKeyStore(context.secrets), context.globalState);
  const providers = new ProviderFactory(keys, logger, tokenizer);
  const generations = new GenerationRegistry();
  const statusBar = new GenerationStatusBar();
  const cuts = new CutGenerations<EditorGenerationResult>(logger);
  const continueTargets = new ContinueTargets(cuts);
  const editor = registerEditor({ context, providers, logger, generations, statusBar, cuts });
  const editSelection = registerEditSelection({ context, providers, logger, generations, statusBar });
  const apply = registerApply({ providers, logger, generations, statusBar, edits: editSelection.edits });
  continueTargets.setEdits(editSelection.cuts);
  context.subscriptions.push(
    { dispose: () => clearTimeout(warmUp) },
    tokenizer,
    channel,
    generations,
    statusBar,
    ...registerProviderCommands(keys, logger, channel),
    ...editor.disposables,
    ...editSelection.disposables,
    ...apply.disposables,
    ...registerChat(context, providers, editor.code, logger, continueTargets, apply.applier),
    cuts,
    registerContinue(continueTargets, logger),
  );
  return {
    activationTiming: { activateMs: performance.now() - started },
    statusBarText: () => statusBar.text,
    editSelection: editSelection.probe,
    logUri: context.logUri.toString(),
  };
}
