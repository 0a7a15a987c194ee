import type en from '../en/shell';
import type { Translation } from '../../types';

const shell: Translation<typeof en> = {};
export default shell;
