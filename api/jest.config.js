/**
 * Unit tests: pure functions and services with mocked repositories.
 * NestJS 12 ships ES modules; Jest on Node 20 cannot require(esm), so swc compiles
 * those packages to CommonJS on the fly (cached after the first run).
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs', ignoreDynamic: true },
  },
];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|nestjs-pino|@bull-board|file-type|uid|load-esm)/)'],
};
