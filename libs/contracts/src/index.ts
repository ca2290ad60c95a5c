export * from './temporal';
export * from './case';
export * from './events';
export * from './activities';
