// No global setup: the scenarios start (and break) a Kafka, Postgres and Redis of their own.
module.exports = require('../../jest.preset.js')(__dirname, { testTimeout: 900_000, maxWorkers: 1 });
