/** Attack progress, the charts, the replay bar and the boxes drawn on the photo. */
const progress = {} as const;
export default progress;
