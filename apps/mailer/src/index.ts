export * from './mailer.config';
