import { makeReason } from '../reasons/reasons';
import type { UploadReasonCode } from '../reasons/reasons';
import { formatBytes } from '../shared/text';
import { MAX_UPLOAD_BYTES, UPLOAD_EXTENSIONS, UPLOAD_MIME_TYPES } from './upload-policy';
import type { AllowedUploadKind } from './upload-policy';

/** What the first bytes say the content is. Only `pdf` and `jpeg` are accepted. */
export type DetectedContent =
  | AllowedUploadKind
  | 'png'
  | 'gif'
  | 'webp'
  | 'tiff'
  | 'bmp'
  | 'zip'
  | 'ole2'
  | 'rar'
  | '7z'
  | 'gzip'
  | 'windows_executable'
  | 'elf_executable'
  | 'macho_executable'
  | 'java_class'
  | 'script'
  | 'html'
  | 'empty'
  | 'unknown';

export const DETECTED_CONTENT_LABELS: Readonly<Record<DetectedContent, string>> = {
  pdf: 'PDF',
  jpeg: 'JPG',
  png: 'imagen PNG',
  gif: 'imagen GIF',
  webp: 'imagen WEBP',
  tiff: 'imagen TIFF',
  bmp: 'imagen BMP',
  zip: 'archivo comprimido ZIP u Office',
  ole2: 'documento de Office antiguo',
  rar: 'archivo comprimido RAR',
  '7z': 'archivo comprimido 7z',
  gzip: 'archivo comprimido GZIP',
  windows_executable: 'programa ejecutable de Windows',
  elf_executable: 'programa ejecutable de Linux',
  macho_executable: 'programa ejecutable de macOS',
  java_class: 'programa Java',
  script: 'script ejecutable',
  html: 'página web',
  empty: 'archivo vacío',
  unknown: 'formato desconocido',
};

const EXECUTABLES: ReadonlySet<DetectedContent> = new Set<DetectedContent>([
  'windows_executable',
  'elf_executable',
  'macho_executable',
  'java_class',
  'script',
]);

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  for (let i = 0; i < signature.length; i++) if (bytes[offset + i] !== signature[i]) return false;
  return true;
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}

/** Identify content by its magic bytes. Never looks at names or declared MIME types. */
export function detectContent(bytes: Uint8Array): DetectedContent {
  if (bytes.length === 0) return 'empty';
  if (startsWith(bytes, ascii('%PDF-'))) return 'pdf';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x4d, 0x5a])) return 'windows_executable'; // "MZ"
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'elf_executable'; // "\x7fELF"
  if (
    startsWith(bytes, [0xfe, 0xed, 0xfa, 0xce]) ||
    startsWith(bytes, [0xfe, 0xed, 0xfa, 0xcf]) ||
    startsWith(bytes, [0xce, 0xfa, 0xed, 0xfe]) ||
    startsWith(bytes, [0xcf, 0xfa, 0xed, 0xfe])
  ) {
    return 'macho_executable';
  }
  if (startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe])) return 'java_class';
  if (startsWith(bytes, ascii('#!'))) return 'script';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(bytes, ascii('BM'))) return 'bmp';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return 'zip';
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'ole2';
  if (startsWith(bytes, ascii('Rar!'))) return 'rar';
  if (startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return '7z';
  if (startsWith(bytes, [0x1f, 0x8b])) return 'gzip';
  const head = String.fromCharCode(...bytes.subarray(0, 64))
    .trimStart()
    .toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || head.startsWith('<script')) return 'html';
  return 'unknown';
}

export function isExecutableContent(kind: DetectedContent): boolean {
  return EXECUTABLES.has(kind);
}

/** A PDF ends with "%%EOF" (possibly followed by line breaks); we look in the last 1,024 bytes. */
function pdfLooksComplete(bytes: Uint8Array): boolean {
  const tail = String.fromCharCode(...bytes.subarray(Math.max(0, bytes.length - 1024)));
  return tail.includes('%%EOF');
}

