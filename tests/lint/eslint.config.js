// Lint rules that keep the architecture honest. Lives under tests/ so the top level stays
// as agreed; run with `npm run lint`.
import tseslint from 'typescript-eslint';
import react from 'eslint-plugin-react';

// The import direction and library ownership are checked by tests/unit/architecture.test.ts,
// which resolves each import against its file (a lint pattern cannot tell ../db from ./db).

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '.test-data/**', '**/*.json'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  { files: ['tests/**/*.{ts,tsx}'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
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
