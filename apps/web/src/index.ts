export * from './config';
export * from './web.factory';
export { deriveStoreKey, SessionSealer, signedStoreHeaders, type SealedSession } from './session/store-crypto';
