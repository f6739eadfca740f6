/** Injection token of the validated ChurnPredictionConfig. */
export const CHURN_PREDICTION_CONFIG = Symbol('CHURN_PREDICTION_CONFIG');
