import { sheetRef } from '../../shared/sheet-ref';
import { channelRequirement, filerRequirement } from '../common';
import type { PortalStep, ProcedureDefinition, Requirement } from '../types';

const ref = (section: string) => sheetRef('003', section);

function step(id: string, portalStep: PortalStep, label: string, section: string): Requirement {
  return { id: `003.${id}`, check: 'portal_step', step: portalStep, label, source: ref(section) };
}

/** Sheet 003: CLAVE DE AFILIADO PARA ACCESO AL PORTAL IESS. */
export const AFFILIATE_PORTAL_PASSWORD_PROCEDURE: ProcedureDefinition = {
  type: 'AFFILIATE_PORTAL_PASSWORD',
  sheet: '003',
  name: 'Clave de afiliado para acceso al portal IESS',
  description: 'Proporciona al afiliado su clave de acceso al portal del IESS, con la que accede a los servicios institucionales para afiliados.',
  addressedTo: ['Persona Natural - Ecuatoriana', 'Persona Natural - Extranjera'],
  result: { label: 'Clave de afiliado para acceso al portal IESS', resultType: 'Acceder a beneficio o servicio' },
  cost: 'free',
  officeHours: {
    description: 'Portal web del IESS, disponible en línea.',
    source: ref('¿Dónde y cuál es el horario de atención?'),
  },
  filers: [
    // 003, ¿A quién está dirigido?: "pone a disposición de sus afiliados ... el trámite Clave de afiliado"
    {
      role: 'holder',
      channels: ['virtual'],
      description: 'El propio afiliado (con cédula o código de identificación para extranjero).',
      source: ref('¿A quién está dirigido?'),
    },
  ],
  forbiddenFilers: [],
  channels: [
    // 003, Canales de atención: "En línea (Sitio / Portal Web / Aplicación web)."
    {
      channel: 'virtual',
      appointment: 'not_needed',
      appointmentInNameOfAttendee: false,
      walkInForVulnerableGroups: false,
      description: "Portal web del IESS, opción 'Generar / Recuperar clave'.",
      source: ref('Canales de atención'),
    },
  ],
  alternativeGroups: [
    {
      id: 'affiliate_identity',
      label: 'el número de identificación del afiliado',
      alternativesText: 'la cédula de ciudadanía o, para extranjeros, el código de identificación para extranjero',
    },
  ],
  requirements: [
    filerRequirement('003', 'Lo realiza el propio afiliado', '¿A quién está dirigido?'),
    channelRequirement('003', 'Trámite en línea'),
    {
      // 003, Requisitos Generales: "Cédula de ciudadanía"
      id: '003.cedula',
      check: 'request_fields',
      label: 'Cédula de ciudadanía',
      source: ref('Requisitos Generales'),
      alternative: { group: 'affiliate_identity', rank: 1 },
      fields: [{ key: 'cedula', label: 'Cédula de ciudadanía', validator: 'cedula' }],
    },
    {
      // 003, Requisitos Específicos: "Código de identificación para extranjero"
      id: '003.foreigner_code',
      check: 'request_fields',
      label: 'Código de identificación para extranjero (afiliados extranjeros sin cédula)',
      source: ref('Requisitos Específicos'),
      alternative: { group: 'affiliate_identity', rank: 2 },
      fields: [{ key: 'foreignerCode', label: 'Código de identificación para extranjero', validator: 'foreigner_code' }],
    },
    {
      // 003, Requisitos Generales: "Correo electrónico"
      id: '003.email',
      check: 'request_fields',
      label: 'Correo electrónico',
      source: ref('Requisitos Generales'),
      fields: [{ key: 'email', label: 'Correo electrónico', validator: 'email' }],
    },
    {
      // 003, Requisitos Generales: "Números telefónicos fijos y/o móvil"
      id: '003.phone',
      check: 'request_fields',
      label: 'Número telefónico fijo y/o móvil',
      source: ref('Requisitos Generales'),
      fields: [
        {
          label: 'Teléfono fijo y/o celular',
          oneOf: [[{ key: 'landline', label: 'Teléfono fijo', validator: 'landline' }], [{ key: 'mobile', label: 'Teléfono celular', validator: 'mobile' }]],
        },
      ],
    },
    // 003, VIRTUAL 3-4: "dé clic en el casillero 'No soy un robot'. Verifique su CAPTCHA"
    step('captcha', 'captcha', "Verificación 'No soy un robot' (CAPTCHA)", '¿Cómo hago el trámite?, VIRTUAL, 3-4'),
    // 003, VIRTUAL 5: "Ingrese su DÍA y MES de nacimiento."
    step('birth_day_month', 'birth_day_month', 'Día y mes de nacimiento', '¿Cómo hago el trámite?, VIRTUAL, 5'),
    // 003, VIRTUAL 6: "Responda 2 preguntas relacionadas con su historia laboral"
    step(
      'work_history_questions',
      'work_history_questions',
      'Dos preguntas sobre la historia laboral registrada en el IESS',
      '¿Cómo hago el trámite?, VIRTUAL, 6',
    ),
    // 003, VIRTUAL 7: "Responda 2 preguntas personales. (Sus respuestas se ingresaron al generar clave por 1ra vez)"
    step(
      'personal_questions',
      'personal_questions',
      'Dos preguntas personales definidas al generar la clave por primera vez',
      '¿Cómo hago el trámite?, VIRTUAL, 7',
    ),
    // 003, VIRTUAL 8: "tiene 5 intentos, de lo contrario su clave será bloqueada"
    step('attempts', 'attempts', 'Máximo 5 intentos de verificación', '¿Cómo hago el trámite?, VIRTUAL, 8'),
    // 003, VIRTUAL 9: "verifique si es correcto o modifíquelo y dé clic en 'Continuar'"
    step('email_confirmed', 'email_confirmed', 'Correo electrónico confirmado', '¿Cómo hago el trámite?, VIRTUAL, 9'),
    // 003, VIRTUAL 10: "le llegará un link para generar su nueva clave, su duración es de 15 minutos"
    step('password_link', 'password_link', 'Enlace del correo usado dentro de 15 minutos', '¿Cómo hago el trámite?, VIRTUAL, 10'),
    // 003, VIRTUAL 11: "de clic sobre el cuadro 'Declaración de Información fidedigna'"
    step('truthful_declaration', 'truthful_declaration', 'Aceptación de la Declaración de Información fidedigna', '¿Cómo hago el trámite?, VIRTUAL, 11'),
    // 003, VIRTUAL 12: "mínimo 8 caracteres entre números y letras únicamente ... tiene 15 minutos"
    step(
      'new_password',
      'new_password',
      'Nueva clave de al menos 8 caracteres, solo letras y números, registrada dentro de 15 minutos',
      '¿Cómo hago el trámite?, VIRTUAL, 12',
    ),
  ],
};
