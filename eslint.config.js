// Lint rules of tokex: the determinism bans and layer boundaries of DESIGN.md
// sections 3 and 6, enforced where the compiler cannot.
//
// - Determinism (src/core, tests beside the code excepted): no clock, randomness,
//   timers, process, console, crypto or I/O; only relative imports. Each ban's
//   message says what to use instead.
// - Layers: kernel imports nothing outside kernel; model imports only kernel; any
//   other context imports kernel, model, itself, and other contexts only through
//   their index.ts; nothing in core reaches src/store, server, client, sim or cli;
//   src/client does not import src/server.
// - Style the compiler does not catch: no enum or namespace, no default export in src.
//
// no-restricted-imports matches the import text, not the resolved path, so the
// layer patterns are generated per directory depth (DEPTH_MAX levels below a
// context). A later block replaces an earlier block's options for the same rule,
// so every block below lists its complete set of patterns or selectors.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** Directory levels below src/core/<ctx>/ (and below src/client/) that get layer rules. */
const DEPTH_MAX = 6;

/** `(../){n}` as a regex source. */
const up = (n) => `(?:\\.\\./){${n}}`;

// ---------------------------------------------------------------------------
// Determinism bans (src/core, not *.test.ts).

const coreGlobals = [
  { name: 'Date', message: 'The core has no clock: time arrives as ctx.tsMs from the sequencer (ApplyContext).' },
  { name: 'performance', message: 'The core has no clock: measure latency in src/server or bench/.' },
  ...['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask'].map((name) => ({
    name,
    message: 'The core is synchronous: time-driven work arrives as a command sent by the clock in src/server.',
  })),
  {
    name: 'process',
    message: 'The core reads no environment or argv: configuration arrives as arguments; I/O belongs in src/store or src/server.',
  },
  { name: 'console', message: 'The core does not log: emit events (or assert) and let src/server log.' },
  { name: 'crypto', message: 'For randomness use Prng from kernel with a seed passed in; hashing belongs in a pure kernel function.' },
  { name: 'fetch', message: 'I/O belongs in src/store or src/server.' },
  { name: 'Buffer', message: 'Node-only API: use Uint8Array; I/O belongs in src/store or src/server.' },
  { name: 'require', message: 'The core imports only relative ES modules.' },
  ...['globalThis', 'global'].map((name) => ({
    name,
    message: 'The core reaches for nothing global: pass what you need in as an argument.',
  })),
  ...['WeakRef', 'FinalizationRegistry'].map((name) => ({
    name,
    message: 'Garbage-collector timing is not deterministic: hold explicit references with a limit.',
  })),
  { name: 'Intl', message: 'Locale-dependent output is not deterministic: format with kernel/decimal.ts.' },
];

const coreProperties = [
  { object: 'Math', property: 'random', message: 'Use Prng from kernel with a seed passed in.' },
  ...['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString', 'localeCompare'].map((property) => ({
    property,
    message: 'Locale-dependent results are not deterministic: compare with < and >, format with kernel/decimal.ts.',
  })),
];

const corePackagePatterns = [
  { regex: '^node:', message: 'The core is pure: node:* is I/O or platform; I/O belongs in src/store or src/server.' },
  {
    regex: '^(?!\\.|node:)',
    message: 'The core imports no packages, only relative paths: I/O belongs in src/store or src/server, helpers in kernel.',
  },
];

// ---------------------------------------------------------------------------
// Layer patterns. `depth` is the number of `../` that leads from the file to the
// directory holding its layer (src/core for contexts, src for client).

const canonicalPattern = {
  regex: '^\\./\\.\\./|/\\./|[^.]/\\.\\./',
  message: 'Write relative imports in canonical form (no ./../, a/../ or /./), so the layer rules can read them.',
};

const leaveCorePattern = (depth) => ({
  regex: `^${up(depth + 1)}`,
  message: 'Nothing in src/core imports from outside src/core (store, server, client, sim, cli): dependencies point inward.',
});

const kernelPatterns = (depth) => [
  canonicalPattern,
  { regex: `^${up(depth)}`, message: 'src/core/kernel imports nothing outside kernel.' },
];

const modelPatterns = (depth) => [
  canonicalPattern,
  leaveCorePattern(depth),
  { regex: `^${up(depth)}(?!kernel/|\\.\\./)`, message: 'src/core/model imports only kernel.' },
];

const contextPatterns = (depth) => [
  canonicalPattern,
  leaveCorePattern(depth),
  {
    regex: `^${up(depth)}(?!kernel/|model/|\\.\\./)[^/]+/(?!index\\.ts$)`,
    message: 'Import another context only through its index.ts (../<ctx>/index.ts); files of this context with ./ paths.',
  },
];

