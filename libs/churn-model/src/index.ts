export * from './logger';
export * from './backend';
export * from './architectures';
export * from './standardizer';
export * from './describe-driver';
export * from './churn-model';
export * from './train-churn-model';
export * from './artifact';
