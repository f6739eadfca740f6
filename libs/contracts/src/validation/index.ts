export * from './result';
export * from './schema-validator';
export * from './time-bounds';
export * from './purchase-normalizer';
export * from './interaction-normalizer';
export * from './json-payload';
