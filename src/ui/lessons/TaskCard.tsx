import { faceNumbers } from '../faceOrder';
import { selectDetection, selectLesson, selectRun, useAppStore } from '../store';
import { checkGoal, describeGoal } from './goal';
import { localizeLessonText } from './bundled';
import { useT } from '../i18n';

/** The lesson's task and goal, at the top of the page; the goal is checked against the verdict. */
export function TaskCard() {
  // The goal's sentences come from goal.ts in the current language; useT re-renders on a switch.
  const { t } = useT('lessons');
  const lesson = useAppStore(selectLesson);
  const run = useAppStore(selectRun);
  const detection = useAppStore(selectDetection);
  if (!lesson || (!lesson.title && !lesson.task && !lesson.goal)) return null;
  const numbers = faceNumbers(detection?.faces ?? []);
  const check = lesson.goal ? checkGoal(lesson.goal, run, (face) => numbers[face] ?? face + 1) : null;
  return (
    <section className={`task-card${check ? ` goal-${check.state}` : ''}`} aria-labelledby="task-title">
      <h2 id="task-title">{lesson.title ? t('task.heading', { title: localizeLessonText(lesson.title, 'title') }) : t('task.headingPlain')}</h2>
      {lesson.task && <p className="task-text">{localizeLessonText(lesson.task, 'task')}</p>}
      {lesson.goal && (
        <p className="task-goal">
          <strong>{t('task.goalPrefix')}</strong>
          {describeGoal(lesson.goal)}
        </p>
      )}
      {check && (
        <p role="status" aria-label={t('task.status')} className="task-status">
          {check.state === 'done' && <span aria-hidden="true">✓ </span>}
          {check.text}
        </p>
      )}
    </section>
  );
}
