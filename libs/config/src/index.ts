export * from './load-config';
export * from './settings';
export * from './clock';
