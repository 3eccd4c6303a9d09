import * as vscode from 'vscode';
import type { Logger } from '../../core/log';
import { validateBaseUrl } from '../../core/provider/apiKeys';
import { listModels, ProviderError } from '../../core/provider/models';
import { askForApiKey, type EndpointKeys } from '../EndpointKeys';
import { COMMANDS, SETTINGS_SECTION } from '../ids';
import { readSettings } from '../settings';

interface ApiKeyArgs {
  readonly apiKey?: unknown;
  readonly baseUrl?: unknown;
}

interface ModelArgs {
  readonly model?: unknown;
  readonly provider?: unknown;
}

/** Set/Clear API Key, Select Model and Show Log. */
export function registerProviderCommands(
  keys: EndpointKeys,
  logger: Logger,
  log: vscode.LogOutputChannel,
): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.setApiKey, async (args?: ApiKeyArgs) => {
      const origin = originFor(args?.baseUrl);
      if (!origin) return undefined;
      const apiKey = typeof args?.apiKey === 'string' ? args.apiKey.trim() : await askForApiKey(origin);
      if (!apiKey) return undefined;
      await keys.set(origin, apiKey);
      logger.info(`API key saved for ${origin}`);
      if (typeof args?.apiKey !== 'string') void vscode.window.showInformationMessage(`Token Stream: API key for ${origin} saved in VS Code's secret storage.`);
      return origin;
    }),
    vscode.commands.registerCommand(COMMANDS.clearApiKey, async (args?: ApiKeyArgs) => {
      const origin = originFor(args?.baseUrl);
      if (!origin) return undefined;
      await keys.clear(origin);
      logger.info(`API key (and any consent to send it over plain http) cleared for ${origin}`);
      if (!args) void vscode.window.showInformationMessage(`Token Stream: API key for ${origin} removed.`);
      return origin;
    }),
    vscode.commands.registerCommand(COMMANDS.selectModel, (args?: ModelArgs) => selectModel(keys, logger, args)),
    vscode.commands.registerCommand(COMMANDS.showLog, () => log.show(true)),
  ];
}

function originFor(baseUrl: unknown): string | undefined {
  const url = typeof baseUrl === 'string' && baseUrl.trim() ? baseUrl : readSettings().baseUrl;
  const validation = validateBaseUrl(url);
  if (!validation.ok) {
    void vscode.window.showErrorMessage(`Token Stream: ${validation.message}`);
    return undefined;
  }
  return validation.origin;
}

interface ModelItem extends vscode.QuickPickItem {
  readonly model: string;
  readonly provider: 'openai' | 'vscode-lm';
}

/**
 * A QuickPick of the endpoint's /models plus VS Code's language models; what is typed can be used as is
 * for endpoints without /models. Writes tokenStream.model (and tokenStream.provider) to user settings.
 */
async function selectModel(keys: EndpointKeys, logger: Logger, args?: ModelArgs): Promise<string | undefined> {
  if (typeof args?.model === 'string' && args.model.trim()) {
    const provider = args.provider === 'vscode-lm' ? 'vscode-lm' : args.provider === 'openai' ? 'openai' : undefined;
    await saveModel(args.model.trim(), provider);
    return args.model.trim();
  }
  const settings = readSettings();
  const validation = validateBaseUrl(settings.baseUrl);
  // Before the pick opens: a plain-http consent modal would hide it.
  const apiKey = validation.ok ? await keys.forListing(settings.baseUrl) : undefined;
  const pick = vscode.window.createQuickPick<ModelItem>();
  pick.title = 'Token Stream: Select Model';
  pick.placeholder = `Pick a model or type its name (current: ${settings.model || 'none'})`;
  pick.matchOnDescription = true;
  pick.busy = true;
  let fixedItems: ModelItem[] = [];
  const typedItem = (): ModelItem[] => {
    const typed = pick.value.trim();
    if (!typed || fixedItems.some((i) => i.model === typed && i.provider === 'openai')) return [];
    return [{ label: `$(edit) ${typed}`, description: `use "${typed}" at ${settings.baseUrl}`, model: typed, provider: 'openai', alwaysShow: true }];
  };
  const refresh = () => (pick.items = [...typedItem(), ...fixedItems]);
  const disposables: vscode.Disposable[] = [pick, pick.onDidChangeValue(refresh)];
  const load = async () => {
    const items: ModelItem[] = [];
    if (validation.ok) {
      try {
        const ids = await listModels({ baseUrl: settings.baseUrl, apiKey, requestHeaders: settings.requestHeaders, logger });
        items.push({ label: validation.origin, kind: vscode.QuickPickItemKind.Separator, model: '', provider: 'openai' });
        for (const id of ids) items.push({ label: id, description: id === settings.model && settings.provider === 'openai' ? 'current' : undefined, model: id, provider: 'openai' });
      } catch (err) {
        const message = err instanceof ProviderError ? err.streamError.message : String(err);
        logger.warn(`Listing models failed: ${message}`);
        pick.placeholder = `Could not list models (${message}); type a model name`;
      }
    }
    try {
      const lm = await vscode.lm.selectChatModels();
      if (lm.length) {
        items.push({ label: "VS Code's language models", kind: vscode.QuickPickItemKind.Separator, model: '', provider: 'vscode-lm' });
        for (const m of lm) items.push({ label: m.name, description: `${m.vendor} · ${m.id}`, model: m.id, provider: 'vscode-lm' });
      }
    } catch (err) {
      logger.warn(`Listing VS Code language models failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    fixedItems = items;
    pick.busy = false;
    refresh();
  };
  const chosen = await new Promise<ModelItem | undefined>((resolve) => {
    disposables.push(
      pick.onDidAccept(() => resolve(pick.selectedItems[0] ?? typedItem()[0])),
      pick.onDidHide(() => resolve(undefined)),
    );
    pick.show();
    void load();
  });
  for (const d of disposables) d.dispose();
  if (!chosen?.model) return undefined;
  await saveModel(chosen.model, chosen.provider);
  return chosen.model;
}

async function saveModel(model: string, provider: 'openai' | 'vscode-lm' | undefined): Promise<void> {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  await config.update('model', model, vscode.ConfigurationTarget.Global);
  if (provider) await config.update('provider', provider, vscode.ConfigurationTarget.Global);
}
