import type { Client } from '@temporalio/client';
import type { ActorAssertionActivities, CaseActivities, CredentialActivities, EventLogActivities } from '@tramites/contracts';
import { makeSignSignalAssertion, makeVerifyActorAssertion, makeVerifySignalAssertion, makeVerifyStartAssertion } from './auth/verify-actor-assertion.activity';
import { AgendaRepository, WorkflowStartClaimsRepository } from '@tramites/persistence';
import type { DataSource } from 'typeorm';
import { makeCredentialActivities } from './credentials/credential.activities';
import type { TrustAnchors } from '@tramites/signing';
import { makeAppointmentActivities } from './appointments/appointment.activities';
import { makeVerificationCodeActivities } from './appointments/verification-code.activity';
import { makeArchiveClosedHistories } from './case-events/archive-histories.activity';
import { makeRecordCaseEvent } from './case-events/record-case-event.activity';
import { makeTakeEventLogCheckpoint } from './case-events/event-log-checkpoint.activity';
import type { BlobStore } from '@tramites/persistence';
import { makeIssueDocument } from './issuance/issue-document.activity';
import type { SigningKeys } from '@tramites/signing';
import { makeSendCaseEmail } from './notifications/send-case-email.activity';
import { makeQueueCaseSms } from './notifications/queue-case-sms.activity';
import { WAITING_LIST_DEFAULTS, WaitingListOffers } from './appointments/waiting-list-offers';
import { databaseAffiliationRegistry, type AffiliationRegistry } from './registries/affiliation-registry';
import { makeForeignerCodeActivities } from './registries/foreigner-code.activity';
import { makePoderActivities } from './registries/poder.activities';
import { failFastOnDataErrors } from './shared/data-errors';

export interface ActivityDependencies {
  dataSource: DataSource;
  blobStore: BlobStore;
  signing: SigningKeys;
  /** Server secret for verification codes, verification numbers and sealed email bodies (never in the repo). */
  secret: string;
  /** Key the API signs the actors of updates with, which the workflows have verified (ADR 0014; never in the repo). */
  actorAssertionKey: string;
  /** Public page that verifies a document's QR code. */
  verifyBaseUrl: string;
  /** Defaults to the registries in our database. */
  registry?: AffiliationRegistry;
  /** Temporal client of the history archiver and of the checkpoint's witness (the worker passes it). */
  temporal?: Client;
  /** Portal page where a holder sets a password from the emailed link (003, 004). */
  portalBaseUrl?: string;
  /** Certification authorities accepted for electronic signatures (004, Ventanilla Virtual). */
  trustAnchors?: TrustAnchors;
  /** The applicants' pages (WEB_BASE_URL): the reminder's "Consultar mi trámite" and the waiting list's offer links. */
  webBaseUrl?: string;
  /** How long a freed seat is held for the first of the waiting list (ADR 0029). */
  waitingListHoldMinutes?: number;
}

export type AllActivities = CaseActivities & CredentialActivities & EventLogActivities & ActorAssertionActivities;

export const DEFAULT_PORTAL_BASE_URL = 'http://localhost:3000/portal/clave';
export const DEFAULT_WEB_BASE_URL = 'http://localhost:3001';

/** Every activity, bound to its dependencies (docs/architecture.md, the rooms). */
export function createActivities(deps: ActivityDependencies): AllActivities {
  const { dataSource } = deps;
  const agenda = new AgendaRepository(dataSource);
  const registry = deps.registry ?? databaseAffiliationRegistry(dataSource);
  const webBaseUrl = (deps.webBaseUrl ?? DEFAULT_WEB_BASE_URL).replace(/\/$/, '');
  const sendCaseEmail = makeSendCaseEmail({
    dataSource,
    secret: deps.secret,
    attachmentExists: (sha) => deps.blobStore.has(sha),
    manageUrl: `${webBaseUrl}/seguir`,
  });
  const waitingList = new WaitingListOffers({
    dataSource,
    secret: deps.secret,
    offerBaseUrl: `${webBaseUrl}/turno/lista/oferta`,
    holdMinutes: deps.waitingListHoldMinutes ?? WAITING_LIST_DEFAULTS.holdMinutes,
  });
  return failFastOnDataErrors<AllActivities>({
    recordCaseEvent: makeRecordCaseEvent(dataSource),
    verifyActorAssertion: makeVerifyActorAssertion(deps.actorAssertionKey),
    verifyStartAssertion: makeVerifyStartAssertion(deps.actorAssertionKey, new WorkflowStartClaimsRepository(dataSource)),
    signSignalAssertion: makeSignSignalAssertion(deps.actorAssertionKey),
    verifySignalAssertion: makeVerifySignalAssertion(deps.actorAssertionKey),
    sendCaseEmail,
    ...makeVerificationCodeActivities({ dataSource, secret: deps.secret, sendCaseEmail }),
    ...makeAppointmentActivities(agenda, waitingList),
    queueCaseSms: makeQueueCaseSms({ dataSource, secret: deps.secret, manageUrl: `${webBaseUrl}/seguir` }),
    ...makePoderActivities(dataSource, deps.secret),
    ...makeForeignerCodeActivities(dataSource),
    lookupRegistry: ({ holder }) => registry.lookup(holder),
    issueDocument: makeIssueDocument({
      dataSource,
      blobStore: deps.blobStore,
      signing: deps.signing,
      secret: deps.secret,
      verifyBaseUrl: deps.verifyBaseUrl,
      agencyName: async (agencyId) => (agencyId ? ((await agenda.agency(agencyId))?.name ?? agencyId) : 'IESS'),
    }),
    ...makeCredentialActivities({
      dataSource,
      secret: deps.secret,
      blobStore: deps.blobStore,
      sendCaseEmail,
      portalBaseUrl: deps.portalBaseUrl ?? DEFAULT_PORTAL_BASE_URL,
      ...(deps.trustAnchors ? { trustAnchors: deps.trustAnchors } : {}),
    }),
    takeEventLogCheckpoint: makeTakeEventLogCheckpoint({
      dataSource,
      signingKey: deps.signing.signingKey,
      ...(deps.temporal ? { temporal: deps.temporal } : {}),
    }),
    archiveClosedHistories: (input) => {
      if (!deps.temporal) throw new Error('the history archiver needs a Temporal client (ActivityDependencies.temporal)');
      return makeArchiveClosedHistories({ dataSource, temporal: deps.temporal })(input);
    },
  });
}
