import fc from 'fast-check';
import { MAX_UPLOAD_BYTES } from './upload-policy';
import { checkUploadFacts, detectContent, isExecutableContent, sniffUpload, uploadFactsOf } from './sniff-upload';

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

function pdf(size: number): Uint8Array {
  const bytes = new Uint8Array(size).fill(0x20);
  bytes.set(ascii('%PDF-1.7\n'), 0);
  bytes.set(ascii('%%EOF\n'), size - 6);
  return bytes;
}

function jpeg(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0], 0);
  bytes.set([0xff, 0xd9], size - 2);
  return bytes;
}

function withHeader(header: number[], size = 256): Uint8Array {
  const bytes = new Uint8Array(size);
  bytes.set(header, 0);
  return bytes;
}

describe('sniffUpload (JPG or PDF, at most 1 MB = 1,048,576 bytes)', () => {
  it('accepts a PDF and a JPEG by content', () => {
    expect(sniffUpload(pdf(2048), 'solicitud.pdf')).toEqual({
      ok: true,
      kind: 'pdf',
      mimeType: 'application/pdf',
      sizeBytes: 2048,
      declaredExtensionMatches: true,
    });
    expect(sniffUpload(jpeg(1024))).toMatchObject({
      ok: true,
      kind: 'jpeg',
      mimeType: 'image/jpeg',
      declaredExtensionMatches: null,
    });
  });

  it('accepts exactly 1 MB and refuses 1 MB + 1 byte', () => {
    expect(sniffUpload(pdf(MAX_UPLOAD_BYTES)).ok).toBe(true);
    const refused = sniffUpload(pdf(MAX_UPLOAD_BYTES + 1), 'ruc.pdf');
    expect(refused).toMatchObject({ ok: false, code: 'UPLOAD.TOO_LARGE', sizeBytes: 1_048_577 });
    if (!refused.ok) expect(refused.message).toBe('El archivo «ruc.pdf» pesa 1.048.577 bytes y supera el máximo de 1 MB (1.048.576 bytes).');
  });

  it.each([
    ['Windows executable (MZ)', [0x4d, 0x5a, 0x90, 0x00], 'windows_executable'],
    ['ELF executable', [0x7f, 0x45, 0x4c, 0x46, 0x02], 'elf_executable'],
    ['Mach-O executable', [0xcf, 0xfa, 0xed, 0xfe], 'macho_executable'],
    ['shell script', ascii('#!/bin/sh\n'), 'script'],
    ['PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'png'],
    ['ZIP / DOCX', [0x50, 0x4b, 0x03, 0x04], 'zip'],
    ['HTML page', ascii('  <!DOCTYPE html><html>'), 'html'],
    ['plain text', ascii('hola mundo'), 'unknown'],
  ])('refuses a ".pdf" that is really a %s', (_, header, detected) => {
    const result = sniffUpload(withHeader(header), 'cedula.pdf');
    expect(result).toMatchObject({ ok: false, code: 'UPLOAD.TYPE_NOT_ALLOWED', detected });
  });

  it('judges by content, never by the declared name', () => {
    expect(sniffUpload(jpeg(512), 'foto.pdf')).toMatchObject({
      ok: true,
      kind: 'jpeg',
      declaredExtensionMatches: false,
    });
    expect(sniffUpload(withHeader([0x4d, 0x5a]), 'foto.jpg')).toMatchObject({
      ok: false,
      code: 'UPLOAD.TYPE_NOT_ALLOWED',
    });
  });

  it('refuses empty and truncated files', () => {
    expect(sniffUpload(new Uint8Array(0), 'vacio.pdf')).toMatchObject({
      ok: false,
      code: 'UPLOAD.EMPTY',
      detected: 'empty',
    });
    expect(sniffUpload(withHeader(ascii('%PDF-1.4\n'), 4096))).toMatchObject({ ok: false, code: 'UPLOAD.CORRUPT' });
  });

  it('flags executables', () => {
    expect(isExecutableContent(detectContent(withHeader([0x4d, 0x5a])))).toBe(true);
    expect(isExecutableContent(detectContent(pdf(100)))).toBe(false);
  });

  it('re-checks recorded facts the same way', () => {
    expect(checkUploadFacts(uploadFactsOf(pdf(4096), 'a.pdf'))).toBeNull();
    expect(checkUploadFacts({ sizeBytes: MAX_UPLOAD_BYTES + 1, detected: 'jpeg' })).toMatchObject({
      code: 'UPLOAD.TOO_LARGE',
    });
    expect(checkUploadFacts({ sizeBytes: 10, detected: 'elf_executable' })).toMatchObject({
      code: 'UPLOAD.TYPE_NOT_ALLOWED',
    });
  });

  it('refuses anything that does not start with a PDF or JPEG signature', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.constantFrom('x.pdf', 'x.jpg', undefined), (bytes, name) => {
        const isPdf = bytes.length >= 5 && String.fromCharCode(...bytes.subarray(0, 5)) === '%PDF-';
        const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
        fc.pre(!isPdf && !isJpeg);
        expect(sniffUpload(bytes, name).ok).toBe(false);
      }),
    );
  });
});
