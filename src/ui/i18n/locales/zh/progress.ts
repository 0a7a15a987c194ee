import type en from '../en/progress';
import type { Translation } from '../../types';

const progress: Translation<typeof en> = {
  title: '攻击进度',
  pressRun: '按“运行攻击”（或空格键）开始。',
  settingUp: '正在准备攻击…',
  ready: '就绪',
  stopped: '已停止',
  finished: '已完成',
  failed: '失败',
  stepOf: '第 {{done}} 步，共 {{total}} 步',
  msPerStep: '每步 {{ms}} ms',
  stepsDone: '已完成的步数',
  candidates: {
    label: '目标尺度上的候选框',
    count: '候选框',
    countAtStep: '第 {{step}} 步：候选框',
    onAttacked: '个，位于 {{levels}} 个被攻击的层级',
    onToAttack: '个，位于 {{levels}} 个待攻击的层级',
    definition: '候选框是 P-Net 的一个窗口（某一金字塔层级上的 12×12 像素），其人脸概率 ≥ {{threshold}}，且落在被攻击的人脸上。',
  },
  charts: {
    label: '{{title}}：{{summary}}',
    lossTitle: '损失（越低越接近“非人脸”）',
    step: '步数',
    loss: '损失',
    noSteps: '还没有步骤',
    lossSummary: '{{steps}} 步，最新 {{loss}}',
    candidatesTitle: '各被攻击层级的候选框数',
    candidates: '候选框',
    level: '第 {{level}} 层',
  },
  tabs: {
    label: '主视图',
    charts: '图表',
    cascade: '级联',
  },
  replay: {
    label: '回放',
    play: '播放',
    step: '回放步骤',
    stepOf: '第 {{value}} 步，共 {{last}} 步',
    speed: '回放速度（每秒步数）',
    speedOption: '每秒 {{speed}} 步',
    exportGif: '导出 GIF',
    making: '正在生成 GIF… {{percent}}%',
    saved: 'GIF 已保存：{{frames}} 帧，{{kb}} KB',
    failed: '无法生成 GIF。',
  },
  gif: {
    step: '第 {{step}}/{{total}} 步',
    loss: '损失 {{loss}}',
    candidates_other: '{{count}} 个候选框',
    faces_other: '{{count}} 张人脸',
  },
};
export default progress;
