import { sheetRef } from '../../shared/sheet-ref';
import { IN_PERSON, OFFICE_HOURS_TEXT, THIRD_PARTY, VIRTUAL, channelRequirement, filerRequirement } from '../common';
import type { Condition, DocumentOwner, ProcedureDefinition } from '../types';

const ref = (section: string) => sheetRef('004', section);

const WINDOW = 'Requisitos Generales, Trámite resuelto en ventanilla';
const VIRTUAL_WINDOW = 'Requisitos Generales, Trámite por Ventanilla Virtual';

/** The employer (natural person) or its legal representative: whose identity the key is delivered to. */
const EMPLOYER_SIDE: readonly DocumentOwner[] = ['holder', 'legal_representative', 'employer'];

/** 004, Requisitos alternativos: "Aplica únicamente para ciudadanos extranjeros que no tienen cédula de identidad" */
const FOREIGNER_WITHOUT_CEDULA: Condition = { all: [{ flag: 'isForeignEmployer' }, { not: { flag: 'hasCedula' } }] };
const HAS_ECUADORIAN_ID: Condition = { not: FOREIGNER_WITHOUT_CEDULA };

/** Sheet 004: GENERACIÓN DE CLAVE PATRONAL DE ACCESO AL PORTAL IESS. */
export const EMPLOYER_PORTAL_PASSWORD_PROCEDURE: ProcedureDefinition = {
  type: 'EMPLOYER_PORTAL_PASSWORD',
  sheet: '004',
  name: 'Generación de clave patronal de acceso al portal IESS',
  description:
    'Entrega al empleador una clave de acceso al portal de servicios para registrar novedades de sus trabajadores y actualizar la información de la empresa.',
  addressedTo: ['Persona Jurídica - Privada', 'Persona Jurídica - Pública', 'Persona Natural - Ecuatoriana', 'Persona Natural - Extranjera'],
  result: { label: 'Clave patronal de acceso al portal IESS', resultType: 'Acceder a beneficio o servicio' },
  cost: 'free',
  officeHours: { description: OFFICE_HOURS_TEXT, source: ref('¿Dónde y cuál es el horario de atención?') },
  filers: [
    // 004, Requisitos 2: "Cédula: El representante legal deberá presentar el documento"
    {
      role: 'legal_representative',
      channels: ['in_person', 'virtual'],
      description: 'El representante legal del empleador.',
      source: ref(`${WINDOW}, 2. Cédula`),
    },
    // 004, Dirigido a: "Persona Natural - Ecuatoriana, Persona Natural - Extranjera" (the employer acting for himself)
    {
      role: 'employer',
      channels: ['in_person', 'virtual'],
      description: 'El empleador persona natural, por sí mismo.',
      source: ref('¿A quién está dirigido?'),
    },
    // 004, Requisitos 1, NOTA: "En caso que el trámite sea ingresado por un tercero, deberá registrar ... 'Autorización de Retiro de Contraseña'"
    {
      role: 'authorised_third_party',
      channels: ['in_person'],
      description: 'Un tercero registrado en la "Autorización de Retiro de Contraseña" de la solicitud (solo en ventanilla).',
      source: ref(`${WINDOW}, 1. Solicitud de entrega de clave, NOTA`),
    },
  ],
  forbiddenFilers: [],
  channels: [
    // 004, Canales de atención: "En línea (Sitio / Portal Web / Aplicación web), Presencial."
    {
      channel: 'in_person',
      appointment: 'required',
      appointmentInNameOfAttendee: false,
      walkInForVulnerableGroups: false,
      appointmentServiceName: 'Clave patronal portal IESS',
      description: 'Ventanilla universal de los Centros de Atención al Ciudadano, con turno en línea.',
      source: ref('Canales de atención'),
    },
    {
      channel: 'virtual',
      appointment: 'not_needed',
      appointmentInNameOfAttendee: false,
      walkInForVulnerableGroups: false,
      description: 'Ventanilla Virtual del portal web: documentos escaneados en JPG o PDF de máximo 1 MB, atendidos por la Coordinación Provincial.',
      source: ref(VIRTUAL_WINDOW),
    },
  ],
  alternativeGroups: [
    {
      id: 'foreign_employer_identity',
      label: 'el documento de identidad del empleador extranjero',
      alternativesText: 'el código de identificación para extranjero, el pasaporte o la visa',
    },
  ],
  requirements: [
    filerRequirement(
      '004',
      'Presenta el representante legal o el empleador; en ventanilla también un tercero autorizado en la solicitud',
      '¿A quién está dirigido?',
    ),
    channelRequirement('004', 'Trámite presencial o por Ventanilla Virtual'),
    {
      // 004, Requisitos 1: "Previo a la solicitud de la clave de empleador, deberá haber realizado el trámite de registro de empleador"
      id: '004.employer_registered',
      check: 'employer_registered',
      label: 'Registro de empleador realizado previamente',
      source: ref(`${WINDOW}, 1. Solicitud de entrega de clave`),
    },
    {
      // 004, NOTA: "es necesario tener una cuenta de correo electrónico activa del empleador o representante legal"
      id: '004.active_email',
      check: 'request_fields',
      label: 'Correo electrónico activo del empleador o representante legal',
      source: ref(`${WINDOW}, NOTA`),
      fields: [{ key: 'email', label: 'Correo electrónico del empleador o representante legal', validator: 'email' }],
    },
    {
      // 004, Trámite presencial: "En la cita presente física o virtualmente la 'Confirmación del Turno en Línea'"
      id: '004.appointment',
      check: 'appointment',
      label: 'Confirmación del turno en línea (ventanilla)',
      source: ref('¿Cómo hago el trámite?, Trámite presencial'),
      appliesWhen: IN_PERSON,
      notApplicableNote: 'La Ventanilla Virtual no requiere turno.',
      inNameOfAttendee: false,
      walkInForVulnerableGroups: false,
    },
    // ---- Trámite resuelto en ventanilla -----------------------------------
    {
      // 004, Requisitos 1: "Entregue el documento en ventanilla universal. La suscripción ... manuscrita es imprescindible."
      id: '004.in_person.key_delivery_request',
      check: 'document',
      label: 'Solicitud de entrega de clave, firmada a mano (ventanilla)',
      source: ref(`${WINDOW}, 1. Solicitud de entrega de clave`),
      appliesWhen: IN_PERSON,
      notApplicableNote: 'Solo en ventanilla; en la Ventanilla Virtual se carga firmada electrónicamente.',
      document: {
        kinds: ['key_delivery_request'],
        name: 'Solicitud de entrega de clave',
        presentation: 'original',
        signature: { required: 'handwritten' },
      },
    },
    {
      // 004, Requisitos 1, NOTA: "deberá registrar la información de 'Autorización de Retiro de Contraseña' en la solicitud de entrega de clave"
      id: '004.in_person.password_withdrawal_authorisation',
      check: 'embedded_fields',
      label: 'Autorización de Retiro de Contraseña registrada en la solicitud de entrega de clave',
      source: ref(`${WINDOW}, 1. Solicitud de entrega de clave, NOTA`),
      appliesWhen: { all: [IN_PERSON, THIRD_PARTY] },
      notApplicableNote: 'Solo cuando un tercero retira la clave en ventanilla.',
      documentKind: 'key_delivery_request',
      documentName: 'Solicitud de entrega de clave (Autorización de Retiro de Contraseña)',
      fields: [
        { key: 'thirdPartyFullName', label: 'Nombres y apellidos del tercero autorizado', validator: 'text' },
        { key: 'thirdPartyCedula', label: 'Cédula del tercero autorizado', validator: 'cedula' },
      ],
    },
    {
      // 004, Requisitos 1, NOTA: "adicional el tercero autorizado deberá presentar su cédula original"
      id: '004.in_person.third_party_cedula',
      check: 'document',
      label: 'Cédula original del tercero autorizado',
      source: ref(`${WINDOW}, 1. Solicitud de entrega de clave, NOTA`),
      appliesWhen: { all: [IN_PERSON, THIRD_PARTY] },
      notApplicableNote: 'Solo cuando un tercero retira la clave en ventanilla.',
      document: {
        kinds: ['cedula'],
        owners: ['third_party'],
        name: 'Cédula del tercero autorizado',
        presentation: 'original',
      },
    },
    {
      // 004, Requisitos 2: "Cédula: El representante legal deberá presentar el documento en ventanilla universal."
      id: '004.in_person.cedula',
      check: 'document',
      label: 'Cédula del representante legal (ventanilla)',
      source: ref(`${WINDOW}, 2. Cédula`),
      appliesWhen: { all: [IN_PERSON, HAS_ECUADORIAN_ID] },
      notApplicableNote: 'Solo en ventanilla y para quien tiene cédula; los extranjeros sin cédula usan un requisito alternativo.',
      document: {
        kinds: ['cedula'],
        owners: EMPLOYER_SIDE,
        name: 'Cédula del representante legal',
        presentation: 'original_or_copy',
        fields: [{ key: 'documentNumber', label: 'Número de cédula', validator: 'cedula', optional: true }],
      },
    },
    {
      // 004, Requisitos 3: "Entregue el documento, debidamente suscrito. La suscripción ... manuscrita es imprescindible."
      id: '004.in_person.responsibility_agreement',
      check: 'document',
      label: 'Acuerdo de Responsabilidad y Uso de la información, firmado a mano (ventanilla)',
      source: ref(`${WINDOW}, 3. Acuerdo de Responsabilidad y Uso de la información`),
      appliesWhen: IN_PERSON,
      notApplicableNote: 'Solo en ventanilla; en la Ventanilla Virtual se carga firmado electrónicamente.',
      document: {
        kinds: ['responsibility_agreement'],
        name: 'Acuerdo de Responsabilidad y Uso de la información',
        presentation: 'original',
        signature: { required: 'handwritten' },
      },
    },
    // ---- Trámite por Ventanilla Virtual -----------------------------------
    {
      // 004, Virtual 1: "Registro Único de Contribuyentes: Escanee y cargue el documento"
      id: '004.virtual.ruc',
      check: 'document',
      label: 'Registro Único de Contribuyentes (RUC) escaneado',
      source: ref(`${VIRTUAL_WINDOW}, 1. Registro Único de Contribuyentes`),
      appliesWhen: VIRTUAL,
      notApplicableNote: 'Solo en la Ventanilla Virtual.',
      document: {
        kinds: ['ruc'],
        name: 'Registro Único de Contribuyentes',
        presentation: 'upload',
        fields: [{ key: 'ruc', label: 'Número de RUC', validator: 'ruc' }],
      },
    },
    {
      // 004, Virtual 2: "Escanee y cargue el documento ... la suscripción del documento de forma electrónica es imprescindible."
      id: '004.virtual.key_delivery_request',
      check: 'document',
      label: 'Solicitud de entrega de clave, firmada electrónicamente (Ventanilla Virtual)',
      source: ref(`${VIRTUAL_WINDOW}, 2. Solicitud de entrega de clave`),
      appliesWhen: VIRTUAL,
      notApplicableNote: 'Solo en la Ventanilla Virtual.',
      document: {
        kinds: ['key_delivery_request'],
        name: 'Solicitud de entrega de clave',
        presentation: 'upload',
        signature: { required: 'electronic' },
      },
    },
    {
      // 004, Virtual 3: "Cédula: Escanee y cargue el documento"
      id: '004.virtual.cedula',
      check: 'document',
      label: 'Cédula del representante legal escaneada (Ventanilla Virtual)',
      source: ref(`${VIRTUAL_WINDOW}, 3. Cédula`),
      appliesWhen: { all: [VIRTUAL, HAS_ECUADORIAN_ID] },
      notApplicableNote: 'Solo en la Ventanilla Virtual y para quien tiene cédula; los extranjeros sin cédula usan un requisito alternativo.',
      document: {
        kinds: ['cedula'],
        owners: EMPLOYER_SIDE,
        name: 'Cédula del representante legal',
        presentation: 'upload',
        fields: [{ key: 'documentNumber', label: 'Número de cédula', validator: 'cedula', optional: true }],
      },
    },
    {
      // 004, Virtual 4: "Acuerdo de Responsabilidad ... La suscripción del documento de forma electrónica es imprescindible."
      id: '004.virtual.responsibility_agreement',
      check: 'document',
      label: 'Acuerdo de Responsabilidad y Uso de la información, firmado electrónicamente (Ventanilla Virtual)',
      source: ref(`${VIRTUAL_WINDOW}, 4. Acuerdo de Responsabilidad y Uso de la información`),
      appliesWhen: VIRTUAL,
      notApplicableNote: 'Solo en la Ventanilla Virtual.',
      document: {
        kinds: ['responsibility_agreement'],
        name: 'Acuerdo de Responsabilidad y Uso de la información',
        presentation: 'upload',
        signature: { required: 'electronic' },
      },
    },
    {
      // 004, Trámite virtual: "ingrese sus datos correctamente y elija la provincia, trámite, detalle su pedido en el mensaje"
      id: '004.virtual.reception_form',
      check: 'request_fields',
      label: "Formulario de 'Recepción de trámites': provincia y detalle del pedido",
      source: ref('¿Cómo hago el trámite?, Trámite virtual'),
      appliesWhen: VIRTUAL,
      notApplicableNote: 'Solo en la Ventanilla Virtual.',
      fields: [
        { key: 'province', label: 'Provincia', validator: 'province' },
        { key: 'requestDetail', label: 'Detalle del pedido', validator: 'text' },
      ],
    },
    // ---- Requisitos Específicos ---------------------------------------------
    {
      // 004, Alternativo 1: "Presencial: El representante legal deberá entregar copia del documento"
      id: '004.foreigner_code',
      check: 'document',
      label: 'Código de identificación para extranjero (extranjeros sin cédula): copia o archivo escaneado',
      source: ref('Requisitos Específicos, Requisitos alternativos, 1. Código de identificación para extranjeros'),
      appliesWhen: FOREIGNER_WITHOUT_CEDULA,
      notApplicableNote: 'Solo para extranjeros sin cédula de identidad.',
      alternative: { group: 'foreign_employer_identity', rank: 1 },
      document: {
        kinds: ['foreigner_code_certificate'],
        owners: EMPLOYER_SIDE,
        name: 'Código de identificación para extranjero',
        presentation: 'copy',
        presentationOverrides: [{ when: VIRTUAL, presentation: 'upload' }],
        fields: [
          {
            key: 'documentNumber',
            label: 'Código de identificación para extranjero',
            validator: 'foreigner_code',
            optional: true,
          },
        ],
      },
    },
    {
      // 004, Alternativo 2: "Presencial: El afiliado extranjero deberá presentar el original de su documento."
      id: '004.passport',
      check: 'document',
      label: 'Pasaporte (extranjeros): original o archivo escaneado',
      source: ref('Requisitos Específicos, Requisitos alternativos, 2. Pasaporte'),
      appliesWhen: FOREIGNER_WITHOUT_CEDULA,
      notApplicableNote: 'Solo para extranjeros sin cédula de identidad.',
      alternative: { group: 'foreign_employer_identity', rank: 2 },
      document: {
        kinds: ['passport'],
        owners: EMPLOYER_SIDE,
        name: 'Pasaporte',
        presentation: 'original',
        presentationOverrides: [{ when: VIRTUAL, presentation: 'upload' }],
      },
    },
    {
      // 004, Alternativo 3: "Presencial: El afiliado extranjero deberá presentar el original de la visa del país de origen."
      id: '004.visa',
      check: 'document',
      label: 'Visa (extranjeros): original o archivo escaneado',
      source: ref('Requisitos Específicos, Requisitos alternativos, 3. Visa'),
      appliesWhen: FOREIGNER_WITHOUT_CEDULA,
      notApplicableNote: 'Solo para extranjeros sin cédula de identidad.',
      alternative: { group: 'foreign_employer_identity', rank: 3 },
      document: {
        kinds: ['visa'],
        owners: EMPLOYER_SIDE,
        name: 'Visa',
        presentation: 'original',
        presentationOverrides: [{ when: VIRTUAL, presentation: 'upload' }],
      },
    },
    {
      // 004, Requisito adicional 1: "Calificación Artesanal: Aplica únicamente para artesanos calificados. Presencial: Presente copia simple"
      id: '004.artisan_qualification',
      check: 'document',
      label: 'Calificación artesanal (artesanos calificados): copia simple o archivo escaneado',
      source: ref('Requisitos Específicos, Requisito adicional, 1. Calificación Artesanal'),
      appliesWhen: { flag: 'isArtisan' },
      notApplicableNote: 'Solo para artesanos calificados.',
      document: {
        kinds: ['artisan_qualification'],
        name: 'Calificación artesanal',
        presentation: 'copy',
        presentationOverrides: [{ when: VIRTUAL, presentation: 'upload' }],
      },
    },
  ],
};
