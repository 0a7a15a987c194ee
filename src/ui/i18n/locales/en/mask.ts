/** The mask panel (AutoAdversary pruning). */
const mask = {} as const;
export default mask;
