// Lint, including the layering rule of design.md: folders are named after where their code
// may run, and an import across the line is reported as "bad layering".
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'crypto', 'events', 'fs', 'fs/promises', 'http', 'https', 'module',
  'net', 'os', 'path', 'process', 'stream', 'url', 'util', 'worker_threads', 'zlib',
];

const noElectron = {
  name: 'electron',
  message: 'bad layering: electron/core 与 shared 必须能在纯 Node 中运行，不得引入 electron',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tools/**', 'electron/core/db/migrations/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron],
        patterns: [
          { group: ['react', 'react-dom', 'react-dom/*', 'antd', 'antd/*'], message: 'bad layering: electron/core 不得引入界面代码' },
          { group: ['**/renderer/**', '**/electron/main/**', '**/electron/preload/**'], message: 'bad layering: electron/core 不得依赖 main、preload 或 renderer' },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'window', message: 'bad layering: electron/core 中没有 DOM' },
        { name: 'document', message: 'bad layering: electron/core 中没有 DOM' },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron, ...nodeBuiltins.map((name) => ({ name, message: 'bad layering: shared 两端共用，不得使用 Node API' }))],
        patterns: [
          { group: ['node:*'], message: 'bad layering: shared 两端共用，不得使用 Node API' },
          { group: ['react', 'react-dom', 'antd', 'antd/*'], message: 'bad layering: shared 不得引入界面代码' },
          { group: ['**/electron/**', '**/renderer/**', 'better-sqlite3*', 'drizzle-orm*', 'exceljs', 'pdfmake*'], message: 'bad layering: shared 只放契约、代码表和纯规则' },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'window', message: 'bad layering: shared 中没有 DOM' },
        { name: 'document', message: 'bad layering: shared 中没有 DOM' },
        { name: 'process', message: 'bad layering: shared 中没有 Node' },
        { name: 'Buffer', message: 'bad layering: shared 中没有 Node' },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'bad layering: renderer 只能通过 window.api 访问主进程' },
          ...nodeBuiltins.map((name) => ({ name, message: 'bad layering: renderer 中没有 Node API' }))],
        patterns: [
          { group: ['node:*'], message: 'bad layering: renderer 中没有 Node API' },
          { group: ['**/electron/core/**', '**/electron/main/**', 'better-sqlite3*', 'drizzle-orm*', 'exceljs', 'pdfmake*'], message: 'bad layering: renderer 不得引入 electron/core 或 Node 模块，请调用 window.api' },
          { group: ['**/electron/preload/**'], allowTypeImports: true, message: 'bad layering: renderer 只能以类型方式引用 preload' },
        ],
      }],
    },
  },
  {
    // The main process's decisions, tested under plain Node; index/ipc/protocol/security.ts are the glue.
    files: ['electron/main/policy.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'bad layering: electron/main/policy.ts 只放纯函数，须能在纯 Node 中测试，不得引入 electron' }],
      }],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/electron/core/**', 'better-sqlite3*', 'node:*'], message: 'bad layering: preload 保持精简，只转发 IPC' }],
      }],
    },
  },
);
