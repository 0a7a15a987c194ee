import type en from '../en/common';
import type { Translation } from '../../types';

const common: Translation<typeof en> = {
  language: {
    label: '语言',
  },
  explain: {
    button: '什么是 {{term}}？',
    close: '关闭',
  },
};
export default common;
