import type en from '../en/lessons';
import type { Translation } from '../../types';

const lessons: Translation<typeof en> = {};
export default lessons;
