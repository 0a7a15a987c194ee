import type en from '../en/patch';
import type { Translation } from '../../types';

const patch: Translation<typeof en> = {};
export default patch;
