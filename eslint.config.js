// ESLint flat config: typescript-eslint's type-checked recommended rules for the source, tests,
// fixtures, scripts and benchmarks (types from tsconfig.json through the project service).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench/tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off'
    }
  },
  {
    files: ['__tests__/**/*.ts'],
    rules: {
      // jest types its asymmetric matchers (expect.any, expect.stringContaining, …) as `any`,
      // so every toMatchObject({ field: expect.… }) would be flagged; the values are only compared.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // Test doubles implement Promise-returning interfaces; an async body without an await is
      // the plainest way to write one, and a missing await in a test fails the test anyway.
      '@typescript-eslint/require-await': 'off'
    }
  },
  {
    // Plain JavaScript (configs, .mjs scripts) is outside tsconfig.json: lint it without types.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked
  }
)
