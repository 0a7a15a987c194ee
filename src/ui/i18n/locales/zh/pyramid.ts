import type en from '../en/pyramid';
import type { Translation } from '../../types';

const pyramid: Translation<typeof en> = {
  title: '图像金字塔与 P-Net 人脸概率图',
  intro:
    'P-Net 只寻找恰好 12×12 像素的人脸，所以 MTCNN 把照片一次次缩小（系数 {{factor}}），在每一层上运行 P-Net：人脸会在它约 12 像素高的那一层被找到。',
  tilesHint: '带黄色边框的图块是被攻击的层；它们的概率图和计数随攻击实时更新（回放时也一样）。',
  hint: '{{intro}}{{definition}}{{tiles}}',
  auto: '自动（人脸附近 5 层）',
  all: '所有尺度',
  stretch: '每个尺度单独拉伸颜色',
  attackLevel: '攻击第 {{index}} 层',
  legend: {
    shared: 'P-Net 人脸概率',
    stretched: 'P-Net 人脸概率（每个图块按自身的最低到最高值着色）',
    lowest: '最低',
    highest: '最高',
    threshold: '{{threshold}} 候选',
    readShared: '暗色：没有人脸；从红到黄：越来越确定是人脸；{{threshold}} 处的标记是候选框的阈值。',
    readStretched: '暗色：没有人脸；从红到黄：越来越确定是人脸。',
  },
  level: {
    heatmap: '第 {{index}} 层热力图',
    name: '第 {{index}} 层',
    scale: '缩放 {{scale}}',
  },
  count: {
    plain_other: '{{count}} 个候选框',
    now_other: '当前 {{count}} 个候选框',
    atStep_other: '第 {{step}} 步时 {{count}} 个候选框',
    clean_other: '原图 {{count}} 个候选框',
  },
  cascade: {
    title: '被攻击人脸上的级联',
    titleAtStep: '被攻击人脸上的级联（第 {{step}} 步）',
    titleClean: '被攻击人脸上的级联（原图）',
    funnel: '级联漏斗',
    pnet: 'P-Net ≥ {{threshold}}，所有层',
    nms: 'NMS 之后',
    final: '最终人脸（IoU ≥ 0.5）',
    noFunnel: '攻击第一次预览时会出现漏斗图。',
    crops: 'R-Net 和 O-Net 看到的人脸 {{number}}',
    cropName: '人脸 {{number}} 的 {{net}} 输入，{{size}}×{{size}} 像素',
    score: 'p(人脸)',
    noCrops: '被攻击人脸的 R-Net 和 O-Net 裁剪图及其得分，会随攻击的预览一起出现。',
    hint: '在被攻击的人脸上计数：P-Net 在每一层上提出候选框，NMS 将它们合并，R-Net 和 O-Net 对剩下的裁剪图重新打分；只要最终还有一个框与人脸重叠（IoU ≥ 0.5），人脸就算被找到。每次预览时在未取整的图像上计算。',
  },
};
export default pyramid;
