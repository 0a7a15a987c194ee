import type en from '../en/experiments';
import type { Translation } from '../../types';

const experiments: Translation<typeof en> = {};
export default experiments;
