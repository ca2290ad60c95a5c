import { randomUUID } from 'node:crypto';
import type { Actor, OpenCaseInput } from '@tramites/contracts';
import { AgendaRepository } from '@tramites/persistence';
import { addBusinessDays, toLocalDate } from '@tramites/domain';
import type { DataSource } from 'typeorm';

export const OFFICER: Actor = { id: 'officer-uio-1', role: 'case_manager', agencyId: 'UIO-NORTE' };
export const OTHER_OFFICER: Actor = { id: 'officer-uio-2', role: 'case_manager', agencyId: 'UIO-NORTE' };
export const LEGAL_OFFICER: Actor = { id: 'legal-pic-1', role: 'legal_unit', province: 'PICHINCHA' };

/**
 * A holder's name of its own, derived from `seed` (e.g. the document number): issuance dedupes
 * on names + birth date + nationality, so suites that issue many codes
 * give each test person their own surname. The same seed always gives the same name.
 */
export function uniqueHolderName(seed: string, givenNames = 'María José Pérez'): string {
  let hash = 2166136261;
  for (const ch of seed) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
  let surname = '';
  for (let i = 0; i < 7; i += 1) {
    surname += String.fromCharCode(97 + (hash % 26));
    hash = Math.imul(hash ^ (i + 1), 16777619) >>> 0;
  }
  return `${givenNames} ${surname.charAt(0).toUpperCase()}${surname.slice(1)}`;
}

/** A foreigner-code case (000) filed by the holder, with a unique person behind it. */
export function openCaseInput(overrides: Partial<OpenCaseInput> = {}): OpenCaseInput {
  const caseId = randomUUID();
  const booker = { identityNumber: `P${caseId.slice(0, 8).toUpperCase()}`, email: `booker-${caseId.slice(0, 8)}@example.ec`, mobile: '0991234567' };
  return {
    caseId,
    procedure: 'FOREIGNER_CODE',
    province: 'PICHINCHA',
    filerRole: 'holder',
    booker,
    holder: {
      fullName: uniqueHolderName(caseId),
      nationality: 'VEN',
      documentType: 'passport',
      documentNumber: booker.identityNumber,
      birthDate: '1990-04-12',
    },
    openedBy: { id: booker.identityNumber, role: 'applicant' },
    ...overrides,
  };
}

/** An agency in Quito with 30-minute slots of `seats` seats each. */
export async function seedAgency(dataSource: DataSource, seats = 2, id = 'UIO-NORTE'): Promise<AgendaRepository> {
  const agenda = new AgendaRepository(dataSource);
  await agenda.upsertAgency({
    id,
    province: 'PICHINCHA',
    name: 'Centro de Atención Universal Quito Norte',
    address: 'Av. 10 de Agosto y Bogotá',
    opensAt: '08:00',
    closesAt: '17:00',
    slotMinutes: 30,
    seatsPerSlot: seats,
  });
  return agenda;
}

/** The first free slot `businessDaysAhead` business days after `now`. */
export async function freeSlot(agenda: AgendaRepository, now: number, businessDaysAhead = 2, agencyId = 'UIO-NORTE'): Promise<string> {
  const day = addBusinessDays(toLocalDate(now), businessDaysAhead);
  const slots = await agenda.availability(agencyId, day, new Date(now));
  const free = slots.find((s) => s.available > 0);
  if (!free) throw new Error(`no free slot on ${day}`);
  return free.slotId;
}
