import type { components } from './api-types';

/**
 * The answers of the API's officer routes whose OpenAPI document declares no schema yet, in
 * one place (the client's methods are typed by them; paths, parameters and bodies are typed by
 * the document). Where the document has the shape, it is used.
 */
type Schemas = components['schemas'];

export type QueuePage = Schemas['QueuePageDto'];
export type QueueCounts = Schemas['QueueCountsDto'];
export type QueueItem = Schemas['QueueItemDto'];
export type DeskCase = Schemas['DeskCaseDto'];
export type PoderReview = Schemas['PoderReviewDto'];
export type PoderRegistryEntry = Schemas['PoderRegistryEntryDto'];

export interface Paged<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface LegalInboxItem {
  caseId: string;
  poderId: string;
  attorneyName: string;
  employerId: string;
  requestedAt: string;
  dueAt: string;
  businessMsLeft: number;
  overdue: boolean;
  remindedAt: string | null;
  escalatedAt: string | null;
}

export interface AuditEvent {
  seq: number;
  type: string;
  what: string;
  actor: { id: string; role: string };
  at: string;
  data: Record<string, unknown>;
}

export interface AuditAction {
  kind: 'event' | 'access';
  caseId: string;
  seq: number | null;
  type: string;
  what: string;
  actor: { id: string; role: string };
  at: string;
  data: Record<string, unknown> | null;
}

export interface ChainReport {
  valid: boolean;
  events: number;
  expectedEvents: number;
  headHash?: string;
  missingSeqs: number[];
  alteredSeqs: number[];
  findings: Array<{ message: string }>;
}

export interface ReplayReport {
  replaysCleanly: boolean;
  error?: string;
  verdict: string;
  historySource: string;
  historyEvents: number;
  status: string | null;
}

export interface Checkpoint {
  number: number;
  signedAt?: string;
  createdAt?: string;
  cases?: number;
  keyId?: string;
  [k: string]: unknown;
}

export interface CaseRead {
  caseId: string;
  actorId: string;
  actorRole: string;
  action: string;
  at: string;
}

export interface CodecRead {
  actorId: string;
  actorRole: string;
  action: string;
  workflowId: string | null;
  payloads: number;
  at: string;
}

export type OfficerAccessRow = Record<string, string | null>;

export interface AdminAgency {
  id: string;
  province: string;
  name: string;
  address: string;
  opensAt: string;
  closesAt: string;
  slotMinutes: number;
  seatsPerSlot: number;
}

export interface Holiday {
  day: string;
  name: string;
  createdBy: string;
}

export interface DaySlot {
  slotId: string;
  startsAt: string;
  capacity: number;
  booked: number;
}

export interface ProviderOfficer {
  username: string;
  sub: string;
  name: string;
  role: string;
  agencyId: string | null;
  province: string | null;
}
