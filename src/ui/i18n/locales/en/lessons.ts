/** Lessons: menu, task card, goals, the Create lesson link dialog, lesson files. */
const lessons = {} as const;
export default lessons;
