// Shared Jest settings for every project. SWC transpiles TypeScript (with decorator metadata for
// NestJS) without type-checking; `npm run typecheck` does the type-checking once for the workspace.
const path = require('node:path');

/**
 * @param {string} projectDir
 * @param {{ infrastructure?: boolean } & import('jest').Config} [options]
 *   infrastructure: the project has integration tests that need Kafka, Postgres and Redis
 *   (started or reused once per jest run by @churn/testing's global setup).
 */
module.exports = function jestConfig(projectDir, { infrastructure = false, ...overrides } = {}) {
  const infra = infrastructure
    ? {
        globalSetup: require.resolve('./libs/testing/jest/global-setup.js'),
        globalTeardown: require.resolve('./libs/testing/jest/global-teardown.js'),
        testTimeout: 60_000,
      }
    : {};
  return {
    displayName: path.relative(__dirname, projectDir),
    rootDir: projectDir,
    testEnvironment: 'node',
    // Resolve workspace packages to their TypeScript sources, so tests never need a build.
    testEnvironmentOptions: { customExportConditions: ['@churn/source', 'node', 'require', 'default'] },
    transform: {
      '^.+\\.ts$': [
        '@swc/jest',
        {
          jsc: {
            parser: { syntax: 'typescript', decorators: true },
            transform: { legacyDecorator: true, decoratorMetadata: true },
            target: 'es2022',
          },
          module: { type: 'commonjs' },
          sourceMaps: 'inline',
        },
      ],
    },
    moduleFileExtensions: ['ts', 'js', 'json'],
    testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
    ...infra,
    ...overrides,
  };
};
