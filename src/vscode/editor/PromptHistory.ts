import * as vscode from 'vscode';
import { MAX_RECENT_PROMPTS, rememberPrompt } from '../../core/prompts';

const STATE_KEY = 'tokenStream.recentPrompts';

interface PromptItem extends vscode.QuickPickItem {
  readonly prompt: string;
}

/** The last MAX_RECENT_PROMPTS prompts of the editor commands, kept in globalState. */
export class PromptHistory {
  constructor(private readonly state: vscode.Memento) {}

  get recent(): string[] {
    const stored = this.state.get<unknown>(STATE_KEY);
    return Array.isArray(stored) ? stored.filter((p): p is string => typeof p === 'string').slice(0, MAX_RECENT_PROMPTS) : [];
  }

  async remember(prompt: string): Promise<void> {
    await this.state.update(STATE_KEY, rememberPrompt(this.recent, prompt));
  }

  /**
   * A QuickPick that offers the recent prompts and accepts anything typed; undefined when dismissed.
   * What is typed is always the first row, so Enter sends it rather than the closest recent prompt.
   */
  ask(title: string, placeholder: string): Promise<string | undefined> {
    const recent = this.recent;
    const pick = vscode.window.createQuickPick<PromptItem>();
    pick.title = title;
    pick.placeholder = placeholder;
    pick.ignoreFocusOut = true;
    pick.matchOnDetail = true;
    const recentItems: PromptItem[] = recent.map((prompt) => ({ label: firstLine(prompt), detail: prompt.includes('\n') ? prompt : undefined, description: 'recent', prompt }));
    const refresh = (): void => {
      const typed = pick.value.trim();
      const exact = recentItems.some((item) => item.prompt === typed);
      pick.items = typed && !exact ? [{ label: typed, description: 'new prompt', alwaysShow: true, prompt: typed }, ...recentItems] : recentItems;
    };
    refresh();
    return new Promise<string | undefined>((resolve) => {
      let result: string | undefined;
      const disposables = [
        pick.onDidChangeValue(refresh),
        pick.onDidAccept(() => {
          result = pick.activeItems[0]?.prompt ?? (pick.value.trim() || undefined);
          pick.hide();
        }),
        pick.onDidHide(() => {
          for (const d of disposables) d.dispose();
          pick.dispose();
          resolve(result);
        }),
      ];
      pick.show();
    });
  }
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
