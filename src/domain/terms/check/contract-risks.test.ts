import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTermsOrThrow } from '../../../app/terms/parse-terms.ts';
import type { Agreement } from '../agreement.ts';
import { checkTerms } from './index.ts';

const DIR = path.resolve(import.meta.dirname, '../../../../examples/terms');
const examples: Agreement[] = parseTermsOrThrow(
  fs.readdirSync(DIR).map((f) => ({ name: f, text: fs.readFileSync(path.join(DIR, f), 'utf8') })),
).map((p) => p.agreement);
const byId = (id: string) => structuredClone(examples.find((a) => a.id === id)!);
const codes = (as: Agreement[], options = {}) => checkTerms(as, options).findings;

describe('contract risks', () => {
  it('CH-900 high: resolution in P5D (40 business hours) before on-site arrival in PT48H', () => {
    const f = codes(examples).filter((x) => x.code === 'sla.targets_contradict');
    const chiller = f.find((x) => x.agreements[0]!.id === 'acme-chiller-b2b-cn')!;
    expect(chiller.severity).toBe('high');
    expect(chiller.details).toMatchObject({ severity: 'high', earlier: 'onsite', later: 'resolution' });
    expect(chiller.message.en).toContain('(40 business hours)');
    expect(chiller.message.en).toContain('(48 business hours)');
    // The partner's same contradiction weighs less: it is not a customer promise.
    expect(f.find((x) => x.agreements[0]!.id === 'fixit-shanghai-partner')?.severity).toBe('medium');
  });

  it('business-hour targets a customer reads as clock hours: "72 hours" is 9 working days', () => {
    const f = codes(examples).find((x) => x.code === 'sla.business_hours_read_as_wall_time')!;
    expect(f.message.en).toContain(
      '"72 hours" = 72 business hours = 9 working days, where a customer expects 3 days',
    );
    expect(f.message.zh).toContain('72 个工作小时 = 9 个工作日');
    // Written in days, the same length reads honestly.
    const fixed = byId('acme-chiller-b2b-cn');
    fixed.service_levels![0]!.targets = { critical: { response: 'PT2H', onsite: 'P3D', resolution: 'P9D' } };
    expect(codes([fixed]).some((x) => x.code === 'sla.business_hours_read_as_wall_time')).toBe(false);
  });

  it('service credits no partner funds, until each partner pays a penalty', () => {
    const f = codes(examples).find((x) => x.code === 'credits.unfunded')!;
    expect(f.details).toMatchObject({
      customer: 'acme-chiller-b2b-cn',
      partners: ['fixit-shanghai-partner', 'pearl-river-partner'],
    });
    const set = examples.map((a) => structuredClone(a));
    for (const a of set.filter((x) => x.kind === 'service_partner'))
      a.service_levels![0]!.credits = { per_breach: { amount: 960 } };
    expect(codes(set).some((x) => x.code === 'credits.unfunded')).toBe(false);
  });

  it('no limitation of liability: high for a B2B warranty, medium for partners, none for consumers', () => {
    const f = codes(examples).filter((x) => x.code === 'liability.none');
    expect(f.find((x) => x.agreements[0]!.id === 'acme-chiller-b2b-cn')?.severity).toBe('high');
    expect(f.find((x) => x.agreements[0]!.id === 'fixit-shanghai-partner')?.severity).toBe('medium');
    expect(f.some((x) => x.agreements[0]!.id === 'acme-pureair-consumer-cn')).toBe(false);
    const capped = byId('acme-chiller-b2b-cn');
    capped.liability = { cap: { percent_of_annual_fee: 100 } };
    expect(codes([capped]).map((x) => x.code)).toContain('liability.consequential_open');
  });

  it('safety-critical service suspended for non-payment, unless safety work continues', () => {
    const options = { products: { 'CH-900': { safety_critical: true } } };
    const chiller = byId('acme-chiller-b2b-cn');
    const f = codes([chiller], options).find((x) => x.code === 'cover.safety_suspended')!;
    expect(f.severity).toBe('high');
    expect(f.refs).toEqual([{ agreement: 'acme-chiller-b2b-cn', ref: '§2.5' }]);
    expect(codes([chiller]).some((x) => x.code === 'cover.safety_suspended')).toBe(false);
    chiller.coverage!.suspended_while![0]!.safety_work_continues = true;
    expect(codes([chiller], options).some((x) => x.code === 'cover.safety_suspended')).toBe(false);
  });

  it('China 三包: floors by category with their source; a tenant may override an overridable floor', () => {
    const pureair = byId('acme-pureair-consumer-cn');
    const options = { products: { 'PA-300': { category: 'room_air_conditioner' } } };
    pureair.coverage!.duration = 'P6M';
    pureair.coverage!.components = [{ part_category: 'compressor', duration: 'P2Y', ref: '§3.2' }];
    const f = codes([pureair], options);
    const whole = f.find((x) => x.code === 'statutory.cn_sanbao_whole')!;
    expect(whole.message.zh).toContain('《部分商品修理更换退货责任规定》');
    expect(whole.details).toMatchObject({ floor: 'P1Y', overridable: false });
    expect(f.find((x) => x.code === 'statutory.cn_sanbao_main_parts')?.refs[0]?.ref).toBe('§3.2');
    expect(f.find((x) => x.code === 'statutory.cn_sanbao_fault_refund')?.severity).toBe('high');
    pureair.returns!.fault_refund_window = 'P7D';
    expect(codes([pureair], options).some((x) => x.code === 'statutory.cn_sanbao_fault_refund')).toBe(false);
    // A household appliance the 1995 list does not name: the tenant's floor, which it may change.
    const general = codes([pureair], { products: { 'PA-300': { category: 'household_appliance' } } });
    expect(general.find((x) => x.code === 'statutory.cn_sanbao_whole')?.details).toMatchObject({
      overridable: true,
    });
    const overridden = codes([pureair], {
      products: { 'PA-300': { category: 'household_appliance' } },
      sanbaoFloors: {
        household_appliance: {
          whole: 'P6M',
          fault_refund: 'P7D',
          fault_replacement: 'P15D',
          repair_within: 'P30D',
          source: { en: 'tenant', zh: '企业' },
          overridable: true,
        },
      },
    });
    expect(overridden.some((x) => x.code === 'statutory.cn_sanbao_whole')).toBe(false);
  });
});
