import { readFileSync } from 'node:fs';
import { kafkaPomPath, parsePinnedKafkaVersion } from './jars';

describe('parsePinnedKafkaVersion', () => {
  it('reads <kafka.version> from the pom', () => {
    expect(parsePinnedKafkaVersion('<properties><kafka.version> 3.9.1 </kafka.version></properties>')).toBe('3.9.1');
  });

  it('fails when the pom pins no version', () => {
    expect(() => parsePinnedKafkaVersion('<project/>')).toThrow(/kafka\.version/);
  });

  it('pins a 3.9.x release in the real pom: kafkajs needs protocol versions Kafka 4 removed', () => {
    expect(parsePinnedKafkaVersion(readFileSync(kafkaPomPath, 'utf8'))).toMatch(/^3\.9\.\d+$/);
  });
});
