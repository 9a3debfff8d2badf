import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', '.tsbuild/**', 'artifacts/**', 'node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'No enums: use string unions or frozen const objects.' },
        { selector: 'ExportDefaultDeclaration', message: 'No default exports: use named exports.' },
      ],
    },
  },
  { files: ['**/*.config.{js,ts}'], rules: { 'no-restricted-syntax': 'off' } },
  // Published coefficients (Cody, AS241, Jäckel) are quoted with all their digits, as their sources print them.
  { files: ['engine/pricing/**/*.ts'], rules: { 'no-loss-of-precision': 'off' } },
  { files: ['relay/bin/*.mjs'], languageOptions: { globals: { process: 'readonly' } } },
);
