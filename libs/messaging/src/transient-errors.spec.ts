import { isTransientError } from './transient-errors';

const withProps = (message: string, props: Record<string, unknown>): Error => Object.assign(new Error(message), props);

describe('isTransientError', () => {
  it.each([
    ['a refused connection', withProps('connect ECONNREFUSED', { code: 'ECONNREFUSED' })],
    ['a retriable kafkajs error', withProps('leader not available', { retriable: true })],
    ['a kafkajs connection error', withProps('broker down', { name: 'KafkaJSConnectionError' })],
    ['postgres shutting down', withProps('terminating connection due to administrator command', { code: '57P01' })],
    ['a postgres deadlock', withProps('deadlock detected', { code: '40P01' })],
    ['a dropped pg connection', new Error('Connection terminated unexpectedly')],
    ['a wrapped network error', withProps('publish failed', { cause: withProps('x', { code: 'ETIMEDOUT' }) })],
  ])('treats %s as transient', (_label, error) => {
    expect(isTransientError(error)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a constraint violation', withProps('duplicate key value', { code: '23505' })],
    ['a non-error', 'boom'],
  ])('treats %s as permanent', (_label, error) => {
    expect(isTransientError(error)).toBe(false);
  });
});
