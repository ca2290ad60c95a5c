import { sheetRef } from '../../shared/sheet-ref';
import { HOLDER_THIRD_PARTY_AUTHORISATION_FIELDS, OFFICE_HOURS_TEXT, THIRD_PARTY, channelRequirement, filerRequirement, text } from '../common';
import type { ProcedureDefinition } from '../types';

const ref = (section: string) => sheetRef('002', section);

/** Sheet 002: CERTIFICADO DE NO AFILIACIÓN AL IESS PARA EXTRANJEROS. */
export const NON_AFFILIATION_CERTIFICATE_PROCEDURE: ProcedureDefinition = {
  type: 'NON_AFFILIATION_CERTIFICATE',
  sheet: '002',
  name: 'Certificado de no afiliación al IESS para extranjeros',
  description: 'Concede un certificado que indica que la persona extranjera solicitante no se encuentra afiliada al IESS.',
  addressedTo: ['Persona Natural - Extranjera'],
  result: {
    label: 'Certificado de no afiliación al IESS para extranjeros',
    resultType: 'Registro, certificaciones o constancias',
  },
  cost: 'free',
  officeHours: { description: OFFICE_HOURS_TEXT, source: ref('¿Dónde y cuál es el horario de atención?') },
  filers: [
    {
      role: 'holder',
      channels: ['in_person'],
      description: 'La persona extranjera que no tiene código de extranjero ni cédula.',
      source: ref('¿A quién está dirigido?'),
    },
    // 002, Requisito adicional 1: "el ciudadano que ingresa el trámite como tercero, presentará una autorización simple"
    {
      role: 'authorised_third_party',
      channels: ['in_person'],
      description: 'Un tercero con autorización simple del titular.',
      source: ref('Requisitos Específicos, Requisito adicional, 1. Autorización a terceros'),
    },
  ],
  forbiddenFilers: [],
  channels: [
    // 002, Canales de atención: "Presencial."
    {
      channel: 'in_person',
      appointment: 'required',
      appointmentInNameOfAttendee: false,
      walkInForVulnerableGroups: false,
      appointmentServiceName: 'Certificado de no afiliación al IESS para extranjeros',
      description: 'Ventanillas de los Centros de Atención al Ciudadano, con turno en línea.',
      source: ref('Canales de atención'),
    },
  ],
  alternativeGroups: [],
  requirements: [
    filerRequirement('002', 'Presenta el titular o un tercero autorizado', '¿A quién está dirigido?'),
    channelRequirement('002', 'Trámite presencial'),
    {
      // 002, Requisitos 1, Nota: "No tener código de extranjero, ni cédula de identidad."
      id: '002.holder_without_foreigner_code',
      check: 'holder_without_foreigner_code',
      label: 'El titular no tiene código de identificación para extranjero',
      source: ref('Requisitos Generales, 1. Pasaporte, Nota'),
    },
    {
      // 002, Requisitos 1, Nota: "No tener código de extranjero, ni cédula de identidad."
      id: '002.holder_without_cedula',
      check: 'holder_without_cedula',
      label: 'El titular no tiene cédula de identidad',
      source: ref('Requisitos Generales, 1. Pasaporte, Nota'),
    },
    {
      // 002, Requisitos 1: "Presente el original del pasaporte del país de origen."
      id: '002.passport',
      check: 'document',
      label: 'Pasaporte del país de origen (original; con copia si lo presenta un tercero)',
      source: ref('Requisitos Generales, 1. Pasaporte'),
      document: {
        kinds: ['passport'],
        owners: ['holder'],
        name: 'Pasaporte del titular',
        presentation: 'original',
        // 002, Requisito adicional 1: "deberá presentar, original y copia del pasaporte del titular"
        presentationOverrides: [{ when: THIRD_PARTY, presentation: 'original_and_copy' }],
      },
    },
    {
      // 002, Requisitos 2: "Presente el original de la visa del país de origen."
      id: '002.visa',
      check: 'document',
      label: 'Visa (original)',
      source: ref('Requisitos Generales, 2. Visa'),
      document: { kinds: ['visa'], owners: ['holder'], name: 'Visa del titular', presentation: 'original' },
    },
    {
      // 002, Requisitos 3: "carta simple dirigida al Director Provincial, que contenga los datos personales, datos de contacto, el pedido ... y la firma"
      id: '002.request_letter',
      check: 'document',
      label: 'Carta simple al Director Provincial, firmada a mano',
      source: ref('Requisitos Generales, 3. Solicitud'),
      document: {
        kinds: ['request_letter'],
        name: 'Solicitud al Director Provincial',
        presentation: 'original',
        // 002, Requisitos 3: "La suscripción del documento de forma manuscrita es imprescindible."
        signature: { required: 'handwritten' },
        fields: [
          text('addressee', 'Destinatario (Director Provincial)'),
          text('fullName', 'Nombres y apellidos'),
          { key: 'identityDocumentNumber', label: 'Número de documento de identidad', validator: 'document_number' },
          {
            label: 'Datos de contacto (correo electrónico o teléfono)',
            oneOf: [[{ key: 'email', label: 'Correo electrónico', validator: 'email' }], [{ key: 'phone', label: 'Teléfono', validator: 'phone' }]],
          },
          text('petition', 'Pedido del certificado de no afiliación'),
        ],
      },
    },
    {
      // 002, Requisito adicional 1: "presentará una autorización simple a terceros debidamente suscrita"
      id: '002.third_party_authorisation',
      check: 'document',
      label: 'Autorización simple a terceros, firmada a mano por el titular',
      source: ref('Requisitos Específicos, Requisito adicional, 1. Autorización a terceros'),
      appliesWhen: THIRD_PARTY,
      notApplicableNote: 'Solo cuando el trámite lo presenta un tercero.',
      document: {
        kinds: ['third_party_authorisation'],
        name: 'Autorización a terceros',
        presentation: 'original',
        // 002, Requisito adicional 1, 6: "Firma. La suscripción del documento de forma manuscrita es imprescindible."
        signature: { required: 'handwritten', allowedSigners: ['holder'], signerLabel: 'el titular' },
        fields: HOLDER_THIRD_PARTY_AUTHORISATION_FIELDS,
      },
    },
    {
      // 002, Requisito adicional 1: "y su cédula original o código de identificación para extranjeros"
      id: '002.third_party_identity',
      check: 'document',
      label: 'Cédula original o código de identificación para extranjero del tercero',
      source: ref('Requisitos Específicos, Requisito adicional, 1. Autorización a terceros'),
      appliesWhen: THIRD_PARTY,
      notApplicableNote: 'Solo cuando el trámite lo presenta un tercero.',
      document: {
        kinds: ['cedula', 'foreigner_code_certificate'],
        owners: ['third_party'],
        name: 'Documento de identidad del tercero',
        presentation: 'original',
      },
    },
    {
      // 002, Procedimiento 9: "En la cita presente física o virtualmente la 'Confirmación del Turno en Línea'"
      id: '002.appointment',
      check: 'appointment',
      label: 'Confirmación del turno en línea',
      source: ref('Procedimiento para trámite presencial, 9'),
      inNameOfAttendee: false,
      walkInForVulnerableGroups: false,
    },
  ],
};
