import { faceNumbers } from '../faceOrder';
import { selectDetection, selectLesson, selectRun, useAppStore } from '../store';
import { checkGoal, describeGoal } from './goal';
import { LESSON_TEXT } from './strings';

/** The lesson's task and goal, at the top of the page; the goal is checked against the verdict. */
export function TaskCard() {
  const lesson = useAppStore(selectLesson);
  const run = useAppStore(selectRun);
  const detection = useAppStore(selectDetection);
  if (!lesson || (!lesson.title && !lesson.task && !lesson.goal)) return null;
  const numbers = faceNumbers(detection?.faces ?? []);
  const check = lesson.goal ? checkGoal(lesson.goal, run, (face) => numbers[face] ?? face + 1) : null;
  return (
    <section className={`task-card${check ? ` goal-${check.state}` : ''}`} aria-labelledby="task-title">
      <h2 id="task-title">{LESSON_TEXT.taskHeading(lesson.title)}</h2>
      {lesson.task && <p className="task-text">{lesson.task}</p>}
      {lesson.goal && (
        <p className="task-goal">
          <strong>{LESSON_TEXT.goalPrefix}</strong>
          {describeGoal(lesson.goal)}
        </p>
      )}
      {check && (
        <p role="status" aria-label={LESSON_TEXT.taskStatus} className="task-status">
          {check.state === 'done' && <span aria-hidden="true">✓ </span>}
          {check.text}
        </p>
      )}
    </section>
  );
}
