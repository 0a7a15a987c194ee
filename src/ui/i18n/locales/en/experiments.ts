/** Experiments: sweeps and the head matrix. */
const experiments = {} as const;
export default experiments;
