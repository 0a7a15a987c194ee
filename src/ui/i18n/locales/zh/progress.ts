import type en from '../en/progress';
import type { Translation } from '../../types';

const progress: Translation<typeof en> = {};
export default progress;
