import { Clock } from '@churn/config';

/** A clock the test moves: both services read it, so a silent customer ages on demand. */
export class ManualClock extends Clock {
  constructor(private current: number) {
    super();
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
