/**
 * How a stream ends and the one action that fixes an error, declared once for the host and the chat view:
 * the types and the guards are derived from these lists.
 */

/** 'cancelled' = stopped by the user (or the document it streamed into went away). */
export const FINISH_REASONS = ['stop', 'length', 'cancelled', 'error'] as const;
export type FinishReason = (typeof FINISH_REASONS)[number];

/** The one action that fixes an error, rendered as a button next to it. */
export const ERROR_ACTIONS = ['setApiKey', 'selectModel', 'retry', 'showLog', 'openSettings'] as const;
export type ErrorAction = (typeof ERROR_ACTIONS)[number];

/** The button label of each action, the same in notifications and in the chat. */
export const ERROR_ACTION_LABELS: { readonly [A in ErrorAction]: string } = {
  setApiKey: 'Set API Key',
  selectModel: 'Select Model',
  retry: 'Retry',
  showLog: 'Show Log',
  openSettings: 'Open Settings',
};

export function isFinishReason(value: unknown): value is FinishReason {
  return (FINISH_REASONS as readonly unknown[]).includes(value);
}

export function isErrorAction(value: unknown): value is ErrorAction {
  return (ERROR_ACTIONS as readonly unknown[]).includes(value);
}
