export * from './app.factory';
export * from './config/api.config';
