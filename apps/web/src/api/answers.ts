import type { components } from './api-types';

/**
 * The answers of the API's officer routes, by the names the pages use: each one is the schema the
 * API's OpenAPI document declares for it (api-types.ts, generated), so that a change of the API's
 * answer fails the web's type check.
 */
type Schemas = components['schemas'];

export type QueuePage = Schemas['QueuePageDto'];
export type QueueCounts = Schemas['QueueCountsDto'];
export type QueueItem = Schemas['QueueItemDto'];
export type DeskCase = Schemas['DeskCaseDto'];
export type PoderReview = Schemas['PoderReviewDto'];
export type PoderView = Schemas['PoderViewDto'];
export type LegalInboxPage = Schemas['LegalInboxPageDto'];
export type LegalInboxItem = Schemas['LegalInboxItemDto'];
export type PoderRegistryPage = Schemas['PoderRegistryPageDto'];
export type PoderRegistryEntry = Schemas['EndorsedPoderDto'];
export type AuditEvent = Schemas['TimelineEventDto'];
export type AuditTimeline = Schemas['CaseTimelineDto'];
export type AuditStateAsOf = Schemas['CaseStateAsOfDto'];
export type AuditActionPage = Schemas['AuditActionPageDto'];
export type AuditAction = Schemas['AuditActionDto'];
export type ChainReport = Schemas['ChainReportDto'];
export type ReplayReport = Schemas['ReplayReportDto'];
export type Checkpoint = Schemas['CheckpointSummaryDto'];
export type SignedCheckpoint = Schemas['SignedCheckpointDto'];
export type CaseReadPage = Schemas['CaseReadPageDto'];
export type CaseRead = Schemas['CaseReadRowDto'];
export type CodecReadPage = Schemas['CodecReadPageDto'];
export type CodecRead = Schemas['CodecReadRowDto'];
export type OfficerAccessPage = Schemas['OfficerAccessPageDto'];
export type OfficerAccessRow = Schemas['OfficerAccessRowDto'];
export type AdminAgencyList = Schemas['AdminAgencyListDto'];
export type AdminAgency = Schemas['AdminAgencyDto'];
export type HolidayList = Schemas['AgencyHolidayListDto'];
export type Holiday = Schemas['AgencyHolidayDto'];
export type HolidayAdded = Schemas['HolidayAddedDto'];
export type DaySlotList = Schemas['AdminDaySlotListDto'];
export type DaySlot = Schemas['AdminDaySlotDto'];
export type ProviderOfficerList = Schemas['ProviderOfficerListDto'];
export type ProviderOfficer = Schemas['ProviderOfficerDto'];
export type ArrivalPass = Schemas['ArrivalPassDto'];
export type ArrivalAnswer = Schemas['ArrivalAnswerDto'];
export type CallingBoard = Schemas['CallingBoardDto'];
export type WaitingTurno = Schemas['WaitingTurnoDto'];
export type CallingScreen = Schemas['CallingScreenDto'];
export type PoderClaim = Schemas['PoderClaimDto'];

// Claims and the supervisor's view (ADR 0022, amended).
export type Released = Schemas['ReleasedDto'];
export type Reassigned = Schemas['ReassignedDto'];
export type BulkReassignResult = Schemas['BulkReassignResultDto'];
export type AgencyOfficer = Schemas['OfficerDto'];
export type AssignmentLogPage = Schemas['AssignmentLogPageDto'];
export type AssignmentLogEntry = Schemas['AssignmentLogDto'];
export type AgencyDay = Schemas['AgencyDayDto'];
