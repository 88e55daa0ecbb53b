// Areas (src/app/<area>, src/domain/<area>) must not import each other in a circle, even when no
// single file does: dependency-cruiser's own cycle rule sees files only. This reads its graph
// collapsed to areas (stdin, `--collapse ... --output-type json`) and fails on any area cycle.
let text = '';
process.stdin.on('data', (d) => (text += d));
process.stdin.on('end', () => {
  const { modules } = JSON.parse(text);
  const area = /^src\/(app|domain)\/[^/.]+\/?$/;
  const edges = new Map();
  for (const m of modules) {
    const from = m.source.replace(/\/$/, '');
    if (!area.test(from)) continue;
    const to = m.dependencies
      .map((d) => d.resolved.replace(/\/$/, ''))
      .filter((r) => area.test(r) && r !== from);
    edges.set(from, new Set(to));
  }
  const cycles = [];
  const state = new Map();
  const stack = [];
  const visit = (node) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of edges.keys()) if (!state.has(node)) visit(node);
  if (cycles.length > 0) {
    for (const c of cycles) console.error(`  error no-area-cycles: ${c}`);
    console.error(`\nx ${cycles.length} area cycle(s): areas must depend on each other one way.`);
    process.exit(1);
  }
  console.log(`✔ no area cycles (${edges.size} areas)`);
});
