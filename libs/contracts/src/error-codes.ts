/**
 * Every error and refusal code of the system with its HTTP status and its Spanish message
 * (docs/architecture.md, rule 7): the one vocabulary the API, the workflows and the activities
 * refuse with. The filter takes a code's status from here, never from its spelling; the
 * reasons of the procedure sheets (libs/domain, REASONS) are refusals by the case's rules: 422.
 */
export const ERROR_CODES = {
  'AUTH.TOKEN_REQUIRED': { status: 401, message: 'Falta el token de acceso (encabezado Authorization: Bearer).' },
  'AUTH.TOKEN_INVALID': { status: 401, message: 'El token de acceso no es válido o expiró.' },
  'AUTH.ROLE_NOT_ALLOWED': { status: 403, message: 'Su rol no permite esta acción.' },
  'AUTH.OUT_OF_SCOPE': { status: 403, message: 'El trámite no pertenece a su agencia o provincia.' },
  'AUTH.ASSERTION_INVALID': { status: 403, message: 'La acción no llegó firmada por la API: se rechaza y queda registrada.' },
  'AUTH.REAUTHENTICATION_REQUIRED': {
    status: 401,
    message: 'Esta decisión necesita que confirme su identidad: vuelva a ingresar con su contraseña y repita la acción en los próximos 5 minutos.',
  },
  'AUTH.NOT_YOUR_CASE': { status: 403, message: 'Solo puede consultar y gestionar sus propios trámites.' },
  'CASE.NOT_FOUND': { status: 404, message: 'No existe un trámite con ese identificador.' },
  'CASE.ALREADY_EXISTS': { status: 409, message: 'Ya existe un trámite con ese identificador.' },
  'CASE.ASSIGNED_TO_OTHER': { status: 409, message: 'Otra persona tiene asignado este trámite: solo ella puede actuar en él, o un supervisor reasignarlo.' },
  'CASE.ALREADY_YOURS': { status: 409, message: 'Este trámite ya está asignado a usted.' },
  'CASE.NOT_ASSIGNED': { status: 409, message: 'El trámite no está asignado a nadie: no hay nada que liberar.' },
  'CASE.BUSY': { status: 409, message: 'El trámite está procesando otra acción; intente nuevamente.' },
  'PODER.NOT_FOUND': { status: 404, message: 'No existe un poder en revisión con ese identificador.' },
  'DOCUMENT.NOT_FOUND': { status: 404, message: 'No existe ese documento.' },
  'AGENCY.NOT_FOUND': { status: 404, message: 'No existe esa agencia.' },
  'VALIDATION.FAILED': { status: 400, message: 'La solicitud tiene datos no válidos.' },
  'REQUEST.TOO_LARGE': { status: 413, message: 'La solicitud es demasiado grande.' },
  'REQUEST.MALFORMED': { status: 400, message: 'El cuerpo de la solicitud no es un JSON válido.' },
  'REQUEST.TOO_DEEP': { status: 400, message: 'El cuerpo de la solicitud tiene demasiados niveles anidados (32 como máximo).' },
  'REQUEST.CHARSET_UNSUPPORTED': { status: 415, message: 'El cuerpo de la solicitud debe estar en UTF-8 (Content-Type: application/json; charset=utf-8).' },
  'REQUEST.ENCODING_UNSUPPORTED': { status: 415, message: 'El cuerpo de la solicitud no debe venir comprimido ni codificado (Content-Encoding).' },
  'ROUTE.NOT_FOUND': { status: 404, message: 'No existe esa ruta.' },
  'ROUTE.METHOD_NOT_ALLOWED': { status: 405, message: 'Esa ruta no admite este método.' },
  'CASE.ACTION_NOT_AVAILABLE': { status: 422, message: 'Esta acción no corresponde a este tipo de trámite.' },
  'RATE.LIMITED': { status: 429, message: 'Demasiadas solicitudes; espere un momento e intente nuevamente.' },
  'CASE.STATE_UNAVAILABLE': { status: 503, message: 'El estado del trámite no está disponible en este momento; intente más tarde.' },
  'TEMPORAL.UNAVAILABLE': { status: 503, message: 'El servicio de trámites no está disponible; intente más tarde.' },
  INTERNAL: { status: 500, message: 'Ocurrió un error interno; intente más tarde.' },
  // Refusals of the workflows and the services, with the status each has always answered.
  'CASE.INVALID_STATE': { status: 422, message: 'La acción no está permitida en el estado actual del trámite.' },
  'CASE.CLOSED': { status: 409, message: 'El trámite ya terminó y no admite más acciones.' },
  'CASE.NOT_ISSUED': { status: 422, message: 'El trámite todavía no tiene un documento emitido que reenviar.' },
  'CASE.WALK_IN_NOT_ALLOWED': { status: 422, message: 'Solo el trámite 001 atiende sin turno a grupos vulnerables.' },
  'CASE.WRONG_CHANNEL': { status: 422, message: 'Esta acción no corresponde al canal del trámite (ventanilla o Ventanilla Virtual).' },
  'APPOINTMENT.SLOT_NOT_FOUND': { status: 404, message: 'No existe ese horario.' },
  'APPOINTMENT.SLOT_FULL': { status: 422, message: 'El horario ya no tiene cupos; elija otro.' },
  'APPOINTMENT.SLOT_PAST': { status: 422, message: 'El horario ya pasó; elija otro.' },
  'APPOINTMENT.ALREADY_BOOKED': { status: 422, message: 'El trámite ya tiene un turno.' },
  'APPOINTMENT.NOT_FOUND': { status: 404, message: 'El trámite no tiene un turno.' },
  'APPOINTMENT.NOT_TODAY': { status: 422, message: 'El turno no es para hoy.' },
  // The waiting list of an agency's day (ADR 0029).
  'WAITING_LIST.DAY_NOT_FULL': { status: 422, message: 'Ese día todavía tiene turnos libres: elija uno en lugar de esperar.' },
  'WAITING_LIST.OFFER_ENDED': {
    status: 410,
    message: 'Este turno ya no está reservado para usted: el tiempo para tomarlo terminó o ya se usó. Agende otro turno o únase de nuevo a la lista de espera.',
  },
  'VALIDATION.REQUIRED': { status: 422, message: 'Falta un dato obligatorio para esta acción.' },
  'VALIDATION.VERIFICATION_CODE_FORMAT': { status: 422, message: 'El código de verificación tiene 6 dígitos.' },
  'VERIFICATION.NO_MORE_CODES': { status: 422, message: 'Se agotaron los códigos de verificación.' },
  'VERIFICATION.NUMBER_INVALID': { status: 400, message: 'El número de verificación del documento no es válido.' },
  'CAPTCHA.FAILED': { status: 400, message: 'La verificación «No soy un robot» no es válida; intente nuevamente.' },
  'IDENTITY.CHECK_FAILED': { status: 422, message: 'Las respuestas de verificación de identidad no son correctas.' },
  'IDENTITY.STALE_CHALLENGE': { status: 409, message: 'Las preguntas respondidas ya no son las vigentes; responda las nuevas.' },
  'CREDENTIAL.LOCKED': { status: 423, message: 'La clave está bloqueada por intentos fallidos; acuda a una agencia para desbloquearla.' },
  'CREDENTIAL.NOT_LOCKED': { status: 409, message: 'La clave no está bloqueada.' },
  'CREDENTIAL.NOT_FOUND': { status: 404, message: 'No existe una clave para ese número de identificación.' },
  'LINK.NOT_FOUND': { status: 404, message: 'El enlace no existe.' },
  'LINK.USED': { status: 410, message: 'El enlace ya se usó.' },
  'LINK.EXPIRED': { status: 410, message: 'El enlace venció.' },
  'LINK.NOT_CURRENT': { status: 422, message: 'El enlace no corresponde al último enviado en este trámite.' },
  'LINK.NO_MORE_LINKS': { status: 422, message: 'Ya se enviaron todos los enlaces permitidos para este trámite.' },
  'SUBMISSION.OBSERVED': { status: 422, message: 'Los documentos cargados tienen observaciones.' },
  'UPLOAD.FILE_REQUIRED': { status: 400, message: 'Adjunte un archivo.' },
  'UPLOAD.INVALID_MULTIPART': { status: 400, message: 'La carga debe ser multipart/form-data con un solo archivo.' },
  'PODER.ALREADY_DECIDED': { status: 422, message: 'El poder ya fue decidido.' },
  'PODER.SAME_OFFICER': {
    status: 422,
    message: 'Usted revisó los documentos de este trámite en ventanilla: otra persona de la unidad jurídica debe sumillar o rechazar su poder.',
  },
  'DUPLICATE.UNKNOWN_CODE': { status: 422, message: 'El código indicado no es de ninguna de las personas coincidentes.' },
  'DATA.NOT_STORABLE': { status: 422, message: 'Un dato del trámite no se puede guardar (formato o caracteres no válidos).' },
  'HISTORY.NOT_FOUND': { status: 404, message: 'No existe el historial de ese trámite.' },
  'CHECKPOINT.NOT_FOUND': { status: 404, message: 'No existe ese punto de control del registro de eventos.' },
  'DOCUMENT.CONTENT_UNAVAILABLE': { status: 500, message: 'El contenido del documento no está disponible; intente más tarde.' },
  'CODEC.UNDECRYPTABLE': { status: 422, message: 'Un payload no se puede descifrar: su clave no está configurada o sus datos fueron alterados.' },
  // Follow my case: the emailed one-time code that opens a case by its reference.
  'FOLLOW.CODE_INVALID': { status: 422, message: 'El código no es correcto.' },
  'FOLLOW.CODE_EXPIRED': { status: 410, message: 'El código venció, ya se usó o se agotaron sus intentos; pida un código nuevo.' },
  'AGENCY.HOLIDAY_HAS_APPOINTMENTS': { status: 409, message: 'Ese día hay turnos reservados: reprográmelos antes de declarar el feriado.' },
  'AGENCY.HOLIDAY_EXISTS': { status: 409, message: 'Ese día ya es feriado en esta agencia.' },
  'AGENCY.HOLIDAY_NOT_FOUND': { status: 404, message: 'Ese día no es feriado en esta agencia.' },
  'OFFICER.NOT_FOUND': { status: 404, message: 'No existe un funcionario con ese usuario.' },
  'OFFICER.NOT_IN_AGENCY': { status: 422, message: 'Ese funcionario no es gestor de trámites de su agencia: elija uno de la lista.' },
  'OFFICER.PROVIDER_EXTERNAL': { status: 409, message: 'Los roles se administran en el proveedor de identidad del IESS (OIDC_ISSUER_URL), no aquí.' },
  'SESSION_STORE.NOT_FOUND': { status: 404, message: 'No existe esa sesión o caducó.' },
  'SESSION_STORE.FORBIDDEN': { status: 403, message: 'Solo las páginas web pueden usar el almacén de sesiones.' },
  'SERVICE.UNAVAILABLE': { status: 503, message: 'El servicio no está disponible en este momento; intente más tarde.' },
  // The agency's day (ADR 0028): the legal unit's claims, arrival by the confirmation's QR, the calls.
  'PODER.CLAIMED_BY_OTHER': {
    status: 409,
    message: 'Otra persona de la unidad jurídica tomó esta revisión: solo ella puede sumillar o rechazar el poder, o liberarlo.',
  },
  'ARRIVAL.PASS_INVALID': {
    status: 422,
    message:
      'El código QR no es una confirmación de turno emitida por el IESS o está dañado: escriba el número de trámite (T-…) que figura en la confirmación.',
  },
  'ARRIVAL.OTHER_AGENCY': { status: 422, message: 'La confirmación es de un turno en otra agencia: la persona debe acudir a la agencia de su turno.' },
  'ARRIVAL.OTHER_DAY': { status: 422, message: 'La confirmación es de un turno de otro día: hoy no se puede registrar su llegada.' },
  'CALLING.NOBODY_WAITING': { status: 409, message: 'No hay turnos en espera: nadie más registró su llegada, o ya se llamó a todos.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}
