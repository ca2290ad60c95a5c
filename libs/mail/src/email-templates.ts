import type { CaseEmailParams, CaseEmailTemplate } from '@tramites/contracts';
import { ENGLISH_EMAILS } from './email-content.en';
import { SPANISH_EMAILS, type EmailBuilders } from './email-content.es';
import { CaseEmailParamsError, ParamReader, type CaseNotice, type EmailContent } from './email-params';
import type { MailLocale } from './local-dates';

export { CaseEmailParamsError, type CaseNotice } from './email-params';
export { formatCalendarDate, formatGuayaquilDateTime, type MailLocale } from './local-dates';

/** A rendered email: plain text and HTML alternatives of the same content. */
export interface RenderedCaseEmail {
  subject: string;
  text: string;
  html: string;
}

/** The words around each email's content, in its language. */
interface Frame {
  htmlLang: string;
  greeting: string;
  nextStepsTitle: string;
  footer: string[];
}

const FRAMES: Record<MailLocale, Frame> = {
  es: {
    htmlLang: 'es-EC',
    greeting: 'Estimado/a solicitante:',
    nextStepsTitle: '¿Qué debe hacer ahora?',
    footer: [
      'Instituto Ecuatoriano de Seguridad Social (IESS)',
      'Este es un mensaje automático; por favor, no responda a este correo. Consultas: atencionalusuario@iess.gob.ec',
      'Los trámites del IESS son gratuitos.',
    ],
  },
  en: {
    htmlLang: 'en',
    greeting: 'Dear applicant,',
    nextStepsTitle: 'What you need to do now',
    footer: [
      'Ecuadorian Social Security Institute (IESS)',
      'This is an automatic message; please do not reply to this email. Questions: atencionalusuario@iess.gob.ec',
      'IESS procedures are free of charge.',
      'This email is a translation for your convenience: the Spanish wording of the IESS procedure sheets is the authoritative one. You chose English on the IESS pages; choose “Español” there to receive Spanish.',
    ],
  },
};

const BUILDERS: Record<MailLocale, EmailBuilders> = { es: SPANISH_EMAILS, en: ENGLISH_EMAILS };

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

function toText(c: EmailContent, f: Frame): string {
  const lines: string[] = [f.greeting, '', c.lead, ''];
  if (c.highlight) lines.push(`${c.highlight.label}: ${c.highlight.value}`, '');
  for (const p of c.paragraphs ?? []) lines.push(p, '');
  for (const [label, value] of c.details) lines.push(`${label}: ${value}`);
  lines.push('');
  if (c.list) {
    lines.push(`${c.list.title}:`, ...c.list.items.map((i) => `- ${i}`), '');
  }
  lines.push(f.nextStepsTitle, ...c.nextSteps.map((s) => `- ${s}`), '', '-- ', ...f.footer);
  return `${lines.join('\n')}\n`;
}

const P = 'margin:0 0 16px;';

function toHtml(c: EmailContent, f: Frame): string {
  const e = escapeHtml;
  const parts: string[] = [
    '<!DOCTYPE html>',
    `<html lang="${f.htmlLang}">`,
    `<head><meta charset="utf-8"><title>${e(c.subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f4f6f8;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933;">',
    '<div style="max-width:600px;margin:0 auto;background:#ffffff;padding:24px;border-radius:6px;overflow-wrap:anywhere;">',
    `<p style="${P}">${e(f.greeting)}</p>`,
    `<p style="${P}">${e(c.lead)}</p>`,
  ];
  if (c.highlight) {
    parts.push(`<p style="${P}">${e(c.highlight.label)}:<br><strong style="font-size:24px;letter-spacing:2px;">${e(c.highlight.value)}</strong></p>`);
  }
  for (const p of c.paragraphs ?? []) parts.push(`<p style="${P}">${e(p)}</p>`);
  parts.push(
    '<table role="presentation" style="border-collapse:collapse;margin:0 0 16px;">',
    ...c.details.map(
      ([label, value]) =>
        `<tr><td style="padding:2px 12px 2px 0;color:#52606d;vertical-align:top;">${e(label)}</td><td style="padding:2px 0;"><strong>${e(value)}</strong></td></tr>`,
    ),
    '</table>',
  );
  if (c.list) {
    const lang = c.list.lang ? ` lang="${c.list.lang === 'es' ? 'es-EC' : c.list.lang}"` : '';
    parts.push(
      `<p style="margin:0 0 8px;"><strong>${e(c.list.title)}:</strong></p>`,
      `<ul style="${P}"${lang}>${c.list.items.map((i) => `<li>${e(i)}</li>`).join('')}</ul>`,
    );
  }
  parts.push(
    `<p style="margin:0 0 8px;"><strong>${e(f.nextStepsTitle)}</strong></p>`,
    `<ul style="${P}">${c.nextSteps.map((s) => `<li>${e(s)}</li>`).join('')}</ul>`,
    '<hr style="border:none;border-top:1px solid #d9e2ec;margin:24px 0 12px;">',
    ...f.footer.map((line) => `<p style="margin:0 0 4px;font-size:12px;color:#7b8794;">${e(line)}</p>`),
    '</div>',
    '</body>',
    '</html>',
  );
  return parts.join('\n');
}

/** How an email is rendered beyond its params: its language (the case's, ADR 0031) and what the read model adds. */
export interface RenderOptions {
  locale?: MailLocale;
  notice?: CaseNotice;
}

/**
 * The email of a template, in Spanish (es-EC, the default and authoritative) or English: subject,
 * plain text and HTML. Pure. Throws CaseEmailParamsError when a param is missing or malformed.
 */
export function renderCaseEmail<T extends CaseEmailTemplate>(template: T, params: CaseEmailParams[T], options: RenderOptions = {}): RenderedCaseEmail {
  const locale: MailLocale = options.locale === 'en' ? 'en' : 'es';
  const build = (BUILDERS[locale] as Partial<Record<string, EmailBuilders[CaseEmailTemplate]>>)[template];
  if (!build) throw new CaseEmailParamsError(String(template), 'template', 'is not a known template');
  const reader = new ParamReader(template, (params ?? {}) as Readonly<Record<string, unknown>>, locale, options.notice);
  const content = build(reader);
  // A subject is one header line: no line breaks may reach it.
  const subject = content.subject.replace(/[\r\n]+/g, ' ');
  const frame = FRAMES[locale];
  return { subject, text: toText(content, frame), html: toHtml({ ...content, subject }, frame) };
}
