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
/** The same, with dynamic import() turned into require() for the Fastify adapter's lazily loaded plugins (@fastify/cors…). */
const swcRequiringDynamic = ['@swc/jest', { ...swc[1], module: { type: 'commonjs', ignoreDynamic: false } }];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  transform: { 'node_modules/@nestjs/platform-fastify/.+\\.js$': swcRequiringDynamic, '^.+\\.(t|j|mj)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|nestjs-pino|@bull-board|file-type|uid|load-esm|light-my-request|cookie|@fastify|content-disposition)/)'],
};
