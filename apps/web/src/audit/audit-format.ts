import { clock, longDate, STATUS_TEXT } from '../shared/format';

export const AUDIT_PATH = '/oficina/auditoria';

export const when = (iso: string): string => `${longDate(iso)}, ${clock(iso)}`;
export const statusText = (s: string | null | undefined): string => (s ? ((STATUS_TEXT as Record<string, string>)[s] ?? s) : 'El trámite no existía todavía');
export const dataText = (d: Record<string, unknown> | null): string => (d && Object.keys(d).length ? JSON.stringify(d, null, 1) : '');
export const q = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** "2026-12-01" + "15:30" in Guayaquil as an ISO instant (the form's fields), or undefined. */
export function instant(day: string, time: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const t = /^\d{2}:\d{2}$/.test(time) ? time : '23:59';
  const parsed = Date.parse(`${day}T${t}:00-05:00`);
  return Number.isFinite(parsed) ? new Date(parsed).toISOString() : undefined;
}
