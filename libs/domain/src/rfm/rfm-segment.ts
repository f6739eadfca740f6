import { type RfmScore, type RfmScoreValue } from './rfm-score';

export type RfmSegment =
  | 'Champions'
  | 'Loyal'
  | 'Potential Loyalist'
  | 'New'
  | 'Promising'
  | 'Need Attention'
  | 'About to Sleep'
  | 'At Risk'
  | 'Cannot Lose Them'
  | 'Hibernating'
  | 'Lost';

export const RFM_SEGMENTS: ReadonlyArray<RfmSegment> = [
  'Champions',
  'Loyal',
  'Potential Loyalist',
  'New',
  'Promising',
  'Need Attention',
  'About to Sleep',
  'At Risk',
  'Cannot Lose Them',
  'Hibernating',
  'Lost',
];

/**
 * The standard R-versus-FM segment grid: the widely used "RFM segmentation map" (rows R, columns
 * the combined FM score) that marketing tools publish as the regex table
 *   [1-2][1-2] Hibernating, [1-2][3-4] At Risk, [1-2]5 Cannot Lose Them, 3[1-2] About to Sleep,
 *   33 Need Attention, [3-4][4-5] Loyal, 41 Promising, 51 New, [4-5][2-3] Potential Loyalist,
 *   5[4-5] Champions,
 * with "Lost" carved out of Hibernating for the lowest recency row (R = 1, FM <= 2), the
 * customers the eleven-segment variants call lost.
 *
 *            FM=1             FM=2                FM=3                FM=4               FM=5
 *   R=5  New              Potential Loyalist  Potential Loyalist  Champions          Champions
 *   R=4  Promising        Potential Loyalist  Potential Loyalist  Loyal              Loyal
 *   R=3  About to Sleep   About to Sleep      Need Attention      Loyal              Loyal
 *   R=2  Hibernating      Hibernating         At Risk             At Risk            Cannot Lose Them
 *   R=1  Lost             Lost                At Risk             At Risk            Cannot Lose Them
 */
export const RFM_SEGMENT_GRID: Readonly<
  Record<RfmScoreValue, readonly [RfmSegment, RfmSegment, RfmSegment, RfmSegment, RfmSegment]>
> = {
  5: ['New', 'Potential Loyalist', 'Potential Loyalist', 'Champions', 'Champions'],
  4: ['Promising', 'Potential Loyalist', 'Potential Loyalist', 'Loyal', 'Loyal'],
  3: ['About to Sleep', 'About to Sleep', 'Need Attention', 'Loyal', 'Loyal'],
  2: ['Hibernating', 'Hibernating', 'At Risk', 'At Risk', 'Cannot Lose Them'],
  1: ['Lost', 'Lost', 'At Risk', 'At Risk', 'Cannot Lose Them'],
};

export function rfmSegment(score: Pick<RfmScore, 'r' | 'fm'>): RfmSegment {
  return RFM_SEGMENT_GRID[score.r][score.fm - 1];
}
