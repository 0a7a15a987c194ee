import type en from '../en/settings';
import type { Translation } from '../../types';

const settings: Translation<typeof en> = {
  title: '攻击设置',
  intro: '添加一个微小的扰动 δ（每个像素最多改变 ε），沿梯度的符号一步步把 MTCNN 推向“非人脸”。',
  preset: {
    label: '预设',
    custom: '自定义',
    hint: '一个现成的起点；改动任何一项设置后就变为“自定义”。',
  },
  presets: {
    demo: '稳定演示（ε 0.05，α 0.004，50 步）',
    seed: '原论文设置（ε 0.03，α 0.0047568，50 步）',
    strong: '所有尺度（ε 0.05，α 0.002，100 步）',
  },
  methods: {
    fgsm: 'FGSM（一步，步长为 ε）',
    ifgsm: 'I-FGSM / BIM（步长为 α，无随机起点）',
    pgd: 'PGD（从带种子的随机起点开始的 I-FGSM）',
    mifgsm: 'MI-FGSM（带动量）',
  },
  methodHint: '每一步怎么走。PGD 是原论文的方法：从随机起点出发，走许多小步。',
  face: {
    option: '人脸 {{number}}',
    all: '所有人脸',
    hint: '人脸按照片上从左到右的顺序编号；损失覆盖这张人脸上的 P-Net 窗口。',
  },
  hints: {
    eps: '按 0–1 计：{{eps}} ≈ 255 级中的 {{grey}} 个灰度级。',
    alpha: '每一步走多远；太大的话，攻击会直接跳到 ε 的边界。',
    decay: '仅用于 MI-FGSM：每一步保留多少上一步的方向。',
    seed: 'PGD 的随机起点；相同的种子会重复相同的运行。',
    eot: '在这么多个增强副本（轻微缩放、平移、模糊、类似 JPEG 的噪声）上平均梯度；0 = 关闭。每个副本都要多做一次前向和反向传播。',
    tv: 'δ 的全变分惩罚：值越大，扰动越平滑，斑块越少。',
  },
  heads: {
    hint: '人脸/非人脸输出头被推向“非人脸”；边界框和关键点输出头被推离原图上的输出。',
    names: {
      'pnet-cls': 'P-Net 人脸/非人脸',
      'pnet-box': 'P-Net 边界框回归',
      'rnet-cls': 'R-Net 人脸/非人脸',
      'rnet-box': 'R-Net 边界框回归',
      'onet-cls': 'O-Net 人脸/非人脸',
      'onet-box': 'O-Net 边界框回归',
      'onet-landmarks': 'O-Net 关键点',
    },
  },
  headNorm: {
    gradient: '平衡梯度（每个输出头同等重要）',
    sum: '各损失直接相加',
    hint: '有多个输出头时，R-Net 和 O-Net 输出头的梯度约为 P-Net 的 10 倍；平衡会把每个输出头的梯度缩放到相同的平均大小。',
  },
  tvKinds: {
    iso: '各向同性 √(dx² + dy²)',
    aniso: '各向异性 |dx| + |dy|',
  },
  domains: {
    full: '全分辨率',
    'scaled-bilinear': '低分辨率，双线性放大',
    'scaled-nearest': '低分辨率，最近邻放大',
  },
  domainHint: '低分辨率：δ 位于被攻击的最精细的金字塔层上，再放大到原图；最近邻放大会留下明显的方块。',
  noFace: '这张照片中没有检测到人脸：没有可攻击的对象。',
  field: {
    slider: '{{label}}滑块',
    notNumber: '{{label}}必须是数字。',
    outOfRange: '{{label}}必须在 {{min}} 到 {{max}} 之间；{{value}} 未被采用。',
    notWhole: '{{label}}必须是整数。',
  },
};
export default settings;
