/** Integration tests: the real Redis (a random queue prefix per suite) and a real SMTP server. */
const base = require('./jest.config.js');
module.exports = {
  ...base,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.int-spec.ts'],
  testTimeout: 30000,
};
