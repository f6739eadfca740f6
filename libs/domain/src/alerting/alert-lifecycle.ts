export type AlertStatus = 'open' | 'acknowledged' | 'resolved';
export type AlertCommand = 'acknowledge' | 'resolve';

/** open -> acknowledged -> resolved; open -> resolved. Returns the new status or why not. */
export function transition(status: AlertStatus, command: AlertCommand): { ok: true; status: AlertStatus } | { ok: false; reason: string } {
  if (status === 'resolved') return { ok: false, reason: 'the alert is already resolved' };
  if (command === 'acknowledge') {
    return status === 'open' ? { ok: true, status: 'acknowledged' } : { ok: false, reason: 'the alert is already acknowledged' };
  }
  return { ok: true, status: 'resolved' };
}
