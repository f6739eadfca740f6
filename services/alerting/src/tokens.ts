/** Injection token of the validated AlertingConfig. */
export const ALERTING_CONFIG = Symbol('ALERTING_CONFIG');
