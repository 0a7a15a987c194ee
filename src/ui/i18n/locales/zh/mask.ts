import type en from '../en/mask';
import type { Translation } from '../../types';

const mask: Translation<typeof en> = {};
export default mask;
