import type en from '../en/mask';
import type { Translation } from '../../types';

const mask: Translation<typeof en> = {
  title: '稀疏掩码（AutoAdversary）',
  intro:
    '稠密扰动的大部分其实用不着。一个小网络学习一个像素掩码 m（每个位置一个值，由 sigmoid(a·z) 推向 0 或 1，a 不断增大）；损失中加上 λ·mean(m)，因此每个保留下来的像素都必须物有所值。结果会在 8 位图像上重新判定。',
  hints: {
    autoLambda: '判定的掩码能躲过检测时调高 λ，躲不过时调低 λ（并回到最好的掩码）。',
    lambdaAuto: '起始的 λ；自动 λ 会调整它。',
    lambdaFixed: '越大，保留的像素越少；太大的话攻击就会失效。',
    judgeEvery: '每次判定都是在 8 位图像上完整地检测一遍；保留能躲过检测的最稀疏掩码。',
    trim: '训练结束后：尝试只保留最佳掩码中更少的像素（logit 最高的优先）。',
    refine: '论文中的联合变体：在掩码保留的像素上，δ 继续走攻击步（不超出其上限）。',
  },
  encoders: {
    conv: '小型卷积编码器（论文中的）',
    free: '自由的逐像素 logit（消融实验）',
    random: '与学到的掩码同样大小的随机掩码（消融实验）',
  },
  prune: '剪枝扰动',
  stop: '停止剪枝',
  progress: {
    name: '掩码进度',
    training: '正在训练掩码',
    stopped: '掩码训练提前停止',
    trained: '掩码训练完成',
    failed: '失败',
    detail: '第 {{iteration}}/{{total}} 次迭代 · 保留 {{kept}} 个位置 · m 均值 {{mean}} · a {{a}} · λ {{lambda}}',
  },
  judgements: {
    caption: '在 8 位图像上判定过的掩码（掩码躲过检测时 λ 上调，人脸重新出现时下调）',
    iteration: '迭代',
    locations: '位置数',
    verdict: '判定',
    trimmed: '{{iteration}}（精简）',
    evaded: '躲过检测',
    faceBack: '人脸重现',
    kept: '（保留）',
  },
  pictures: {
    live: '掩码（实时）',
    mask: '掩码',
    overlay: '照片上的二值掩码',
    sparse: '稀疏扰动 ×{{amplify}}',
  },
  verdict: {
    name: '稀疏判定',
    face: '稀疏攻击，人脸 {{number}}：',
    evaded: '躲过检测',
    detected: '仍被检测到',
  },
  kept: {
    dense: '稠密扰动本身（没有剪枝后的掩码躲过检测）',
    iteration: '第 {{iteration}} 次迭代（λ {{lambda}}）',
    random: '一个随机掩码，像素数与{{from}}学到的掩码相同（消融实验）。',
    sparsest: '保留了判定时能躲过检测的最稀疏掩码：{{from}}。',
    noneEvaded: '没有掩码躲过检测；显示的是{{from}}。',
    denseFailed: '稠密攻击同样没有躲过检测；显示最接近躲过检测的掩码：{{from}}。',
  },
  table: {
    caption: '稠密与稀疏对比（同论文的表 3-2；在 8 位图像上）',
    attack: '攻击',
    success: '成功率',
    l0Pixels: 'L0 像素',
    l0Values: 'L0 数值',
  },
  downloadMask: '下载掩码 PNG',
  downloadSparse: '下载稀疏对抗图像 PNG',
};
export default mask;
