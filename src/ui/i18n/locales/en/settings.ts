/** The attack settings panel, presets and number fields. */
const settings = {} as const;
export default settings;
