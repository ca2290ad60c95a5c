import { ApiError } from '../errors/api-error';

/** Where a keyset page stopped: the sort value (null when the row has none) and the row's id. */
export interface Cursor {
  at: string | null;
  id: string;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** The `next` of a page, as the client passes it back in `after`. */
export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');
}

/** The cursor of `after`; anything but a `next` this API gave is a 400 naming the field. */
export function decodeCursor(value: string, idRule: (id: string) => boolean = (id) => UUID.test(id)): Cursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof id === 'string' && idRule(id) && (at === null || (typeof at === 'string' && INSTANT.test(at) && !Number.isNaN(Date.parse(at))))) {
      return { at, id };
    }
  } catch {
    // falls through to the refusal
  }
  const message = 'after debe ser el valor next de la página anterior';
  throw new ApiError('VALIDATION.FAILED', `La solicitud tiene datos no válidos: ${message}`, { fields: [{ field: 'after', message }] }, 400);
}
