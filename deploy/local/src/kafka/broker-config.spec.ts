import { newClusterId, renderJvmArgs, renderServerProperties } from './broker-config';

function parseProperties(text: string): Map<string, string> {
  const entries = text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('=', 2) as [string, string]);
  return new Map(entries);
}

describe('renderServerProperties', () => {
  const settings = { host: '127.0.0.1', port: 19092, controllerPort: 19093, dataDir: '/tmp/stack/kafka/data' };

  it('renders a combined broker+controller node on the given ports', () => {
    const props = parseProperties(renderServerProperties(settings));

    expect(props.get('process.roles')).toBe('broker,controller');
    expect(props.get('controller.quorum.voters')).toBe(`${props.get('node.id')}@127.0.0.1:19093`);
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19092');
    expect(props.get('log.dirs')).toBe('/tmp/stack/kafka/data');
  });

  it('applies the single-node settings', () => {
    const props = parseProperties(renderServerProperties(settings));

    expect(props.get('offsets.topic.replication.factor')).toBe('1');
    expect(props.get('transaction.state.log.replication.factor')).toBe('1');
    expect(props.get('transaction.state.log.min.isr')).toBe('1');
    expect(props.get('group.initial.rebalance.delay.ms')).toBe('0');
    expect(props.get('auto.create.topics.enable')).toBe('false');
  });

  it('rejects a controller port equal to the client port', () => {
    expect(() => renderServerProperties({ ...settings, controllerPort: 19092 })).toThrow(/must differ/);
  });
});

describe('newClusterId', () => {
  it('is 16 bytes in URL-safe base64 without padding, never starting with "-"', () => {
    for (let i = 0; i < 200; i += 1) {
      const id = newClusterId();
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
      expect(Buffer.from(id, 'base64url')).toHaveLength(16);
    }
  });
});

describe('renderJvmArgs', () => {
  it('caps the heap, points log4j at the config and puts every cached jar on the classpath', () => {
    const args = renderJvmArgs({
      heapMb: 384,
      libDir: '/cache/3.9.1/libs',
      log4jConfig: '/repo/log4j.properties',
      logsDir: '/state/logs/kafka',
    });

    expect(args).toContain('-Xmx384m');
    expect(args).toContain('-Dlog4j.configuration=file:/repo/log4j.properties');
    expect(args).toContain('-Dkafka.logs.dir=/state/logs/kafka');
    expect(args.slice(-2)).toEqual(['-cp', '/cache/3.9.1/libs/*']);
  });
});
