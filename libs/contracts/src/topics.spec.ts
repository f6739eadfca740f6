import { Topics, logicalTopicName, topicName } from './topics';

describe('topic names', () => {
  it('prefixes and unprefixes as inverses', () => {
    expect(topicName(Topics.purchases, 'test.abc')).toBe('test.abc.purchases.v1');
    expect(logicalTopicName('test.abc.purchases.v1', 'test.abc')).toBe(Topics.purchases);
    expect(logicalTopicName(topicName(Topics.purchasesDlq), '')).toBe(Topics.purchasesDlq);
  });

  it('leaves a topic of another namespace as it is', () => {
    expect(logicalTopicName('other.purchases.v1', 'test.abc')).toBe('other.purchases.v1');
  });
});
