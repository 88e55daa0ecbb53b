/**
 * A draft's values as a person confirmed or corrected them, set into an agreement: a new one (its
 * header given) or the next version of one stored. Each value lands at the field the reviewer
 * chose (`service_levels.targets.critical.onsite`, `coverage.components[compressor].duration`),
 * and its clause keeps its wording and ref. Pure: the caller validates the result as terms.
 */
import type { Label } from '../../label.ts';
import type { Agreement } from '../agreement.ts';

export interface ConfirmedValue {
  /** Where the value goes, as `proposeValues` names fields, with any `*` chosen. */
  field: string;
  value: string;
}

export interface ConfirmedClause {
  ref: string;
  text?: string;
  values: ConfirmedValue[];
}

export interface ConfirmProblem {
  path: string;
  message: Label;
}

/** Fields holding a list of codes: a confirmed value joins the list. */
const LIST_FIELDS = new Set(['scope.territory', 'scope.products']);
/** Fields holding a number, not a duration. */
const NUMBER_FIELD = /percent|_over$|count$/;
/** How a list of clauses is keyed: components by their part category. */
const KEY_OF: Record<string, string> = { components: 'part_category', excludes: 'cause' };
/** Sections the format keeps as a list (the draft's value goes to the first block). */
const LIST_SECTIONS = new Set(['service_levels']);

type Obj = Record<string, unknown>;

function wordingOf(text: string): { en?: string; zh?: string } {
  return /[\u4e00-\u9fff]/.test(text) ? { zh: text } : { en: text };
}

/** Sets the confirmed values of the clauses into a copy of `base`; problems name the clause. */
export function applyConfirmed(
  base: Agreement,
  clauses: readonly ConfirmedClause[],
): { agreement: Agreement; problems: ConfirmProblem[] } {
  const a = structuredClone(base) as unknown as Obj;
  const problems: ConfirmProblem[] = [];
  clauses.forEach((clause, ci) => {
    clause.values.forEach((v, vi) => {
      const at = `/clauses/${ci}/values/${vi}/field`;
      if (v.field.includes('*')) {
        problems.push({
          path: at,
          message: {
            en: `${clause.ref}: choose where "${v.value}" goes (a severity in place of *) in ${v.field}.`,
            zh: `${clause.ref}：请为“${v.value}”选择具体位置（以严重程度替换 *）：${v.field}。`,
          },
        });
        return;
      }
      const segments = v.field.split('.');
      let cur: Obj = a;
      for (let i = 0; i < segments.length; i++) {
        const seg = segments[i]!;
        const keyed = /^([a-z_]+)\[([^\]]+)\]$/.exec(seg);
        const last = i === segments.length - 1;
        const name = keyed ? keyed[1]! : seg;
        if (i === 0) {
          // The clause's section: keeps the clause's ref and wording.
          let section = cur[name] as Obj | Obj[] | undefined;
          if (LIST_SECTIONS.has(name)) {
            const list = (Array.isArray(section) ? section : []) as Obj[];
            if (list.length === 0) list.push({});
            cur[name] = list;
            section = list[0]!;
          } else if (!last && (section === undefined || typeof section !== 'object')) {
            section = {};
            cur[name] = section;
          }
          if (!last && section && !Array.isArray(section)) {
            const s = section as Obj;
            if (clause.ref && s.ref === undefined) s.ref = clause.ref;
            if (clause.text && s.ref === clause.ref)
              s.wording = { ...(s.wording as Obj), ...wordingOf(clause.text) };
            cur = s;
            continue;
          }
        }
        if (last) {
          if (LIST_FIELDS.has(v.field)) {
            const list = (Array.isArray(cur[name]) ? cur[name] : []) as string[];
            if (!list.includes(v.value)) list.push(v.value);
            cur[name] = list;
          } else cur[name] = NUMBER_FIELD.test(name) ? Number(v.value) : v.value;
          break;
        }
        if (keyed) {
          const list = (Array.isArray(cur[name]) ? cur[name] : []) as Obj[];
          cur[name] = list;
          const keyField = KEY_OF[name] ?? 'id';
          let item = list.find((x) => x[keyField] === keyed[2]);
          if (!item) {
            item = { [keyField]: keyed[2], ref: clause.ref };
            list.push(item);
          }
          cur = item;
          continue;
        }
        if (cur[name] === undefined || typeof cur[name] !== 'object') cur[name] = {};
        cur = cur[name] as Obj;
      }
    });
  });
  return { agreement: a as unknown as Agreement, problems };
}

/** The next version of a stored agreement, from a date: what confirming a draft against it makes. */
export function nextVersionOf(current: Agreement, effectiveFrom: string): Agreement {
  return {
    ...structuredClone(current),
    version: current.version + 1,
    supersedes: current.version,
    effective_from: effectiveFrom,
  };
}