const clientPatterns = (depth) => [
  canonicalPattern,
  {
    regex: `^${up(depth)}server(?:/|$)`,
    message: 'src/client must not import src/server: the SDK talks to the server over the wire; shared types live in src/core/model.',
  },
];

/** Globs for files exactly `depth` directory levels below `base` (depth 1: base/*.ts). */
const atDepth = (base, depth) => [`${base}/${'*/'.repeat(depth - 1)}*.ts`];

// ---------------------------------------------------------------------------
// Syntax bans.

const typeScriptOnlySyntax = [
  { selector: 'TSEnumDeclaration', message: 'No TypeScript enum: use an `as const` array or object and a union type.' },
  {
    // `declare global` and `declare module 'pkg'` stay possible for ambient typings.
    selector: "TSModuleDeclaration[kind='namespace'], TSModuleDeclaration[kind='module'][id.type='Identifier']",
    message: 'No TypeScript namespace: use an ES module.',
  },
];

const srcSyntax = [
  ...typeScriptOnlySyntax,
  { selector: 'ExportDefaultDeclaration', message: 'No default exports: export named bindings.' },
  { selector: "ExportSpecifier[exported.name='default']", message: 'No default exports: export named bindings.' },
];

const coreSyntax = [
  ...srcSyntax,
  { selector: 'ImportExpression', message: 'No dynamic import in the core: loading modules is I/O; compose in src/server.' },
];

// ---------------------------------------------------------------------------

/** The rule set for core files at `depth` below their layer, with or without the determinism bans. */
function coreRules(patterns, { tests }) {
  if (tests) return { 'no-restricted-imports': ['error', { patterns }] };
  return {
    'no-restricted-imports': ['error', { patterns: [...corePackagePatterns, ...patterns] }],
    'no-restricted-globals': ['error', ...coreGlobals],
    'no-restricted-properties': ['error', ...coreProperties],
    'no-restricted-syntax': ['error', ...coreSyntax],
  };
}

/** Blocks for one core layer (contexts, model or kernel): per depth, code and tests beside it. */
function coreLayerBlocks(base, patternsAt) {
  const blocks = [];
  for (let depth = 1; depth <= DEPTH_MAX; depth++) {
    const files = atDepth(base, depth);
    const patterns = patternsAt(depth);
    blocks.push({ files, ignores: ['**/*.test.ts'], rules: coreRules(patterns, { tests: false }) });
    const testFiles = files.map((glob) => glob.replace(/\.ts$/, '.test.ts'));
    blocks.push({ files: testFiles, rules: coreRules(patterns, { tests: true }) });
  }
  return blocks;
}

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    '**/coverage/',
    'var/',
    'ui/build/',
    '.bench-out/',
    'test-artifacts/',
  ]),

  js.configs.recommended,

  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-restricted-syntax': ['error', ...typeScriptOnlySyntax],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Off: branded units (Ticks = number & brand) are intersections, which this rule
      // reports as non-numeric, so `-priceTicks` would fail; tsc checks the operand types.
      '@typescript-eslint/no-unsafe-unary-minus': 'off',
    },
  },

  {
    files: ['**/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },

  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...srcSyntax],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },

  // Files directly in src/core (none yet): pure, and inside core.
  {
    files: ['src/core/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: coreRules([canonicalPattern, leaveCorePattern(0)], { tests: false }),
  },

  // Contexts first, then model and kernel, whose blocks replace the generic ones.
  ...coreLayerBlocks('src/core/*', contextPatterns),
  ...coreLayerBlocks('src/core/model', modelPatterns),
  ...coreLayerBlocks('src/core/kernel', kernelPatterns),

  // The web app (ui/, React): typed lint for .tsx as for .ts; like src, no default export
  // and no `any`; and it reaches the server through the SDK only (DESIGN.md section 3:
  // "ui/ web app (uses client/ only)").
  {
    files: ['ui/**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['ui/src/**/*.ts', 'ui/src/**/*.tsx'],
    rules: {
      'no-restricted-syntax': ['error', ...srcSyntax],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            canonicalPattern,
            {
              regex: '^(?:\\.\\./)+src/(?!client/index\\.ts$)',
              message: 'The web app talks to the server through the SDK only: import ../../../src/client/index.ts.',
            },
          ],
        },
      ],
    },
  },

  ...Array.from({ length: DEPTH_MAX }, (_, i) => ({
    files: atDepth('src/client', i + 1),
    rules: { 'no-restricted-imports': ['error', { patterns: clientPatterns(i + 1) }] },
  })),
);
