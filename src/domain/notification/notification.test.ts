import { describe, expect, it } from 'vitest';
import {
  NOTIFICATION_KIND_LABELS,
  nextAttemptAfter,
  notificationMessageId,
  parseNotificationMessageId,
  renderNotification,
} from './index.ts';
import { absoluteLink } from './render.ts';

const CASE = '0b6f1d8e-5c1a-4f7e-9a51-1f2d3c4b5a69';
const MSG = '7d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6';

describe('links in mails', () => {
  it('are absolute on the public URL, also under a path; a path stays a path with none set', () => {
    const facts = {
      kind: 'satisfaction_survey',
      locale: 'zh' as const,
      recipientName: '张伟',
      senderName: 'ACME',
      caseNumber: 'R-AAAA-BBBB-CCCC',
      headline: { en: 'How did we do?', zh: '您对本次服务满意吗？' },
      payload: { surveyPath: '/portal/survey/tok_1' },
      publicUrl: 'https://service.acme.example',
    };
    expect(renderNotification(facts).text).toContain('https://service.acme.example/portal/survey/tok_1');
    expect(absoluteLink('/portal/survey/t', 'https://acme.example/service')).toBe(
      'https://acme.example/service/portal/survey/t',
    );
    expect(absoluteLink('/portal/survey/t', undefined)).toBe('/portal/survey/t');
  });
});

describe('notification mail', () => {
  it('has a Message-ID inbound mail can read the case back from', () => {
    const id = notificationMessageId(CASE, MSG, 'acme.example');
    expect(id).toBe(`<sb.${CASE}.${MSG}@acme.example>`);
    expect(parseNotificationMessageId(id)).toEqual({
      caseId: CASE,
      outboxMessageId: MSG,
      domain: 'acme.example',
    });
    expect(parseNotificationMessageId(notificationMessageId(null, MSG, 'x.example'))?.caseId).toBeNull();
    expect(parseNotificationMessageId('<abc@gmail.com>')).toBeUndefined();
  });

  it('backs off exponentially, capped, and gives up at the limit', () => {
    const t0 = new Date('2026-01-01T00:00:00Z');
    const policy = { maxAttempts: 5, baseSeconds: 30, capSeconds: 100 };
    const secs = [1, 2, 3, 4].map(
      (n) => ((nextAttemptAfter(n, t0, policy)?.getTime() ?? 0) - t0.getTime()) / 1000,
    );
    expect(secs).toEqual([30, 60, 100, 100]);
    expect(nextAttemptAfter(5, t0, policy)).toBeUndefined();
  });

  it('renders every kind in English and Chinese, text and HTML, with the case number in the subject and no keys', () => {
    const payloads: Record<string, Record<string, unknown>> = {
      case_opened: {
        caseKind: 'field_visit',
        promises: [{ target: 'onsite', dueAt: '2026-11-24T01:30:00Z' }],
      },
      case_reply: { body: 'We come <tomorrow>.', authorName: 'Wang Xiao' },
      case_state_changed: { from: 'new', to: 'waiting_on_customer' },
      sla_warning: { target: 'response', dueAt: '2026-11-24T03:30:00Z', as: 'owner' },
      sla_breached: { target: 'resolution', dueAt: '2026-11-24T03:30:00Z', as: 'supervisor' },
      escalation_raised: { level: 'legal', actBy: '2026-11-24T03:30:00Z' },
      return_decided: { returnNumber: 'R-000001', state: 'approved' },
      claim_decided: { claimNumber: 'WC-000001', state: 'partly_approved', approvedAmount: '120.00 CNY' },
      deadline_warning: { deadline: 'return_approval', dueAt: '2026-11-24T03:30:00Z' },
      deadline_breached: { deadline: 'defective_part_return', dueAt: '2026-11-24T03:30:00Z' },
    };
    for (const kind of Object.keys(NOTIFICATION_KIND_LABELS)) {
      for (const locale of ['en', 'zh'] as const) {
        const mail = renderNotification({
          kind,
          locale,
          recipientName: 'Li Fang',
          senderName: 'ACME',
          caseNumber: 'C-000123',
          headline: NOTIFICATION_KIND_LABELS[kind as keyof typeof NOTIFICATION_KIND_LABELS],
          payload: payloads[kind] ?? {},
        });
        expect(mail.subject.startsWith('[C-000123] '), `${kind} ${locale}`).toBe(true);
        expect(mail.text, `${kind} ${locale}`).not.toMatch(
          /field_visit|waiting_on_customer|partly_approved|return_approval|undefined|\[object/,
        );
        expect(mail.html).toContain(locale === 'zh' ? 'lang="zh-CN"' : 'lang="en"');
        if (locale === 'zh') expect(mail.text).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    const reply = renderNotification({
      kind: 'case_reply',
      locale: 'en',
      recipientName: 'Li',
      senderName: 'ACME',
      caseNumber: 'C-1',
      headline: { en: 'A reply', zh: '回复' },
      payload: payloads.case_reply ?? {},
    });
    expect(reply.html).toContain('We come &lt;tomorrow&gt;.');
    expect(reply.text).toContain('We come <tomorrow>.');
  });
});
