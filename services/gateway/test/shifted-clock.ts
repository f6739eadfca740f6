import { Clock } from '@churn/config';

/** Real time moved to another start: ticks like the system clock, so "newest wins" still orders events. */
export class ShiftedClock extends Clock {
  private readonly offsetMs: number;

  constructor(start: number) {
    super();
    this.offsetMs = start - Date.now();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}
