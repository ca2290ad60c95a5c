import { sheetRef } from '../../shared/sheet-ref';
import { ATTORNEY, OFFICE_HOURS_TEXT, THIRD_PARTY, channelRequirement, filerRequirement, text } from '../common';
import type { FieldSpec, ProcedureDefinition } from '../types';

const ref = (section: string) => sheetRef('001', section);

const IDENTITY_FIELDS: readonly FieldSpec[] = [
  text('fullName', 'Nombres y apellidos'),
  { key: 'documentNumber', label: 'Número de documento', validator: 'document_number' },
];

/** Sheet 001: ASIGNACIÓN DE CÓDIGO DE IDENTIFICACIÓN PARA EXTRANJEROS BAJO RELACIÓN DE DEPENDENCIA. */
export const FOREIGNER_CODE_EMPLOYMENT_PROCEDURE: ProcedureDefinition = {
  type: 'FOREIGNER_CODE_EMPLOYMENT',
  sheet: '001',
  name: 'Asignación de código de identificación para extranjeros bajo relación de dependencia',
  description:
    'Asigna un código de identificación a los ciudadanos extranjeros residentes en el Ecuador, sin cédula, que trabajan bajo relación de dependencia, para que puedan acceder al aseguramiento en el IESS.',
  addressedTo: ['Persona Natural - Extranjera'],
  result: {
    label: 'Impresión del código de identificación para extranjero',
    resultType: 'Acceder a beneficio o servicio',
  },
  cost: 'free',
  officeHours: { description: OFFICE_HOURS_TEXT, source: ref('¿Dónde y cuál es el horario de atención?') },
  filers: [
    // 001, NOTAS: "La solicitud deberá ser firmada exclusivamente por el empleador."
    {
      role: 'employer',
      channels: ['in_person'],
      description: 'El solicitante empleador.',
      source: ref('¿Cómo hago el trámite?, 3, NOTAS'),
    },
    // 001, 6: "En caso de ausentismo o delegación del solicitante empleador, entregar copia del poder notarial"
    {
      role: 'attorney',
      channels: ['in_person'],
      description: 'El apoderado del empleador, con poder notarial validado y sumillado por Asesoría Jurídica.',
      source: ref('Requisitos Específicos, Requisito adicional, 2. Poder notarial'),
    },
    // 001, 7: "Si el trámite es presentado por un tercero, entregar una autorización simple firmada ... por el solicitante empleador"
    {
      role: 'authorised_third_party',
      channels: ['in_person'],
      description: 'Un tercero autorizado por el empleador.',
      source: ref('Requisitos Específicos, Requisito adicional, 1. Autorización a terceros'),
    },
  ],
  forbiddenFilers: [
    {
      // 001, NOTAS: "En ningún caso este trámite podrá ser solicitado, presentado ni firmado por el ciudadano extranjero"
      flag: 'isForeignWorkerHimself',
      roles: ['holder'],
      label: 'El ciudadano extranjero cuya afiliación se gestiona',
      description: 'El trabajador extranjero nunca puede solicitar, presentar ni firmar este trámite.',
      source: ref('¿Cómo hago el trámite?, 3, NOTAS'),
    },
  ],
  channels: [
    // 001, Canales de atención: "Presencial."
    {
      channel: 'in_person',
      appointment: 'required',
      appointmentInNameOfAttendee: true,
      walkInForVulnerableGroups: true,
      appointmentServiceName: 'Asignación de código de identificación para extranjeros bajo relación de dependencia',
      description: 'Centro de Atención Universal, con turno en línea a nombre de quien es atendido; los grupos vulnerables pueden pedir el turno en el centro.',
      source: ref('¿Cómo hago el trámite?, Trámite presencial, 1'),
    },
  ],
  alternativeGroups: [
    {
      id: 'foreigner_identity',
      label: 'el documento de identidad del extranjero',
      alternativesText:
        'el pasaporte; o la visa, si no tiene pasaporte; o el documento de identificación del país de origen, si no tiene pasaporte ni visa (original y copia simple)',
    },
  ],
  requirements: [
    filerRequirement('001', 'Presenta el empleador, su apoderado o un tercero autorizado; nunca el trabajador extranjero', '¿Cómo hago el trámite?, 3, NOTAS'),
    channelRequirement('001', 'Trámite presencial'),
    {
      // 001, ¿A quién está dirigido?: "personas extranjeras residentes en el país (sin cédula de identidad ecuatoriana)"
      id: '001.holder_without_cedula',
      check: 'holder_without_cedula',
      label: 'El extranjero no tiene cédula de identidad ecuatoriana',
      source: ref('¿A quién está dirigido?'),
    },
    {
      // 001, Descripción: "asignar un código de identificación a los ciudadanos extranjeros" (one code per person)
      id: '001.holder_without_foreigner_code',
      check: 'holder_without_foreigner_code',
      label: 'El extranjero aún no tiene código de identificación para extranjero',
      source: ref('Descripción'),
    },
    {
      // 001, Requisitos Generales 4: "Turno de atención."
      id: '001.appointment',
      check: 'appointment',
      label: 'Turno de atención a nombre de la persona atendida (grupos vulnerables: turno en el centro)',
      source: ref('Requisitos Generales, 4. Turno de atención'),
      inNameOfAttendee: true,
      walkInForVulnerableGroups: true,
    },
    {
      // 001, 3: "firmada de manera manuscrita por el solicitante empleador o apoderado"
      id: '001.request_letter',
      check: 'document',
      label: 'Solicitud de emisión del código, firmada a mano por el empleador o su apoderado',
      source: ref('Requisitos Generales, 1. Solicitud de emisión de código de identificación para extranjero'),
      document: {
        kinds: ['request_letter'],
        name: 'Solicitud de emisión de código de identificación para extranjero',
        presentation: 'original',
        signature: {
          required: 'handwritten',
          // 001, NOTAS: "No se recibirán solicitudes con firma electrónica."
          electronicRefused: true,
          allowedSigners: ['employer', 'attorney'],
          signerLabel: 'el solicitante empleador o su apoderado',
          // 001, NOTAS: "ni firmado por el ciudadano extranjero cuya afiliación al IESS se pretende gestionar"
          forbiddenSigners: ['holder'],
        },
        fields: [
          // 001, 3: "Nombres y apellidos completos del solicitante empleador."
          text('employerFullName', 'Nombres y apellidos completos del solicitante empleador'),
          // 001, 3: "Número de cédula de identidad del solicitante empleador."
          { key: 'employerCedula', label: 'Cédula del solicitante empleador', validator: 'cedula' },
          // 001, 3: "Datos personales del extranjero ...: Nombres y apellidos/número de documento de identidad"
          text('foreignerFullName', 'Nombres y apellidos del extranjero'),
          {
            key: 'foreignerDocumentNumber',
            label: 'Número de documento de identidad del extranjero (pasaporte, visa o documento del país de origen)',
            validator: 'document_number',
          },
          // 001, 3: "Narración detallada de la solicitud."
          text('narrative', 'Narración detallada de la solicitud'),
        ],
      },
    },
    {
      // 001, 5: "Entregar el original del registro del contrato SUT del Ministerio de Trabajo."
      id: '001.sut_registration',
      check: 'document',
      label: 'Registro del contrato en el SUT del Ministerio del Trabajo (original)',
      source: ref('Requisitos Generales, 2. Registro SUT (Sistema Único de Trabajo)'),
      document: { kinds: ['sut_contract'], name: 'Registro del contrato SUT', presentation: 'original' },
    },
    {
      // 001, 4: "Pasaporte original y copia simple"
      id: '001.passport',
      check: 'document',
      label: 'Pasaporte del país de origen: original y copia simple',
      source: ref('Requisitos Generales, 3. Pasaporte del país de origen'),
      alternative: { group: 'foreigner_identity', rank: 1 },
      document: {
        kinds: ['passport'],
        owners: ['holder'],
        name: 'Pasaporte del extranjero',
        presentation: 'original_and_copy',
        fields: IDENTITY_FIELDS,
      },
    },
    {
      // 001, Requisitos alternativos 1: "Visa, en caso de no tener pasaporte"
      id: '001.visa',
      check: 'document',
      label: 'Visa, si no tiene pasaporte: original y copia simple',
      source: ref('Requisitos Específicos, Requisitos alternativos, 1. Visa'),
      alternative: { group: 'foreigner_identity', rank: 2 },
      document: {
        kinds: ['visa'],
        owners: ['holder'],
        name: 'Visa del extranjero',
        presentation: 'original_and_copy',
        fields: IDENTITY_FIELDS,
      },
    },
    {
      // 001, Requisitos alternativos 2: "Documento de identificación del país de origen (cédula), en caso de no tener pasaporte ni visa"
      id: '001.home_country_id',
      check: 'document',
      label: 'Documento de identificación del país de origen, si no tiene pasaporte ni visa: original y copia simple',
      source: ref('Requisitos Específicos, Requisitos alternativos, 2. Documento de identificación del país de origen'),
      alternative: { group: 'foreigner_identity', rank: 3 },
      document: {
        kinds: ['home_country_id'],
        owners: ['holder'],
        name: 'Documento de identificación del país de origen',
        presentation: 'original_and_copy',
        fields: IDENTITY_FIELDS,
      },
    },
    {
      // 001, NOTAS: "La misma información del documento de identidad del extranjero ... debe constar tanto en el registro SUT como en la solicitud."
      id: '001.identity_data_match',
      check: 'identity_match',
      label: 'Los datos del documento de identidad coinciden con el registro SUT y con la solicitud',
      source: ref('¿Cómo hago el trámite?, 3, NOTAS'),
      alternativeGroup: 'foreigner_identity',
    },
    {
      // 001, 6: "entregar copia del poder notarial que debe ser previamente validado y sumillado por la Coordinación/Unidad Provincial de Asesoría Jurídica"
      id: '001.poder',
      check: 'document',
      label: 'Copia del poder notarial, validado y sumillado previamente por Asesoría Jurídica',
      source: ref('Requisitos Específicos, Requisito adicional, 2. Poder notarial'),
      appliesWhen: ATTORNEY,
      notApplicableNote: 'Solo cuando actúa un apoderado del empleador.',
      document: { kinds: ['poder'], name: 'Poder notarial', presentation: 'copy', requiresEndorsedPoder: true },
    },
    {
      // 001, 7: "entregar una autorización simple firmada de manera manuscrita por el solicitante empleador"
      id: '001.third_party_authorisation',
      check: 'document',
      label: 'Autorización simple a terceros, firmada a mano por el empleador',
      source: ref('Requisitos Específicos, Requisito adicional, 1. Autorización a terceros'),
      appliesWhen: THIRD_PARTY,
      notApplicableNote: 'Solo cuando el trámite lo presenta un tercero.',
      document: {
        kinds: ['third_party_authorisation'],
        name: 'Autorización a terceros',
        presentation: 'original',
        signature: { required: 'handwritten', allowedSigners: ['employer'], signerLabel: 'el solicitante empleador' },
        fields: [
          text('employerFullName', 'Nombres y apellidos completos del solicitante empleador'),
          { key: 'employerCedula', label: 'Cédula del solicitante empleador', validator: 'cedula' },
          text('thirdPartyFullName', 'Nombres y apellidos completos del tercero autorizado'),
          {
            // 001, 7: "a. cédula de identidad o ciudadanía; o, b. código de identificación para extranjero y pasaporte o visa"
            label: 'Documento de identidad del tercero autorizado (cédula; o código de identificación para extranjero y pasaporte o visa)',
            oneOf: [
              [{ key: 'thirdPartyCedula', label: 'Cédula del tercero autorizado', validator: 'cedula' }],
              [
                {
                  key: 'thirdPartyForeignerCode',
                  label: 'Código de extranjero del tercero autorizado',
                  validator: 'foreigner_code',
                },
                { key: 'thirdPartyPassportNumber', label: 'Pasaporte del tercero autorizado', validator: 'passport' },
              ],
              [
                {
                  key: 'thirdPartyForeignerCode',
                  label: 'Código de extranjero del tercero autorizado',
                  validator: 'foreigner_code',
                },
                { key: 'thirdPartyVisaNumber', label: 'Visa del tercero autorizado', validator: 'document_number' },
              ],
            ],
          },
          text('narrative', 'Narración de la autorización'),
        ],
      },
    },
    {
      // 001, 7: "el tercero autorizado debe presentar el original de su documento de identidad"
      id: '001.third_party_identity',
      check: 'document',
      label: 'Documento de identidad del tercero autorizado (original)',
      source: ref('Requisitos Específicos, Requisito adicional, 1. Autorización a terceros'),
      appliesWhen: THIRD_PARTY,
      notApplicableNote: 'Solo cuando el trámite lo presenta un tercero.',
      document: {
        kinds: ['cedula', 'foreigner_code_certificate', 'passport', 'visa'],
        owners: ['third_party'],
        name: 'Documento de identidad del tercero autorizado',
        presentation: 'original',
      },
    },
    {
      // 001, 7: "y el original o copia de la cédula de identidad del solicitante empleador"
      id: '001.employer_cedula',
      check: 'document',
      label: 'Cédula del solicitante empleador (original o copia)',
      source: ref('Requisitos Específicos, Requisito adicional, 1. Autorización a terceros'),
      appliesWhen: THIRD_PARTY,
      notApplicableNote: 'Solo cuando el trámite lo presenta un tercero.',
      document: {
        kinds: ['cedula'],
        owners: ['employer'],
        name: 'Cédula del solicitante empleador',
        presentation: 'original_or_copy',
      },
    },
  ],
};
