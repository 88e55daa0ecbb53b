import { describe, expect, it } from 'vitest';
import {
  caseNumberInSubject,
  classifyMail,
  isFlood,
  messageKey,
  outgoingMessageId,
  parseOutgoingMessageId,
  readBounce,
  referencedIds,
  serialCandidates,
  supplierRequestInSubject,
} from './index.ts';

const CASE = '0b9e6a53-5c1e-4f3e-9d55-2f7c1c9c0a11';
const OUTBOX = '7d3f5d7e-1b2a-4c3d-8e9f-0a1b2c3d4e5f';

describe('threading rules', () => {
  it('reads the case and outbox row out of our own Message-ID, for our domain only', () => {
    const id = outgoingMessageId(CASE, OUTBOX, 'mail.acme.test');
    expect(id).toBe(`<sb.${CASE}.${OUTBOX}@mail.acme.test>`);
    expect(parseOutgoingMessageId(id, 'mail.acme.test')).toEqual({ caseId: CASE, outboxMessageId: OUTBOX });
    expect(parseOutgoingMessageId(id.toUpperCase(), 'MAIL.ACME.TEST')).toEqual({
      caseId: CASE,
      outboxMessageId: OUTBOX,
    });
    expect(parseOutgoingMessageId(id, 'other.test')).toBeUndefined();
    expect(parseOutgoingMessageId('<abc@mail.acme.test>', 'mail.acme.test')).toBeUndefined();
  });

  it('names In-Reply-To first, then References newest first, once each', () => {
    expect(referencedIds('<c@x>', '<a@x> <b@x>\r\n <c@x>')).toEqual(['c@x', 'b@x', 'a@x']);
    expect(referencedIds(undefined, ['<a@x>', '<b@x>'])).toEqual(['b@x', 'a@x']);
    expect(referencedIds(undefined, undefined)).toEqual([]);
  });

  it('takes a case number from the subject only in brackets', () => {
    expect(caseNumberInSubject('Re: [C-000123] filter')).toBe('C-000123');
    expect(caseNumberInSubject('Re: [ c-1234567 ]')).toBe('C-1234567');
    expect(caseNumberInSubject('about C-000123')).toBeUndefined();
    expect(caseNumberInSubject('[C-12]')).toBeUndefined();
  });

  it('takes a supplier request number as the request’s own mails write it', () => {
    expect(supplierRequestInSubject('Re: Support request SR-000012: CMP-900')).toBe('SR-000012');
    expect(supplierRequestInSubject('回复：支持请求 sr-000012：压缩机')).toBe('SR-000012');
    expect(supplierRequestInSubject('Re: XSR-000012')).toBeUndefined();
    expect(supplierRequestInSubject('SR-12')).toBeUndefined();
  });

  it('finds serial-like words, not case numbers or plain words', () => {
    expect(serialCandidates('Chiller ch9-2024-00031 and PA3-2026-118842; case C-000123, re-check')).toEqual([
      'CH9-2024-00031',
      'PA3-2026-118842',
    ]);
  });

  it('keys a mail by its Message-ID, or by its bytes when it has none', () => {
    expect(messageKey('<AbC@Example.COM>', 'f00')).toBe('abc@example.com');
    expect(messageKey(undefined, 'f00')).toBe('sha256:f00');
    expect(messageKey('  ', 'f00')).toBe('sha256:f00');
  });
});

describe('what kind of mail', () => {
  const base = {
    contentType: 'text/plain',
    envelopeFrom: 'a@b.example',
    fromAddress: 'a@b.example',
    serviceAddresses: ['service@acme.example'],
  };
  const headers = (h: Record<string, string>) => (name: string) => h[name.toLowerCase()];

  it('knows auto-replies by Auto-Submitted, Precedence and list headers, and a person otherwise', () => {
    expect(classifyMail({ ...base, header: headers({ 'auto-submitted': 'auto-replied' }) })).toMatchObject({
      kind: 'auto_reply',
    });
    expect(classifyMail({ ...base, header: headers({ 'auto-submitted': 'no' }) })).toEqual({
      kind: 'person',
    });
    expect(classifyMail({ ...base, header: headers({ precedence: 'bulk' }) })).toMatchObject({
      kind: 'auto_reply',
    });
    expect(classifyMail({ ...base, header: headers({ precedence: 'junk' }) })).toMatchObject({
      kind: 'auto_reply',
    });
    expect(classifyMail({ ...base, header: headers({ 'list-id': '<x.lists>' }) })).toMatchObject({
      kind: 'auto_reply',
    });
    expect(classifyMail({ ...base, header: headers({}) })).toEqual({ kind: 'person' });
  });

  it('knows bounces by their report, or the null sender from a mailer daemon; loops by our own address', () => {
    const report = 'multipart/report; report-type=delivery-status; boundary="x"';
    expect(classifyMail({ ...base, contentType: report, header: headers({}) })).toEqual({ kind: 'bounce' });
    expect(
      classifyMail({
        ...base,
        envelopeFrom: '',
        fromAddress: 'MAILER-DAEMON@mx.example',
        header: headers({}),
      }),
    ).toEqual({ kind: 'bounce' });
    expect(classifyMail({ ...base, fromAddress: 'Service@Acme.example', header: headers({}) })).toMatchObject(
      { kind: 'loop' },
    );
  });

  it('reads the failed recipients and the returned Message-ID out of a delivery report', () => {
    const raw = [
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example',
      '',
      'Final-Recipient: rfc822; Gone@Example.com',
      'Action: failed',
      'Status: 5.1.1',
      '',
      'Final-Recipient: rfc822; slow@example.com',
      'Action: delayed',
      '',
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: <sb.${CASE}.${OUTBOX}@mail.acme.test>`,
    ].join('\r\n');
    expect(readBounce(raw)).toEqual({
      failed: [{ address: 'gone@example.com', status: '5.1.1' }],
      originalMessageIds: [`sb.${CASE}.${OUTBOX}@mail.acme.test`],
    });
  });

  it('calls a sender flooding at the limit, and never when the limit is 0 (off)', () => {
    expect(isFlood(29, 30)).toBe(false);
    expect(isFlood(30, 30)).toBe(true);
    expect(isFlood(1000, 0)).toBe(false);
  });
});
