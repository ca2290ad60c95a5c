import { CASE_EMAIL_LIST_SEPARATOR } from '@tramites/contracts';
import { formatCalendarDate, formatGuayaquilDateTime, type MailLocale } from './local-dates';

/** A param that is missing or malformed: a bug in the caller, never fixed by a retry. */
export class CaseEmailParamsError extends Error {
  constructor(
    readonly template: string,
    readonly param: string,
    problem: string,
  ) {
    super(`email template ${template}: param "${param}" ${problem}`);
    this.name = 'CaseEmailParamsError';
  }
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** An instant must carry its zone: without one, JavaScript would read it in the machine's zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * What the notification activity adds to a case's params from the read model, never from the
 * workflow's history (ADR 0031): where the applicant follows the case, and where a correction goes.
 */
export interface CaseNotice {
  /** «Consultar mi trámite» (WEB_BASE_URL/seguir). */
  followUrl?: string;
  /** Where the observed documents are corrected: at the agency's window (000-002, 004 in person) or uploaded again (004 virtual). */
  correctAt?: 'agency' | 'virtual';
  /** The case's agency, for a correction at its window. */
  agencyName?: string;
  /** The page that takes the corrected files (004 virtual). */
  correctUrl?: string;
}

/** Reads params defensively: they come from workflow history, typed only at compile time. Dates in the email's language. */
export class ParamReader {
  constructor(
    private readonly template: string,
    private readonly params: Readonly<Record<string, unknown>>,
    readonly locale: MailLocale,
    readonly notice: CaseNotice = {},
  ) {}

  private fail(param: string, problem: string): never {
    throw new CaseEmailParamsError(this.template, param, problem);
  }

  text(param: string): string {
    const v = this.params[param];
    if (typeof v === 'number') return String(v);
    if (typeof v !== 'string') return this.fail(param, 'must be a string');
    if (v.trim() === '') return this.fail(param, 'must not be empty');
    return v.trim();
  }

  positiveInt(param: string): number {
    const v = this.params[param];
    const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) return this.fail(param, 'must be a positive integer');
    return n;
  }

  flag(param: string): boolean {
    const v = this.params[param];
    if (typeof v !== 'boolean') return this.fail(param, 'must be a boolean');
    return v;
  }

  /** An optional text: undefined when absent or empty. */
  optionalText(param: string): string | undefined {
    const v = this.params[param];
    return v === undefined || v === '' ? undefined : this.text(param);
  }

  /** An optional list param: [] when absent or empty. */
  optionalList(param: string): string[] {
    const v = this.params[param];
    return v === undefined || v === '' ? [] : this.list(param);
  }

  /** Items of a list param, trimmed, empty ones dropped. */
  list(param: string): string[] {
    const items = this.text(param)
      .split(CASE_EMAIL_LIST_SEPARATOR)
      .map((s) => s.trim())
      .filter((s) => s !== '');
    return items.length > 0 ? items : this.fail(param, 'must hold at least one item');
  }

  /** An ISO-8601 instant with zone, shown as date and time in Guayaquil. */
  dateTime(param: string): string {
    const v = this.text(param);
    const t = INSTANT.test(v) ? Date.parse(v) : NaN;
    if (Number.isNaN(t)) return this.fail(param, `must be an ISO-8601 instant with zone (got ${JSON.stringify(v)})`);
    return formatGuayaquilDateTime(new Date(t), this.locale);
  }

  /** An instant (shown with its time in Guayaquil) or a calendar date YYYY-MM-DD (shown as that day). */
  dateOrDateTime(param: string): string {
    const v = this.text(param);
    const m = DATE_ONLY.exec(v);
    if (!m) return this.dateTime(param);
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const d = new Date(Date.UTC(year, month - 1, day));
    if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
      return this.fail(param, `is not a calendar date (got ${JSON.stringify(v)})`);
    }
    return formatCalendarDate(year, month, day, this.locale);
  }
}

/** The content of an email, independent of its text or HTML form. */
export interface EmailContent {
  subject: string;
  /** First line of the body, under the greeting. */
  lead: string;
  /** A value the applicant must read or type (a code, a link), shown prominently. */
  highlight?: { label: string; value: string };
  paragraphs?: string[];
  details: Array<[label: string, value: string]>;
  /** `lang`: the items' own language when it is not the email's (the case's recorded reasons stay in Spanish). */
  list?: { title: string; items: string[]; lang?: 'es' };
  /** What the applicant must do next. */
  nextSteps: string[];
}
