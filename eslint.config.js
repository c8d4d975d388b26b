// ESLint: typescript-eslint's strict, type-aware rules over every TypeScript file
// (npm run lint, part of npm test). Formatting is Prettier's job
// (eslint-config-prettier turns off the rules that would fight it).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['node_modules/', 'data/', 'coverage/', 'tmp/', 'public/'] },
  {
    files: ['{src,test,bench,scripts,examples}/**/*.ts', '*.ts'],
    extends: [js.configs.recommended, tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked, prettier],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A number in a message or a path prints the same everywhere; anything else
      // (undefined, null, an array, an object) in a template is a bug.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowAny: false, allowBoolean: false, allowNullish: false, allowRegExp: false, allowNever: false },
      ],
      // `return res.redirect(...)` / `return next()` is how an express handler ends early;
      // rewriting each as two statements would find nothing.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // An `async` method without `await` keeps its promise contract (a throw becomes
      // a rejection); fakes and ports that implement an async interface are written so.
      '@typescript-eslint/require-await': 'off',
      // The code's own style: `string[]`, but `Array<{ … }>` for anything longer than a name.
      '@typescript-eslint/array-type': ['error', { default: 'array-simple' }],
      // `[...text]` splits a string into code points, on purpose: limits such as a file
      // name's 120 characters count code points (as JSON Schema's maxLength does).
      '@typescript-eslint/no-misused-spread': ['error', { allow: [{ from: 'lib', name: 'string' }] }],
      // A node-style callback's error is passed on as it came (pg, csrf-sync, express-session).
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // The leading `_` says a parameter is there for the signature only.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
);
