import * as vscode from 'vscode';
import { REASONING_EFFORTS, type ReasoningEffort } from '../core/provider/OpenAiCompatibleProvider';
import { SETTINGS_SECTION } from './ids';

/** Every setting the extension reads; a test checks each is declared in package.json. */
export const SETTING_KEYS = [
  'provider',
  'baseUrl',
  'model',
  'temperature',
  'maxTokens',
  'reasoningEffort',
  'systemPrompt',
  'requestHeaders',
  'idleTimeoutSeconds',
  'maxRetries',
  'onCancel',
  'showProgressNotification',
  'autoContinue',
] as const;

type SettingKey = (typeof SETTING_KEYS)[number];

export interface Settings {
  readonly provider: 'openai' | 'vscode-lm';
  readonly baseUrl: string;
  readonly model: string;
  readonly temperature: number | undefined;
  readonly maxTokens: number | undefined;
  /** undefined: not sent. */
  readonly reasoningEffort: ReasoningEffort | undefined;
  readonly systemPrompt: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly idleTimeoutSeconds: number;
  readonly maxRetries: number;
  readonly onCancel: 'keep' | 'discard';
  readonly showProgressNotification: boolean;
  /** Automatic continuation rounds after an answer stops at the token limit, 0 to MAX_AUTO_CONTINUE. */
  readonly autoContinue: number;
}

/** Most automatic continuation rounds tokenStream.autoContinue allows. */
export const MAX_AUTO_CONTINUE = 3;

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

function finiteOr(value: unknown, fallback: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/**
 * Reads the settings once per request. In an untrusted workspace VS Code already hides workspace values of
 * the restricted settings (baseUrl, requestHeaders); we read them through inspect() as well so that a
 * workspace can never redirect requests even if that guarantee changed.
 */
export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const trusted = vscode.workspace.isTrusted;
  const userOnly = <T>(key: SettingKey, fallback: T): T => {
    if (trusted) return config.get<T>(key, fallback);
    const inspected = config.inspect<T>(key);
    return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
  };
  const headers = userOnly<Record<string, unknown>>('requestHeaders', {});
  const cleanHeaders: Record<string, string> = {};
  if (headers && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers)) if (typeof value === 'string') cleanHeaders[name] = value;
  }
  const provider = config.get<string>('provider', 'openai');
  return {
    provider: provider === 'vscode-lm' ? 'vscode-lm' : 'openai',
    baseUrl: (userOnly<string>('baseUrl', DEFAULT_BASE_URL) || DEFAULT_BASE_URL).trim(),
    model: config.get<string>('model', '').trim(),
    temperature: finiteOr(config.get('temperature'), undefined),
    maxTokens: finiteOr(config.get('maxTokens'), undefined),
    reasoningEffort: REASONING_EFFORTS.find((effort) => effort === config.get('reasoningEffort')),
    systemPrompt: config.get<string>('systemPrompt', ''),
    requestHeaders: cleanHeaders,
    idleTimeoutSeconds: finiteOr(config.get('idleTimeoutSeconds'), 60) ?? 60,
    maxRetries: Math.max(0, Math.floor(finiteOr(config.get('maxRetries'), 2) ?? 2)),
    onCancel: config.get<string>('onCancel') === 'discard' ? 'discard' : 'keep',
    showProgressNotification: config.get<boolean>('showProgressNotification', false) === true,
    autoContinue: Math.min(MAX_AUTO_CONTINUE, Math.max(0, Math.floor(finiteOr(config.get('autoContinue'), 0) ?? 0))),
  };
}
