/** The image pyramid, P-Net's face maps and the cascade view. */
const pyramid = {} as const;
export default pyramid;
