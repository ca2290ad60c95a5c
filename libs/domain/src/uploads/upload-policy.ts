/**
 * 004, Trámite virtual: "anexe todos los requisitos en formato JPG o PDF
 * (peso máximo 1MB)". We read 1 MB as 1 MiB = 1,048,576 bytes: it is what
 * upload widgets and operating systems display as "1 MB", and it never
 * refuses a file a user sees as 1 MB or less.
 */
export const MAX_UPLOAD_BYTES = 1_048_576;

export type AllowedUploadKind = 'pdf' | 'jpeg';

export const ALLOWED_UPLOAD_KINDS: readonly AllowedUploadKind[] = ['pdf', 'jpeg'];

export const UPLOAD_MIME_TYPES: Readonly<Record<AllowedUploadKind, string>> = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
};

/** Extensions that a declared file name would normally carry for each kind (informational only). */
export const UPLOAD_EXTENSIONS: Readonly<Record<AllowedUploadKind, readonly string[]>> = {
  pdf: ['pdf'],
  jpeg: ['jpg', 'jpeg', 'jpe', 'jfif'],
};
