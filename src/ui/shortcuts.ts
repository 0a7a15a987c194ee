import type { AppState } from './store';
import { canStart } from './commands';

/*
 * Keyboard shortcuts, in and outside talk mode. A key typed into a field, and Space or Enter on a
 * button (which click it natively), are left alone.
 */

export type ShortcutAction = 'runOrPause' | 'step' | 'back' | 'stop' | 'reset' | 'fullscreen' | 'help' | 'play' | 'talk' | 'close';

/**
 * What the overlay lists, in order: the keys ('Space' is named in the page's language) and what
 * they do (shell:shortcuts.does.<does>).
 */
export const SHORTCUTS: { keys: string[]; does: 'runOrPause' | 'step' | 'back' | 'stop' | 'reset' | 'play' | 'fullscreen' | 'talk' | 'help' }[] = [
  { keys: ['Space'], does: 'runOrPause' },
  { keys: ['→'], does: 'step' },
  { keys: ['←'], does: 'back' },
  { keys: ['S'], does: 'stop' },
  { keys: ['R'], does: 'reset' },
  { keys: ['P'], does: 'play' },
  { keys: ['F'], does: 'fullscreen' },
  { keys: ['T'], does: 'talk' },
  { keys: ['?'], does: 'help' },
];

interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  target: EventTarget | null;
}

const FIELD = /^(INPUT|SELECT|TEXTAREA)$/;

/** The action for a key press, or null when the key belongs to the focused control or is not a shortcut. */
export function shortcutFor(e: KeyLike): ShortcutAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const el = e.target as (Element & { isContentEditable?: boolean }) | null;
  const tag = el?.tagName ?? '';
  const role = el?.getAttribute?.('role') ?? '';
  if (e.key === 'Escape') return 'close';
  if (FIELD.test(tag) || el?.isContentEditable) return null;
  const activates = tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || role === 'tab' || role === 'button';
  if ((e.key === ' ' || e.key === 'Enter') && activates) return null;
  if ((e.key === 'ArrowRight' || e.key === 'ArrowLeft') && role === 'tab') return null;
  switch (e.key) {
    case ' ':
      return 'runOrPause';
    case 'ArrowRight':
      return 'step';
    case 'ArrowLeft':
      return 'back';
    case 's':
    case 'S':
      return 'stop';
    case 'r':
    case 'R':
      return 'reset';
    case 'f':
    case 'F':
      return 'fullscreen';
    case 'p':
    case 'P':
      return 'play';
    case 't':
    case 'T':
      return 'talk';
    case '?':
      return 'help';
    default:
      return null;
  }
}

export interface ShortcutCommands {
  runAttack(): void;
  pauseAttack(): void;
  resumeAttack(): void;
  stepAttack(): void;
  stopAttack(): void;
  stopPruning(): void;
  reset(): void;
  stepReplay(delta: number): void;
  toggleReplay(): void;
  setTalk(on: boolean): void;
  setShortcutsOpen(open: boolean): void;
  toggleFullscreen(): void;
}

/** Runs a shortcut's action; returns whether it did something (then the key's default is prevented). */
export function runShortcut(action: ShortcutAction, s: AppState, app: ShortcutCommands): boolean {
  const can = (k: Parameters<typeof canStart>[0]) => canStart(k, s);
  const recorded = (s.run?.steps.length ?? 0) > 0;
  switch (action) {
    case 'runOrPause':
      if (can('attack')) app.runAttack();
      else if (can('pause')) app.pauseAttack();
      else if (can('resume')) app.resumeAttack();
      else return false;
      return true;
    case 'step':
      if (can('step')) app.stepAttack();
      else if (recorded && s.phase.kind !== 'attacking') app.stepReplay(1);
      else return false;
      return true;
    case 'back':
      if (!recorded || s.phase.kind === 'attacking') return false;
      app.stepReplay(-1);
      return true;
    case 'stop':
      if (can('stop')) app.stopAttack();
      else if (can('stopPrune')) app.stopPruning();
      else return false;
      return true;
    case 'reset':
      if (!can('reset')) return false;
      app.reset();
      return true;
    case 'play':
      if (!recorded) return false;
      app.toggleReplay();
      return true;
    case 'fullscreen':
      app.toggleFullscreen();
      return true;
    case 'talk':
      app.setTalk(!s.talk);
      return true;
    case 'help':
      app.setShortcutsOpen(!s.shortcutsOpen);
      return true;
    case 'close':
      if (!s.shortcutsOpen) return false;
      app.setShortcutsOpen(false);
      return true;
  }
}
