import type { TopicSpec } from '@churn/contracts';
import { topicConfigs } from './topics';

const catalogue: TopicSpec[] = [
  { name: 'orders.v1', description: 'orders', partitions: 6, retentionMs: 604_800_000 },
  { name: 'orders.dlq.v1', description: 'rejected orders', partitions: 1, retentionMs: 2_592_000_000 },
];

describe('topicConfigs', () => {
  it('takes partitions and retention from the catalogue, with one replica', () => {
    expect(topicConfigs(catalogue)).toEqual([
      {
        topic: 'orders.v1',
        numPartitions: 6,
        replicationFactor: 1,
        configEntries: [{ name: 'retention.ms', value: '604800000' }],
      },
      {
        topic: 'orders.dlq.v1',
        numPartitions: 1,
        replicationFactor: 1,
        configEntries: [{ name: 'retention.ms', value: '2592000000' }],
      },
    ]);
  });

  it('namespaces the names with the prefix', () => {
    expect(topicConfigs(catalogue, 'run42').map((config) => config.topic)).toEqual([
      'run42.orders.v1',
      'run42.orders.dlq.v1',
    ]);
  });
});
