/** The patch panel. */
const patch = {} as const;
export default patch;
