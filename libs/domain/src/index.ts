/**
 * @tramites/domain: procedures, requirement rules, validators, calendar and
 * the foreigner code. Pure and deterministic: safe to import from Temporal
 * workflow code (no I/O, no Node built-ins, no clock, no randomness of its
 * own; instants are epoch milliseconds, dates "YYYY-MM-DD" in Guayaquil).
 */

// shared
export type { SheetId, SheetRef } from './shared/sheet-ref';
export { DomainError, isDomainError } from './shared/domain-error';
export type { DomainErrorCode } from './shared/domain-error';
export { foldText, sameName } from './shared/text';
export { redactPersonalData } from './shared/redact';

// reasons
export { REASONS, REASON_CODES, isReasonCode, makeReason, reasonCategory, reasonText } from './reasons/reasons';
export type { Reason, ReasonCategory, ReasonCode, ReasonDefinition, ReasonParams, UploadReasonCode, ValidationReasonCode } from './reasons/reasons';

// procedures
export { CHANNELS, CHANNEL_LABELS, DOCUMENT_KIND_LABELS, FILER_ROLES, FILER_ROLE_LABELS, PROCEDURE_TYPES } from './procedures/types';
export { DOCUMENT_OWNER_LABELS, FILER_FLAG_LABELS, PRESENTATION_LABELS } from './procedures/labels';
export type {
  AlternativeGroup,
  AlternativeMembership,
  Channel,
  ChannelOption,
  Condition,
  DocumentKind,
  DocumentOwner,
  DocumentSpec,
  FieldChoice,
  FieldRequirement,
  FieldSpec,
  FieldValidatorId,
  FilerFlag,
  FilerOption,
  FilerRole,
  ForbiddenFiler,
  PortalStep,
  Presentation,
  ProcedureDefinition,
  ProcedureType,
  Requirement,
  RequirementCheck,
  SignatureKind,
  SignatureRule,
} from './procedures/types';
export { PROCEDURES, getProcedure, isProcedureType } from './procedures/catalogue';
export { holderIdentityDocuments, type HolderDocumentKind } from './procedures/holder-documents';

// checklist
export { evaluateChecklist, conditionHolds } from './checklist/evaluate-checklist';
export { filingRefusals } from './checklist/filing-eligibility';
export { requirementApplicability, whatToBring } from './checklist/what-to-bring';
export type { FilingFacts } from './checklist/filing-eligibility';
export type {
  AffiliatePortalProgress,
  AppointmentFacts,
  ChecklistInput,
  ChecklistItem,
  ChecklistOutcome,
  ChecklistResult,
  FilerProfile,
  PresentedDocument,
  RequirementStatus,
  SutRecord,
} from './checklist/types';

// validators
export type { FieldOptions, ValidationFailure, ValidationOk, ValidationResult } from './validators/validation-result';
export { cedulaCheckDigit, isValidCedula, validateCedula } from './validators/cedula';
export { RUC_WEIGHTS, isValidRuc, modulo11CheckDigit, validateRuc } from './validators/ruc';
export type { RucDetails, RucType } from './validators/ruc';
export { normalizeDocumentNumber, validateDocumentNumber, validatePassportNumber } from './validators/passport';
export { validateEmail } from './validators/email';
export { mobileToE164, validateLandline, validateMobile, validatePhoneNumber } from './validators/phone';
export type { PhoneKind } from './validators/phone';
export { AFFILIATE_PASSWORD_MIN_LENGTH, validateAffiliatePassword } from './validators/password';
export { validateVerificationCode } from './validators/verification-code';
export { validateIdentityNumber } from './validators/identity-number';
export type { IdentityNumberKind } from './validators/identity-number';
export { ABROAD_REGISTRY_CODE, ECUADOR_PROVINCES, isIdentityProvinceCode, validateProvince } from './validators/province';
export type { Province } from './validators/province';
export { NATIONALITIES, isNationalityCode } from './validators/nationality';
export type { Nationality } from './validators/nationality';
export { nationalityChoices, nationalityName } from './validators/nationality-names';
export type { NationalityChoice, NationalityLanguage } from './validators/nationality-names';
export { hasFormatCharacter, hasLetter } from './validators/text-content';

