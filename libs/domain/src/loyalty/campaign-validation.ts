import type { Campaign } from './earning-rules';

const CHANNELS = ['online', 'store', 'app', 'partner'] as const;

/**
 * The largest campaign multiplier (10x). A bonus is a percentage of base points, so a typo such as
 * 20000 for 200 would issue a hundred times what was meant on every purchase in the window: the
 * kind of bug that issued 2 million points by mistake (domain.md §3).
 */
export const MAX_CAMPAIGN_MULTIPLIER_PERCENT = 1_000;

/**
 * Why a campaign cannot be added (empty when it can). Campaigns need no notice period because
 * they only ever add points (a multiplier above 100%), but they must not start before they are
 * announced: postings pick campaigns by the event's time, and a back-dated campaign would reach
 * events already posted without it, so a replay into a fresh ledger would post more points than
 * the first run did. The window is half-open, [startsAt, endsAt), and must not be empty.
 */
export function campaignProblems(campaign: Campaign, announcedAt: number): string[] {
  const problems: string[] = [];
  const { multiplierPercent, startsAt, endsAt, channels } = campaign;
  if (
    !Number.isSafeInteger(multiplierPercent) ||
    multiplierPercent <= 100 ||
    multiplierPercent > MAX_CAMPAIGN_MULTIPLIER_PERCENT
  ) {
    problems.push(`multiplierPercent must be a whole number above 100 and at most ${MAX_CAMPAIGN_MULTIPLIER_PERCENT}`);
  }
  if (!Number.isFinite(startsAt) || startsAt < announcedAt) {
    problems.push('startsAt must not be before the campaign is added (no back-dating)');
  }
  if (!Number.isFinite(endsAt) || !(endsAt > startsAt)) problems.push('endsAt must be after startsAt');
  if (channels !== undefined) {
    if (channels.length === 0) problems.push('channels must name at least one channel (omit it for all channels)');
    if (channels.some((c) => !(CHANNELS as readonly string[]).includes(c))) {
      problems.push(`channels must be among ${CHANNELS.join(', ')}`);
    }
    if (new Set(channels).size !== channels.length) problems.push('channels must not repeat');
  }
  return problems;
}
