/** The attack and mask parameters of the schema (src/core/params/schema.ts), by field: label and help as the app shows them. */
const params = {} as const;
export default params;
