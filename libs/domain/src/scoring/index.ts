export * from './scoring-parameters';
export * from './prior-parameters';
export * from './customer-score';
export * from './score-customer';
export * from './score-customers';
export * from './fit-scoring-parameters';
