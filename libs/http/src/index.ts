export * from './problem-details';
export * from './problem-details.filter';
export * from './create-http-app';
