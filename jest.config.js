/** ESM TypeScript under jest: run through `npm test` (node --experimental-vm-modules). */
export default {
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        useESM: true,
        tsconfig: 'tsconfig.json',
        // type errors are caught by `npm run lint` (tsc --noEmit); 151002 is a warning about nodenext that does not apply
        diagnostics: { ignoreCodes: [151002], exclude: ['**'] },
        astTransformers: { before: ['<rootDir>/test/support/swagger-plugin.cjs'] },
      },
    ],
  },
  testTimeout: 60000,
  maxWorkers: process.env.TEST_DATABASE_URL ? 1 : '50%',
};
