/**
 * System tests: the BUILT api and worker (api/dist, worker/dist) as child processes against a
 * fresh PostgreSQL database, Redis (a random queue prefix, or a private redis-server the test
 * may restart) and each other. Run by `npm test` after the build; alone:
 *   npm run build -w @constellation/shared -w @constellation/api -w @constellation/worker
 *   npx jest -c infra/system/jest.config.js --runInBand
 */
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>'],
  testMatch: ['**/*.system-spec.ts'],
  testTimeout: 420_000,
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
};
