// The layer rules of DESIGN.md: each folder of src/ may import only the folders listed here.
const allowed = {
  abi: [],
  lib: [],
  kernel: ['abi', 'lib'],
  syscalls: ['kernel', 'abi', 'lib'],
  procfs: ['syscalls', 'kernel', 'abi', 'lib'],
  image: ['syscalls', 'procfs', 'kernel', 'abi', 'lib'],
  host: ['abi', 'lib'],
  api: ['syscalls', 'procfs', 'image', 'kernel', 'abi', 'lib'],
  scenario: ['api', 'session', 'host', 'abi', 'lib'],
  supervisor: ['syscalls', 'procfs', 'image', 'kernel', 'host', 'abi', 'lib'],
  session: ['supervisor', 'image', 'abi', 'lib'],
  cli: [
    'api',
    'scenario',
    'supervisor',
    'session',
    'host',
    'image',
    'procfs',
    'syscalls',
    'kernel',
    'abi',
    'lib',
  ],
};
const layers = Object.keys(allowed);

const forbidden = layers.map((layer) => {
  const others = layers.filter((l) => l !== layer && !allowed[layer].includes(l));
  return {
    name: `layer-${layer}`,
    comment: `src/${layer} may import only: ${allowed[layer].join(', ') || 'nothing'}`,
    severity: 'error',
    from: { path: `^src/${layer}/` },
    to: { path: others.length ? `^src/(${others.join('|')})/` : '^$' },
  };
});
forbidden.push(
  {
    name: 'src-not-into-test-or-bench',
    severity: 'error',
    from: { path: '^src/' },
    to: { path: '^(test|bench)/' },
  },
  {
    name: 'no-circular',
    severity: 'error',
    from: {},
    to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
  },
  {
    name: 'pure-model-no-node-builtins',
    comment: 'the model (abi, lib, kernel, syscalls, procfs, image) does no I/O',
    severity: 'error',
    from: { path: '^src/(abi|lib|kernel|syscalls|procfs|image)/' },
    to: { dependencyTypes: ['core'] },
  },
);

module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