// calendar
export {
  GUAYAQUIL_UTC_OFFSET_MINUTES,
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  addDays,
  compareLocalDates,
  formatGuayaquil,
  guayaquilInstant,
  isLocalDate,
  isoWeekday,
  parseLocalDate,
  startOfLocalDay,
  toGuayaquilWallClock,
  toLocalDate,
} from './calendar/guayaquil-time';
export type { DateParts, GuayaquilWallClock, Instant, IsoWeekday, LocalDate } from './calendar/guayaquil-time';
export { DEFAULT_HOLIDAY_CALENDAR, ECUADOR_NATIONAL_HOLIDAYS, HolidayCalendar } from './calendar/holidays';
export type { Holiday, HolidayInput } from './calendar/holidays';
export {
  DEFAULT_BUSINESS_CALENDAR,
  DEFAULT_OFFICE_HOURS,
  addBusinessDays,
  addBusinessMillis,
  businessDayLengthMs,
  businessDaysBetween,
  businessMillisBetween,
  createBusinessCalendar,
  endOfBusinessDay,
  endOfBusinessDaysFrom,
  isBusinessDay,
  isWithinOfficeHours,
  nextBusinessDay,
  startOfBusinessDay,
} from './calendar/business-calendar';
export type { BusinessCalendar, OfficeHours } from './calendar/business-calendar';
export { DeadlineClock, businessDurationMs } from './calendar/deadline-clock';
export type { BusinessDuration, DeadlineClockState } from './calendar/deadline-clock';

// foreigner code
export { verhoeffCheckDigit, verhoeffValidate } from './foreigner-code/verhoeff';
export { personNameKey } from './foreigner-code/person-match';
export type { PersonParticulars } from './foreigner-code/person-match';
export { DEFAULT_FOREIGNER_CODE_FILTER_OPTIONS, failedForeignerCodeFilters, foreignerCodeFilters } from './foreigner-code/filters';
export type { ForeignerCodeFilter, ForeignerCodeFilterId, ForeignerCodeFilterOptions } from './foreigner-code/filters';
export {
  FOREIGNER_CODE_LENGTH,
  FOREIGNER_CODE_MARKER,
  FOREIGNER_CODE_PAYLOAD_LENGTH,
  composeForeignerCode,
  formatForeignerCode,
  generateForeignerCode,
  isValidForeignerCode,
  normalizeForeignerCode,
} from './foreigner-code/foreigner-code';
export type { GenerateForeignerCodeOptions } from './foreigner-code/foreigner-code';

// uploads
export { ALLOWED_UPLOAD_KINDS, MAX_UPLOAD_BYTES, UPLOAD_MIME_TYPES } from './uploads/upload-policy';
export type { AllowedUploadKind } from './uploads/upload-policy';
export { DETECTED_CONTENT_LABELS, checkUploadFacts, detectContent, isExecutableContent, sniffUpload, uploadFactsOf } from './uploads/sniff-upload';
export type { DetectedContent, SniffResult, UploadAccepted, UploadFacts, UploadRefused } from './uploads/sniff-upload';
export { ELECTRONICALLY_SIGNED_UPLOADS, VIRTUAL_UPLOAD_KINDS, virtualUploadSlots, type VirtualUploadSlot } from './uploads/virtual-upload-slots';

// affiliate portal password (003)
export {
  AFFILIATE_VERIFICATION_MAX_ATTEMPTS,
  NO_ATTEMPTS,
  PASSWORD_LINK_TTL_MS,
  PASSWORD_SET_WINDOW_MS,
  attemptsLeft,
  isPasswordLinkUsable,
  isWithinPasswordSetWindow,
  recordVerificationAttempt,
} from './portal-credentials/affiliate-recovery';
export type { VerificationAttempts } from './portal-credentials/affiliate-recovery';
export { SPANISH_MONTHS, SPANISH_WEEKDAYS } from './calendar/spanish-names';
export {
  PERSONAL_QUESTIONS,
  PERSONAL_QUESTION_COUNT,
  WORK_HISTORY_QUESTION_COUNT,
  drawWorkHistoryQuestions,
  isAcceptableAnswer,
  isPersonalQuestionId,
  maskEmail,
  normalizeAnswer,
  personalQuestionText,
  seededRandom,
} from './portal-credentials/identity-challenge';
export type { DrawnWorkQuestion, PersonalQuestionId, WorkQuestionKind, WorkRecord } from './portal-credentials/identity-challenge';
