import { ProblemException, problem } from '@churn/http';

export interface AlertCursor {
  openedAt: string;
  alertId: string;
}

/** Opaque keyset cursor over (openedAt, alertId), newest first. */
export function encodeCursor(cursor: AlertCursor): string {
  return Buffer.from(JSON.stringify([cursor.openedAt, cursor.alertId]), 'utf8').toString('base64url');
}

export function decodeCursor(text: string): AlertCursor {
  try {
    const [openedAt, alertId] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    if (typeof openedAt === 'string' && typeof alertId === 'string' && !Number.isNaN(Date.parse(openedAt))) return { openedAt, alertId };
  } catch {
    // fall through to the 400 below
  }
  throw new ProblemException(problem(400, 'cursor is not one this API returned'));
}
