/**
 * Escalation: the triggers each customer-facing or partner agreement defines, and those it lacks
 * (breached targets, repeat and batch failures, safety issues, legal threats).
 */
import { type Agreement, CUSTOMER_FACING, type EscalationRule, refOf } from '../agreement.ts';
import { add, type Ctx, keyName, nameOf, refsOf } from './context.ts';
import type { EscalationOverview, EscalationTrigger, Text } from './finding.ts';
import { human, list, listZh, TARGET_TEXT, t } from './texts.ts';

const TRIGGER_KINDS: {
  kind: string;
  text: Text;
  has: (r: NonNullable<Agreement['escalation']>['rules']) => boolean;
  customerOnly: boolean;
}[] = [
  {
    kind: 'sla_breach',
    text: t('a breached service-level target', '服务时限违约'),
    has: (r) => !!r?.some((x) => x.when.breached),
    customerOnly: false,
  },
  {
    kind: 'repeat_failures',
    text: t('repeat failures on one unit', '同一设备重复故障'),
    has: (r) => !!r?.some((x) => x.when.repeat_failures),
    customerOnly: true,
  },
  {
    kind: 'batch_failure',
    text: t('a batch failure rate', '批量故障率'),
    has: (r) => !!r?.some((x) => x.when.batch_failure_rate !== undefined),
    customerOnly: true,
  },
  {
    kind: 'safety_issue',
    text: t('a safety issue', '安全问题'),
    has: (r) => !!r?.some((x) => x.when.safety_issue),
    customerOnly: true,
  },
  {
    kind: 'legal_threat',
    text: t(
      'a customer threatening legal action, the media or a regulator',
      '客户威胁诉讼、媒体曝光或向监管机构投诉',
    ),
    has: (r) => !!r?.some((x) => x.when.customer_threatens?.length),
    customerOnly: true,
  },
];

/** What a customer may threaten (`customer_threatens`); others read in words. */
const THREATS: Record<string, Text> = {
  legal_action: t('legal action', '诉讼'),
  lawsuit: t('a lawsuit', '诉讼'),
  media: t('the media', '媒体曝光'),
  regulator: t('a regulator', '向监管机构投诉'),
  social_media: t('social media', '社交媒体曝光'),
};

function describeTrigger(w: EscalationRule): Text {
  const parts: Text[] = [];
  const when = w.when;
  if (when.breached)
    parts.push(
      t(`${TARGET_TEXT[when.breached].en} target breached`, `${TARGET_TEXT[when.breached].zh}时限违约`),
    );
  if (when.repeat_failures)
    parts.push(
      t(
        `${when.repeat_failures} failures on one unit${when.within ? ` within ${human(when.within).en}` : ''}`,
        `同一设备${when.within ? ` ${human(when.within).zh}内` : ''}故障 ${when.repeat_failures} 次`,
      ),
    );
  if (when.batch_failure_rate !== undefined)
    parts.push(
      t(
        `failure rate above ${when.batch_failure_rate * 100}%${when.window ? ` over ${human(when.window).en}` : ''}`,
        `${when.window ? `${human(when.window).zh}内` : ''}故障率超过 ${when.batch_failure_rate * 100}%`,
      ),
    );
  if (when.safety_issue) parts.push(t('a safety issue', '安全问题'));
  if (when.customer_threatens?.length)
    parts.push(
      t(
        `customer threatens ${list(when.customer_threatens.map((k) => keyName(THREATS, k).en))}`,
        `客户威胁${listZh(when.customer_threatens.map((k) => keyName(THREATS, k).zh))}`,
      ),
    );
  if (when.complaints) parts.push(t(`${when.complaints} complaints`, `投诉 ${when.complaints} 次`));
  return t(parts.map((p) => p.en).join(' and ') || 'unstated', parts.map((p) => p.zh).join('且') || '未说明');
}

export function checkEscalation(ctx: Ctx): EscalationOverview[] {
  const overview: EscalationOverview[] = [];
  for (const a of ctx.set) {
    const facing = CUSTOMER_FACING.has(a.kind);
    const partner = a.kind === 'service_partner' || a.kind === 'distribution';
    const rules = a.escalation?.rules;
    const defined: EscalationTrigger[] = (rules ?? []).map((r) => ({
      agreement: refOf(a),
      ref: r.ref ?? a.escalation?.ref ?? null,
      level: r.level,
      trigger: describeTrigger(r),
      act_within: r.act_within ?? null,
    }));
    const lacking =
      facing || partner
        ? TRIGGER_KINDS.filter((k) => (facing || !k.customerOnly) && !k.has(rules)).map((k) => ({
            kind: k.kind,
            text: k.text,
          }))
        : [];
    overview.push({ agreement: refOf(a), title: a.title, defined, lacking });
    if (!(facing || partner)) continue;
    if (!rules?.length) {
      add(ctx, {
        code: 'escalation.none',
        severity: 'medium',
        group: 'escalation',
        agreements: [refOf(a)],
        refs: [],
        message: t(
          `${nameOf(a)} defines no escalation: service failures under it reach management only as disputes.`,
          `${nameOf(a)} 未规定升级机制：其下的服务问题只会以争议形式到达管理层。`,
        ),
        fix: t(
          'Add escalation rules (`escalation.rules`): breached targets to a supervisor, repeat failures and safety issues to management.',
          '增加升级规则（`escalation.rules`）：时限违约升级至主管，重复故障和安全问题升级至管理层。',
        ),
      });
    } else if (lacking.length > 0) {
      const safety = lacking.some((l) => l.kind === 'safety_issue');
      add(ctx, {
        code: 'escalation.missing_triggers',
        severity: safety ? 'medium' : 'low',
        group: 'escalation',
        agreements: [refOf(a)],
        refs: refsOf(a, a.escalation?.ref),
        message: t(
          `${nameOf(a)} escalates nothing on ${list(lacking.map((l) => l.text.en))}.`,
          `${nameOf(a)} 对${listZh(lacking.map((l) => l.text.zh))}未规定升级。`,
        ),
        fix: t(
          'Add a rule for each, with a level and a time to act.',
          '为每种情形增加升级规则，写明级别和处理时限。',
        ),
        details: { lacking: lacking.map((l) => l.kind) },
      });
    }
  }
  return overview;
}
