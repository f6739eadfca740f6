import { MS_PER_DAY } from '../time/time-unit';

/**
 * Whether one more alert may reach a channel: fewer than `maxAlerts` of the customer's alerts
 * reached one within the rolling window ending now (instants in ms).
 */
export function withinContactBudget(reachedChannelAt: readonly number[], now: number, limit: { maxAlerts: number; windowDays: number }): boolean {
  const since = now - limit.windowDays * MS_PER_DAY;
  return reachedChannelAt.filter((t) => t > since && t <= now).length < limit.maxAlerts;
}
