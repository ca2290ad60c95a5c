/**
 * Locating the signature of a PDF: the `/ByteRange [a b c d]` of the LAST
 * signature dictionary in the file and the `/Contents <hex>` string that
 * fills the gap between the two signed ranges.
 *
 * A signed PDF is laid out as
 *
 *     [a, a+b)  signed bytes: header, objects, the signature dictionary up to /Contents
 *     [b, c)    the `<hex>` string holding the DER-encoded CMS (not signed)
 *     [c, c+d)  signed bytes: the rest of the dictionary, xref, trailer, %%EOF
 *
 * Incremental updates append bytes after c+d; each new signature adds its own
 * dictionary further down the file. We take the last `/ByteRange` in file
 * order, which is the most recent signature; anything appended after it
 * (an unsigned incremental update) makes `coversWholeFile` false.
 *
 * Only the raw bytes are scanned (as latin1); no PDF object parser is used.
 */

export interface LocatedSignature {
  readonly kind: 'found';
  readonly byteRange: readonly [number, number, number, number];
  /** The CMS bytes decoded from the /Contents hex string, trailing zero padding included. */
  readonly cms: Uint8Array;
  /** Bytes [a, a+b) followed by bytes [c, c+d): what the signature covers. */
  readonly signedBytes: Uint8Array;
  /** True when the two ranges reach from the first to the last byte of the file. */
  readonly coversWholeFile: boolean;
}

export type LocateSignatureResult = LocatedSignature | { readonly kind: 'missing' } | { readonly kind: 'malformed'; readonly detail: string };

const BYTE_RANGE_KEY = '/ByteRange';
const CONTENTS_KEY = '/Contents';
/** Runs of PDF white-space characters (ISO 32000-1, 7.2.2). */
const PDF_WHITESPACE_RUN = /[\0\t\n\f\r ]+/g;
/** Characters that may end a name token such as /ByteRange. */
const NAME_TERMINATOR = /[\0\t\n\f\r ()<>[\]{}/%]/;

function malformed(detail: string): LocateSignatureResult {
  return { kind: 'malformed', detail };
}

/** Index of the last `/ByteRange` name token (not a longer name that merely starts with it). */
function lastByteRangeKey(text: string): number {
  let from = text.length;
  while (from >= 0) {
    const index = text.lastIndexOf(BYTE_RANGE_KEY, from);
    if (index < 0) return -1;
    const next = text.charAt(index + BYTE_RANGE_KEY.length);
    if (next === '' || NAME_TERMINATOR.test(next)) return index;
    from = index - 1;
  }
  return -1;
}

function parseByteRangeArray(text: string, keyIndex: number): readonly [number, number, number, number] | string {
  const rest = text.slice(keyIndex + BYTE_RANGE_KEY.length, keyIndex + BYTE_RANGE_KEY.length + 256);
  const match = /^[\0\t\n\f\r ]*\[([^\]]*)\]/.exec(rest);
  if (!match) return '/ByteRange is not followed by an inline array';
  const items = (match[1] ?? '').split(PDF_WHITESPACE_RUN).filter((item) => item !== '');
  if (items.length !== 4) return `/ByteRange must hold 4 integers, found ${items.length} items`;
  const numbers = items.map((item) => (/^\d{1,15}$/.test(item) ? Number(item) : Number.NaN));
  if (numbers.some((n) => !Number.isSafeInteger(n))) return `/ByteRange holds a non-integer value: [${items.join(' ')}]`;
  const [a, b, c, d] = numbers as [number, number, number, number];
  return [a, b, c, d];
}

function hexToBytes(hex: string): Uint8Array {
  // An odd number of digits means a final 0 (ISO 32000-1, 7.3.4.3).
  const even = hex.length % 2 === 0 ? hex : `${hex}0`;
  const bytes = new Uint8Array(even.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(even.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** Find and sanity-check the last signature of a PDF. Never throws. */
export function locateSignature(pdf: Uint8Array): LocateSignatureResult {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  // ISO 32000-1 annex H: readers accept the header anywhere in the first 1,024 bytes.
  if (!text.slice(0, 1024).includes('%PDF-')) return malformed('Not a PDF: no %PDF- header in the first 1024 bytes');
  const keyIndex = lastByteRangeKey(text);
  if (keyIndex < 0) return { kind: 'missing' };

  const parsed = parseByteRangeArray(text, keyIndex);
  if (typeof parsed === 'string') return malformed(parsed);
  const [a, b, c, d] = parsed;
  const range = `[${a} ${b} ${c} ${d}]`;
  if (a !== 0) return malformed(`/ByteRange ${range} does not start at offset 0`);
  if (c <= b) return malformed(`/ByteRange ${range}: second range does not start after the first`);
  if (c + d > pdf.length) return malformed(`/ByteRange ${range} extends past the end of the file (${pdf.length} bytes)`);
  if (c - b < 2 || text.charAt(b) !== '<' || text.charAt(c - 1) !== '>') {
    return malformed(`/ByteRange ${range}: the gap is not a <...> hex string`);
  }
  if (
    !text
      .slice(Math.max(0, b - 64), b)
      .replace(/[\0\t\n\f\r ]+$/, '')
      .endsWith(CONTENTS_KEY)
  ) {
    return malformed(`/ByteRange ${range}: the gap is not the value of /Contents`);
  }
  const hex = text.slice(b + 1, c - 1).replace(PDF_WHITESPACE_RUN, '');
  if (!/^[0-9A-Fa-f]*$/.test(hex)) return malformed('/Contents is not a valid hex string');
  if (hex.length === 0 || /^0*$/.test(hex)) return malformed('/Contents is empty (unfilled signature placeholder)');

  const signedBytes = new Uint8Array(b + d);
  signedBytes.set(pdf.subarray(0, b), 0);
  signedBytes.set(pdf.subarray(c, c + d), b);
  return {
    kind: 'found',
    byteRange: parsed,
    cms: hexToBytes(hex),
    signedBytes,
    coversWholeFile: c + d === pdf.length,
  };
}
