export * from './data-source';
export * from './entities/case.orm-entity';
export * from './entities/case-event.orm-entity';
export { migrations } from './migrations';
export * from './agenda/agenda.repository';
export * from './agenda/default-agencies';
export * from './event-log/event-hash';
export * from './blobs/blob-store';
export { expectedAnswerHash, passwordLinkTokenHash } from './credentials/credential-hashes';
