export * from './config';
export * from './web.factory';
export { deriveStoreKey, SessionSealer, signedStoreHeaders } from './session/store-crypto';
