import type en from '../en/settings';
import type { Translation } from '../../types';

const settings: Translation<typeof en> = {};
export default settings;
