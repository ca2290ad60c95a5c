import { translatorOf } from '../i18n';
import { pageAsking, QUESTION_PAGES } from './question-pages';

const FIXED_PAGES = ['/turno', '/turno/revisar', '/turno/codigo', '/turno/fecha', '/turno/confirmacion', '/turno/cancelar'];

describe('the booking question pages, as data', () => {
  const known = new Set([...FIXED_PAGES, ...QUESTION_PAGES.map((p) => `/turno/${p.slug}`)]);

  it.each(QUESTION_PAGES.map((p) => [p.slug, p] as const))(
    '%s: its back link, the page it needs first and the next page are pages of the booking',
    (_, page) => {
      const draft = { procedure: 'FOREIGNER_CODE_EMPLOYMENT', filerRole: 'attorney' };
      for (const to of [page.backLink, page.needs?.({}), page.next(draft), page.next({ ...draft, filerRole: 'holder' })].filter(Boolean))
        expect(known.has(to as string)).toBe(true);
    },
  );

  it('an error the API names goes back to the page that asks the field', () => {
    const named = ['procedure', 'filerRole', 'province', 'identityNumber', 'booker.email', 'employerId', 'holder.birthDate', 'poder.deedNumber', 'slotId'].map(
      (f) => [f, pageAsking(f)?.name(translatorOf('es'))],
    );
    expect(Object.fromEntries(named)).toEqual({
      procedure: 'Trámite',
      filerRole: 'Quién presenta',
      province: 'Provincia',
      identityNumber: 'Sus datos',
      'booker.email': 'Sus datos',
      employerId: 'Sus datos',
      'holder.birthDate': 'Fecha de nacimiento',
      'poder.deedNumber': 'Poder notarial',
      slotId: undefined,
    });
    expect(pageAsking('holder.nationality')?.name(translatorOf('en'))).toBe('Nationality');
    expect(pageAsking('holder.fullName')?.slug).toBe('titular');
    expect(pageAsking('holder.documentNumber')?.slug).toBe('documento');
  });

  it('001 by an attorney asks the poder after the holder; any other filer goes to the review', () => {
    const holder = QUESTION_PAGES.find((p) => p.slug === 'nacimiento');
    expect(holder?.next({ filerRole: 'attorney' })).toBe('/turno/poder');
    expect(holder?.next({ filerRole: 'employer' })).toBe('/turno/revisar');
  });
});
