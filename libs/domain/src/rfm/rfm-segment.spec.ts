import { RFM_SEGMENTS, RFM_SEGMENT_GRID, rfmSegment } from './rfm-segment';
import { type RfmScoreValue } from './rfm-score';

describe('RFM segments', () => {
  it('maps the corners and named cells of the R x FM grid', () => {
    expect(rfmSegment({ r: 5, fm: 5 })).toBe('Champions');
    expect(rfmSegment({ r: 5, fm: 1 })).toBe('New');
    expect(rfmSegment({ r: 4, fm: 1 })).toBe('Promising');
    expect(rfmSegment({ r: 3, fm: 3 })).toBe('Need Attention');
    expect(rfmSegment({ r: 1, fm: 5 })).toBe('Cannot Lose Them');
    expect(rfmSegment({ r: 2, fm: 4 })).toBe('At Risk');
    expect(rfmSegment({ r: 2, fm: 1 })).toBe('Hibernating');
    expect(rfmSegment({ r: 1, fm: 1 })).toBe('Lost');
  });

  it('uses every one of the eleven segments and nothing else', () => {
    const used = new Set<string>();
    for (const r of [1, 2, 3, 4, 5] as RfmScoreValue[])
      for (const fm of [1, 2, 3, 4, 5] as RfmScoreValue[]) used.add(rfmSegment({ r, fm }));
    expect([...used].sort()).toEqual([...RFM_SEGMENTS].sort());
    expect(RFM_SEGMENTS).toHaveLength(11);
  });

  it('never ranks a more recent customer with the same FM into a worse-recency segment row', () => {
    // Lost/Hibernating exist only in low-R rows; Champions and New only in R = 5.
    for (const fm of [0, 1, 2, 3, 4]) {
      expect(['Lost', 'Hibernating']).not.toContain(RFM_SEGMENT_GRID[5][fm]);
      expect(['Champions', 'New']).not.toContain(RFM_SEGMENT_GRID[1][fm]);
    }
  });
});
