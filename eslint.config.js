import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '.adminjs/**', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  {
    // admin/ and reports/ sit on top of the modules; only the composition root (app.module, app.factory, main,
    // the entity list) and the tests import them
    files: ['src/{auth,customers,sales,enrollment,teaching,feedback,health,config,database}/**/*.ts'],
    ignores: ['src/database/entities.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/admin/**', '**/reports/**'], message: 'Business modules must not import admin/ or reports/' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'customers',
                'sales',
                'enrollment',
                'teaching',
                'feedback',
                'auth',
                'reports',
                'admin',
                'database',
              ].map((module) => `../../${module}/**`),
              message: 'common/ never imports a business module',
            },
          ],
        },
      ],
    },
  },
);
