import { Clock } from '@churn/config';

/** A clock the test moves by hand. */
export class ManualClock extends Clock {
  constructor(private current: number) {
    super();
  }

  now(): Date {
    return new Date(this.current);
  }

  advanceDays(days: number): void {
    this.current += days * 86_400_000;
  }
}
