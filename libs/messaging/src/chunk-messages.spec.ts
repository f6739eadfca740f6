import { chunkMessages } from './chunk-messages';

describe('chunkMessages', () => {
  const message = (size: number) => ({ key: 'k', value: 'x'.repeat(size) });

  it('keeps every chunk under the byte limit and every message in order', () => {
    const messages = Array.from({ length: 100 }, (_, i) => ({ key: String(i), value: 'v'.repeat(1000) }));
    const chunks = chunkMessages(messages, 10_000);
    expect(chunks.length).toBeGreaterThan(9);
    expect(chunks.flat()).toEqual(messages);
    for (const chunk of chunks) {
      expect(chunk.reduce((sum, m) => sum + String(m.value).length + String(m.key).length + 64, 0)).toBeLessThanOrEqual(10_000);
    }
  });

  it('sends an oversized message alone instead of dropping it', () => {
    const chunks = chunkMessages([message(10), message(50_000), message(10)], 1_000);
    expect(chunks.map((c) => c.length)).toEqual([1, 1, 1]);
  });

  it('returns nothing for nothing', () => {
    expect(chunkMessages([], 1_000)).toEqual([]);
  });
});
