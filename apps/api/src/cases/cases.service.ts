import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { WORKFLOW_TYPES, caseWorkflowId, openCaseInputProblems, type OpenCaseInput } from '@tramites/contracts';
import { filingRefusals, toLocalDate } from '@tramites/domain';
import {
  AgendaRepository,
  CaseFilingsRepository,
  CaseLanguagesRepository,
  CaseStartRequestsRepository,
  ForeignerCodeRepository,
  SeatHoldRepository,
  uuidFromDigest,
  type CaseLocale,
} from '@tramites/persistence';
import { withAvailableActions, type CaseViewWithActions } from '../access/available-actions';
import { CaseAccessService, agencyOfView } from '../access/case-access.service';
import { actorOf, type Principal } from '../auth/principal';
import { ApiConfig } from '../config/api.config';
import { searchTermsOf } from '../desk/work-queue.service';
import { ApiError } from '../errors/api-error';
import { toApiError } from '../errors/error.filter';
import { TemporalGateway, type UpdateDelivery } from '../temporal/temporal-gateway';
import type { OpenCaseDto } from './open-case.dto';

/** How many free slots a refusal for a full slot offers instead. */
const SLOT_ALTERNATIVES = 5;

/** Who files a turno the desk books on the applicant's behalf (ADR 0030): the person at the counter and the officer's agency. */
export interface DeskBookingFiler {
  agencyId: string;
  identityNumber: string;
  identityType?: string;
  fullName?: string;
}

