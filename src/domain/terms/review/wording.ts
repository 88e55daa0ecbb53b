/**
 * Contract wording in English and Chinese written from a clause's structured fields, with the
 * numbers from the data: parties, products, territories, hours and calendars by their names. The
 * mark-up writes a clause's wording before (its signed wording when the terms carry it, else this
 * rendering of the old fields) and after (this rendering of the new fields), so the revision shows
 * exactly the numbers that change.
 */
import type { Label } from '../../label.ts';
import { durationInWords } from '../../time/index.ts';
import type { Agreement, ServiceLevels } from '../agreement.ts';
import { TARGET_KINDS } from '../agreement.ts';

export interface Names {
  party: (key: string) => Label;
  product: (key: string) => Label;
  calendar: (key: string) => Label;
  severity: (key: string) => Label;
  category: (key: string) => Label;
  territory: (code: string) => Label;
}

const W = (en: string, zh: string): Label => ({ en, zh });
const join = (xs: Label[], en = ', ', zh = '、'): Label =>
  W(xs.map((x) => x.en).join(en), xs.map((x) => x.zh).join(zh));

/** Names of China's provinces, for wording that reads "Shanghai", not "CN-SH". */
export const CN_TERRITORIES: Record<string, Label> = {
  CN: { en: 'mainland China', zh: '中国大陆' },
  'CN-SH': { en: 'Shanghai', zh: '上海' },
  'CN-JS': { en: 'Jiangsu', zh: '江苏' },
  'CN-ZJ': { en: 'Zhejiang', zh: '浙江' },
  'CN-AH': { en: 'Anhui', zh: '安徽' },
  'CN-GD': { en: 'Guangdong', zh: '广东' },
  'CN-BJ': { en: 'Beijing', zh: '北京' },
  'CN-TJ': { en: 'Tianjin', zh: '天津' },
  'CN-CQ': { en: 'Chongqing', zh: '重庆' },
  'CN-SD': { en: 'Shandong', zh: '山东' },
  'CN-FJ': { en: 'Fujian', zh: '福建' },
  'CN-HB': { en: 'Hubei', zh: '湖北' },
  'CN-HN': { en: 'Hunan', zh: '湖南' },
  'CN-SC': { en: 'Sichuan', zh: '四川' },
  'CN-HE': { en: 'Hebei', zh: '河北' },
  'CN-HA': { en: 'Henan', zh: '河南' },
  'CN-LN': { en: 'Liaoning', zh: '辽宁' },
  'CN-SN': { en: 'Shaanxi', zh: '陕西' },
};

/** A business-clock duration read honestly: hours under a day as hours, longer spans as working days. */
export function spanText(d: string, clock: string | undefined): Label {
  const w = durationInWords(d, clock === 'business' ? 'business' : 'calendar');
  if (clock !== 'business') return w;
  return W(w.en.replace(/business day/g, 'working day'), w.zh);
}

const KIND = {
  response: W('response', '响应'),
  onsite: W('on-site arrival', '到场'),
  resolution: W('resolution', '解决'),
};

