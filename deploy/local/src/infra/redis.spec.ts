import { redisStartCommand } from './redis';

describe('redisStartCommand', () => {
  it('starts a daemonized, loopback-only, non-persistent server logging into the state dir', () => {
    expect(redisStartCommand(6380, '/state').join(' ')).toBe(
      'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6380 --save  --appendonly no --dir /state --logfile /state/logs/redis.log',
    );
  });
});
