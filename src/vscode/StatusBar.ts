import * as vscode from 'vscode';
import type { FinishReason, StreamMetrics, Usage } from '../core/stream/types';
import { COMMANDS, STATUS_BAR_ITEM_ID } from './ids';

const DONE_VISIBLE_MS = 6000;

/**
 * One status bar item for editor generations: while the model thinks "Thinking... 12 s" (counting every
 * second); while code streams a spinner, tokens so far, tokens/s and "Esc to stop" (a click stops); when
 * done, time to first token, tokens and duration for a few seconds.
 */
export class GenerationStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(STATUS_BAR_ITEM_ID, vscode.StatusBarAlignment.Right, 100);
  private hideTimer: ReturnType<typeof setTimeout> | undefined;
  private thinkingTimer: ReturnType<typeof setInterval> | undefined;

  constructor() {
    this.item.name = 'Token Stream';
  }

  /** What the item shows now (read by the integration tests through the extension's exports). */
  get text(): string {
    return this.item.text;
  }

  streaming(metrics: StreamMetrics | undefined, running: number): void {
    this.clearTimers();
    this.item.tooltip = 'Token Stream is generating. Click or press Escape to stop.';
    this.item.command = COMMANDS.cancel;
    this.item.backgroundColor = undefined;
    const thinkingSince = metrics && thinkingStart(metrics);
    if (thinkingSince !== undefined) {
      // Reasoning arrives in bursts or not at all for a while: the seconds count on their own.
      const show = (): void => this.showThinking(Date.now() - thinkingSince, running);
      show();
      this.thinkingTimer = setInterval(show, 1000);
    } else {
      const tokens = metrics?.completionTokens ?? 0;
      const rate = metrics?.tokensPerSecond;
      const parts = [`$(loading~spin) ${tokens} tok`];
      if (rate !== undefined && Number.isFinite(rate)) parts.push(`${rate.toFixed(0)} tok/s`);
      if (running > 1) parts.push(`${running} running`);
      this.item.text = `${parts.join(' · ')} · Esc to stop`;
    }
    this.item.show();
  }

  done(outcome: FinishReason, metrics: StreamMetrics | undefined, usage: Usage | undefined): void {
    this.clearTimers();
    const tokens = usage?.completionTokens ?? metrics?.completionTokens ?? 0;
    const estimated = usage ? usage.estimated : (metrics?.estimated ?? true);
    const icon = outcome === 'error' ? '$(error)' : outcome === 'cancelled' ? '$(debug-stop)' : '$(check)';
    const ttft = metrics?.timeToFirstTokenMs;
    const thought = metrics?.timeToFirstReasoningMs;
    const parts = [`${icon} ${estimated ? '~' : ''}${tokens} tok`];
    if (ttft !== undefined) parts.push(`first ${formatMs(ttft)}`);
    if (metrics) parts.push(formatMs(metrics.elapsedMs));
    this.item.text = parts.join(' · ');
    this.item.tooltip = [
      outcome === 'cancelled' ? 'Stopped.' : outcome === 'error' ? 'Ended with an error.' : outcome === 'length' ? 'Stopped at the token limit.' : 'Done.',
      thought !== undefined ? `Time to first reasoning: ${formatMs(thought)}` : undefined,
      ttft !== undefined ? `Time to first token: ${formatMs(ttft)}` : undefined,
      `Tokens: ${tokens}${estimated ? ' (estimated)' : ''}`,
      metrics?.tokensPerSecond !== undefined ? `Tokens/s: ${metrics.tokensPerSecond.toFixed(1)}` : undefined,
      metrics ? `Duration: ${formatMs(metrics.elapsedMs)}` : undefined,
    ]
      .filter(Boolean)
      .join('\n');
    this.item.command = outcome === 'error' ? COMMANDS.showLog : undefined;
    this.item.show();
    this.hideTimer = setTimeout(() => this.item.hide(), DONE_VISIBLE_MS);
  }

  private showThinking(ms: number, running: number): void {
    const parts = [`$(loading~spin) Thinking... ${Math.floor(Math.max(0, ms) / 1000)} s`];
    if (running > 1) parts.push(`${running} running`);
    this.item.text = `${parts.join(' · ')} · Esc to stop`;
  }

  private clearTimers(): void {
    if (this.hideTimer) clearTimeout(this.hideTimer);
    if (this.thinkingTimer) clearInterval(this.thinkingTimer);
    this.hideTimer = undefined;
    this.thinkingTimer = undefined;
  }

  dispose(): void {
    this.clearTimers();
    this.item.dispose();
  }
}

/** Epoch ms the model started thinking, while it thinks (reasoning arrived, no answer yet). */
function thinkingStart(metrics: StreamMetrics): number | undefined {
  if (metrics.timeToFirstReasoningMs === undefined || metrics.timeToFirstTokenMs !== undefined) return undefined;
  return Date.now() - (metrics.elapsedMs - metrics.timeToFirstReasoningMs);
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
