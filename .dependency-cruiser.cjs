// The import rules of `src`, checked by `npm run deps` (dependency-cruiser).
//
// Layers, bottom to top: core < model < scenario < engines < ensemble, output < cli. Imports flow
// downward only. The engines must also run in a browser's Web Worker, so they see no Node API, no
// zod and no yaml: they read the compiled scenario (src/scenario/compiled*.ts), plain data that
// the scenario layer has already checked.
//
// Type-only imports count: a rule about what a layer may know holds for its types too.

/** What the engines may import: core, model, the compiled scenario and themselves. */
const ENGINE_WORLD = '^src/(core|model|engines)/|^src/scenario/compiled[^/]*[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment:
        'Every import resolves, so that no rule below is passed by an import the cruiser could not follow.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import circles anywhere in src: each file can be read (and tested) after the files it imports.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'core-imports-nothing-of-ours',
      severity: 'error',
      comment: 'src/core is the floor: random streams, expressions, errors. It imports only itself.',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'model-sits-on-core',
      severity: 'error',
      comment: 'src/model (reaction networks, events, interventions) imports only src/core and itself.',
      from: { path: '^src/model/' },
      to: { path: '^src/', pathNot: '^src/(core|model)/' },
    },
    {
      name: 'engines-import-only-core-model-compiled',
      severity: 'error',
      comment:
        'An engine reads only src/core, src/model, the compiled scenario (src/scenario/compiled*.ts) and ' +
        'src/engines: no other part of the scenario layer, nothing above it, and no package.',
      from: { path: '^src/engines/' },
      to: { pathNot: ENGINE_WORLD },
    },
    {
      name: 'portable-layers-use-no-node-builtins',
      severity: 'error',
      comment: 'src/core, src/model and src/engines run in a browser too: no Node built-in module.',
      from: { path: '^src/(core|model|engines)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'portable-layers-use-no-zod-yaml',
      severity: 'error',
      comment:
        'Validation (zod) and parsing (yaml) belong to the scenario layer, not to core, model or engines.',
      from: { path: '^src/(core|model|engines)/' },
      to: { path: '(^|/)node_modules/(zod|yaml)/' },
    },
    {
      name: 'top-layers-not-imported-from-below',
      severity: 'error',
      comment:
        'src/ensemble, src/output and src/cli sit on top: core, model, scenario and engines never import them.',
      from: { path: '^src/(core|model|scenario|engines)/' },
      to: { path: '^src/(ensemble|output|cli)/' },
    },
    {
      name: 'cli-is-the-top',
      severity: 'error',
      comment: 'Nothing imports src/cli: it is the command, the thinnest layer on top of the rest.',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'scenario-below-engines',
      severity: 'warn',
      comment:
        'The scenario layer compiles input for the engines, so it should not need them. A warning, not an ' +
        'error: a table that both validate and run (the behaviour units) may have to live with the engines.',
      from: { path: '^src/scenario/' },
      to: { path: '^src/engines/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
