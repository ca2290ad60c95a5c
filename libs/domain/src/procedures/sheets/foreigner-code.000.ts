import { sheetRef } from '../../shared/sheet-ref';
import { HOLDER_THIRD_PARTY_AUTHORISATION_FIELDS, OFFICE_HOURS_TEXT, THIRD_PARTY, channelRequirement, filerRequirement, text } from '../common';
import type { ProcedureDefinition } from '../types';

const ref = (section: string) => sheetRef('000', section);

/** Sheet 000: ASIGNACIÓN DE CÓDIGO DE IDENTIFICACIÓN PARA EXTRANJEROS. */
export const FOREIGNER_CODE_PROCEDURE: ProcedureDefinition = {
  type: 'FOREIGNER_CODE',
  sheet: '000',
  name: 'Asignación de código de identificación para extranjeros',
  description: 'Asigna un código de identificación a los ciudadanos extranjeros residentes en el Ecuador para que puedan acceder al aseguramiento en el IESS.',
  addressedTo: ['Persona Natural - Extranjera'],
  result: { label: 'Código de identificación para extranjero', resultType: 'Acceder a beneficio o servicio' },
  cost: 'free',
  officeHours: { description: OFFICE_HOURS_TEXT, source: ref('¿Dónde y cuál es el horario de atención?') },
  filers: [
    // 000, ¿A quién está dirigido?: "las personas extranjeras residentes en el país"
    {
      role: 'holder',
      channels: ['in_person'],
      description: 'El ciudadano extranjero residente en el país.',
      source: ref('¿A quién está dirigido?'),
    },
    // 000, Requisito adicional 1: "el ciudadano que ingresa el trámite como tercero, presentará una autorización simple"
    {
      role: 'authorised_third_party',
      channels: ['in_person'],
      description: 'Un tercero con autorización simple del titular.',
      source: ref('Requisitos Específicos, Requisito adicional, 1. Autorización a terceros'),
    },
  ],
  forbiddenFilers: [],
  channels: [
    // 000, Canales de atención: "Presencial."
    {
      channel: 'in_person',
      appointment: 'required',
      appointmentInNameOfAttendee: false,
      walkInForVulnerableGroups: false,
      appointmentServiceName: 'Generación de Código para Extranjero',
      description: 'Ventanillas de los Centros de Atención al Ciudadano, con turno en línea.',
      source: ref('Canales de atención'),
    },
  ],
  alternativeGroups: [],
  requirements: [
    filerRequirement('000', 'Presenta el titular o un tercero autorizado', '¿A quién está dirigido?'),
    channelRequirement('000', 'Trámite presencial'),
    {
      // 001, ¿A quién está dirigido?: "(sin cédula de identidad ecuatoriana)"; 004 alt. 1: the code is for foreigners "que no tienen cédula"
      id: '000.holder_without_cedula',
      check: 'holder_without_cedula',
      label: 'El titular es extranjero y no tiene cédula de identidad ecuatoriana',
      source: ref('Descripción'),
    },
    {
      // 000, Descripción: "asignar un código de identificación a los ciudadanos extranjeros" (one code per person)
      id: '000.holder_without_foreigner_code',
      check: 'holder_without_foreigner_code',
      label: 'El titular aún no tiene código de identificación para extranjero',
      source: ref('Descripción'),
    },
    {
      id: '000.request_letter',
      check: 'document',
      label: 'Solicitud para afiliado dirigida al IESS, firmada a mano',
      source: ref('Requisitos Generales, 1. Solicitud para afiliado'),
      document: {
        kinds: ['request_letter'],
        name: 'Solicitud para afiliado',
        presentation: 'original',
        // 000, Requisitos 1: "La suscripción del documento de forma manuscrita es imprescindible."
        signature: { required: 'handwritten' },
        fields: [
          // 000, Requisitos 1: "Datos Personales:(Nombres y apellidos/número de documento de identidad"
          text('fullName', 'Nombres y apellidos'),
          { key: 'identityDocumentNumber', label: 'Número de documento de identidad', validator: 'document_number' },
          // 000, Requisitos 1: "Narración detallada de la solicitud"
          text('narrative', 'Narración detallada de la solicitud'),
        ],
      },
    },
    {
      // 000, Requisitos 2: "Pasaporte: Debe presentar original y copia simple del documento."
      id: '000.passport',
      check: 'document',
      label: 'Pasaporte: original y copia simple',
      source: ref('Requisitos Generales, 2. Pasaporte'),
      document: {
        kinds: ['passport'],
        owners: ['holder'],
        name: 'Pasaporte del titular',
        presentation: 'original_and_copy',
      },
    },
    {
      // 000, Requisitos 3: "Visa: Debe presentar original y copia simple del documento."
      id: '000.visa',
      check: 'document',
      label: 'Visa: original y copia simple',
      source: ref('Requisitos Generales, 3. Visa'),
      document: { kinds: ['visa'], owners: ['holder'], name: 'Visa del titular', presentation: 'original_and_copy' },
    },
    {
      // 000, Requisitos 4: "contrato de trabajo vigente, original o copia simple, registrado en la plataforma informática del Ministerio de Trabajo"
      id: '000.work_contract',
      check: 'document',
      label: 'Contrato de trabajo vigente, original o copia simple, registrado en el Ministerio del Trabajo',
      source: ref('Requisitos Generales, 4. Contrato original de Trabajo'),
      document: {
        kinds: ['work_contract', 'sut_contract'],
        name: 'Contrato de trabajo',
        presentation: 'original_or_copy',
        mustBeRegisteredInSut: true,
        mustBeCurrent: true,
      },
    },
    {
      // 000, Requisito adicional 1: "presentará una autorización simple a terceros debidamente suscrita"
      id: '000.third_party_authorisation',
      check: 'document',
      label: 'Autorización simple a terceros, firmada a mano por el titular',
      source: ref('Requisitos Específicos, Requisito adicional, 1. Autorización a terceros'),
      appliesWhen: THIRD_PARTY,
      notApplicableNote: 'Solo cuando el trámite lo presenta un tercero.',
      document: {
        kinds: ['third_party_authorisation'],
        name: 'Autorización a terceros',
        presentation: 'original',
        // 000, Requisito adicional 1: "Firma. La suscripción del documento de forma manuscrita es imprescindible."
        signature: { required: 'handwritten', allowedSigners: ['holder'], signerLabel: 'el titular' },
        fields: HOLDER_THIRD_PARTY_AUTHORISATION_FIELDS,
      },
    },
    {
      // 000, Requisito adicional 1: "y su cédula original o código de identificación para extranjeros"
      id: '000.third_party_identity',
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
      // 000, Procedimiento 9: "En la cita presente física o virtualmente la 'Confirmación del Turno en Línea'"
      id: '000.appointment',
      check: 'appointment',
      label: 'Confirmación del turno en línea',
      source: ref('Procedimiento para trámite presencial, 9'),
      inNameOfAttendee: false,
      walkInForVulnerableGroups: false,
    },
  ],
};
