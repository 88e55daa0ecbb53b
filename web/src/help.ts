/**
 * Manuals and answers to common questions, per product, in both languages. A simple word search
 * for now (the issue asks for no more): entries whose words the description shares rank first.
 */
export interface HelpEntry {
  id: string;
  products: string[];
  kind: 'manual' | 'faq';
  title: { en: string; zh: string };
  body: { en: string; zh: string };
  keywords: string[];
}

const PUREAIR = ['PA-300', 'PA-500'];

export const HELP: HelpEntry[] = [
  {
    id: 'pa-filter',
    products: PUREAIR,
    kind: 'faq',
    title: { en: 'The filter light is on / replacing the HEPA filter', zh: '滤网指示灯亮 / 更换 HEPA 滤网' },
    body: {
      en: 'Filters are consumables (warranty §3.3). Open the back cover, pull the old filter out, insert the new one with the arrow towards the fan, and hold the filter button for 5 seconds.',
      zh: '滤网属于耗材（保修条款 §3.3）。打开后盖，取出旧滤网，按箭头朝向风扇装入新滤网，然后长按滤网按钮 5 秒。',
    },
    keywords: ['filter', 'light', 'smell', 'hepa', '滤网', '指示灯', '异味', '更换'],
  },
  {
    id: 'pa-noise',
    products: PUREAIR,
    kind: 'faq',
    title: { en: 'The purifier is noisy or vibrates', zh: '净化器噪音大或振动' },
    body: {
      en: 'Place the unit on a flat floor and check that the filter sits flat. A grinding noise that stays points to the fan motor, which is covered for 5 years (§3.2): open a request.',
      zh: '请将设备放在平整地面，并检查滤网是否放平。如持续有摩擦声，可能是风机电机故障，电机保修 5 年（§3.2），请提交服务请求。',
    },
    keywords: [
      'noise',
      'noisy',
      'loud',
      'vibrat',
      'motor',
      'fan',
      'grinding',
      '噪音',
      '振动',
      '电机',
      '风机',
      '响',
    ],
  },
  {
    id: 'pa-sensor',
    products: PUREAIR,
    kind: 'faq',
    title: { en: 'Air quality reading stays red / error E2', zh: '空气质量读数一直为红色 / 错误 E2' },
    body: {
      en: 'Clean the PM2.5 sensor opening on the side with a dry brush. If E2 remains after a restart, the sensor needs service.',
      zh: '请用干刷清洁侧面的 PM2.5 传感器开口。重启后仍显示 E2，则传感器需要维修。',
    },
    keywords: ['sensor', 'red', 'e2', 'reading', 'pm2.5', 'quality', '传感器', '红色', '读数', '空气质量'],
  },
  {
    id: 'pa-manual',
    products: PUREAIR,
    kind: 'manual',
    title: {
      en: 'PureAir user manual, chapter 6: troubleshooting',
      zh: 'PureAir 使用说明书第 6 章：故障排除',
    },
    body: {
      en: 'Error codes E1 (motor), E2 (sensor), E3 (control board), E4 (filter missing), with what to check before calling service.',
      zh: '错误代码 E1（电机）、E2（传感器）、E3（控制板）、E4（未装滤网），以及联系客服前的检查步骤。',
    },
    keywords: [
      'error',
      'e1',
      'e3',
      'e4',
      'code',
      'start',
      'power',
      'manual',
      '错误',
      '代码',
      '开机',
      '电源',
      '说明书',
    ],
  },
  {
    id: 'ch-alarm',
    products: ['CH-900'],
    kind: 'manual',
    title: { en: 'CH-900 service manual, chapter 9: alarm codes', zh: 'CH-900 维修手册第 9 章：报警代码' },
    body: {
      en: 'A12 high pressure, A14 low flow, E12 compressor overload: what the operator may reset and what needs a technician.',
      zh: 'A12 高压、A14 低流量、E12 压缩机过载：哪些可由操作人员复位，哪些需要技术人员处理。',
    },
    keywords: [
      'alarm',
      'a12',
      'a14',
      'e12',
      'pressure',
      'flow',
      'trip',
      'compressor',
      '报警',
      '高压',
      '流量',
      '压缩机',
      '跳闸',
    ],
  },
  {
    id: 'ch-maintenance',
    products: ['CH-900'],
    kind: 'faq',
    title: { en: 'Maintenance every 6 months keeps the warranty', zh: '每 6 个月保养一次以维持保修' },
    body: {
      en: 'The commercial warranty requires maintenance every 6 months (§2.4). Missed maintenance is excluded (§3.3).',
      zh: '商用保修要求每 6 个月保养一次（§2.4）。未按时保养造成的故障不在保修范围内（§3.3）。',
    },
    keywords: ['maintenance', 'service', 'warranty', 'clean', '保养', '维护', '保修'],
  },
  {
    id: 'ch-temperature',
    products: ['CH-900'],
    kind: 'faq',
    title: { en: 'Chilled water too warm', zh: '冷冻水温度过高' },
    body: {
      en: 'Check the set point, the condenser coil for dirt and the pump for flow. If the compressor trips on start, stop the unit and open a critical request.',
      zh: '请检查设定温度、冷凝器盘管是否脏堵以及水泵流量。如压缩机启动即跳闸，请停机并提交紧急服务请求。',
    },
    keywords: [
      'warm',
      'temperature',
      'cooling',
      'hot',
      'water',
      'condenser',
      'pump',
      '温度',
      '制冷',
      '冷冻水',
      '冷凝器',
      '水泵',
    ],
  },
];

/** Entries for a product whose keywords or title share words with the text, best first (at most 4). */
export function searchHelp(product: string | null, text: string): HelpEntry[] {
  const query = text.toLowerCase();
  if (query.trim().length < 2) return [];
  const scored = HELP.filter((e) => !product || e.products.includes(product))
    .map((e) => ({
      entry: e,
      score: e.keywords.filter((k) => query.includes(k)).length,
    }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score);
  return scored.slice(0, 4).map((s) => s.entry);
}
