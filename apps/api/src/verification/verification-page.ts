import type { NumberLookup, TokenVerification } from './verification.service';

/** Every interpolated value goes through this: names come from documents, tokens from anyone. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** The page allows no script, no external resource, no framing (sent as Content-Security-Policy). */
export const PAGE_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const dateFormat = new Intl.DateTimeFormat('es-EC', { dateStyle: 'long', timeStyle: 'short', timeZone: 'America/Guayaquil' });
const formatDate = (iso: string): string => `${dateFormat.format(new Date(iso))} (hora de Ecuador)`;

type Tone = 'ok' | 'warn' | 'bad';

function page(title: string, tone: Tone, message: string, rows: Array<[string, string]>): string {
  const colours: Record<Tone, string> = { ok: '#1b5e20', warn: '#8a5300', bad: '#b71c1c' };
  const table = rows.length ? `<table>${rows.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>` : '';
  return `<!DOCTYPE html>
<html lang="es-EC">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Verificación de documentos IESS</title>
<style>
body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#212121}
h1{font-size:1.4rem;color:${colours[tone]}}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ddd}
th{width:40%;font-weight:600}footer{margin-top:2rem;font-size:.85rem;color:#555}
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
${table}
</main>
<footer>Instituto Ecuatoriano de Seguridad Social · Verificación pública de documentos emitidos.
La clave pública para verificar sin conexión está en /verificacion/clave-publica.</footer>
</body>
</html>
`;
}

export function tokenResultPage(result: TokenVerification): string {
  const doc = result.document;
  if (!result.valid || !doc) return page('Documento no válido', 'bad', result.message, [['Motivo', result.reason ?? 'MALFORMED']]);
  const rows: Array<[string, string]> = [
    ['Documento', doc.typeLabel],
    ['Número de verificación', doc.verificationNumber],
    ['Titular', doc.holderName],
    ['Documento de identidad', doc.holderDocument],
    ...(doc.code ? ([['Código de identificación', doc.code]] as Array<[string, string]>) : []),
    ['Emitido', formatDate(doc.issuedAt)],
  ];
  return result.registered
    ? page('Documento auténtico', 'ok', result.message, rows)
    : page('Firma válida, documento no registrado', 'warn', result.message, rows);
}

export function numberLookupPage(result: NumberLookup): string {
  const doc = result.document;
  if (!result.exists || !doc) {
    return page('Número no registrado', 'bad', result.message, [['Número de verificación', result.verificationNumber]]);
  }
  return page('Número de verificación registrado', 'ok', result.message, [
    ['Número de verificación', result.verificationNumber],
    ['Documento', doc.typeLabel],
    ['Iniciales del titular', doc.holderInitials ?? '—'],
    ['Emitido', formatDate(doc.issuedAt)],
  ]);
}

export function errorPage(title: string, message: string): string {
  return page(title, 'bad', message, []);
}
