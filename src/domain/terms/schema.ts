/**
 * A small structural schema for the terms and claims formats, and the validator that reads a
 * parsed document against it. Every problem carries the key path (`coverage.components[0].duration`)
 * so that the file layer can point at the line and column. Pure: no I/O, no clock.
 */
import { isCalendarDate, parseDuration } from '../time/index.ts';
import { isTerritoryCode } from '../unit/index.ts';

export type Spec =
  | { t: 'str'; enum?: readonly string[]; pattern?: RegExp; what?: string }
  | { t: 'dur' }
  | { t: 'date' }
  | { t: 'instant' }
  | { t: 'int'; min?: number }
  | { t: 'num'; min?: number; max?: number }
  | { t: 'bool' }
  | { t: 'party' }
  | { t: 'territory' }
  /** A list; `single: true` also accepts one value and stores it as a one-item list. */
  | { t: 'list'; of: Spec; single?: boolean }
  | { t: 'obj'; fields: Record<string, Spec>; required?: readonly string[] }
  /** A mapping with keys chosen by the author (severities); `nullable` values allowed. */
  | { t: 'map'; key: RegExp; of: Spec; nullable?: boolean }
  /** A scalar (tried first when the value is not a mapping) or a mapping. */
  | { t: 'scalarOrObj'; scalar: Spec; obj: Spec };

export type PathPart = string | number;

export type ProblemKind = 'syntax' | 'unknown_key' | 'missing' | 'type' | 'duration' | 'value' | 'party';

export interface SchemaProblem {
  path: PathPart[];
  kind: ProblemKind;
  message: string;
}

export const PARTY_KEY = /^[a-z0-9][a-z0-9-]{0,62}$/;
const NAME = /^[a-z][a-z0-9_]*$/;

export function formatPath(path: readonly PathPart[]): string {
  let text = '';
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : text ? `.${part}` : part;
  return text || '(top)';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text "${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return `${typeof value} ${String(value)}`;
}

/**
 * Checks `value` against `spec`; returns the value with single-value lists made lists, and the
 * problems (every one, not the first only).
 */