export function serviceLevelsWording(a: Agreement, b: ServiceLevels, names: Names): Label {
  const lines: Label[] = [];
  const provider = names.party(a.provider);
  const products = join((b.products ?? a.scope?.products ?? []).map(names.product));
  const areas = join((b.territory ?? a.scope?.territory ?? []).map(names.territory));
  const cal = b.calendar ? names.calendar(b.calendar) : W('the calendar', '日历');
  lines.push(
    W(
      `${provider.en} shall provide ${b.mode === 'onsite' ? 'on-site ' : ''}service for ${products.en} in ${areas.en} within the following times, counted in ${b.clock === 'business' ? `working hours of ${cal.en}` : 'calendar hours, 24 hours a day'}:`,
      `${provider.zh}应在${areas.zh}为${products.zh}提供${b.mode === 'onsite' ? '上门' : ''}服务，时限按${b.clock === 'business' ? `${cal.zh}的工作时间` : '自然时间（每日 24 小时）'}计算如下：`,
    ),
  );
  for (const [sev, targets] of Object.entries(b.targets ?? {})) {
    if (!targets) continue;
    const parts = TARGET_KINDS.filter((k) => targets[k]).map((k) => {
      const s = spanText(targets[k]!, b.clock);
      return W(`${KIND[k].en} within ${s.en}`, `${s.zh}内${KIND[k].zh}`);
    });
    const name = names.severity(sev);
    const zhName = name.zh.length >= 2 ? name.zh : `${name.zh}优先级`;
    lines.push(W(`${name.en} cases: ${join(parts).en}.`, `${zhName}案件：${join(parts, ', ', '，').zh}。`));
  }
  if (b.pause_while?.length)
    lines.push(
      W(
        `The times pause while ${b.pause_while.map((p) => p.replace(/_/g, ' ')).join(' or ')}.`,
        `${b.pause_while.map((p) => (p === 'waiting_on_customer' ? '等待客户配合' : p === 'site_not_accessible' ? '现场无法进入' : p)).join('或')}期间暂停计时。`,
      ),
    );
  const c = b.credits;
  if (c?.per_breach) {
    const per = c.per_breach;
    const perT =
      per.amount !== undefined
        ? W(`CNY ${per.amount.toLocaleString('en-US')}`, `人民币 ${per.amount.toLocaleString('en-US')} 元`)
        : W(
            `${per.percent_of_annual_fee ?? per.percent_of_fee} % of the ${per.percent_of_annual_fee !== undefined ? 'annual ' : ''}fee`,
            `${per.percent_of_annual_fee !== undefined ? '年' : ''}费用的 ${per.percent_of_annual_fee ?? per.percent_of_fee}%`,
          );
    const cap = c.cap;
    const capT = cap
      ? cap.amount !== undefined
        ? W(
            `, at most CNY ${cap.amount.toLocaleString('en-US')} a year`,
            `，每年最高人民币 ${cap.amount.toLocaleString('en-US')} 元`,
          )
        : W(
            `, at most ${cap.percent_of_annual_fee ?? cap.percent_of_fee} % of the ${cap.percent_of_annual_fee !== undefined ? 'annual ' : ''}fee a year`,
            `，每年最高为${cap.percent_of_annual_fee !== undefined ? '年' : ''}费用的 ${cap.percent_of_annual_fee ?? cap.percent_of_fee}%`,
          )
      : W('', '');
    const payer =
      a.kind === 'service_partner'
        ? W(
            `${provider.en} shall pay ${names.party(a.recipient).en}`,
            `${provider.zh}应向${names.party(a.recipient).zh}支付`,
          )
        : W(`${provider.en} shall credit the customer`, `${provider.zh}应向客户支付`);
    lines.push(
      W(
        `For each missed time, ${payer.en} ${perT.en}${capT.en}.`,
        `每次未达时限，${payer.zh}${perT.zh}${capT.zh}。`,
      ),
    );
  }
  return W(lines.map((l) => l.en).join(' '), lines.map((l) => l.zh).join(''));
}

