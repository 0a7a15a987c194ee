/** The app's frame: language, explanations, shared words. */
const common = {
  language: {
    label: 'Language',
  },
  explain: {
    /** The button beside a term, e.g. "What is IoU?" */
    button: 'What is {{term}}?',
    close: 'Close',
  },
} as const;
export default common;
