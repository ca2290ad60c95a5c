import { checkIn, checkInRefusal, endOfAppointmentDay, initialCase, lapse } from './in-person-case.state';

const input = {
  caseId: '00000000-0000-4000-8000-000000000001',
  procedure: 'FOREIGNER_CODE' as const,
  applicantId: 'applicant-1',
  province: 'PICHINCHA',
  agencyId: 'UIO-01',
  appointmentAt: '2026-12-01T14:00:00.000Z',
  openedBy: { id: 'applicant-1', role: 'applicant' as const },
};

describe('endOfAppointmentDay', () => {
  it.each([
    // 09:00 in Guayaquil -> 17:00 the same local day = 22:00Z
    ['2026-12-01T14:00:00.000Z', '2026-12-01T22:00:00.000Z'],
    // 20:30 local on Dec 1 is 01:30Z on Dec 2: the local day is still Dec 1
    ['2026-12-02T01:30:00.000Z', '2026-12-01T22:00:00.000Z'],
    // 00:00 local on Dec 2
    ['2026-12-02T05:00:00.000Z', '2026-12-02T22:00:00.000Z'],
  ])('appointment %s lapses at %s', (appointment, expected) => {
    expect(endOfAppointmentDay(appointment)).toBe(expected);
  });
});

describe('in-person case state', () => {
  it('starts scheduled, with the lapse time at closing', () => {
    const state = initialCase(input);
    expect(state.status).toBe('scheduled');
    expect(state.lapsesAt).toBe('2026-12-01T22:00:00.000Z');
    expect(checkInRefusal(state)).toBeUndefined();
  });

  it('refuses a second check-in and a check-in after lapsing', () => {
    const officer = { id: 'officer-1', role: 'case_manager' as const };
    const checkedIn = checkIn(initialCase(input), officer, '2026-12-01T14:05:00.000Z');
    expect(checkedIn).toMatchObject({ status: 'checked_in', checkedInBy: officer });
    expect(checkInRefusal(checkedIn)).toBe('CASE.NOT_SCHEDULED');
    expect(checkInRefusal(lapse(initialCase(input)))).toBe('CASE.NOT_SCHEDULED');
  });
});
