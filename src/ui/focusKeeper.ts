import type { AppStore } from './store';

/*
 * Focus never drops to the page after a control is used: when the focused control becomes disabled
 * or disappears (Run attack while the attack runs, Pause when it ends, Reset after a reset…), focus
 * moves to the first enabled control of its group (the next thing to press), else to the stage's
 * controls.
 */

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex="0"]';

function enabled(el: Element | null): el is HTMLElement {
  return el instanceof HTMLElement && el.isConnected && !(el as HTMLButtonElement).disabled;
}

/** Enabled and shown (the layout query last: it is the costly part). */
function usable(el: Element | null): el is HTMLElement {
  return enabled(el) && el.getClientRects().length > 0;
}

/** The enabled control of a group to move to: the lowest data-focus-rank, else the first. */
function best(group: Element): HTMLElement | undefined {
  const all = [...group.querySelectorAll(FOCUSABLE)].filter(usable);
  const rank = (el: HTMLElement) => Number(el.dataset.focusRank ?? 100);
  return all.sort((a, b) => rank(a) - rank(b))[0];
}

const groupOf = (el: Element) => el.closest('[role="group"], [role="tablist"], [role="dialog"], dialog, section, .panel');

export function installFocusKeeper(store: AppStore, doc: Document = document): () => void {
  /** The element that had focus last (the user's or the keeper's choice). */
  let current: HTMLElement | null = null;
  /** The group of the control the user last focused. */
  let group: Element | null = null;
  /** The control the keeper itself moved focus to (it may move again when a better one comes back). */
  let moved: HTMLElement | null = null;
  const onFocusIn = (e: FocusEvent) => {
    const el = e.target as HTMLElement;
    if (el === doc.body) return;
    current = el;
    if (el === moved) return;
    moved = null;
    group = groupOf(el);
  };
  const move = (to: HTMLElement | undefined) => {
    if (!to) return;
    moved = to;
    // The group the focus now lives in (the old one may be gone: a closed dialog), so that a better
    // control of it can take over later (Run attack once the run ends).
    group = groupOf(to) ?? group;
    to.focus();
  };
  let pending = 0;
  const check = () => {
    pending = 0;
    const active = doc.activeElement as HTMLElement | null;
    if (moved && active === moved && enabled(moved) && group?.isConnected) {
      // Focus sits where the keeper put it during a passing phase (Reset while judging): move it on
      // to a better control of the group once there is one (Run attack when the run ends).
      const rank = (el: Element) => Number((el as HTMLElement).dataset.focusRank ?? 100);
      const higher = [...group.querySelectorAll('[data-focus-rank]')].some((el) => enabled(el) && rank(el) < rank(moved!));
      const better = higher ? best(group) : undefined;
      if (better && better !== moved && rank(better) < rank(moved)) move(better);
      return;
    }
    const dropped = !active || active === doc.body || (active as HTMLButtonElement).disabled;
    // Focus left a control that is still usable: the user moved it (a click elsewhere), not the app.
    if (!dropped || !current || usable(current)) return;
    const inGroup = group?.isConnected ? best(group) : undefined;
    const fallback = [...doc.querySelectorAll<HTMLElement>('[aria-label="Attack controls"] button')].find(usable);
    move(inGroup ?? fallback);
  };
  const schedule = () => {
    if (!pending) pending = requestAnimationFrame(check);
  };
  doc.addEventListener('focusin', onFocusIn);
  const unsubscribe = store.subscribe(schedule);
  return () => {
    doc.removeEventListener('focusin', onFocusIn);
    unsubscribe();
    if (pending) cancelAnimationFrame(pending);
  };
}
