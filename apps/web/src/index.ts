export * from './config';
export * from './web.factory';
