export * from './app.factory';
export * from './config/api.config';
export * from './auth/token.service';
export * from './auth/principal';
