// Jest global setup for integration projects: brings up Kafka, Postgres and Redis (or reuses
// running ones) once per jest run and hands their addresses to the workers via the environment.
// Plain JS on the built library, because jest loads global setup outside its module resolver.
module.exports = async function globalSetup() {
  const { startTestInfrastructure } = require('@churn/testing');
  const infrastructure = await startTestInfrastructure();
  Object.assign(process.env, infrastructure.endpoints);
  globalThis.__CHURN_TEST_INFRA__ = infrastructure;
};
