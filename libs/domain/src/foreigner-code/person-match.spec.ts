import fc from 'fast-check';
import { personNameKey } from './person-match';

describe('personNameKey', () => {
  const maria = { fullName: 'María José Pérez Gómez', nationality: 'VEN', birthDate: '1990-04-12' };
  it.each([
    ['surname first, capitals, comma', 'PÉREZ GÓMEZ, MARÍA JOSÉ'],
    ['no accents, extra spaces', '  Maria  Jose Perez   Gomez '],
    ['hyphenated', 'María-José Pérez Gómez'],
  ])('the same person: %s', (_name, fullName) => {
    expect(personNameKey({ ...maria, fullName })).toBe(personNameKey(maria));
  });
  it.each([
    ['another birth date', { birthDate: '1990-04-13' }],
    ['another nationality', { nationality: 'COL' }],
    ['another name', { fullName: 'María José Pérez López' }],
  ])('another person: %s', (_name, change) => {
    expect(personNameKey({ ...maria, ...change })).not.toBe(personNameKey(maria));
  });
  it('ignores the order of the names', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(['ANA', 'LUCÍA', 'TORRES', 'RÍOS'], { minLength: 4, maxLength: 4 }), (names) => {
        expect(personNameKey({ ...maria, fullName: names.join(' ') })).toBe(personNameKey({ ...maria, fullName: 'Ana Lucía Torres Ríos' }));
      }),
    );
  });
});
