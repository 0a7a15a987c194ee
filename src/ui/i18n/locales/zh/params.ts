import type en from '../en/params';
import type { Translation } from '../../types';

const params: Translation<typeof en> = {};
export default params;
