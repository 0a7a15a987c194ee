import type en from '../en/results';
import type { Translation } from '../../types';

const results: Translation<typeof en> = {};
export default results;
