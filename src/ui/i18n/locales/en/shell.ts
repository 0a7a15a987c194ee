/** The page's frame: header, phase and backend status, messages, photo source, webcam, run controls, shortcuts, the photo panel. */
const shell = {} as const;
export default shell;
