import type { InspectedUpload } from '@tramites/contracts';
import {
  composeObservations,
  decisionInWords,
  GENERAL_OBSERVATION,
  OBSERVATIONS_MAX,
  observationField,
  officeDocuments,
  SIGNATURE_VERDICTS,
} from './office-words';

const uploads: InspectedUpload[] = [
  {
    documentId: 'a',
    kind: 'key_delivery_request',
    found: true,
    detected: 'pdf',
    sizeBytes: 120_000,
    fileName: 'solicitud.pdf',
    signature: { status: 'valid', signer: 'Carlos Andrés Vera Mora', issuer: 'CN=AC de prueba, O=Test, C=EC', signingTime: '2026-12-07T15:04:00Z' },
  },
  { documentId: 'b', kind: 'cedula', belongsTo: 'legal_representative', found: true, detected: 'jpeg', sizeBytes: 400, fileName: 'cedula.jpg' },
  { documentId: 'c', kind: 'responsibility_agreement', found: true, detected: 'pdf', fileName: 'acuerdo.pdf', signature: { status: 'untrusted', signer: 'X' } },
];
const view = { submission: { uploads, submittedAt: '2026-12-07T15:05:00Z' } };

describe('the provincial office in words', () => {
  it('names each document, its file and, for the signed ones, the verdict, the signer, the issuer and the local signing time', () => {
    const [request, cedula, agreement] = officeDocuments(view);
    expect(request).toMatchObject({ label: 'Solicitud de entrega de clave', fileName: 'solicitud.pdf', fileFacts: 'PDF, 117 KB', isPdf: true });
    expect(request?.signature).toEqual({
      valid: true,
      verdict: SIGNATURE_VERDICTS.valid.text,
      signer: 'Carlos Andrés Vera Mora',
      issuer: 'CN=AC de prueba, O=Test, C=EC',
      signedAt: expect.stringMatching(/7 de diciembre de 2026, 10:04/),
    });
    expect(cedula).toMatchObject({ label: 'Cédula de identidad', fileFacts: 'JPG, 1 KB', isPdf: false });
    expect(cedula?.owner).not.toBe('');
    expect(cedula?.signature).toBeUndefined();
    expect(agreement?.signature).toMatchObject({
      valid: false,
      verdict: expect.stringContaining('no es de una autoridad de certificación reconocida'),
      issuer: 'No consta',
    });
    expect(agreement?.signature?.signedAt).toBe('La firma no indica la hora');
  });

  it('every verdict of the inspection has words, and only "valid" is valid', () => {
    for (const [status, v] of Object.entries(SIGNATURE_VERDICTS)) {
      expect(v.text.length).toBeGreaterThan(10);
      expect(v.valid).toBe(status === 'valid');
    }
  });

  it('composes the observations per document and in general; none, too short or too long is refused by field', () => {
    const docs = officeDocuments(view);
    expect(composeObservations(docs, {}).errors).toEqual([{ field: GENERAL_OBSERVATION, text: expect.stringContaining('al menos una observación') }]);
    expect(composeObservations(docs, { [observationField(1)]: 'mal' }).errors).toEqual([{ field: 'obs-1', text: expect.stringContaining('5 caracteres') }]);
    const ok = composeObservations(docs, { [observationField(1)]: 'La cédula está borrosa.', [GENERAL_OBSERVATION]: 'Revise también el RUC.' });
    expect(ok).toEqual({ observations: 'Cédula de identidad (cedula.jpg): La cédula está borrosa.\nGeneral: Revise también el RUC.', errors: [] });
    const long = composeObservations(docs, { [GENERAL_OBSERVATION]: 'x'.repeat(OBSERVATIONS_MAX) });
    expect(long.errors[0]?.field).toBe(GENERAL_OBSERVATION);
  });

  it('says the decision with its author and the reasons sent', () => {
    const review = {
      decision: 'observe' as const,
      by: { id: 'officer-1', role: 'case_manager' as const, agencyId: 'UIO-NORTE' },
      at: '2026-12-07T16:00:00Z',
      observations: 'General: falta',
    };
    expect(decisionInWords(review, () => 'Ana Gestora Quito')).toEqual({
      text: expect.stringMatching(/^Observada por Ana Gestora Quito \(gestor, UIO-NORTE\) el .*7 de diciembre de 2026, 11:00$/),
      observations: 'General: falta',
    });
    expect(decisionInWords(undefined, () => undefined)).toBeUndefined();
  });
});