export interface UploadAccepted {
  readonly ok: true;
  readonly kind: AllowedUploadKind;
  readonly mimeType: string;
  readonly sizeBytes: number;
  /** Whether the declared name's extension agrees with the content; informational, never decisive. */
  readonly declaredExtensionMatches: boolean | null;
}

export interface UploadRefused {
  readonly ok: false;
  readonly code: UploadReasonCode;
  readonly message: string;
  readonly detected: DetectedContent;
  readonly sizeBytes: number;
}

export type SniffResult = UploadAccepted | UploadRefused;

function extensionOf(name: string | undefined): string | null {
  if (name === undefined) return null;
  const match = /\.([A-Za-z0-9]+)$/.exec(name.trim());
  return match ? (match[1] ?? '').toLowerCase() : '';
}

function fileLabel(name: string | undefined): string {
  return name === undefined || name.trim() === '' ? 'cargado' : `«${name.trim()}»`;
}

/**
 * Judge an upload by its content. Checks in order: empty; content type
 * (only PDF or JPEG; executables and everything else refused, whatever the
 * name says); PDF completeness ("%%EOF"); size (at most MAX_UPLOAD_BYTES).
 * `declaredName` is used only to word the message and to report whether
 * the extension agreed with the content.
 */
export function sniffUpload(bytes: Uint8Array, declaredName?: string): SniffResult {
  const sizeBytes = bytes.length;
  const file = fileLabel(declaredName);
  const detected = detectContent(bytes);
  const refuse = (code: UploadReasonCode, params: Record<string, string> = {}): UploadRefused => ({
    ok: false,
    code,
    message: makeReason(code, { file, ...params }).message,
    detected,
    sizeBytes,
  });

  if (detected === 'empty') return refuse('UPLOAD.EMPTY');
  if (detected !== 'pdf' && detected !== 'jpeg') {
    return refuse('UPLOAD.TYPE_NOT_ALLOWED', { detected: DETECTED_CONTENT_LABELS[detected] });
  }
  if (detected === 'pdf' && !pdfLooksComplete(bytes)) return refuse('UPLOAD.CORRUPT');
  if (sizeBytes > MAX_UPLOAD_BYTES) return refuse('UPLOAD.TOO_LARGE', { size: formatBytes(sizeBytes) });

  const extension = extensionOf(declaredName);
  return {
    ok: true,
    kind: detected,
    mimeType: UPLOAD_MIME_TYPES[detected],
    sizeBytes,
    declaredExtensionMatches: extension === null ? null : UPLOAD_EXTENSIONS[detected].includes(extension),
  };
}

/**
 * What an activity records about an upload after sniffing it (the bytes
 * themselves never enter workflow history), re-checked by the checklist.
 */
export interface UploadFacts {
  readonly sizeBytes: number;
  readonly detected: DetectedContent;
  readonly fileName?: string;
}

export function uploadFactsOf(bytes: Uint8Array, fileName?: string): UploadFacts {
  const detected = detectContent(bytes);
  return fileName === undefined ? { sizeBytes: bytes.length, detected } : { sizeBytes: bytes.length, detected, fileName };
}

/** The same decision as sniffUpload, from recorded facts (completeness is not re-checked). */
export function checkUploadFacts(facts: UploadFacts): UploadRefused | null {
  const file = fileLabel(facts.fileName);
  const refuse = (code: UploadReasonCode, params: Record<string, string> = {}): UploadRefused => ({
    ok: false,
    code,
    message: makeReason(code, { file, ...params }).message,
    detected: facts.detected,
    sizeBytes: facts.sizeBytes,
  });
  if (facts.detected === 'empty' || facts.sizeBytes === 0) return refuse('UPLOAD.EMPTY');
  if (facts.detected !== 'pdf' && facts.detected !== 'jpeg') {
    return refuse('UPLOAD.TYPE_NOT_ALLOWED', { detected: DETECTED_CONTENT_LABELS[facts.detected] });
  }
  if (facts.sizeBytes > MAX_UPLOAD_BYTES) return refuse('UPLOAD.TOO_LARGE', { size: formatBytes(facts.sizeBytes) });
  return null;
}
