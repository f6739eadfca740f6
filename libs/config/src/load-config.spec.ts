import { Type } from '@sinclair/typebox';
import { ConfigError, loadConfig } from './load-config';
import { KafkaSettings, brokerList } from './settings';

const Schema = Type.Object({ ...KafkaSettings, PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 3001 }) });

describe('loadConfig', () => {
  it('applies defaults that work on one machine', () => {
    expect(loadConfig(Schema, {})).toEqual({ KAFKA_BROKERS: '127.0.0.1:9092', TOPIC_PREFIX: '', PORT: 3001 });
  });

  it('coerces numbers from strings and ignores unrelated variables', () => {
    expect(loadConfig(Schema, { PORT: '8080', HOME: '/root' })).toEqual({ KAFKA_BROKERS: '127.0.0.1:9092', TOPIC_PREFIX: '', PORT: 8080 });
  });

  it('lists every problem at once', () => {
    expect(() => loadConfig(Schema, { PORT: 'eighty', TOPIC_PREFIX: 'has space' })).toThrow(ConfigError);
    try {
      loadConfig(Schema, { PORT: 'eighty', TOPIC_PREFIX: 'has space' });
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });

  it('splits broker lists', () => {
    expect(brokerList(' a:1, b:2 ,')).toEqual(['a:1', 'b:2']);
  });
});
