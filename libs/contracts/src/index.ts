export * from './temporal';
export * from './case';
export * from './poder';
export * from './events';
export * from './activities';
export * from './notifications';
export * from './credential';
export * from './event-log';
