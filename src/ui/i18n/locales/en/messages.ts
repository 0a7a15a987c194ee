/** Messages the controller shows (errors and notices), including the core's and the worker's, translated for the user. */
const messages = {} as const;
export default messages;
