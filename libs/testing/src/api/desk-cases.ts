import { randomUUID } from 'node:crypto';
import type { Principal } from '@tramites/api';
import type { CaseView } from '@tramites/contracts';
import { TestRows } from '../rows';
import { OFFICER, THIRD_PARTY_CEDULA, completeDocuments000, completeDocuments001ByAttorney, slotStartingSoon } from '../index';
import type { ApiHarness } from './api-harness';

/** Cases driven over HTTP to where the desk's pages and tests pick them up. */
export class DeskCases {
  constructor(private readonly h: ApiHarness) {}

  private async bearer(p: Principal): Promise<string> {
    return `Bearer ${await this.h.token(p)}`;
  }

  async waitForStatus(caseId: string, status: string, as: Principal = { sub: 'auditor-1', role: 'auditor' }): Promise<CaseView> {
    let view = {} as CaseView;
    for (let i = 0; i < 150 && view.status !== status; i += 1) {
      if (i > 0) await new Promise((r) => setTimeout(r, 200));
      view = (
        await this.h
          .http()
          .get(`/cases/${caseId}`)
          .set('Authorization', await this.bearer(as))
      ).body as CaseView;
    }
    if (view.status !== status) throw new Error(`case ${caseId} is ${view.status}, not ${status}`);
    return view;
  }

  /** Opened by `applicant`, its emailed code verified, booked in a slot a few minutes ahead at the agency. */
  async booked(
    applicant: Principal,
    body: Record<string, unknown> & { booker: { email: string; mobile: string } },
    agencyId = 'UIO-NORTE',
  ): Promise<{ caseId: string; startsAt: string }> {
    const opened = await this.h
      .http()
      .post('/cases')
      .set('Authorization', await this.bearer(applicant))
      .send(body);
    if (opened.status !== 201) throw new Error(`open: ${opened.status} ${JSON.stringify(opened.body)}`);
    const caseId = opened.body.caseId as string;
    const email = body.booker.email;
    const mail = await this.h.smtp.waitForMessage((x) => x.to.includes(email) && /verific/i.test(x.subject));
    const code = /\b(\d{6})\b/.exec(mail.text)?.[1] ?? '';
    await this.h
      .http()
      .post(`/cases/${caseId}/verification`)
      .set('Authorization', await this.bearer(applicant))
      .send({ code })
      .expect(200);
    const slotId = await slotStartingSoon(this.h.db.dataSource, agencyId);
    const booked = await this.h
      .http()
      .post(`/cases/${caseId}/appointment`)
      .set('Authorization', await this.bearer(applicant))
      .send({ slotId })
      .expect(200);
    return { caseId, startsAt: (booked.body as CaseView).appointment?.startsAt ?? '' };
  }

  /** A 000 filed by the holder (a passport number of its own), booked at UIO-NORTE. */
  async booked000(fullName = 'Carlos Eduardo Rivas Pérez'): Promise<{ caseId: string; passport: string }> {
    const passport = `AB${randomUUID().replace(/-/g, '').slice(0, 7).toUpperCase()}`;
    const { caseId } = await this.booked(
      { sub: passport, role: 'applicant' },
      {
        procedure: 'FOREIGNER_CODE',
        province: 'PICHINCHA',
        filerRole: 'holder',
        booker: { email: `${passport.toLowerCase()}@example.ec`, mobile: '0991234567' },
        holder: { fullName, nationality: 'VEN', documentType: 'passport', documentNumber: passport, birthDate: '1988-02-20' },
      },
    );
    return { caseId, passport };
  }

