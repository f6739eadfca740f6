export * from './topics';
export * from './money';
export * from './schemas';
export * from './validation';
export * from './asyncapi';
