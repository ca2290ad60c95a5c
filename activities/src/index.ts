export * from './create-activities';
export { canonicalJson, chainHash, GENESIS_HASH } from '@tramites/persistence';
export { createFileBlobStore, type BlobStore } from '@tramites/persistence';
export { signingKeysFromEnv, verificationKeysFromEnv, verifyStatement, type SigningKeys } from '@tramites/signing';
export { verificationCodeFor } from './appointments/verification-code.activity';
export { personKey } from './registries/person-key';
export { keyedPoderWorkflowId } from './registries/poder.activities';
export type { AffiliationRegistry } from './registries/affiliation-registry';
export { makeSendCaseEmail, type SendCaseEmailDependencies } from './notifications/send-case-email.activity';
export { passwordLinkToken } from './credentials/credential.activities';
export { temporalWitness } from './case-events/event-log-checkpoint.activity';
// The verifier of signed PDFs lives in libs/signing (the API judges uploads with it too).
export { loadTrustAnchors, verifyPdfSignature, type TrustAnchors } from '@tramites/signing';
export { makeQueueCaseSms, type QueueCaseSmsDependencies } from './notifications/queue-case-sms.activity';
export { WAITING_LIST_DEFAULTS, WaitingListOffers, offerTokenSha256, type WaitingListOffersDependencies } from './appointments/waiting-list-offers';
