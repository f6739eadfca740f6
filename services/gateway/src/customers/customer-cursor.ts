import { ProblemException, problem } from '@churn/http';

/** Keyset position: the sort value and id of the last row of a page (opaque to clients). */
export interface CursorPosition {
  value: number | string;
  id: string;
}

export const encodeCursor = (position: CursorPosition): string => Buffer.from(JSON.stringify(position)).toString('base64url');

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const { value: v, id } = value as Partial<CursorPosition>;
    if ((typeof v === 'number' || typeof v === 'string') && typeof id === 'string') return { value: v, id };
  } catch {
    // falls through to the 400
  }
  throw new ProblemException(problem(400, 'cursor is not one this API returned'));
}
