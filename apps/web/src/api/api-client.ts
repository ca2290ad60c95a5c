import type { AppointmentView, AvailableActions, CaseView, CredentialCaseView } from '@tramites/contracts';
import createClient from 'openapi-fetch';
import type { components, paths } from './api-types';
import { recordApiCall } from './server-timing';

/** The API's error body (README: `{ error: { code, message, fields? } }`). */
export interface ApiErrorBody {
  code: string;
  message: string;
  fields?: Array<{ field: string; message: string }>;
  [key: string]: unknown;
}

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiErrorBody };

type Schemas = components['schemas'];
export type Agency = Schemas['AgencyDto'];
export type Slot = Schemas['SlotAvailabilityDto'];
export type PublicCaseStart = Schemas['PublicCaseStartDto'];
export type LinkInspection = Schemas['LinkInspectionDto'];

export type { AppointmentView, CaseView, CredentialCaseView };
export type IdentityAnswersBody = paths['/cases/{caseId}/identity-check']['post']['requestBody']['content']['application/json'];
export type StartCaseBody = paths['/public/cases']['post']['requestBody']['content']['application/json'];
export type StartEmployerBody = paths['/portal-passwords/employer']['post']['requestBody']['content']['application/json'];
export type SubmitUploadsBody = paths['/cases/{caseId}/submission']['post']['requestBody']['content']['application/json'];
export type StoredUpload = Schemas['StoredUploadDto'];
export type SetPasswordBody = paths['/password-links/password']['post']['requestBody']['content']['application/json'];

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

type Query<P extends keyof paths, M extends 'get' | 'post'> = paths[P][M] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
export type QueueId = paths['/desk/queues/{queue}']['get']['parameters']['path']['queue'];
export type QueueQuery = Query<'/desk/queues/{queue}', 'get'>;
export type RecordDocumentsBody = components['schemas']['RecordDocumentsDto'];
export type ResolveDuplicateBody = components['schemas']['ResolveDuplicateDto'];
export type OpenCaseBody = components['schemas']['OpenCaseDto'];
export type DeskBookingBody = components['schemas']['DeskBookingDto'];
export type AgencyHoursBody = components['schemas']['AgencyHoursDto'];
export type OfficerRoleBody = components['schemas']['OfficerRoleDto'];
export type CodecRequestBody = components['schemas']['CodecRequestDto'];

/** A started 003/004 case: its token reaches only this case until `accessTokenExpiresAt` (the API's CASE_TOKEN_MINUTES). */
export interface StartedCredentialCase {
  caseId: string;
  accessToken: string;
  accessTokenExpiresAt: string;
  expiresInSeconds: number;
  case: CredentialCaseView;
}

/** Until when the pages use a started case's token: the API's own expiry, a minute early (no page sends a token about to lapse). */
export const tokenExpiry = (started: Pick<StartedCredentialCase, 'accessTokenExpiresAt'>): number => Date.parse(started.accessTokenExpiresAt) - 60_000;

/**
 * The API over HTTP: paths, parameters and bodies typed from its OpenAPI document
 * (api-types.ts, generated); answers typed from @tramites/contracts where the document
 * describes no schema. Every rule is the API's: this client only carries what it answers.
 */
export class TramitesApi {
  private readonly client: ReturnType<typeof createClient<paths>>;

  /** `clientAddress`: the applicant's address, forwarded so that the API's rate limits count per person, not per web server.
   * `timed`: each call's route template and time go to the page's Server-Timing header (WEB_SERVER_TIMING, server-timing.ts). */
  constructor(baseUrl: string, clientAddress: () => string | undefined = () => undefined, { timed = false }: { timed?: boolean } = {}) {
    const forwarding = (request: Request): Promise<Response> => {
      const address = clientAddress();
      if (address) request.headers.set('X-Forwarded-For', address);
      return fetch(request);
    };
    this.client = createClient<paths>({ baseUrl, fetch: forwarding });
    if (timed) this.timeCalls();
  }