/** A start: the applicant's own, a walk-in, or a turno booked at the desk (`deskBooking`, never from a client's body). */
export type CaseOpening = OpenCaseDto & { deskBooking?: DeskBookingFiler };

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
    .join(',')}}`;
}

@Injectable()
export class CasesService {
  constructor(
    private readonly temporal: TemporalGateway,
    private readonly agenda: AgendaRepository,
    private readonly registries: ForeignerCodeRepository,
    private readonly startRequests: CaseStartRequestsRepository,
    private readonly access: CaseAccessService,
    private readonly filings: CaseFilingsRepository,
    private readonly languages: CaseLanguagesRepository,
    private readonly seatHolds: SeatHoldRepository,
    private readonly config: ApiConfig,
  ) {}

  /**
   * Starts a case exactly once per request: the Idempotency-Key (or, without one, the request
   * itself) names the case, so a retry or a double click returns the same case, never a second.
   * `locale` is the applicant's language, which the case's emails and text messages speak (ADR 0031).
   */
  async open(principal: Principal, dto: CaseOpening, idempotencyKey?: string, locale: CaseLocale = 'es'): Promise<{ caseId: string; created: boolean }> {
    const walkIn = dto.walkIn;
    // Opened at the officer's counter: a walk-in (no turno), or a turno booked on the applicant's behalf.
    const desk = walkIn ?? dto.deskBooking;
    if (desk && principal.role !== 'case_manager') throw new ApiError('AUTH.ROLE_NOT_ALLOWED');
    if (!desk && principal.role !== 'applicant')
      throw new ApiError('AUTH.ROLE_NOT_ALLOWED', 'Solo el solicitante puede iniciar un trámite con turno en línea.');
    if (walkIn && dto.procedure !== 'FOREIGNER_CODE_EMPLOYMENT') {
      throw new ApiError(
        'CASE.WALK_IN_NOT_ALLOWED',
        'Solo el trámite 001 atiende sin turno a grupos vulnerables.',
        { fields: [{ field: 'walkIn', message: 'walkIn solo se admite para FOREIGNER_CODE_EMPLOYMENT' }] },
        422,
      );
    }
    if (dto.filerRole === 'attorney' && !dto.poder) {
      throw new ApiError(
        'VALIDATION.FAILED',
        'poder es obligatorio cuando actúa un apoderado',
        { fields: [{ field: 'poder', message: 'poder es obligatorio cuando filerRole es attorney' }] },
        400,
      );
    }
    const walkInAgency = desk ? await this.agenda.agency(desk.agencyId) : undefined;
    if (desk && !walkInAgency) {
      const message = `${walkIn ? 'walkIn' : 'deskBooking'}.agencyId no es una agencia activa del catálogo`;
      throw new ApiError('VALIDATION.FAILED', `La solicitud tiene datos no válidos: ${message}`, { fields: [{ field: 'walkIn.agencyId', message }] }, 400);
    }
    // A walk-in is opened at the officer's own counter, never at another agency (the case's scope is its agency).
    if (desk && desk.agencyId !== principal.agencyId) {
      throw new ApiError(
        'AUTH.OUT_OF_SCOPE',
        'Solo puede abrir un trámite sin turno en su propia agencia: la persona debe ser atendida en la agencia donde se presenta.',
      );
    }
    const identityNumber = desk ? desk.identityNumber : principal.sub;
    const bodyHash = sha256(canonical(dto));
    const requestKey = sha256(`${principal.sub}\u0000${idempotencyKey ?? bodyHash}`);
    const caseId = uuidFromDigest(requestKey);
    const input: OpenCaseInput = {
      caseId,
      procedure: dto.procedure,
      // A walk-in's province is its agency's (the catalogue's), whatever the client sent.
      province: walkInAgency ? walkInAgency.province : dto.province,
      filerRole: dto.filerRole,
      booker: { identityNumber, email: dto.booker.email, mobile: dto.booker.mobile },
      holder: dto.holder,
      ...(dto.employerId ? { employerId: dto.employerId } : {}),
      ...(dto.poder ? { poder: { ...dto.poder, attorneyId: identityNumber } } : {}),
      ...(walkIn ? { walkIn: { agencyId: walkIn.agencyId, vulnerableGroup: walkIn.vulnerableGroup } } : {}),
      ...(dto.deskBooking && !walkIn ? { deskBooking: { agencyId: dto.deskBooking.agencyId } } : {}),
      openedBy: actorOf(principal),
    };
    // The workflow makes the same checks at start; a client learns of them here, as a 400.
    const problems = openCaseInputProblems(input, toLocalDate(Date.now()));
    if (problems.length > 0) {
      throw new ApiError('VALIDATION.FAILED', `La solicitud tiene datos no válidos: ${problems.map((p) => p.message).join('; ')}`, { fields: problems }, 400);
    }
    // A retry of a request already accepted finds its case; a new one is checked first.
    if (!(await this.startRequests.isKnown(requestKey))) await this.assertEligibleAtFiling(dto, identityNumber);
    // The desk finds the case by any number it names and the holder's name (ADR 0022): the worker copies these terms when it records event 1.
    const previous = await this.startRequests.record(requestKey, caseId, bodyHash, searchTermsOf(input));
    if (previous && previous.bodyHash !== bodyHash) {
      throw new ApiError('CASE.ALREADY_EXISTS', 'Esta clave de idempotencia ya inició otro trámite con datos distintos.', { caseId: previous.caseId });
    }
    // Who files, with their contact and a walk-in's vulnerable group: the desk shows them beside the case.
    await this.filings.record({
      caseId,
      filerRole: dto.filerRole,
      filerIdentityNumber: identityNumber,
      filerIdentityType: desk?.identityType ?? null,
      filerName: desk?.fullName ?? (dto.filerRole === 'attorney' ? (dto.poder?.attorneyName ?? null) : null),
      employerId: dto.employerId ?? dto.poder?.employerId ?? null,
      email: dto.booker.email,
      mobile: dto.booker.mobile,
      vulnerableGroup: walkIn?.vulnerableGroup ?? null,
      poder: dto.poder ?? null,
      bookedAtDesk: dto.deskBooking && !walkIn ? { by: principal.sub, agencyId: dto.deskBooking.agencyId } : null,
    });
    // Before the workflow starts: its first email (the verification code) reads the case's language.
    await this.languages.record(caseId, locale);
    // A retry of a start that already happened (API restarted, client resent): the same case, not created.
    const created = await this.temporal.start(WORKFLOW_TYPES.inPersonCase, caseWorkflowId(caseId), [input]);
    // The officer goes to the case's page next: it opens from the read model, which the case's first events write.
    if (desk) await this.untilOnTheDesk(caseId);
    return { caseId, created };
  }

  /** Waits (bounded) until the read model knows the case; past the bound the case page waits on its own. */
  private async untilOnTheDesk(caseId: string, boundMs = 15_000): Promise<void> {
    const until = Date.now() + boundMs;
    for (let pause = 25; Date.now() < until; pause = Math.min(pause * 2, 400)) {
      if (await this.access.scopeIfKnown(caseId)) return;
      await new Promise((r) => setTimeout(r, pause));
    }
  }

  /**
   * What can be known at filing (registry facts, who files for whom) is
   * decided before a case, a verification code or a slot exists, with the sheet's reason.
   * The window checks only what needs the paper; issuance checks the registries again.
   */
  private async assertEligibleAtFiling(dto: OpenCaseDto, filerIdentityNumber: string): Promise<void> {
    const facts = await this.registries.registryFacts(dto.holder, filerIdentityNumber);
    // 000: who already has a code is told which (its last digits) and how to get the document again.
    const knownCode = dto.procedure === 'FOREIGNER_CODE' && facts.hasForeignerCode ? await this.registries.codeOfHolder(dto.holder) : undefined;
    const registry = { ...facts, ...(knownCode ? { knownCode } : {}) };
    const reasons = filingRefusals({
      procedure: dto.procedure,
      filerRole: dto.filerRole,
      filerIdentityNumber,
      holderDocumentNumber: dto.holder.documentNumber,
      registry,
    });
    const [first] = reasons;
    if (!first) return;
    throw new ApiError(first.code, reasons.map((r) => r.message).join(' '), { reasons: reasons.map(({ code, message }) => ({ code, message })) }, 422);
  }

  async get(principal: Principal, caseId: string): Promise<CaseViewWithActions> {
    // Scope before Temporal: a caller who may not see the case never makes the server work for it.
    // The read model's row is read once (scope and status); the claim's holder beside the workflow's answer (ADR 0035).
    const known = await this.access.scopeIfKnown(caseId);
    if (known) this.access.assertMayAccess(principal, known);
    const [view, claim] = await Promise.all([this.access.liveView(caseId, known), this.access.claimOf(caseId, principal, known)]);
    this.access.assertMayAccess(principal, {
      caseId,
      applicantId: view.applicantId,
      agencyId: agencyOfView(view),
      province: view.province,
    });
    await this.access.log(principal, caseId, 'read_case');
    return withAvailableActions(view, principal, Date.now(), claim);
  }

  /**
   * A booking (or a move) of the case's appointment with its seat decided first, in PostgreSQL (ADR 0035,
   * decision 10): after the caller's scope check, a hold on a seat of the asked slot for the case. No seat:
   * the 422 APPOINTMENT.SLOT_FULL with the alternatives at once, and the case's workflow is not woken. A held
   * seat: `send` takes the update to the workflow, whose booking consumes the hold; the call is sent again
   * under the same update id while the hold lasts if it times out (the applicant is not answered 503 for a seat
   * that is theirs), and a refusal of the workflow gives the seat back at once. The same Idempotency-Key sends
   * the same update (the server answers the first one's result) and finds the same hold: one seat.
   */
  async withSeat<Ret>(
    principal: Principal,
    caseId: string,
    slotId: string,
    request: { action: 'book' | 'reschedule'; idempotencyKey: string | undefined },
    send: (delivery: UpdateDelivery | undefined) => Promise<Ret>,
  ): Promise<Ret> {
    const held = await this.holdSeat(principal, caseId, slotId);
    const { action, idempotencyKey } = request;
    const keyed = idempotencyKey && sha256(`${caseId}\u0000${slotId}\u0000${idempotencyKey}`);
    const updateId = keyed ? `${action}-${keyed}` : held ? `${action}-${randomUUID()}` : undefined;
    const untilMs = Date.now() + (held ? this.config.values.SEAT_HOLD_SECONDS * 1000 : 0);
    try {
      const answer = await send(updateId ? { updateId, untilMs } : undefined);
      // The booking consumed the hold; when the server answered an earlier update of the same id instead (a
      // resent Idempotency-Key), the hold is unused and its seat goes back now rather than at its expiry.
      if (held) await this.seatHolds.release(caseId, slotId);
      return answer;
    } catch (err) {
      const refusal = await this.slotRefusal(err, slotId);
      // Refused (4xx): the workflow booked nothing, the seat goes back. A 5xx may still book it: the hold expires instead.
      if (held && refusal.status < 500) await this.seatHolds.release(caseId, slotId);
      throw refusal;
    }
  }

  /** True when a seat is held for the case now; throws the full slot's refusal (scope first, as every update). */
  private async holdSeat(principal: Principal, caseId: string, slotId: string): Promise<boolean> {
    const known = await this.access.scopeIfKnown(caseId);
    if (!known) return false;
    this.access.assertMayAccess(principal, known);
    const outcome = await this.seatHolds.hold(caseId, slotId, this.config.values.SEAT_HOLD_SECONDS);
    if (outcome === 'full') throw await this.slotRefusal(new ApiError('APPOINTMENT.SLOT_FULL', 'El horario elegido ya no tiene cupos'), slotId);
    return outcome === 'held';
  }

  /**
   * A booking refused because its slot filled up names the next free slots of the same agency, so
   * that an applicant who misses a seat in a rush learns at once where the next ones are (ADR 0035).
   * Any other error is answered as it is.
   */
  async slotRefusal(err: unknown, slotId: string): Promise<ApiError> {
    const refusal = toApiError(err);
    if (refusal.code !== 'APPOINTMENT.SLOT_FULL') return refusal;
    const alternatives = await this.agenda.nextFreeSlots(slotId, SLOT_ALTERNATIVES);
    return new ApiError(refusal.code, refusal.message, { ...refusal.details, alternatives }, refusal.status);
  }
}
