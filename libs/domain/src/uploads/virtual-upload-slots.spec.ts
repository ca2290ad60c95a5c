import { ELECTRONICALLY_SIGNED_UPLOADS, VIRTUAL_UPLOAD_KINDS, virtualUploadSlots } from './virtual-upload-slots';

describe('004 Ventanilla Virtual: the files to upload follow the filer (the same requirements as the window checklist)', () => {
  const kinds = (filer: Parameters<typeof virtualUploadSlots>[0]) => virtualUploadSlots(filer).map((s) => s.kinds.join('|'));

  it('an employer with a RUC uploads the RUC, the signed request, the cédula and the signed agreement', () => {
    expect(kinds({ role: 'legal_representative', hasCedula: true })).toEqual(['ruc', 'key_delivery_request', 'cedula', 'responsibility_agreement']);
  });

  it('a foreign employer without cédula uploads one of the foreigner code, the passport or the visa instead of the cédula', () => {
    const slots = virtualUploadSlots({ role: 'employer', isForeignEmployer: true, hasCedula: false });
    expect(slots.map((s) => s.id)).toEqual([
      '004.virtual.ruc',
      '004.virtual.key_delivery_request',
      '004.virtual.responsibility_agreement',
      'foreign_employer_identity',
    ]);
    expect(slots[3]?.kinds).toEqual(['foreigner_code_certificate', 'passport', 'visa']);
    // Known to the registry by its passport: the RUC's number is typed beside the RUC's scan.
    expect(slots[0]?.typedFields).toEqual(['ruc']);
    expect(virtualUploadSlots({ role: 'employer', hasCedula: true })[0]?.typedFields).toBeUndefined();
  });

  it('a qualified artisan also uploads the Calificación Artesanal', () => {
    expect(kinds({ role: 'employer', hasCedula: true, isArtisan: true })).toContain('artisan_qualification');
  });

  it('the request and the agreement must be signed electronically', () => {
    expect(ELECTRONICALLY_SIGNED_UPLOADS).toEqual(['key_delivery_request', 'responsibility_agreement']);
    expect([...VIRTUAL_UPLOAD_KINDS].sort()).toEqual(
      ['artisan_qualification', 'cedula', 'foreigner_code_certificate', 'key_delivery_request', 'passport', 'responsibility_agreement', 'ruc', 'visa'].sort(),
    );
  });
});
