/**
 * The sufficient statistics of the BG/NBD and Pareto/NBD models for one customer
 * (Fader, Hardie & Lee 2005, section 3): x = frequency, t_x = recency, T = age.
 */
export interface FrequencyRecencyAge {
  /** Number of repeat purchase days (purchase days minus one). */
  readonly frequency: number;
  /** Time from the first to the last purchase day, in the summary's time unit. */
  readonly recency: number;
  /** Time from the first purchase day to the calibration end, in the summary's time unit. */
  readonly T: number;
}

/** Frequency plus the Gamma-Gamma spend statistic (mean spend per repeat purchase day). */
export interface FrequencyMonetary {
  readonly frequency: number;
  /** Mean spend per repeat purchase day; any consistent money unit (the fitted v is in it too). */
  readonly monetary: number;
}
