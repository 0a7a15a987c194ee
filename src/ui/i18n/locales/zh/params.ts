import type en from '../en/params';
import type { Translation } from '../../types';

const params: Translation<typeof en> = {
  method: { label: '方法', name: '方法', help: 'fgsm、ifgsm、pgd（随机起点）或 mifgsm（动量）' },
  eps: { label: 'ε（每个像素的最大改变量）', name: 'ε', help: '按 0–1 计的 L∞ 扰动预算（0.03 ≈ 7.7 个灰度级）' },
  alpha: { label: 'α（步长）', name: 'α', help: '每次迭代的步长，按 0–1 计' },
  steps: { label: '步数', name: '步数', help: '迭代次数（FGSM 只走一步）' },
  decay: { label: '动量 μ', name: '动量 μ', help: 'MI-FGSM 的动量衰减系数' },
  scales: { label: '尺度', name: '尺度', help: 'auto（人脸附近的 5 层）、all，或层序号 i,j,k（0 = 最大的一层）' },
  face: { label: '攻击的人脸', name: '人脸', help: '人脸序号（0 = 第一张）或 all' },
  heads: {
    label: '目标输出头',
    name: '输出头',
    help: '损失所推动的输出头（人脸/非人脸输出头推向“非人脸”，其余输出头推离原图上的输出）',
  },
  tv: { label: '平滑权重（TV）', name: 'TV 权重', help: 'δ 的全变分（TV）惩罚权重' },
  tvKind: { label: 'TV 类型', name: 'TV 类型', help: 'iso（各向同性）或 aniso（各向异性）' },
  domain: { label: '扰动域', name: '扰动域', help: 'full（全分辨率）、scaled-bilinear（低分辨率，双线性放大）、scaled-nearest（低分辨率，最近邻放大）' },
  conventions: { label: '实现约定', name: '实现约定', help: 'facenet（参考实现）或 faceapi（对照）' },
  seed: { label: '随机种子', name: '种子', help: 'PGD 随机起点的种子' },
  patch: {
    label: '贴片区域',
    name: '贴片',
    help: "把 δ 限制在一个区域内：none、preset:cheeks|forehead|glasses|mouth[@SCALE]（按关键点放置）、x,y,w,h（以像素计的矩形）、ellipse:x,y,w,h 或 frame:x,y,w,h，多个区域用 ';' 连接",
  },
  patchEps: { label: '贴片内的 ε', name: '贴片 ε', help: '贴片内的 L∞ 上限，最大为 1（打印出来的贴片）；0 = 使用 ε' },
  headNorm: {
    label: '输出头合并方式',
    name: '输出头平衡',
    help: '有多个输出头时：gradient（求和前把每个输出头的梯度缩放到相同的平均大小）或 sum（各损失直接相加）；只有一个输出头时两者相同',
  },
  eot: {
    label: '增强副本数（EOT）',
    name: 'EOT 副本数',
    help: '在原图和这么多个增强副本（缩放 ±10%、平移、模糊、类似 JPEG 的噪声）上平均梯度；0 = 关闭',
  },
  lambda: { label: 'λ（稀疏权重）', name: 'λ', help: 'mean(m) 的权重：越大，保留的像素越少' },
  iterations: { label: '掩码迭代次数', name: '迭代次数', help: '掩码训练的迭代次数' },
  a0: { label: 'a₀（初始陡度）', name: '初始陡度 a₀', help: '开始时 sigmoid(a·z) 的陡度' },
  growth: { label: '每次迭代的陡度增长', name: '陡度增长', help: '每次迭代 a 所乘的倍数' },
  lr: { label: '学习率', name: '学习率', help: 'Adam 优化器的学习率' },
  encoder: { label: '掩码编码器', name: '编码器', help: 'conv（论文中的）、free（逐像素 logit）或 random（消融实验）' },
  maskSeed: { label: '掩码种子', name: '掩码种子', help: '编码器初始权重和随机掩码的种子' },
  autoLambda: {
    label: '自动 λ',
    name: '自动 λ',
    help: '开：从 λ 开始，判定的掩码能躲过检测时调高 λ，躲不过时调低；关：λ 保持不变',
  },
  judgeEvery: {
    label: '每隔多少次迭代判定掩码',
    name: '判定间隔',
    help: '每 k 次迭代以及最后一次迭代，在 8 位图像上（完整级联）判定二值掩码；返回能躲过检测的最稀疏掩码',
  },
  trim: {
    label: '精简判定次数',
    name: '精简判定次数',
    help: '训练结束后，用于尝试只保留最佳掩码中更少位置的判定次数（logit 最高的优先，对保留数量做二分查找）；0 = 不精简',
  },
  refine: { label: '随掩码优化 δ', name: '优化 δ', help: '开：训练掩码的同时也更新 δ（在上限内按 α 走符号步）' },
};
export default params;
