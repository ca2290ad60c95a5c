import { Injectable } from '@nestjs/common';
import { IN_PERSON_RULES, actionRefusal, caseReference, checkInUpdate, type CaseView, type InPersonAction } from '@tramites/contracts';
import { toLocalDate } from '@tramites/domain';
import { AgendaRepository, TurnoCallsRepository, type AgencyDayTurno } from '@tramites/persistence';
import { arrivalPassKeyFromSecret, signArrivalPass, verifyArrivalPass, type SigningKeyPair } from '@tramites/signing';
import { CaseAccessService } from '../access/case-access.service';
import { CaseUpdates } from '../access/case-updates';
import { actorOf, type Principal } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { ApiConfig } from '../config/api.config';
import type { ArrivalAnswerDto, ArrivalDto, ArrivalPassDto, CallingBoardDto, CallingScreenDto, WaitingTurnoDto } from './agency-day.dto';

const longDay = (day: string): string =>
  new Intl.DateTimeFormat('es-EC', { timeZone: 'America/Guayaquil', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(`${day}T12:00:00-05:00`),
  );

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

const toWaiting = (t: AgencyDayTurno): WaitingTurnoDto => ({
  caseId: t.caseId,
  turno: caseReference(t.caseId),
  arrivedAt: t.arrivedAt.toISOString(),
  vulnerableGroup: t.vulnerableGroup,
  calledAt: iso(t.calledAt),
  windowNumber: t.windowNumber,
  callCount: t.callCount,
  noShowAt: iso(t.noShowAt),
  attendedAt: iso(t.attendedAt),
});

/** "T-1a2b3c4d5e", "t1A2B3C4D5E" → "T-1A2B3C4D5E". */
const normalReference = (typed: string): string =>
  `T-${typed
    .trim()
    .replace(/^[Tt]-?/, '')
    .toUpperCase()}`;

/**
 * The agency's day (ADR 0028): the confirmation's signed arrival pass, the arrival it proves
 * (the case's check-in, by the one table of case actions), and the waiting room's calls.
 */
@Injectable()
export class AgencyDayService {
  private readonly passKey: SigningKeyPair;

  constructor(
    config: ApiConfig,
    private readonly access: CaseAccessService,
    private readonly updates: CaseUpdates,
    private readonly calls: TurnoCallsRepository,
    private readonly agenda: AgendaRepository,
  ) {
    // The API's own key, derived from its token secret under a label of its own (libs/signing, arrival-pass.ts).
    this.passKey = arrivalPassKeyFromSecret(config.jwtSecret);
  }

  private async inPersonView(caseId: string): Promise<CaseView> {
    const view = await this.access.liveView(caseId);
    if (!('appointment' in view) && !('walkIn' in view) && !('filerRole' in view)) throw new ApiError('CASE.NOT_FOUND');
    return view as CaseView;
  }

  /** The QR of the applicant's confirmation: the case's reference, the turno's agency and day, signed. */
  async arrivalPass(principal: Principal, caseId: string, now = Date.now()): Promise<ArrivalPassDto> {
    await this.access.authorize(principal, caseId, 'read_arrival_pass');
    const a = (await this.inPersonView(caseId)).appointment;
    if (!a) throw new ApiError('APPOINTMENT.NOT_FOUND', 'Este trámite no tiene un turno reservado: no hay una confirmación que presentar.');
    const claims = { ref: caseReference(caseId), ag: a.agencyId, day: toLocalDate(Date.parse(a.startsAt)), iat: Math.floor(now / 1000) };
    return { pass: signArrivalPass(claims, this.passKey), reference: claims.ref, agencyId: claims.ag, day: claims.day };
  }

  private async otherAgency(agencyId: string): Promise<ApiError> {
    const name = (await this.agenda.agency(agencyId))?.name;
    return new ApiError(
      'ARRIVAL.OTHER_AGENCY',
      `La confirmación es de un turno en ${name ? `la agencia ${name}` : 'otra agencia'}, no en esta: la persona debe acudir a la agencia de su turno.`,
    );
  }

  private otherDay(day: string, rescheduledTo?: string): ApiError {
    return new ApiError(
      'ARRIVAL.OTHER_DAY',
      rescheduledTo
        ? `La confirmación es del turno del ${longDay(day)}, que se cambió al ${longDay(rescheduledTo)}: hoy no se puede registrar su llegada.`
        : `La confirmación es del turno del ${longDay(day)}: hoy no es el día de ese turno y no se puede registrar su llegada.`,
    );
  }

  /**
   * Records the arrival that the confirmation proves: its QR (the signature verified first) or the
   * reference typed from it. A confirmation of another agency or another day is refused, in words.
   */
  async arrive(principal: Principal, dto: ArrivalDto, now = Date.now()): Promise<ArrivalAnswerDto> {
    const today = toLocalDate(now);
    let reference: string;
    let passDay: string | undefined;
    if (dto.pass?.trim()) {
      const v = verifyArrivalPass(dto.pass.trim(), this.passKey.publicKey);
      if (!v.valid) throw new ApiError('ARRIVAL.PASS_INVALID');
      if (v.claims.ag !== principal.agencyId) throw await this.otherAgency(v.claims.ag);
      if (v.claims.day !== today) throw this.otherDay(v.claims.day);
      reference = v.claims.ref;
      passDay = v.claims.day;
    } else if (dto.reference?.trim()) {
      reference = normalReference(dto.reference);
    } else {
      throw new ApiError(
        'VALIDATION.FAILED',
        'Escanee el código QR de la confirmación o escriba el número de trámite (T-…).',
        { fields: [{ field: 'reference', message: 'escriba el número de trámite (T-…) o envíe el texto del código QR en pass' }] },
        400,
      );
    }
    const ids = await this.calls.caseIdsByReference(reference);
    if (ids.length === 0) throw new ApiError('CASE.NOT_FOUND', `No hay un trámite con el número ${reference}: revise el número de la confirmación.`);
    // The scope first, from the read model: another agency's case is refused before its live view is read,
    // in words that name none of its details; a case of this agency is logged before it is read.
    const scopes = await Promise.all(ids.map(async (id) => ({ id, scope: await this.access.scopeIfKnown(id) })));
    const ours = scopes.find((s) => s.scope?.agencyId === principal.agencyId);
    if (!ours) {
      if (scopes.some((s) => s.scope?.agencyId)) throw new ApiError('ARRIVAL.OTHER_AGENCY');
      throw new ApiError('AUTH.OUT_OF_SCOPE', 'Ese trámite no tiene un turno en esta agencia: no se puede registrar aquí su llegada.');
    }
    const caseId = ours.id;
    await this.access.log(principal, caseId, 'read_arrival');
    const view = await this.inPersonView(caseId);
    const a = view.appointment;
    if (a) {
      if (a.agencyId !== principal.agencyId) throw new ApiError('ARRIVAL.OTHER_AGENCY');
      const day = toLocalDate(Date.parse(a.startsAt));
      if (passDay && passDay !== day) throw this.otherDay(passDay, day);
      if (day !== today && view.status === 'scheduled') throw this.otherDay(day);
    }
    const answer = (status: string, alreadyArrived: boolean): ArrivalAnswerDto => ({
      caseId,
      reference,
      alreadyArrived,
      status,
      holderName: view.holder.fullName,
    });
    if (view.status !== 'scheduled' && (await this.calls.ofCase(caseId, today))) return answer(view.status, true);
    const after = await this.updates.update(principal, caseId, 'check_in', checkInUpdate, {});
    return answer(after.status, false);
  }

  /** The desk's board of the day: who waits (in the order of the call), who was called, who did not come. */
  async board(principal: Principal, now = Date.now()): Promise<CallingBoardDto> {
    const agencyId = principal.agencyId ?? '';
    const date = toLocalDate(now);
    const [day, waiting] = await Promise.all([this.calls.day(agencyId, date), this.calls.waiting(agencyId, date)]);
    return {
      agencyId,
      date,
      waiting: waiting.map(toWaiting),
      called: day
        .filter((t) => t.calledAt && !t.noShowAt && !t.attendedAt && t.status === 'checked_in')
        .sort((x, y) => (y.calledAt?.getTime() ?? 0) - (x.calledAt?.getTime() ?? 0))
        .map(toWaiting),
      noShows: day.filter((t) => t.noShowAt && t.status === 'checked_in').map(toWaiting),
    };
  }

  /** The case's action by the one table (ADR 0026), or its refusal. */
  private async allowed(principal: Principal, caseId: string, action: InPersonAction, now: number): Promise<void> {
    const scope = await this.access.scopeOf(caseId);
    this.access.assertMayAccess(principal, scope);
    const view = await this.inPersonView(caseId);
    // A claim holds (ADR 0022, amended): another officer's claimed case is not called or marked absent by a colleague.
    const refusal = actionRefusal(IN_PERSON_RULES, action, view, actorOf(principal), { now, claim: await this.access.claimOf(caseId, principal) });
    if (refusal) throw new ApiError(refusal.code, refusal.message);
  }

  /** Calls the next turno that waits (vulnerable groups first, then by arrival) to the window. */
  async callNext(principal: Principal, windowNumber: string, now = Date.now()): Promise<WaitingTurnoDto> {
    const agencyId = principal.agencyId ?? '';
    const date = toLocalDate(now);
    for (const t of await this.calls.waiting(agencyId, date)) {
      // The same checks as a call by name: a turno the officer may not call (a colleague's claim holds) is passed over.
      const mayCall = await this.allowed(principal, t.caseId, 'call_turno', now).then(
        () => true,
        (err: unknown) => {
          if (err instanceof ApiError) return false;
          throw err;
        },
      );
      if (!mayCall) continue;
      await this.access.log(principal, t.caseId, 'call_turno');
      const call = { caseId: t.caseId, localDate: date, agencyId, turno: caseReference(t.caseId), windowNumber, calledBy: principal.sub };
      if (await this.calls.firstCall(call)) return toWaiting((await this.calls.ofCase(t.caseId, date)) ?? t);
    }
    throw new ApiError('CALLING.NOBODY_WAITING');
  }

  /** Calls one arrived turno to the window: its first call, or again (a recall, also of a turno marked absent). */
  async call(principal: Principal, caseId: string, windowNumber: string, now = Date.now()): Promise<WaitingTurnoDto> {
    await this.allowed(principal, caseId, 'call_turno', now);
    const date = toLocalDate(now);
    const call = { caseId, localDate: date, agencyId: principal.agencyId ?? '', turno: caseReference(caseId), windowNumber, calledBy: principal.sub };
    if (!(await this.calls.firstCall(call))) await this.calls.recall(caseId, date, windowNumber, principal.sub);
    await this.access.log(principal, caseId, 'call_turno');
    const t = await this.calls.ofCase(caseId, date);
    if (!t) throw new ApiError('CASE.NOT_FOUND');
    return toWaiting(t);
  }

  /** Records that the arrived turno did not come to the window when called (it leaves the screen and the waiting list). */
  async noShow(principal: Principal, caseId: string, now = Date.now()): Promise<WaitingTurnoDto> {
    await this.allowed(principal, caseId, 'mark_no_show', now);
    const date = toLocalDate(now);
    await this.calls.noShow({ caseId, localDate: date, agencyId: principal.agencyId ?? '', turno: caseReference(caseId), markedBy: principal.sub });
    await this.access.log(principal, caseId, 'mark_no_show');
    const t = await this.calls.ofCase(caseId, date);
    if (!t) throw new ApiError('CASE.NOT_FOUND');
    return toWaiting(t);
  }

  /** The waiting room's screen: turnos and windows only, no names. */
  async screen(agencyId: string, now = Date.now()): Promise<CallingScreenDto> {
    const agency = await this.agenda.agency(agencyId);
    if (!agency) throw new ApiError('AGENCY.NOT_FOUND');
    const date = toLocalDate(now);
    const calls = await this.calls.screen(agencyId, date);
    return {
      agencyId,
      agencyName: agency.name,
      date,
      calls: calls.map((c) => ({ turno: c.turno, windowNumber: c.windowNumber, calledAt: c.calledAt.toISOString(), callCount: c.callCount })),
    };
  }
}
