/** Errors with a stable code end to end (DESIGN.md, convention 7); one filter maps them to HTTP. */
export const API_ERRORS = {
  'AUTH.TOKEN_REQUIRED': { status: 401, message: 'Falta el token de acceso (encabezado Authorization: Bearer).' },
  'AUTH.TOKEN_INVALID': { status: 401, message: 'El token de acceso no es válido o expiró.' },
  'AUTH.ROLE_NOT_ALLOWED': { status: 403, message: 'Su rol no permite esta acción.' },
  'AUTH.OUT_OF_SCOPE': { status: 403, message: 'El trámite no pertenece a su agencia o provincia.' },
  'AUTH.NOT_YOUR_CASE': { status: 403, message: 'Solo puede consultar y gestionar sus propios trámites.' },
  'CASE.NOT_FOUND': { status: 404, message: 'No existe un trámite con ese identificador.' },
  'CASE.ALREADY_EXISTS': { status: 409, message: 'Ya existe un trámite con ese identificador.' },
  'CASE.BUSY': { status: 409, message: 'El trámite está procesando otra acción; intente nuevamente.' },
  'IDEMPOTENCY.KEY_REUSED': { status: 422, message: 'La clave de idempotencia ya se usó con otra solicitud.' },
  'PODER.NOT_FOUND': { status: 404, message: 'No existe un poder en revisión con ese identificador.' },
  'DOCUMENT.NOT_FOUND': { status: 404, message: 'No existe ese documento.' },
  'AGENCY.NOT_FOUND': { status: 404, message: 'No existe esa agencia.' },
  'VALIDATION.FAILED': { status: 400, message: 'La solicitud tiene datos no válidos.' },
  'REQUEST.TOO_LARGE': { status: 413, message: 'La solicitud es demasiado grande.' },
  'REQUEST.MALFORMED': { status: 400, message: 'El cuerpo de la solicitud no es un JSON válido.' },
  'REQUEST.CHARSET_UNSUPPORTED': { status: 415, message: 'El cuerpo de la solicitud debe estar en UTF-8 (Content-Type: application/json; charset=utf-8).' },
  'REQUEST.ENCODING_UNSUPPORTED': { status: 415, message: 'El cuerpo de la solicitud no debe venir comprimido ni codificado (Content-Encoding).' },
  'ROUTE.NOT_FOUND': { status: 404, message: 'No existe esa ruta.' },
  'ROUTE.METHOD_NOT_ALLOWED': { status: 405, message: 'Esa ruta no admite este método.' },
  'CASE.ACTION_NOT_AVAILABLE': { status: 422, message: 'Esta acción no corresponde a este tipo de trámite.' },
  'RATE.LIMITED': { status: 429, message: 'Demasiadas solicitudes; espere un momento e intente nuevamente.' },
  'TEMPORAL.UNAVAILABLE': { status: 503, message: 'El servicio de trámites no está disponible; intente más tarde.' },
  'INTERNAL': { status: 500, message: 'Ocurrió un error interno; intente más tarde.' },
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;

export interface FieldProblem {
  field: string;
  /** Spanish: the rule the value breaks. */
  message: string;
}

export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ApiErrorCode | string,
    message?: string,
    readonly details?: { fields?: FieldProblem[]; [key: string]: unknown },
    status?: number,
  ) {
    const known = (API_ERRORS as Record<string, { status: number; message: string }>)[code];
    super(message ?? known?.message ?? 'Error');
    this.status = status ?? known?.status ?? 422;
  }
}
