import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { caseReference, type CaseSmsParams } from '@tramites/contracts';
import { caseEmailMessageId, renderCaseEmail, renderCaseSms, sealEmailBody, sealSmsBody, smsRecipient } from '@tramites/mail';
import {
  CaseLanguagesRepository,
  AgendaRepository,
  EmailOutboxRepository,
  SeatHoldRepository,
  SmsOutboxRepository,
  WaitingListRepository,
  isSlotPast,
  type BookedAppointment,
  type HeldOffer,
} from '@tramites/persistence';
import type { DataSource, EntityManager } from 'typeorm';

export interface WaitingListOffersDependencies {
  dataSource: DataSource;
  /** Seals the offer's email and SMS (their link is a bearer secret). */
  secret: string;
  /** The page that takes an offer: `${offerBaseUrl}/<token>`. */
  offerBaseUrl: string;
  /** How long a freed seat is held for the first of the list (WAITING_LIST_HOLD_MINUTES). */
  holdMinutes: number;
}

export const WAITING_LIST_DEFAULTS = { holdMinutes: 30, offerBaseUrl: 'http://localhost:3001/turno/lista/oferta' } as const;

/** SHA-256 of an offer link's token: the only form the database keeps. */
export const offerTokenSha256 = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * The waiting list's side effects (ADR 0029). A freed seat (a cancellation, a lapse, a hold that ended)
 * is held for the first who waits for that agency and day, and the offer's email and SMS are queued
 * in the outboxes IN THE SAME TRANSACTION as the seat's release and its hold: a worker killed at any
 * point leaves either nothing done (the activity's retry does it) or all of it, never a held seat
 * nobody was told about.
 */
export class WaitingListOffers {
  constructor(private readonly deps: WaitingListOffersDependencies) {}

  /** Frees the case's seat (cancel, no-show) and offers it to the list; a second call does nothing. */
  async releaseAndOffer(caseId: string): Promise<HeldOffer | undefined> {
    return this.deps.dataSource.transaction(async (tx) => {
      const slotId = await new AgendaRepository(tx).release(caseId);
      return slotId ? this.offer(tx, slotId) : undefined;
    });
  }

  /** Moves the case's appointment (a reschedule) and offers the seat it left to the list, in one transaction. */
  async moveAndOffer(caseId: string, slotId: string): Promise<BookedAppointment> {
    try {
      return await this.deps.dataSource.transaction(async (tx) => {
        const agenda = new AgendaRepository(tx);
        const left = await agenda.bookedSlotOf(caseId);
        const moved = await agenda.move(caseId, slotId);
        if (left && left !== moved.slotId) await this.offer(tx, left);
        return moved;
      });
    } catch (err) {
      // A move to a slot that has started is refused: the seat the API held there goes back once the move rolled back (ADR 0035, decision 10).
      if (isSlotPast(err)) await new SeatHoldRepository(this.deps.dataSource).release(caseId, slotId);
      throw err;
    }
  }

  /**
   * Ends the holds not taken in time (the waiting list's offers, and the bookings' seat holds whose booking
   * never came, ADR 0035) and offers each seat to the next who waits; the new offers.
   */
  async passOnExpiredHolds(): Promise<HeldOffer[]> {
    return this.deps.dataSource.transaction(async (tx) => {
      const slots = [...(await new WaitingListRepository(tx).endExpiredHolds()), ...(await new SeatHoldRepository(tx).endExpired())];
      const offers: HeldOffer[] = [];
      for (const slotId of slots) {
        const o = await this.offer(tx, slotId);
        if (o) offers.push(o);
      }
      return offers;
    });
  }

  private async offer(tx: EntityManager, slotId: string): Promise<HeldOffer | undefined> {
    const token = randomBytes(24).toString('base64url');
    const offerId = randomUUID();
    const held = await new WaitingListRepository(tx).holdFreedSeat(slotId, this.deps.holdMinutes, offerId, offerTokenSha256(token));
    if (!held) return undefined;
    const url = `${this.deps.offerBaseUrl.replace(/\/$/, '')}/${token}`;
    const reference = caseReference(held.caseId);
    const params = { reference, agencyName: held.agencyName, startsAt: held.startsAt, url, minutesValid: this.deps.holdMinutes };
    const emailKey = `offer:${offerId}`;
    const locale = await new CaseLanguagesRepository(tx).of(held.caseId);
    const email = renderCaseEmail('WAITING_LIST_OFFER', { ...params, procedureName: 'Turno en línea', expiresAt: held.expiresAt }, { locale });
    await new EmailOutboxRepository(tx).queue({
      idempotencyKey: emailKey,
      caseId: held.caseId,
      recipient: held.email,
      template: 'WAITING_LIST_OFFER',
      subject: email.subject,
      messageId: caseEmailMessageId(emailKey),
      bodySealed: sealEmailBody(this.deps.secret, emailKey, { text: email.text, html: email.html }),
      attachments: [],
    });
    const to = smsRecipient(held.mobile);
    if (to) {
      const smsKey = `offer:${offerId}:sms`;
      const smsParams: CaseSmsParams['WAITING_LIST_OFFER'] = params;
      await new SmsOutboxRepository(tx).queue({
        idempotencyKey: smsKey,
        caseId: held.caseId,
        recipient: to,
        template: 'WAITING_LIST_OFFER',
        bodySealed: sealSmsBody(this.deps.secret, smsKey, renderCaseSms('WAITING_LIST_OFFER', smsParams, locale)),
      });
    }
    return held;
  }
}
