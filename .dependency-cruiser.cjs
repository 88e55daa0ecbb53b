/**
 * The import directions of DESIGN.md: http, cli -> app -> store, domain; store -> domain types;
 * domain imports nothing with I/O. main.ts and config.ts are the composition root.
 * Tests may reach across layers (they build fixtures), so the layer rules look at non-test files.
 */
const NOT_TEST = '\\.test\\.ts$';
/** Pure libraries the domain may use (date and calendar math); anything else from npm is I/O until shown otherwise. */
const DOMAIN_LIBRARIES =
  '^(chinese-days|date-holidays|@js-temporal/polyfill|temporal-polyfill|iso8601-duration|canonicalize)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Cycles make layers meaningless.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain holds rules only: no other layer, no Node built-ins, no I/O libraries.',
      from: { path: '^src/domain', pathNot: NOT_TEST },
      // Resolved packages show as node_modules/<name>/...: allow the listed libraries there too.
      to: { pathNot: ['^src/domain', DOMAIN_LIBRARIES, `^node_modules/${DOMAIN_LIBRARIES.slice(1)}/`] },
    },
    {
      name: 'store-below-app',
      severity: 'error',
      comment: 'store knows the database and domain types, not the use cases or the transports.',
      from: { path: '^src/store', pathNot: NOT_TEST },
      to: { path: '^src/(app|http|cli|main\\.ts|config\\.ts)' },
    },
    {
      name: 'app-below-transports',
      severity: 'error',
      comment: 'Use cases do not know whether HTTP or the CLI called them.',
      from: { path: '^src/app', pathNot: NOT_TEST },
      to: { path: '^src/(http|cli|main\\.ts)' },
    },
    {
      name: 'transports-through-app',
      severity: 'error',
      comment: 'http and cli translate; they reach the database only through use cases.',
      from: { path: '^src/(http|cli)', pathNot: NOT_TEST },
      to: { path: '^src/store' },
    },
    {
      name: 'web-over-http-only',
      severity: 'error',
      comment: 'The web pages talk to the server over HTTP and may share only the contract types.',
      from: { path: '^web' },
      to: { path: '^src/', pathNot: '^src/http/contracts' },
    },
    {
      name: 'area-through-its-surface',
      severity: 'error',
      comment:
        'An area (src/app/<area>, src/domain/<area>) is reached from outside only through its index.ts: what it exports there is its public surface.',
      from: { path: '^src/(app|domain)/([^/]+)/', pathNot: NOT_TEST },
      to: {
        path: '^src/(app|domain)/[^/]+/',
        pathNot: ['^src/$1/$2/', '^src/(app|domain)/[^/]+/(index|labels)\\.ts$'],
      },
    },
    {
      name: 'transports-through-surfaces',
      severity: 'error',
      comment: "http, cli and the composition root reach use cases and rules through the areas' index.ts.",
      from: { path: '^src/(http|cli|main\\.ts|config\\.ts|store)', pathNot: NOT_TEST },
      to: { path: '^src/(app|domain)/[^/]+/', pathNot: '^src/(app|domain)/[^/]+/(index|labels)\\.ts$' },
    },
    {
      name: 'labels-stay-light',
      severity: 'error',
      comment:
        'Label files reach the browser through the contracts: they import other labels only, never an area index that pulls the rules (and their libraries) into the page bundle.',
      from: { path: '^src/domain/([^/]+/labels|label)\\.ts$' },
      to: { path: '^src/domain/[^/]+/index\\.ts$' },
    },
    {
      name: 'no-test-code-in-production',
      severity: 'error',
      from: { path: '^src', pathNot: NOT_TEST },
      to: { path: '(^test/|\\.test\\.ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
