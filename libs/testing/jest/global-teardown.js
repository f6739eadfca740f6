module.exports = async function globalTeardown() {
  await globalThis.__CHURN_TEST_INFRA__?.stop();
};