  /** A 001 filed by an attorney, booked at UIO-NORTE: its poder goes to the legal unit once the documents are accepted. */
  async booked001ByAttorney(
    holderName = 'Jorge Luis Salazar Vera',
    deed: { validUntil?: string } = {},
  ): Promise<{ caseId: string; poderId: string; deedNumber: string }> {
    const tag = randomUUID().slice(0, 8).toUpperCase();
    const employer = '1790016919001';
    const deedNumber = `2026-17-01-P${tag}`;
    const { caseId } = await this.booked(
      { sub: THIRD_PARTY_CEDULA, role: 'applicant' },
      {
        procedure: 'FOREIGNER_CODE_EMPLOYMENT',
        province: 'PICHINCHA',
        filerRole: 'attorney',
        booker: { email: `apoderado-${tag.toLowerCase()}@example.ec`, mobile: '0991234567' },
        // A person of their own (the same names, birth date and nationality as another case's would be a possible duplicate).
        holder: {
          fullName: holderName,
          nationality: 'COL',
          documentType: 'passport',
          documentNumber: `AB${tag}`,
          birthDate: `19${70 + (parseInt(tag.slice(0, 2), 16) % 30)}-0${1 + (parseInt(tag.slice(2, 3), 16) % 9)}-1${parseInt(tag.slice(3, 4), 16) % 10}`,
        },
        employerId: employer,
        poder: { employerId: employer, attorneyName: 'Luis Alberto Mena Vera', deedNumber, notary: 'Notaría Primera del cantón Quito', ...deed },
      },
    );
    return { caseId, poderId: `${employer}:${THIRD_PARTY_CEDULA}:${deedNumber}`, deedNumber };
  }

  /** Checked in and its documents accepted at the window by `officerSub` of UIO-NORTE: the poder waits in the inbox. */
  async poderInReview(officerSub: string = OFFICER.id): Promise<{ caseId: string; poderId: string }> {
    const { caseId, poderId } = await this.booked001ByAttorney();
    await this.attended(caseId, officerSub, completeDocuments001ByAttorney);
    await this.waitForStatus(caseId, 'legal_review');
    for (let i = 0; i < 150; i += 1) {
      if (await new TestRows(this.h.db.dataSource).poderReviewPending(poderId)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    return { caseId, poderId };
  }

  /** Checked in at UIO-NORTE by `officerSub`, with the filing's documents recorded at the window (a complete 000 by default). */
  async attended(
    caseId: string,
    officerSub: string = OFFICER.id,
    filing: typeof completeDocuments000 | typeof completeDocuments001ByAttorney = completeDocuments000,
  ): Promise<void> {
    const officer: Principal = { sub: officerSub, role: 'case_manager', agencyId: 'UIO-NORTE' };
    await this.h
      .http()
      .post(`/cases/${caseId}/check-in`)
      .set('Authorization', await this.bearer(officer))
      .expect(200);
    const { documents, sutRecord } = filing({ id: officerSub, role: 'case_manager' });
    await this.h
      .http()
      .post(`/cases/${caseId}/documents`)
      .set('Authorization', await this.bearer(officer))
      .send({ documents, sutRecord })
      .expect(200);
  }

  /** A 000 attended at the window and issued (its code emailed with the PDF). */
  async issued000(fullName: string): Promise<{ caseId: string; passport: string; email: string }> {
    const { caseId, passport } = await this.booked000(fullName);
    await this.attended(caseId);
    await this.waitForStatus(caseId, 'issued');
    return { caseId, passport, email: `${passport.toLowerCase()}@example.ec` };
  }

  /**
   * The same person files a second 000 with her visa after a first one (passport) was issued:
   * the second waits in "posible duplicado" with the first person as the candidate.
   */
  async possibleDuplicate(person: { fullName: string; nationality: string; birthDate: string }): Promise<{ caseId: string; code: string }> {
    const tag = randomUUID().replace(/-/g, '').slice(0, 7).toUpperCase();
    const file = async (documentType: 'passport' | 'visa', documentNumber: string): Promise<string> => {
      const { caseId } = await this.booked(
        { sub: documentNumber, role: 'applicant' },
        {
          procedure: 'FOREIGNER_CODE',
          province: 'PICHINCHA',
          filerRole: 'holder',
          booker: { email: `${documentNumber.toLowerCase()}@example.ec`, mobile: '0991234567' },
          holder: { ...person, documentType, documentNumber },
        },
      );
      await this.attended(caseId);
      return caseId;
    };
    const first = await file('passport', `PD${tag}`);
    const code = (await this.waitForStatus(first, 'issued')).result?.code ?? '';
    const caseId = await file('visa', `VD${tag}`);
    await this.waitForStatus(caseId, 'possible_duplicate');
    return { caseId, code };
  }
}
