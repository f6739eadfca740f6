/** Injection token of the validated ScoringConfig. */
export const SCORING_CONFIG = Symbol('SCORING_CONFIG');
