export * from './loopback';
export * from './infrastructure';
export * from './test-namespace';
export * from './topic-reader';
export * from './eventually';
export * from './consumed-record';
