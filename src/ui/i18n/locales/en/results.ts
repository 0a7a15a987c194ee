/** The verdict, result details, the second detector, the defences, the upsampling comparison. */
const results = {} as const;
export default results;
