import type en from '../en/patch';
import type { Translation } from '../../types';

const patch: Translation<typeof en> = {
  title: '贴片攻击',
  intro:
    '把扰动限制在一个区域内，就像贴在脸颊上的打印贴片（Kaziakhmedov 等，2019）：在照片上拖动，画出矩形或椭圆；或者按被攻击人脸的关键点放置预设贴片。贴片之外 δ 恰好为零；贴片之内最多可达“{{patchEps}}”。然后照常运行攻击；每种方法和输出头都适用，结果也可以剪枝。',
  tools: {
    name: '绘制工具',
    rect: '矩形',
    ellipse: '椭圆',
    undo: '撤销形状',
    clear: '清除贴片',
  },
  editor: {
    name: '贴片编辑器：{{photo}}，贴片区域已着色；拖动可画出{{shape}}',
    rect: '矩形',
    ellipse: '椭圆',
  },
  presets: {
    name: '预设贴片',
    cheeks: '双颊',
    forehead: '额头条带',
    glasses: '眼镜框',
    mouth: '嘴部',
  },
  presetsInSentence: {
    cheeks: '双颊',
    forehead: '额头条带',
    glasses: '眼镜框',
    mouth: '嘴部',
  },
  size: {
    label: '预设大小',
    hint: '以中心为基准缩放每个预设形状。',
  },
  patchEpsHint: '最大为 1（任意颜色，即打印的贴片）；0 表示使用 ε。',
  summary: {
    name: '贴片概况',
    none: '无贴片：攻击可以改变它读取的每个像素。',
    shapes_other: '贴片 {{patch}}：{{count}} 个形状，占照片 {{area}} 个像素（其他地方 δ 为零）；贴片内 ε 为 {{inside}}。',
  },
  search: {
    smallest: '最小贴片',
    stop: '停止搜索',
    name: '贴片搜索',
    starting: '开始…',
    trying: '正在尝试 {{scale}}× 的{{preset}}…',
    found: '能躲过检测的最小贴片：{{scale}}×（{{area}} 个像素）。再运行一次攻击即可看到。',
    none: '直到 {{max}}× 都没有躲过检测。',
    stopped: '搜索已停止。',
  },
  tries: {
    caption: '尝试过的大小（每次都是一次完整的攻击，在 8 位图像上判定）',
    size: '大小',
    pixels: '像素',
    verdict: '判定',
    evaded: '躲过检测',
    detected: '仍被检测到',
  },
};
export default patch;
