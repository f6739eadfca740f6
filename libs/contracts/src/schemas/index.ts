export * from './common';
export * from './purchase';
export * from './interaction';
export * from './dead-letter';
export * from './score';