  private timeCalls(): void {
    const started = new Map<string, number>();
    const done = (id: string, method: string, schemaPath: string): void => {
      const at = started.get(id);
      started.delete(id);
      if (at !== undefined) recordApiCall(method, schemaPath, performance.now() - at);
    };
    this.client.use({
      onRequest: ({ id }) => void started.set(id, performance.now()),
      onResponse: ({ id, request, schemaPath }) => done(id, request.method, schemaPath),
      onError: ({ id, request, schemaPath }) => done(id, request.method, schemaPath),
    });
  }

  /**
   * The call's answer. Its type is the document's (`D`, inferred from the path and method) wherever the
   * API declares its answer; `T` is given only for the few answers the document does not describe.
   */
  private async result<T = never, D = unknown>(
    call: Promise<{ data?: D; error?: unknown; response: Response }>,
  ): Promise<ApiResult<[T] extends [never] ? NonNullable<D> : T>> {
    let r: { data?: unknown; error?: unknown; response: Response };
    try {
      r = await call;
    } catch {
      return {
        ok: false,
        status: 503,
        error: { code: 'API.UNREACHABLE', message: 'El servicio no responde en este momento. Inténtelo de nuevo en unos minutos.' },
      };
    }
    if (r.response.ok) return { ok: true, status: r.response.status, data: r.data as [T] extends [never] ? NonNullable<D> : T };
    const body = (r.error as { error?: ApiErrorBody } | undefined)?.error;
    return { ok: false, status: r.response.status, error: body ?? { code: 'API.ERROR', message: 'El servicio no pudo atender la solicitud.' } };
  }

  captcha() {
    return this.result<{ captchaId: string; question: string; expiresAt: string }>(this.client.GET('/captcha'));
  }

  agencies(province?: string) {
    return this.result(this.client.GET('/agencies', { params: { query: province ? { province } : {} } }));
  }

  availability(agencyId: string, date: string) {
    return this.result(this.client.GET('/agencies/{agencyId}/availability', { params: { path: { agencyId }, query: { date } } }));
  }

