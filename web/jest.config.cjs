/**
 * Unit tests for the web app's plain TypeScript (form adapter, api client, helpers).
 * Components are covered end to end by Playwright (e2e/).
 */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  moduleNameMapper: { '^@constellation/shared$': '<rootDir>/../shared/src/index.ts' },
};
