import { StageLatency, percentiles } from './stage-latency';

describe('StageLatency', () => {
  it('times each purchase from its send to the first output counting it, whichever is seen first', () => {
    const stage = new StageLatency('score');
    stage.onSent('a', 1, 1_000);
    stage.onReached('a', 1, 1_040);
    stage.onReached('b', 2, 2_100); // before its sends are seen
    stage.onSent('b', 1, 2_000);
    stage.onSent('b', 2, 2_050);

    expect(stage.samples.map((s) => s.ms).sort((x, y) => x - y)).toEqual([40, 50, 100]);
    expect(stage.completed(() => true)).toBe(3);
    expect(stage.behind(() => true)).toEqual([]);
  });

  it('ends a run at the last purchase it scored, not when the drain was noticed', () => {
    const stage = new StageLatency('score');
    stage.onSent('run1-a', 1, 0);
    stage.onReached('run1-a', 1, 300);
    stage.onSent('run1-b', 1, 10);
    stage.onReached('run1-b', 1, 700);
    stage.onReached('run2-c', 1, 9_000);
    stage.onSent('run1-d', 1, 20); // refunded in full: never scored

    expect(stage.lastReachedAt((c) => c.startsWith('run1-'))).toBe(700);
    expect(stage.lastReachedAt((c) => c.startsWith('run3-'))).toBeUndefined();
    expect(stage.behind((c) => c.startsWith('run1-'))).toEqual(['run1-d']);
  });
});

describe('percentiles', () => {
  it('reads nearest-rank percentiles of unsorted samples', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentiles(values)).toEqual({ samples: 100, p50: 51, p95: 96, p99: 100, max: 100 });
  });
});