  startCase(body: StartCaseBody, idempotencyKey: string) {
    return this.result(this.client.POST('/public/cases', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } }));
  }

  /** The case's live view with the actions the caller may take now (`availableActions`). */
  getCase(token: string, caseId: string) {
    return this.result<CaseView & AvailableActions>(this.client.GET('/cases/{caseId}', { params: { path: { caseId } }, headers: bearer(token) }));
  }

  verify(token: string, caseId: string, code: string) {
    return this.result<CaseView>(this.client.POST('/cases/{caseId}/verification', { params: { path: { caseId } }, body: { code }, headers: bearer(token) }));
  }

  resendCode(token: string, caseId: string) {
    return this.result<CaseView>(this.client.POST('/cases/{caseId}/verification/resend', { params: { path: { caseId } }, headers: bearer(token) }));
  }

  book(token: string, caseId: string, slotId: string) {
    return this.result<CaseView>(this.client.POST('/cases/{caseId}/appointment', { params: { path: { caseId } }, body: { slotId }, headers: bearer(token) }));
  }

  reschedule(token: string, caseId: string, slotId: string) {
    return this.result<CaseView>(this.client.PUT('/cases/{caseId}/appointment', { params: { path: { caseId } }, body: { slotId }, headers: bearer(token) }));
  }

  cancel(token: string, caseId: string, reason: string) {
    return this.result<CaseView>(this.client.POST('/cases/{caseId}/cancellation', { params: { path: { caseId } }, body: { reason }, headers: bearer(token) }));
  }

  issuedDocument(token: string, caseId: string) {
    return this.result<ArrayBuffer>(
      this.client.GET('/cases/{caseId}/issued-document', { params: { path: { caseId } }, headers: bearer(token), parseAs: 'arrayBuffer' }),
    );
  }

  fileComplaint(token: string, caseId: string, description: string) {
    return this.result(this.client.POST('/cases/{caseId}/complaints', { params: { path: { caseId } }, body: { description }, headers: bearer(token) }));
  }

  /** `locale`: the pages' language, which the case's emails speak (ADR 0031). */
  startAffiliatePassword(identityNumber: string, captchaToken: string, idempotencyKey: string, locale: 'es' | 'en' = 'es') {
    const body: { identityNumber: string; captchaToken: string; locale: 'es' | 'en' } = { identityNumber, captchaToken, locale };
    return this.result<StartedCredentialCase>(
      this.client.POST('/portal-passwords/affiliate', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } }),
    );
  }

  credentialCase(token: string, caseId: string) {
    return this.result<CredentialCaseView & AvailableActions>(this.client.GET('/cases/{caseId}', { params: { path: { caseId } }, headers: bearer(token) }));
  }

  answerIdentity(token: string, caseId: string, body: IdentityAnswersBody) {
    return this.result<CredentialCaseView>(this.client.POST('/cases/{caseId}/identity-check', { params: { path: { caseId } }, body, headers: bearer(token) }));
  }

  confirmEmail(token: string, caseId: string, email: string) {
    return this.result<CredentialCaseView>(
      this.client.POST('/cases/{caseId}/email', { params: { path: { caseId } }, body: { email }, headers: bearer(token) }),
    );
  }

  resendPasswordLink(token: string, caseId: string) {
    return this.result<CredentialCaseView>(this.client.POST('/cases/{caseId}/password-link/resend', { params: { path: { caseId } }, headers: bearer(token) }));
  }

  // --- the waiting list of a full day (ADR 0029) ---

  joinWaitingList(token: string, caseId: string, body: { agencyId: string; day: string; mobile: string; vulnerable: boolean }) {
    type Place = paths['/cases/{caseId}/waiting-list']['post']['responses']['200']['content']['application/json'];
    return this.result<Place>(this.client.POST('/cases/{caseId}/waiting-list', { params: { path: { caseId } }, body, headers: bearer(token) }));
  }

  waitingListOffer(offerToken: string) {
    type Offer = paths['/waiting-list/offers/{token}']['get']['responses']['200']['content']['application/json'];
    return this.result<Offer>(this.client.GET('/waiting-list/offers/{token}', { params: { path: { token: offerToken } } }));
  }

  takeWaitingListOffer(offerToken: string) {
    type Taken = paths['/waiting-list/offers/{token}/take']['post']['responses']['200']['content']['application/json'];
    return this.result<Taken>(this.client.POST('/waiting-list/offers/{token}/take', { params: { path: { token: offerToken } } }));
  }

  /** Typed by the document itself (its routes declare their answers). */
  transparency(year?: string) {
    type Report = paths['/transparency']['get']['responses']['200']['content']['application/json'];
    return this.result<Report>(this.client.GET('/transparency', { params: { query: year ? { year } : {} } }));
  }

  /** The course of a case and its predicted answer (follow my case). */
  caseProgress(token: string, caseId: string) {
    return this.result(this.client.GET('/cases/{caseId}/progress', { params: { path: { caseId } }, headers: bearer(token) }));
  }

  /** Each agency's next free day, recent wait and time to answer (public). */
  agencyFigures() {
    return this.result(this.client.GET('/public/agencies'));
  }

  /** One agency's figures and its last six months (public). */
  agencyReport(agencyId: string) {
    return this.result(this.client.GET('/public/agencies/{agencyId}', { params: { path: { agencyId } } }));
  }

  transparencyCsv(year?: string) {
    return this.result<string>(this.client.GET('/transparency.csv', { params: { query: year ? { year } : {} }, parseAs: 'text' }));
  }

  lookupVerificationNumber(verificationNumber: string) {
    type Lookup = paths['/verificacion/{verificationNumber}']['get']['responses']['200']['content']['application/json'];
    return this.result<Lookup>(
      this.client.GET('/verificacion/{verificationNumber}', { params: { path: { verificationNumber } }, headers: { Accept: 'application/json' } }),
    );
  }

  verifyQrToken(t: string) {
    type Verdict = paths['/verificacion']['get']['responses']['200']['content']['application/json'];
    return this.result<Verdict>(this.client.GET('/verificacion', { params: { query: { t } }, headers: { Accept: 'application/json' } }));
  }

  /** 004 Ventanilla Virtual: the start with the captcha; answers the case token. */
  startEmployerPassword(body: StartEmployerBody, idempotencyKey: string) {
    return this.result<StartedCredentialCase>(
      this.client.POST('/portal-passwords/employer', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } }),
    );
  }

  /** One file, multipart (field «file»), as the browser sent it: the API judges its content. */
  /** `kind`: the document the file is meant as (004: the API judges a document that must be signed electronically at once). */
  upload(token: string, caseId: string, file: { name: string; bytes: Uint8Array }, kind?: string) {
    const form = new FormData();
    if (kind) form.append('kind', kind);
    form.append('file', new Blob([file.bytes]), file.name);
    return this.result(
      this.client.POST('/cases/{caseId}/uploads', { params: { path: { caseId } }, body: form as unknown as { file: string }, headers: bearer(token) }),
    );
  }

  submitUploads(token: string, caseId: string, body: SubmitUploadsBody) {
    return this.result<CredentialCaseView>(this.client.POST('/cases/{caseId}/submission', { params: { path: { caseId } }, body, headers: bearer(token) }));
  }

  /** Follow my case (ADR 0017): always the same answer; a code goes to the case's email when the data match. */
  requestFollowCode(reference: string, identityNumber: string, captchaToken: string) {
    return this.result(this.client.POST('/public/follow-codes', { body: { reference, identityNumber, captchaToken } }));
  }

  verifyFollowCode(challengeId: string, code: string) {
    return this.result(this.client.POST('/public/follow-codes/verification', { body: { challengeId, code } }));
  }

  inspectLink(token: string) {
    return this.result(this.client.POST('/password-links/inspect', { body: { token } }));
  }

  setPassword(body: SetPasswordBody) {
    return this.result(this.client.POST('/password-links/password', { body }));
  }

  // --- the officers' pages: every call with the officer's access token (validated by the API against the provider's JWKS) ---

  queueCounts(token: string, date?: string) {
    return this.result(this.client.GET('/desk/queues', { params: { query: { date } }, headers: bearer(token) }));
  }

  queue(token: string, queue: QueueId, query: QueueQuery) {
    return this.result(this.client.GET('/desk/queues/{queue}', { params: { path: { queue }, query }, headers: bearer(token) }));
  }

  deskCase(token: string, caseId: string) {
    return this.result(this.client.GET('/desk/cases/{caseId}', { params: { path: { caseId } }, headers: bearer(token) }));
  }

  claim(token: string, caseId: string) {
    return this.result<unknown>(this.client.POST('/desk/cases/{caseId}/assignment', { params: { path: { caseId } }, headers: bearer(token) }));
  }

  release(token: string, caseId: string) {
    return this.result<unknown>(this.client.DELETE('/desk/cases/{caseId}/assignment', { params: { path: { caseId } }, headers: bearer(token) }));
  }

  /** A supervisor lets a case go whoever holds it, with the reason (kept in the assignment log). */
  releaseWithReason(token: string, caseId: string, reason: string) {
    return this.result(this.client.POST('/desk/cases/{caseId}/assignment/release', { params: { path: { caseId } }, body: { reason }, headers: bearer(token) }));
  }

  reassign(token: string, caseId: string, officerId: string, reason: string) {
    return this.result(
      this.client.PUT('/desk/cases/{caseId}/assignment', { params: { path: { caseId } }, body: { officerId, reason }, headers: bearer(token) }),
    );
  }

  reassignMany(token: string, caseIds: string[], officerId: string, reason: string) {
    return this.result(this.client.POST('/desk/assignments/reassign', { body: { caseIds, officerId, reason }, headers: bearer(token) }));
  }

  agencyOfficers(token: string) {
    return this.result(this.client.GET('/desk/officers', { headers: bearer(token) }));
  }

  assignmentLog(token: string, caseId: string) {
    return this.result(this.client.GET('/desk/cases/{caseId}/assignment-log', { params: { path: { caseId } }, headers: bearer(token) }));
  }

  auditAssignments(token: string, query: { caseId?: string; officerId?: string; before?: string }) {
    return this.result(this.client.GET('/audit/assignments', { params: { query }, headers: bearer(token) }));
  }

  agencyDay(token: string, date?: string) {
    return this.result(this.client.GET('/supervision/day', { params: { query: { date } }, headers: bearer(token) }));
  }

  checkIn(token: string, caseId: string) {
    return this.result<CaseView>(this.client.POST('/cases/{caseId}/check-in', { params: { path: { caseId } }, headers: bearer(token) }));
  }

  retry(token: string, caseId: string) {
    return this.result<CaseView>(this.client.POST('/cases/{caseId}/retry', { params: { path: { caseId } }, headers: bearer(token) }));
  }

  recordDocuments(token: string, caseId: string, body: RecordDocumentsBody) {
    return this.result<CaseView>(this.client.POST('/cases/{caseId}/documents', { params: { path: { caseId } }, body, headers: bearer(token) }));
  }

  resolveDuplicate(token: string, caseId: string, body: ResolveDuplicateBody) {
    return this.result<CaseView>(this.client.POST('/cases/{caseId}/duplicate-review', { params: { path: { caseId } }, body, headers: bearer(token) }));
  }

  /** `requestId`: one per rendered page, so that a double click or a retried POST resends once (ADR 0024). */
  resendIssuedDocument(token: string, caseId: string, requestId?: string) {
    return this.result<{ created: boolean }>(
      this.client.POST('/cases/{caseId}/issued-document/resend', {
        params: { path: { caseId }, header: requestId ? { 'Idempotency-Key': requestId } : {} },
        headers: bearer(token),
      }),
    );
  }

  /** A case opened at the desk (a walk-in). */
  openCase(token: string, body: OpenCaseBody, idempotencyKey: string) {
    return this.result<{ caseId: string }>(
      this.client.POST('/cases', { params: { header: { 'Idempotency-Key': idempotencyKey } }, body, headers: bearer(token) }),
    );
  }

  /** 004 at the window (ADR 0030, amended): opened by the agency's officer with the turno presented; answers the case view. */
  openEmployerPasswordAtDesk(token: string, body: StartEmployerBody, idempotencyKey: string) {
    return this.result<CredentialCaseView & AvailableActions>(
      this.client.POST('/portal-passwords/employer', { body, params: { header: { 'Idempotency-Key': idempotencyKey } }, headers: bearer(token) }),
    );
  }

  /** An online turno booked at the desk on the applicant's behalf (ADR 0030): the case, its turno, and whether it is checked in. */
  bookAtDesk(token: string, body: DeskBookingBody, idempotencyKey: string) {
    return this.result(this.client.POST('/desk/bookings', { params: { header: { 'Idempotency-Key': idempotencyKey } }, body, headers: bearer(token) }));
  }

  legalInbox(token: string, page: number, pageSize: number) {
    return this.result(this.client.GET('/legal/inbox', { params: { query: { page, pageSize } }, headers: bearer(token) }));
  }

  poderRegistry(token: string, query: Query<'/legal/poderes', 'get'>) {
    return this.result(this.client.GET('/legal/poderes', { params: { query }, headers: bearer(token) }));
  }

  poderReview(token: string, poderId: string) {
    return this.result(this.client.GET('/legal/poderes/{poderId}/review', { params: { path: { poderId } }, headers: bearer(token) }));
  }

  endorsePoder(token: string, poderId: string, body: components['schemas']['EndorsePoderDto']) {
    return this.result(this.client.POST('/legal/poderes/{poderId}/endorsement', { params: { path: { poderId } }, body, headers: bearer(token) }));
  }

  rejectPoder(token: string, poderId: string, body: components['schemas']['RejectPoderDto']) {
    return this.result(this.client.POST('/legal/poderes/{poderId}/rejection', { params: { path: { poderId } }, body, headers: bearer(token) }));
  }

  auditActions(token: string, query: Query<'/audit/actions', 'get'>) {
    return this.result(this.client.GET('/audit/actions', { params: { query }, headers: bearer(token) }));
  }

  /** The cases a short reference (T-…) names, within the caller's scope (usually one). */
  casesByReference(token: string, reference: string) {
    return this.result<{ items: Array<{ caseId: string }> }>(
      this.client.GET('/cases', { params: { query: { reference, pageSize: 5 } }, headers: bearer(token) }),
    );
  }

  auditTimeline(token: string, caseId: string) {
    return this.result(this.client.GET('/audit/cases/{caseId}/timeline', { params: { path: { caseId } }, headers: bearer(token) }));
  }

  auditStateAsOf(token: string, caseId: string, asOf: string) {
    return this.result(this.client.GET('/audit/cases/{caseId}/state', { params: { path: { caseId }, query: { asOf } }, headers: bearer(token) }));
  }

  auditChain(token: string, caseId: string) {
    return this.result(this.client.GET('/audit/cases/{caseId}/verification', { params: { path: { caseId } }, headers: bearer(token) }));
  }

  /** The case's history as the API exports it (JSON text, passed on as is). */
  auditHistory(token: string, caseId: string) {
    return this.result<string>(this.client.GET('/audit/cases/{caseId}/history', { params: { path: { caseId } }, headers: bearer(token), parseAs: 'text' }));
  }

  auditReplay(token: string, caseId: string) {
    return this.result(this.client.POST('/audit/cases/{caseId}/replay', { params: { path: { caseId } }, headers: bearer(token) }));
  }

  auditCheckpoints(token: string) {
    return this.result(this.client.GET('/audit/checkpoints', { headers: bearer(token) }));
  }

  auditCheckpoint(token: string, number: number) {
    return this.result(this.client.GET('/audit/checkpoints/{number}', { params: { path: { number } }, headers: bearer(token) }));
  }

  caseReads(token: string, query: Query<'/audit/reads', 'get'>) {
    return this.result(this.client.GET('/audit/reads', { params: { query }, headers: bearer(token) }));
  }

  codecReads(token: string, query: Query<'/audit/codec-access', 'get'>) {
    return this.result(this.client.GET('/audit/codec-access', { params: { query }, headers: bearer(token) }));
  }

  officerAccess(token: string, query: Query<'/audit/officer-access', 'get'>) {
    return this.result(this.client.GET('/audit/officer-access', { params: { query }, headers: bearer(token) }));
  }

  /** The Temporal Web UI's payloads, decoded or encoded by the API under the officer's own id. */
  codec(token: string, action: 'decode' | 'encode', body: CodecRequestBody, namespace?: string, workflowId?: string) {
    const header = { 'X-Namespace': namespace as string, ...(workflowId ? { 'X-Workflow-Id': workflowId } : {}) };
    return this.result<components['schemas']['CodecResponseDto']>(
      action === 'decode'
        ? this.client.POST('/codec/decode', { params: { header }, body, headers: bearer(token) })
        : this.client.POST('/codec/encode', { params: { header }, body, headers: bearer(token) }),
    );
  }

  adminAgencies(token: string) {
    return this.result(this.client.GET('/admin/agencies', { headers: bearer(token) }));
  }

  agencyHolidays(token: string, agencyId: string) {
    return this.result(this.client.GET('/admin/agencies/{agencyId}/holidays', { params: { path: { agencyId } }, headers: bearer(token) }));
  }

  agencySlots(token: string, agencyId: string, date: string) {
    return this.result(this.client.GET('/admin/agencies/{agencyId}/slots', { params: { path: { agencyId }, query: { date } }, headers: bearer(token) }));
  }

  setAgencyHours(token: string, agencyId: string, body: AgencyHoursBody) {
    return this.result(this.client.PUT('/admin/agencies/{agencyId}/hours', { params: { path: { agencyId } }, body, headers: bearer(token) }));
  }

  addHoliday(token: string, agencyId: string, body: components['schemas']['HolidayDto']) {
    return this.result(this.client.POST('/admin/agencies/{agencyId}/holidays', { params: { path: { agencyId } }, body, headers: bearer(token) }));
  }

  removeHoliday(token: string, agencyId: string, day: string) {
    return this.result<unknown>(
      this.client.DELETE('/admin/agencies/{agencyId}/holidays/{day}', { params: { path: { agencyId, day } }, headers: bearer(token) }),
    );
  }

  providerOfficers(token: string) {
    return this.result(this.client.GET('/admin/officers', { headers: bearer(token) }));
  }

  setOfficerRole(token: string, username: string, body: OfficerRoleBody) {
    return this.result(this.client.PUT('/admin/officers/{username}/role', { params: { path: { username } }, body, headers: bearer(token) }));
  }
  // --- the agency's day (ADR 0028): the confirmation's QR, arrivals, the waiting room's calls, the deed's scan ---

  arrivalPass(token: string, caseId: string) {
    return this.result(this.client.GET('/cases/{caseId}/arrival-pass', { params: { path: { caseId } }, headers: bearer(token) }));
  }

  recordArrival(token: string, body: { pass?: string; reference?: string }) {
    return this.result(this.client.POST('/desk/arrivals', { body, headers: bearer(token) }));
  }

  callingBoard(token: string) {
    return this.result(this.client.GET('/desk/calling', { headers: bearer(token) }));
  }

  callNext(token: string, windowNumber: string) {
    return this.result(this.client.POST('/desk/calling/next', { body: { windowNumber }, headers: bearer(token) }));
  }

  callTurno(token: string, caseId: string, windowNumber: string) {
    return this.result(this.client.POST('/desk/calling/{caseId}/call', { params: { path: { caseId } }, body: { windowNumber }, headers: bearer(token) }));
  }

  markNoShow(token: string, caseId: string) {
    return this.result(this.client.POST('/desk/calling/{caseId}/no-show', { params: { path: { caseId } }, headers: bearer(token) }));
  }

  callingScreen(agencyId: string) {
    return this.result(this.client.GET('/public/agencies/{agencyId}/calls', { params: { path: { agencyId } } }));
  }

  /** The deed's scan at the window (001), multipart (field «file»): the API judges its content. */
  uploadDeedScan(token: string, caseId: string, file: { name: string; bytes: Uint8Array }) {
    const form = new FormData();
    form.append('file', new Blob([file.bytes]), file.name);
    return this.result(
      this.client.POST('/cases/{caseId}/deed-scan', { params: { path: { caseId } }, body: form as unknown as { file: string }, headers: bearer(token) }),
    );
  }

  claimPoderReview(token: string, poderId: string) {
    return this.result(this.client.POST('/legal/poderes/{poderId}/claim', { params: { path: { poderId } }, headers: bearer(token) }));
  }

  releasePoderReview(token: string, poderId: string) {
    return this.result<unknown>(this.client.DELETE('/legal/poderes/{poderId}/claim', { params: { path: { poderId } }, headers: bearer(token) }));
  }

  /** The provincial office's inbox: the Ventanilla Virtual's 004 cases routed to the officer's agency and waiting for its review. */
  officeInbox(token: string, page: number) {
    return this.result<{
      items: Array<{ caseId: string; holderName: string | null; updatedAt: string }>;
      total: number;
      pageSize: number;
      next: string | null;
    }>(
      this.client.GET('/cases', {
        params: { query: { procedure: 'EMPLOYER_PORTAL_PASSWORD', status: 'office_review', sort: 'updated', order: 'asc', page, pageSize: 25 } },
        headers: bearer(token),
      }),
    );
  }

  /** The office's decision on a Ventanilla Virtual submission (a step-up decision: REAUTHENTICATION_REQUIRED when the sign-in is old). */
  officeReview(token: string, caseId: string, body: components['schemas']['OfficeReviewDto']) {
    return this.result<CredentialCaseView>(this.client.POST('/cases/{caseId}/office-review', { params: { path: { caseId } }, body, headers: bearer(token) }));
  }

  /** An uploaded file's bytes (the API logs the read); its type is the upload's detected type. */
  caseUpload(token: string, caseId: string, documentId: string) {
    return this.result<ArrayBuffer>(
      this.client.GET('/cases/{caseId}/uploads/{documentId}', { params: { path: { caseId, documentId } }, headers: bearer(token), parseAs: 'arrayBuffer' }),
    );
  }

  /** 003: an affiliate's portal password at the agency (lock, attempts, the person by the registry, the cases waiting). */
  affiliateCredential(token: string, identityNumber: string) {
    return this.result(this.client.GET('/portal-credentials/affiliates/{identityNumber}', { params: { path: { identityNumber } }, headers: bearer(token) }));
  }

  unlockAffiliateCredential(token: string, identityNumber: string, reason: string) {
    return this.result(
      this.client.POST('/portal-credentials/affiliates/{identityNumber}/unlock', {
        params: { path: { identityNumber } },
        body: { reason },
        headers: bearer(token),
      }),
    );
  }

  /** The deed's scan's bytes, to show inline (the API logs the read; its type is the review's `deedScan.mimeType`). */
  poderDeedScan(token: string, poderId: string) {
    return this.result<ArrayBuffer>(
      this.client.GET('/legal/poderes/{poderId}/deed-scan', { params: { path: { poderId } }, headers: bearer(token), parseAs: 'arrayBuffer' }),
    );
  }
}
