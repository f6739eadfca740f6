/** The time source, injectable so tests can pin "now" (timestamps are validated against it). */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
