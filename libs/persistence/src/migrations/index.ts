import { InitialSchema1700000000000 } from './1700000000000-initial-schema';
import { InPersonCases1700000000100 } from './1700000000100-in-person-cases';
import { EmailOutbox1700000000400 } from './1700000000400-email-outbox';
import { AccessLog1700000000500 } from './1700000000500-access-log';
import { ComplaintsAndUploads1700000000600 } from './1700000000600-complaints-and-uploads';
import { HistoryArchive1700000000700 } from './1700000000700-history-archive';
import { PortalCredentials1700000000800 } from './1700000000800-portal-credentials';
import { EmailDispatch1700000000900 } from './1700000000900-email-dispatch';
import { AppendOnlyEventLog1700000001000 } from './1700000001000-append-only-event-log';
import { PersonDocuments1700000001100 } from './1700000001100-person-documents';
import { WorkflowHistoryArchive1700000001200 } from './1700000001200-workflow-history-archive';
import { CodecAccessLog1700000001400 } from './1700000001400-codec-access-log';
import { PoderReviewWorkflowId1700000001401 } from './1700000001401-poder-review-workflow-id';
import { FollowCodes1700000001500 } from './1700000001500-follow-codes';
import { CredentialLinkUses1700000001550 } from './1700000001550-credential-link-uses';
import { OfficerBackOffice1700000001600 } from './1700000001600-officer-back-office';
import { DeskWorkQueues1700000001650 } from './1700000001650-desk-work-queues';
import { CaseListOverdueIndex1700000001700 } from './1700000001700-case-list-overdue-index';
import { KeysetListIndexes1700000001750 } from './1700000001750-keyset-list-indexes';
import { ReadModelAutovacuum1700000001850 } from './1700000001850-read-model-autovacuum';
import { SealedWebSessions1700000001900 } from './1700000001900-sealed-web-sessions';
import { AppendOnlyRegistries1700000001950 } from './1700000001950-append-only-registries';
import { EventLogCheckpointRefusals1700000001951 } from './1700000001951-event-log-checkpoint-refusals';
import { WorkflowStartClaims1700000001960 } from './1700000001960-workflow-start-claims';
import { CaseStartRequestSearchTerms1700000002000 } from './1700000002000-case-start-request-search-terms';
import { CaseFilings1700000002100 } from './1700000002100-case-filings';
import { OfficerDirectory1700000002200 } from './1700000002200-officer-directory';
import { CaseAssignmentLog1700000002201 } from './1700000002201-case-assignment-log';
import { AgencyDayCallsAndDeeds1700000002400 } from './1700000002400-agency-day-calls-and-deeds';
import { SmsOutboxAndWaitingList1700000002500 } from './1700000002500-sms-outbox-and-waiting-list';
import { CaseLanguages1700000003100 } from './1700000003100-case-languages';
import { DeskBookings1700000003300 } from './1700000003300-desk-bookings';
import { OfficerPersonReads1700000003450 } from './1700000003450-officer-person-reads';
import { SeatHolds1700000003500 } from './1700000003500-seat-holds';
import { FilingAppointmentReference1700000003600 } from './1700000003600-filing-appointment-reference';

/** Every migration, in order. New ones are appended here. */
export const migrations = [
  InitialSchema1700000000000,
  InPersonCases1700000000100,
  EmailOutbox1700000000400,
  AccessLog1700000000500,
  ComplaintsAndUploads1700000000600,
  HistoryArchive1700000000700,
  PortalCredentials1700000000800,
  EmailDispatch1700000000900,
  AppendOnlyEventLog1700000001000,
  PersonDocuments1700000001100,
  WorkflowHistoryArchive1700000001200,
  CodecAccessLog1700000001400,
  PoderReviewWorkflowId1700000001401,
  FollowCodes1700000001500,
  CredentialLinkUses1700000001550,
  OfficerBackOffice1700000001600,
  DeskWorkQueues1700000001650,
  CaseListOverdueIndex1700000001700,
  KeysetListIndexes1700000001750,
  ReadModelAutovacuum1700000001850,
  SealedWebSessions1700000001900,
  AppendOnlyRegistries1700000001950,
  EventLogCheckpointRefusals1700000001951,
  WorkflowStartClaims1700000001960,
  CaseStartRequestSearchTerms1700000002000,
  CaseFilings1700000002100,
  OfficerDirectory1700000002200,
  CaseAssignmentLog1700000002201,
  AgencyDayCallsAndDeeds1700000002400,
  SmsOutboxAndWaitingList1700000002500,
  CaseLanguages1700000003100,
  DeskBookings1700000003300,
  OfficerPersonReads1700000003450,
  SeatHolds1700000003500,
  FilingAppointmentReference1700000003600,
];
