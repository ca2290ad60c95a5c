import { openOutboxText, sealOutboxText } from './sealed-body';

/** SMS texts are sealed under a key of their own, apart from the emails' (ADR 0029). */
const SMS_BODY = 'sms-outbox-body:v1';

/** Seals an SMS text for the outbox, as the emails' bodies are (ADR 0008). */
export const sealSmsBody = (secret: string, key: string, text: string): Buffer => sealOutboxText(SMS_BODY, secret, key, text);

/** Opens a sealed SMS text; throws when sealed with another secret, for another row, or altered. */
export const openSmsBody = (secret: string, key: string, sealed: Uint8Array): string => openOutboxText(SMS_BODY, secret, key, sealed);
