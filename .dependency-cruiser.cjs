// The layer rules of DESIGN.md ("Arrows point inward"), checked by `npm run lint:deps`
// (part of `npm test`). Type-only imports count: a cycle through a type is still a cycle.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycle between files, type-only imports included: put a type two modules share in the lower one.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      severity: 'error',
      scope: 'folder',
      comment: 'No import cycle between folders either.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'configuration-is-the-base',
      severity: 'error',
      comment:
        'Every layer reads the typed configuration and the list of languages, so config.ts, the credential formats it checks and languages.ts import no layer: ' +
        'a folder-level cycle through src/ would otherwise go unseen, as src/ holds every folder.',
      from: { path: '^src/(config|credential-formats|languages)\\.ts$' },
      to: { path: '^src/[^/]+/' },
    },
    {
      name: 'layers-know-no-composition-root',
      severity: 'error',
      comment: 'Only the entry points (server, worker, service, app) put the layers together; no layer imports them.',
      from: { path: '^src/[^/]+/' },
      to: { path: '^src/[^/]+\\.ts$', pathNot: '^src/(config|credential-formats|languages)\\.ts$' },
    },
    {
      name: 'engine-knows-no-domain',
      severity: 'error',
      comment: 'The engine reaches journeys, storage, evidence and hand-off only through the ports the composition root passes in.',
      from: { path: '^src/engine/' },
      to: { path: '^src/(journeys|rules|store|evidence|handoff|notify)/' },
    },
    {
      name: 'rules-are-pure',
      severity: 'error',
      comment: 'Domain rules are pure: they import no other layer of the service.',
      from: { path: '^src/rules/' },
      to: { path: '^src/', pathNot: '^src/(rules|dates)/' },
    },
    {
      name: 'dates-are-neutral',
      severity: 'error',
      comment: 'Calendar dates are used by the engine and the rules alike, so they import neither (nor anything else of the service).',
      from: { path: '^src/dates/' },
      to: { path: '^src/', pathNot: '^src/dates/' },
    },
    {
      name: 'store-knows-no-http',
      severity: 'error',
      comment: 'The store knows SQL, not HTTP, journeys, the engine, evidence checks or hand-off.',
      from: { path: '^src/store/' },
      to: { path: '^src/(web|engine|journeys|handoff|evidence)/' },
    },
    {
      name: 'journeys-are-data',
      severity: 'error',
      comment: 'A journey is data: it reaches storage through ports the composition root passes in, never src/store.',
      from: { path: '^src/journeys/' },
      to: { path: '^src/store/' },
    },
    {
      name: 'sql-only-in-store',
      severity: 'error',
      comment: 'All SQL lives in src/store: only the store talks to the database drivers.',
      from: { path: '^src/', pathNot: '^src/store/' },
      to: { path: 'node_modules/(pg|@electric-sql/pglite)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
