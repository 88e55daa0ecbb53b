import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTree, formatTreePath } from './tree.ts';
import { answerAt, describeWalk, endOf } from './walk.ts';

const t = (s: string) => ({ en: s, zh: `中${s}` });

/** A tree as YAML gives it, to break on purpose. */
// biome-ignore lint/suspicious/noExplicitAny: broken on purpose, field by field
type RawTree = Record<string, any>;

const E12 = {
  key: 'ch900-e12',
  product: 'CH-900',
  faultCode: 'E12',
  title: t('E12'),
  start: 'airflow',
  nodes: {
    airflow: {
      question: t('Is the condenser clean?'),
      answers: [
        { label: t('yes'), next: 'reset' },
        { label: t('no'), next: 'clean' },
      ],
    },
    clean: { end: 'solved', text: t('Clean it') },
    reset: {
      question: t('Alarm after reset?'),
      answers: [
        { label: t('no'), next: 'clean' },
        { label: t('yes'), next: 'tech' },
        { label: t('fan broken'), next: 'part' },
      ],
    },
    tech: { end: 'technician', text: t('Compressor suspected') },
    part: { end: 'part', partCategory: 'condenser', text: t('Order a fan') },
  },
};

describe('checkTree', () => {
  it('accepts a well-made tree in both languages', () => {
    const r = checkTree(structuredClone(E12), ['compressor', 'condenser']);
    expect(r.ok).toBe(true);
  });

  it('names the field of each problem: missing Chinese, unknown next, unknown end, unknown key', () => {
    const raw = structuredClone(E12) as RawTree;
    raw.title = { en: 'E12' };
    raw.nodes.airflow.answers[1].next = 'nowhere';
    raw.nodes.tech.end = 'pray';
    raw.nodes.clean.colour = 'red';
    const r = checkTree(raw);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const places = r.problems.map((p) => `${formatTreePath(p.path)}:${p.kind}`);
    expect(places).toEqual(
      expect.arrayContaining([
        'title.zh:missing',
        'nodes.airflow.answers[1].next:unknown_node',
        'nodes.tech.end:not_in_vocabulary',
        'nodes.clean.colour:unknown_key',
      ]),
    );
    expect(r.problems.find((p) => p.kind === 'not_in_vocabulary')!.message).toContain(
      'solved, technician, part',
    );
  });

  it("refuses a part category outside the product's vocabulary, naming the allowed ones", () => {
    const r = checkTree(structuredClone(E12), ['compressor']);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems[0]).toMatchObject({
        kind: 'not_in_vocabulary',
        path: ['nodes', 'part', 'partCategory'],
      });
  });

  it('refuses a cycle and an unreachable node', () => {
    const raw = structuredClone(E12) as RawTree;
    raw.nodes.reset.answers[0].next = 'airflow';
    raw.nodes.lonely = { end: 'solved', text: t('x') };
    const r = checkTree(raw);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.kind).sort()).toEqual(['cycle', 'unreachable']);
    expect(formatTreePath(r.problems.find((p) => p.kind === 'cycle')!.path)).toBe(
      'nodes.reset.answers[0].next',
    );
  });
});

/** Random trees: node i's answers lead to any node j (forward only makes a DAG; any j may cycle). */
const randomTree = (forwardOnly: boolean) =>
  fc
    .integer({ min: 2, max: 25 })
    .chain((n) =>
      fc.tuple(
        fc.constant(n),
        fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), { minLength: n, maxLength: n }),
        fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      ),
    )
    .map(([n, targets, isEnd]) => {
      const nodes: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const last = i === n - 1;
        if ((isEnd[i] && i > 0) || (forwardOnly && last)) {
          nodes[`n${i}`] = { end: 'solved', text: t(`end ${i}`) };
          continue;
        }
        const answers = targets[i]!.map((x) => ({
          label: t(`a${x}`),
          next: `n${forwardOnly ? i + 1 + (x % (n - i - 1)) : x % n}`,
        }));
        nodes[`n${i}`] = { question: t(`q${i}`), answers };
      }
      return { key: 'k', product: 'P', faultCode: 'F', title: t('T'), start: 'n0', nodes };
    });

describe('walking, for any tree', () => {
  it('every walk of an accepted tree ends at an end node, within as many steps as there are nodes', () => {
    fc.assert(
      fc.property(randomTree(true), fc.array(fc.nat(), { maxLength: 40 }), (raw, choices) => {
        const r = checkTree(raw);
        // Forward-only trees have no cycle; they may leave nodes unreachable, which is refused.
        fc.pre(r.ok);
        if (!r.ok) return;
        const tree = r.value;
        let at = tree.start;
        const steps = [];
        for (let i = 0; endOf(tree.nodes[at]) === null; i++) {
          const node = tree.nodes[at]!;
          const count = node.kind === 'question' ? node.answers.length : 1;
          const step = answerAt(tree, at, (choices[i] ?? 0) % count);
          expect(step.ok).toBe(true);
          if (!step.ok) return;
          steps.push(step.step);
          at = step.next;
          expect(steps.length).toBeLessThanOrEqual(Object.keys(tree.nodes).length);
        }
        expect(tree.nodes[at]!.kind).toBe('end');
      }),
      { numRuns: 300 },
    );
  });

  it('a tree is accepted only if no walk can come back to a node already passed', () => {
    fc.assert(
      fc.property(randomTree(false), (raw) => {
        const r = checkTree(raw);
        // Find a cycle the slow way: from every reachable node, can we come back to it?
        const nodes = raw.nodes as Record<string, { answers?: { next: string }[] }>;
        const nextOf = (id: string) => (nodes[id]!.answers ?? []).map((a) => a.next);
        const reach = (from: string) => {
          const seen = new Set<string>();
          const todo = nextOf(from);
          while (todo.length) {
            const id = todo.pop()!;
            if (seen.has(id)) continue;
            seen.add(id);
            todo.push(...nextOf(id));
          }
          return seen;
        };
        const reachable = reach('n0').add('n0');
        const cyclic = [...reachable].some((id) => reach(id).has(id));
        if (cyclic) expect(r.ok).toBe(false);
        if (r.ok) expect(cyclic).toBe(false);
        if (!r.ok && cyclic) expect(r.problems.some((p) => p.kind === 'cycle')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses an answer out of range and an answer after the end', () => {
    const r = checkTree(structuredClone(E12));
    if (!r.ok) throw new Error('tree refused');
    expect(answerAt(r.value, 'airflow', 5)).toMatchObject({ ok: false, reason: 'no_such_answer' });
    expect(answerAt(r.value, 'clean', 0)).toMatchObject({ ok: false, reason: 'not_a_question' });
  });

  it('describes the path in the reader language', () => {
    const r = checkTree(structuredClone(E12));
    if (!r.ok) throw new Error('tree refused');
    const s1 = answerAt(r.value, 'airflow', 0);
    const s2 = answerAt(r.value, 'reset', 1);
    if (!s1.ok || !s2.ok) throw new Error('walk refused');
    const end = r.value.nodes.tech!;
    if (end.kind !== 'end') throw new Error('not an end');
    const zh = describeWalk(r.value, [s1.step, s2.step], { kind: 'technician', text: end.text }, 'zh');
    expect(zh).toContain('1. 中Is the condenser clean? — 中yes');
    expect(zh).toContain('结论：中Compressor suspected');
  });
});
