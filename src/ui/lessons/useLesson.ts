import { selectLesson, useAppStore } from '../store';
import type { ControlId } from './controls';
import { isHidden, isLocked } from './setup';

/** Whether the lesson hides or locks a control (re-renders when the lesson changes). */
export function useControl(id: ControlId): { hidden: boolean; locked: boolean } {
  const lesson = useAppStore(selectLesson);
  return { hidden: isHidden(lesson, id), locked: isLocked(lesson, id) };
}

/** The lesson's hidden and locked controls as two functions, for panels with many controls. */
export function useControls(): { hidden: (id: ControlId) => boolean; locked: (id: ControlId) => boolean; anyParamFixed: boolean } {
  const lesson = useAppStore(selectLesson);
  const fixedIds = [...(lesson?.hide ?? []), ...(lesson?.lock ?? [])];
  return {
    hidden: (id) => isHidden(lesson, id),
    locked: (id) => isLocked(lesson, id),
    // A preset changes every parameter: it cannot be chosen while any of them is fixed.
    anyParamFixed: fixedIds.some((id) => id !== 'photo' && id !== 'prune' && id !== 'preset'),
  };
}
