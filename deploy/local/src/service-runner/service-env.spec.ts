import { buildServiceEnv, type StackEndpoints } from './service-env';

const endpoints: StackEndpoints = {
  kafkaBrokers: ['127.0.0.1:9092', '127.0.0.1:9094'],
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/churn',
  redisUrl: 'redis://127.0.0.1:6379',
  topicPrefix: 'dev',
  logLevel: 'debug',
};
const ingestion = { name: 'ingestion', entry: 'services/ingestion/dist/main.js', port: 3001 };

describe('buildServiceEnv', () => {
  it('gives the service its port and the stack endpoints', () => {
    expect(buildServiceEnv(ingestion, endpoints, {})).toEqual({
      PORT: '3001',
      KAFKA_BROKERS: '127.0.0.1:9092,127.0.0.1:9094',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/churn',
      REDIS_URL: 'redis://127.0.0.1:6379',
      TOPIC_PREFIX: 'dev',
      LOG_LEVEL: 'debug',
    });
  });

  it('keeps the rest of the environment but overrides stale stack settings from the shell', () => {
    const env = buildServiceEnv(ingestion, endpoints, {
      PATH: '/usr/bin',
      PORT: '8080',
      DATABASE_URL: 'postgres://elsewhere/db',
    });

    expect(env['PATH']).toBe('/usr/bin');
    expect(env['PORT']).toBe('3001');
    expect(env['DATABASE_URL']).toBe(endpoints.databaseUrl);
  });
});