export function validate(value: unknown, spec: Spec, path: PathPart[], problems: SchemaProblem[]): unknown {
  const fail = (kind: ProblemKind, message: string) => {
    problems.push({ path, kind, message });
    return value;
  };
  switch (spec.t) {
    case 'str': {
      if (typeof value !== 'string' || value === '')
        return fail('type', `expected ${spec.what ?? 'text'}, found ${describe(value)}`);
      if (spec.enum && !spec.enum.includes(value))
        return fail('value', `"${value}" is not one of ${spec.enum.join(', ')}`);
      if (spec.pattern && !spec.pattern.test(value))
        return fail('value', `"${value}" is not ${spec.what ?? `of the form ${spec.pattern.source}`}`);
      return value;
    }
    case 'dur': {
      if (typeof value !== 'string')
        return fail('type', `expected an ISO 8601 duration, found ${describe(value)}`);
      const parsed = parseDuration(value);
      if (!parsed.ok) return fail('duration', parsed.reason);
      return value;
    }
    case 'date': {
      if (typeof value !== 'string' || !isCalendarDate(value))
        return fail('type', `expected a calendar date YYYY-MM-DD, found ${describe(value)}`);
      return value;
    }
    case 'instant': {
      if (
        typeof value !== 'string' ||
        !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ||
        Number.isNaN(Date.parse(value)) ||
        !isCalendarDate(value.slice(0, 10))
      )
        return fail(
          'type',
          `expected a date and time with its offset, e.g. 2026-08-20T19:05:00+08:00, found ${describe(value)}`,
        );
      return value;
    }
    case 'int': {
      if (typeof value !== 'number' || !Number.isInteger(value))
        return fail('type', `expected a whole number, found ${describe(value)}`);
      if (spec.min !== undefined && value < spec.min) return fail('value', `must be at least ${spec.min}`);
      return value;
    }
    case 'num': {
      if (typeof value !== 'number' || !Number.isFinite(value))
        return fail('type', `expected a number, found ${describe(value)}`);
      if (spec.min !== undefined && value < spec.min) return fail('value', `must be at least ${spec.min}`);
      if (spec.max !== undefined && value > spec.max) return fail('value', `must be at most ${spec.max}`);
      return value;
    }
    case 'bool': {
      if (typeof value !== 'boolean') return fail('type', `expected true or false, found ${describe(value)}`);
      return value;
    }
    case 'party': {
      if (typeof value !== 'string' || !PARTY_KEY.test(value))
        return fail('type', `expected a party key such as fixit-shanghai, found ${describe(value)}`);
      return value;
    }
    case 'territory': {
      if (typeof value !== 'string' || !isTerritoryCode(value))
        return fail('type', `expected an ISO 3166 code such as CN or CN-SH, found ${describe(value)}`);
      return value;
    }
    case 'list': {
      if (!Array.isArray(value)) {
        if (spec.single && value !== null && value !== undefined) {
          const before = problems.length;
          const one = validate(value, spec.of, path, problems);
          if (problems.length === before) return [one];
          return value;
        }
        return fail('type', `expected a list, found ${describe(value)}`);
      }
      return value.map((item, i) => validate(item, spec.of, [...path, i], problems));
    }
    case 'obj': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return fail('type', `expected a mapping, found ${describe(value)}`);
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        const fieldSpec = spec.fields[key];
        if (!fieldSpec) {
          problems.push({
            path: [...path, key],
            kind: 'unknown_key',
            message: `unknown key "${key}"; expected one of ${Object.keys(spec.fields).join(', ')}`,
          });
          continue;
        }
        out[key] = validate(item, fieldSpec, [...path, key], problems);
      }
      for (const key of spec.required ?? []) {
        if (!(key in value))
          problems.push({ path: [...path, key], kind: 'missing', message: `"${key}" is required` });
      }
      return out;
    }
    case 'map': {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return fail('type', `expected a mapping, found ${describe(value)}`);
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        if (!spec.key.test(key)) {
          problems.push({
            path: [...path, key],
            kind: 'value',
            message: `"${key}" is not a valid name here`,
          });
          continue;
        }
        out[key] = item === null && spec.nullable ? null : validate(item, spec.of, [...path, key], problems);
      }
      return out;
    }
    case 'scalarOrObj': {
      if (typeof value === 'object' && value !== null && !Array.isArray(value))
        return validate(value, spec.obj, path, problems);
      return validate(value, spec.scalar, path, problems);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The terms format

const text: Spec = { t: 'str' };
const ref: Spec = { t: 'str', what: 'a clause reference such as "§2.3"' };
const name: Spec = { t: 'str', pattern: NAME, what: 'a lower_case name' };
const names: Spec = { t: 'list', of: name, single: true };
const dur: Spec = { t: 'dur' };
const role: Spec = { t: 'str', enum: ['provider', 'recipient'] };
const startEvent: Spec = { t: 'str', enum: ['sale', 'delivery', 'installation', 'registration'] };
const remedy: Spec = { t: 'str', enum: ['repair', 'replace', 'refund', 'credit'] };
const clock: Spec = { t: 'str', enum: ['business', 'calendar'] };
const calendar: Spec = { t: 'str', pattern: PARTY_KEY, what: 'a calendar id such as cn-business' };
const strings: Spec = { t: 'list', of: text, single: true };
const languages: Spec = {
  t: 'list',
  of: { t: 'str', pattern: /^[a-z]{2}(-[A-Za-z]{2,4})?$/, what: 'a language code such as zh' },
  single: true,
};

/** A clause's wording in English and Chinese, kept beside its structured fields (and shown in diffs). */
const wording: Spec = {
  t: 'obj',
  fields: { en: { t: 'str' }, zh: { t: 'str' } },
};

/** A mapping; one that has a `ref` (a clause) may also carry the clause's `wording`. */
const obj = (fields: Record<string, Spec>, required: readonly string[] = []): Spec => ({
  t: 'obj',
  fields: 'ref' in fields ? { ...fields, wording } : fields,
  required,
});

const amount = obj({
  percent_of_annual_fee: { t: 'num', min: 0, max: 100 },
  percent_of_fee: { t: 'num', min: 0, max: 100 },
  amount: { t: 'num', min: 0 },
});

const costBearer: Spec = {
  t: 'scalarOrObj',
  scalar: role,
  obj: obj({ bearer: role, up_to_km: { t: 'num', min: 0 }, beyond: role }, ['bearer']),
};
const costTable = obj({ parts: costBearer, labor: costBearer, travel: costBearer, shipping: costBearer });

const serviceLevels = obj({
  ref,
  text,
  mode: { t: 'str', enum: ['onsite', 'remote', 'depot', 'carry_in'] },
  calendar,
  clock,
  products: strings,
  territory: { t: 'list', of: { t: 'territory' }, single: true },
  targets: {
    t: 'map',
    key: NAME,
    nullable: true,
    of: obj({ response: dur, onsite: dur, resolution: dur }),
  },
  pause_while: names,
  credits: obj({ ref, text, per_breach: amount, cap: amount }),
  default: { t: 'bool' },
});

export const AGREEMENT_SPEC: Spec = obj(
  {
    id: { t: 'str', pattern: PARTY_KEY, what: 'an agreement id of lower-case letters, digits and dashes' },
    kind: { t: 'str', enum: ['warranty', 'service_contract', 'service_partner', 'distribution', 'supply'] },
    title: text,
    version: { t: 'int', min: 1 },
    supersedes: { t: 'int', min: 1 },
    effective_from: { t: 'date' },
    effective_to: { t: 'date' },
    provider: { t: 'party' },
    recipient: { t: 'party' },
    currency: { t: 'str', pattern: /^[A-Z]{3}$/, what: 'an ISO 4217 currency code such as CNY' },
    transferable: { t: 'bool' },
    sold_per_unit: { t: 'bool' },
    scope: obj({
      ref,
      text,
      products: strings,
      parts: strings,
      territory: { t: 'list', of: { t: 'territory' }, single: true },
      customers: { t: 'list', of: { t: 'str', enum: ['consumer', 'business'] }, single: true },
      safety_critical: { t: 'bool' },
    }),
    coverage: obj({
      ref,
      text,
      starts_at: startEvent,
      if_not_recorded: obj({ starts_at: startEvent, plus: dur, ref }, ['starts_at']),
      duration: dur,
      covers: names,
      components: {
        t: 'list',
        of: obj(
          { part_category: name, duration: dur, covered: { t: 'bool' }, starts_at: startEvent, ref, text },
          ['part_category'],
        ),
      },
      excludes: { t: 'list', of: obj({ cause: name, ref, text }, ['cause']) },
      conditions: { t: 'list', of: obj({ require: name, every: dur, grace: dur, ref, text }, ['require']) },
      suspended_while: {
        t: 'list',
        of: obj({ condition: name, beyond: dur, safety_work_continues: { t: 'bool' }, ref, text }, [
          'condition',
        ]),
      },
      remedies: { t: 'list', of: remedy, single: true },
      remedy_order: { t: 'list', of: remedy },
      repeat_failure: obj({ after: { t: 'int', min: 1 }, within: dur, remedy, ref }, ['after', 'remedy']),
      repair_warranty: obj({ duration: dur, ref }, ['duration']),
      transferable: { t: 'bool' },
    }),
    returns: obj({
      ref,
      text,
      no_reason_window: dur,
      replacement_window: dur,
      fault_refund_window: dur,
      approval: obj({ decide_within: dur, clock, calendar, ref }),
      conditions: names,
      defective_parts: obj({ report_within: dur, credit_within: dur, evidence: names, ref }),
    }),
    service_levels: { t: 'list', of: serviceLevels, single: true },
    spare_parts: obj({
      ref,
      text,
      available_for: dur,
      delivery_within: dur,
      stocking: name,
      defective_returns: obj({ within: dur, ref }),
    }),
    costs: obj({ ref, text, in_warranty: costTable, out_of_warranty: costTable }),
    escalation: obj({
      ref,
      text,
      rules: {
        t: 'list',
        of: obj(
          {
            when: obj({
              breached: { t: 'str', enum: ['response', 'onsite', 'resolution'] },
              repeat_failures: { t: 'int', min: 1 },
              within: dur,
              batch_failure_rate: { t: 'num', min: 0, max: 1 },
              window: dur,
              safety_issue: { t: 'bool' },
              customer_threatens: names,
              complaints: { t: 'int', min: 1 },
              by: { t: 'str', enum: ['customer', 'distributor', 'partner'] },
              claim_cost_over: { t: 'num', min: 0 },
              returns_over: { t: 'int', min: 1 },
              partner_declines: { t: 'int', min: 1 },
              partner_missed: { t: 'int', min: 1 },
              defective_parts_overdue: { t: 'int', min: 1 },
              payment_disputed: { t: 'bool' },
            }),
            level: { t: 'str', enum: ['supervisor', 'management', 'legal'] },
            act_within: dur,
            ref,
          },
          ['when', 'level'],
        ),
      },
    }),
    compensation: obj({
      ref,
      text,
      labor: obj({ rate: { t: 'num', min: 0 }, per: dur, standard_times: { t: 'bool' } }, ['rate']),
      travel: obj({ rate: { t: 'num', min: 0 }, per_km: { t: 'bool' }, free_km: { t: 'num', min: 0 } }, [
        'rate',
      ]),
      parts: obj({ markup_percent: { t: 'num', min: 0 }, ref }),
      shipping: obj({ rate: { t: 'num', min: 0 }, at_cost: { t: 'bool' }, ref }),
      claims: obj({ submit_within: dur, evidence: names, paid_within: dur, ref }),
    }),
    duties: obj({
      ref,
      text,
      items: {
        t: 'list',
        of: {
          t: 'scalarOrObj',
          scalar: name,
          obj: obj({ duty: name, within: dur, every: dur, target: { t: 'num', min: 0 }, ref }, ['duty']),
        },
      },
      reporting: obj({ every: dur, ref }, ['every']),
    }),
    support: obj({ ref, text, calendar, clock, response: dur, resolution: dur, language: languages }),
    liability: obj({
      ref,
      text,
      cap: obj({
        percent_of_annual_fee: { t: 'num', min: 0 },
        percent_of_fee: { t: 'num', min: 0 },
        amount: { t: 'num', min: 0 },
      }),
      excludes_consequential: { t: 'bool' },
      carve_outs: names,
    }),
    disputes: obj({
      ref,
      text,
      governing_law: {
        t: 'str',
        pattern: /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/,
        what: 'an ISO 3166 code such as CN',
      },
      forum: obj(
        {
          type: { t: 'str', enum: ['arbitration', 'court'] },
          institution: text,
          seat: text,
          place: text,
          rules: text,
        },
        ['type'],
      ),
      language: languages,
      notice: obj({ form: { t: 'str', enum: ['written', 'email'] }, cure_period: dur, ref }),
    }),
  },
  ['id', 'kind', 'title', 'version', 'effective_from', 'provider', 'recipient'],
);

// ---------------------------------------------------------------------------------------------
// The claims format (examples/claims/): a unit, a failure, the account, and optionally the
// decision it must get.

export const CLAIM_SPEC: Spec = obj(
  {
    unit: obj(
      {
        serial: text,
        product: text,
        territory: { t: 'territory' },
        sold_at: { t: 'date' },
        delivered_at: { t: 'date' },
        installed_at: { t: 'date' },
        registered_at: { t: 'date' },
        maintained_at: { t: 'list', of: { t: 'date' } },
        owner: { t: 'party' },
        contracts: {
          t: 'list',
          of: obj(
            {
              agreement: { t: 'str', pattern: PARTY_KEY, what: 'an agreement id' },
              starts_on: { t: 'date' },
              ends_on: { t: 'date' },
              reference: text,
            },
            ['agreement', 'starts_on', 'ends_on'],
          ),
        },
        parts: {
          t: 'list',
          of: obj(
            {
              part_category: name,
              part: text,
              serial: text,
              supplied_by: { t: 'party' },
              delivered_at: { t: 'date' },
            },
            ['part_category'],
          ),
        },
      },
      ['serial', 'product', 'territory'],
    ),
    failure: obj(
      {
        reported_at: { t: 'instant' },
        part_category: name,
        cause: name,
        previous_repairs: { t: 'int', min: 0 },
        distance_km: { t: 'num', min: 0 },
      },
      ['reported_at', 'part_category', 'cause'],
    ),
    account: obj({
      payment_overdue_days: { t: 'int', min: 0 },
      conditions: names,
    }),
    expected: obj({
      covered: { t: 'bool' },
      suspended: { t: 'bool' },
      remedy: remedy,
      cites: strings,
      costs: obj({
        parts: { t: 'party' },
        labor: { t: 'party' },
        travel: { t: 'party' },
        shipping: { t: 'party' },
      }),
      recoverable_from_supplier: { t: 'bool' },
    }),
  },
  ['unit', 'failure'],
);
