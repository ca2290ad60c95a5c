import type { DocumentOwner, FilerFlag, Presentation } from './types';

/** How a document is presented, in the words of the sheets ("Original y copia simple"). */
export const PRESENTATION_LABELS: Readonly<Record<Presentation, string>> = {
  original: 'Original',
  copy: 'Copia simple',
  original_and_copy: 'Original y copia simple',
  original_or_copy: 'Original o copia simple',
  upload: 'Archivo escaneado (JPG o PDF, máximo 1 MB)',
};

/** A fact about the filer that makes a requirement apply, as the sheets say it (after "si"). */
export const FILER_FLAG_LABELS: Readonly<Record<FilerFlag, string>> = {
  isVulnerable: 'pertenece a un grupo vulnerable (adulto mayor, persona con discapacidad, mujer embarazada)',
  isForeignWorkerHimself: 'quien presenta es el propio trabajador extranjero',
  hasCedula: 'tiene cédula de identidad ecuatoriana',
  hasForeignerCode: 'ya tiene código de identificación para extranjero',
  isForeignEmployer: 'el empleador es extranjero',
  isArtisan: 'es artesano calificado',
  employerRegistered: 'el empleador ya está registrado',
};

/** Whose document it is, as the window asks ("El titular"). */
export const DOCUMENT_OWNER_LABELS: Readonly<Record<DocumentOwner, string>> = {
  holder: 'El titular',
  employer: 'El empleador',
  attorney: 'El apoderado',
  third_party: 'El tercero autorizado',
  legal_representative: 'El representante legal',
};
