import type en from '../en/pyramid';
import type { Translation } from '../../types';

const pyramid: Translation<typeof en> = {};
export default pyramid;