/** The wording of one section (by its path in the format) of an agreement, or null when this file has no template for it. */
export function sectionWording(a: Agreement, path: string, names: Names): Label | null {
  const provider = names.party(a.provider);
  const recipient = names.party(a.recipient);
  const m = /^service_levels\.(\d+)$/.exec(path);
  if (m) {
    const b = a.service_levels?.[Number(m[1])];
    return b ? serviceLevelsWording(a, b, names) : null;
  }
  const comp = /^coverage\.components\.(\d+)$/.exec(path);
  if (comp) {
    const c = a.coverage?.components?.[Number(comp[1])];
    if (!c) return null;
    const cat = names.category(c.part_category);
    const d = c.duration ?? a.coverage?.duration;
    const from = c.starts_at ?? a.coverage?.starts_at;
    if (c.covered === false) return W(`The ${cat.en} is not covered.`, `${cat.zh}不在保修范围内。`);
    return W(
      `The ${cat.en} is covered for ${d ? durationInWords(d).en : 'the cover period'}${from ? ` from ${from}` : ''}.`,
      `${cat.zh}自${from === 'installation' ? '安装' : from === 'sale' ? '销售' : from === 'delivery' ? '交付' : '起算日'}起保修${d ? durationInWords(d).zh : ''}。`,
    );
  }
  const susp = /^coverage\.suspended_while\.(\d+)$/.exec(path);
  if (susp) {
    const s = a.coverage?.suspended_while?.[Number(susp[1])];
    if (!s) return null;
    const beyond = s.beyond ? durationInWords(s.beyond) : null;
    const base = W(
      `If an invoice is overdue${beyond ? ` by more than ${beyond.en}` : ''}, ${provider.en} may, after written notice, suspend scheduled and non-urgent service until payment.`,
      `发票逾期${beyond ? `超过${beyond.zh}` : ''}的，${provider.zh}经书面通知后可暂停计划性及非紧急服务，直至付款。`,
    );
    if (!s.safety_work_continues) {
      return W(
        `If an invoice is overdue${beyond ? ` by more than ${beyond.en}` : ''}, the warranty and all service are suspended until payment.`,
        `发票逾期${beyond ? `超过${beyond.zh}` : ''}的，保修及全部服务暂停，直至付款。`,
      );
    }
    return W(
      `${base.en} Work needed to keep the equipment safe or to prevent harm to persons continues during any suspension and is invoiced at the standard rates.`,
      `${base.zh}暂停期间，为保障设备安全或防止人身伤害所需的服务不中断，按标准费率另行收费。`,
    );
  }
  if (path === 'coverage.repeat_failure') {
    const r = a.coverage?.repeat_failure;
    if (!r) return W('', '');
    return W(
      `If the same performance fault recurs after ${r.after} repairs within the cover period, ${provider.en} shall replace the product free of charge with one of the same model and specification.`,
      `保修期内同一性能故障经 ${r.after} 次修理仍不能正常使用的，${provider.zh}应免费更换同型号同规格的产品。`,
    );
  }
  if (path === 'coverage') {
    const c = a.coverage;
    if (!c) return null;
    const parts = (a.scope?.parts ?? []).join(', ');
    return W(
      `${provider.en} warrants the parts ${parts} against ${(c.covers ?? ['defects']).map((x) => x.replace(/_/g, ' ')).join(' and ')} for ${c.duration ? durationInWords(c.duration).en : '-'} from ${c.starts_at === 'installation' ? `installation in ${recipient.en}'s product at the end customer, and no later than ${c.duration ? durationInWords(c.duration).en : ''} plus 6 months from delivery to ${recipient.en}` : (c.starts_at ?? 'delivery')}.`,
      `${provider.zh}对部件 ${parts} 的${(c.covers ?? []).map((x) => (x === 'manufacturing_defect' ? '制造缺陷' : x === 'material_defect' ? '材料缺陷' : x)).join('及')}提供保修，期限为${c.starts_at === 'installation' ? `自装入${recipient.zh}产品并在终端客户处安装之日起` : '自交付之日起'}${c.duration ? durationInWords(c.duration).zh : ''}${c.starts_at === 'installation' ? `，且不晚于交付给${recipient.zh}后${c.duration ? durationInWords(c.duration).zh : ''}加 6 个月` : ''}。`,
    );
  }
  if (path === 'returns') {
    const r = a.returns;
    if (!r) return null;
    const parts: Label[] = [];
    if (r.fault_refund_window)
      parts.push(
        W(
          `A product with a performance fault within ${durationInWords(r.fault_refund_window).en} of purchase is refunded, replaced or repaired at the customer's choice.`,
          `购买后${durationInWords(r.fault_refund_window).zh}内出现性能故障的，由消费者选择退货、换货或修理。`,
        ),
      );
    if (r.replacement_window)
      parts.push(
        W(
          `Within ${durationInWords(r.replacement_window).en}, a performance fault gives a replacement or repair at the customer's choice.`,
          `${durationInWords(r.replacement_window).zh}内出现性能故障的，由消费者选择换货或修理。`,
        ),
      );
    if (r.no_reason_window)
      parts.push(
        W(
          `Products bought online or at a distance may be returned without reason within ${durationInWords(r.no_reason_window).en} of delivery.`,
          `网络及远程购买的商品，自收货之日起${durationInWords(r.no_reason_window).zh}内可无理由退货。`,
        ),
      );
    if (r.approval?.decide_within)
      parts.push(
        W(
          `${a.kind === 'distribution' ? recipient.en : provider.en} decides each return request within ${spanText(r.approval.decide_within, r.approval.clock).en}.`,
          `${a.kind === 'distribution' ? recipient.zh : provider.zh}应在${spanText(r.approval.decide_within, r.approval.clock).zh}内对每项退货申请作出决定。`,
        ),
      );
    if (r.defective_parts?.report_within)
      parts.push(
        W(
          `Defective parts are reported within ${durationInWords(r.defective_parts.report_within).en}${r.defective_parts.credit_within ? ` and credited within ${durationInWords(r.defective_parts.credit_within).en}` : ''}.`,
          `缺陷部件应在${durationInWords(r.defective_parts.report_within).zh}内报告${r.defective_parts.credit_within ? `，并在${durationInWords(r.defective_parts.credit_within).zh}内完成退款` : ''}。`,
        ),
      );
    return join(parts, ' ', '');
  }
  if (path === 'duties') {
    const d = a.duties;
    if (!d) return null;
    const DUTY: Record<string, Label> = {
      first_line_support: W("answer customers' service requests", '受理客户服务请求'),
      customer_contact: W('confirm a visit time with the customer', '与客户确认上门时间'),
      returns_intake: W(
        `forward warranty cases and return requests to ${recipient.en}`,
        `将保修案件及退货申请转交${recipient.zh}`,
      ),
      onsite_repair: W('complete on-site repairs', '完成上门维修'),
      monthly_service_report: W('report on service monthly', '每月提交服务报告'),
    };
    const items = (d.items ?? []).map((i) => {
      const duty = typeof i === 'string' ? i : i.duty;
      const what = DUTY[duty] ?? W(duty.replace(/_/g, ' '), duty);
      const within = typeof i === 'string' ? undefined : i.within;
      return within
        ? W(
            `${what.en} within ${spanText(within, 'business').en}`,
            `在${spanText(within, 'business').zh}内${what.zh}`,
          )
        : what;
    });
    const rep = d.reporting
      ? W(
          ` ${provider.en} reports cases, failures, returns and parts used every ${d.reporting.every === 'P1M' ? 'month' : durationInWords(d.reporting.every).en}.`,
          `${provider.zh}每${d.reporting.every === 'P1M' ? '月' : durationInWords(d.reporting.every).zh}报告案件、故障、退货及所用部件。`,
        )
      : W('', '');
    const duties = items.length
      ? W(
          `${provider.en} shall ${items.map((x) => x.en).join('; ')}, counted in working hours.`,
          `${provider.zh}应${items.map((x) => x.zh).join('；')}（按工作时间计算）。`,
        )
      : W('', '');
    return W(`${duties.en}${rep.en}`.trim(), `${duties.zh}${rep.zh}`);
  }
  if (path === 'liability') {
    const l = a.liability;
    if (!l) return null;
    const cap =
      l.cap?.percent_of_annual_fee !== undefined
        ? W(
            `${l.cap.percent_of_annual_fee} % of the fees paid in the 12 months before the claim`,
            `索赔前 12 个月已付费用的 ${l.cap.percent_of_annual_fee}%`,
          )
        : l.cap?.amount !== undefined
          ? W(
              `CNY ${l.cap.amount.toLocaleString('en-US')}`,
              `人民币 ${l.cap.amount.toLocaleString('en-US')} 元`,
            )
          : W('the price paid', '已付价款');
    return W(
      `The total liability of ${provider.en} under this ${a.kind === 'warranty' ? 'warranty' : 'agreement'} is limited to ${cap.en}.${l.excludes_consequential ? ' Neither party is liable for loss of production, profit, data or stored goods, or any other indirect or consequential loss.' : ''} No limit applies to personal injury, or to loss caused deliberately or by gross negligence.`,
      `${provider.zh}在本${a.kind === 'warranty' ? '保修' : '协议'}项下的责任总额以${cap.zh}为限。${l.excludes_consequential ? '任何一方均不对停产、利润、数据或存储货物的损失及其他间接损失承担责任。' : ''}造成人身损害的，或因故意或者重大过失造成财产损失的，不受上述限制（《民法典》第五百零六条）。`,
    );
  }
  if (path === 'disputes') {
    const d = a.disputes;
    if (!d) return null;
    const f = d.forum;
    const forum =
      f?.type === 'arbitration'
        ? W(
            `submitted to ${f.institution ?? 'arbitration'} for arbitration in ${f.seat ?? '-'}; the award is final`,
            `提交${f.institution === 'CIETAC' ? '中国国际经济贸易仲裁委员会' : (f.institution ?? '仲裁机构')}在${f.seat === 'Shanghai' ? '上海' : (f.seat ?? '')}仲裁，仲裁裁决是终局的`,
          )
        : f?.type === 'court'
          ? W(`brought before ${f.place}`, `提交${f.place}诉讼解决`)
          : W('resolved as the parties agree', '由双方协商解决');
    const notice = d.notice?.cure_period
      ? W(
          ` A breach is notified ${d.notice.form === 'email' ? 'by email' : 'in writing'} and may be cured within ${durationInWords(d.notice.cure_period).en}.`,
          `违约应以${d.notice.form === 'email' ? '电子邮件' : '书面'}形式通知，违约方可在${durationInWords(d.notice.cure_period).zh}内补救。`,
        )
      : W('', '');
    return W(
      `This agreement is governed by the laws of the People's Republic of China. Any dispute is ${forum.en}.${notice.en}`,
      `本协议适用中华人民共和国法律。因本协议产生的争议，${forum.zh}。${notice.zh}`,
    );
  }
  return null;
}
