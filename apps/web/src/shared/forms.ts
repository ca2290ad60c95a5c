/** One error of a form: the field it names and the rule it breaks, in Spanish (GOV.UK error summary). */
export interface FieldError {
  field: string;
  text: string;
}

export class FormErrors {
  readonly list: FieldError[] = [];

  add(field: string, text: string): this {
    if (!this.list.some((e) => e.field === field)) this.list.push({ field, text });
    return this;
  }

  get empty(): boolean {
    return this.list.length === 0;
  }
}

/** The error summary's items: each links to its field. */
export const summaryItems = (errors: FieldError[]): Array<{ text: string; href: string }> => errors.map((e) => ({ text: e.text, href: `#${e.field}` }));

/** The error message of one field, for the component's `errorMessage`. */
export const errorOf = (errors: FieldError[] | undefined, field: string): { text: string } | undefined => {
  const e = errors?.find((x) => x.field === field);
  return e ? { text: e.text } : undefined;
};

export const text = (body: Record<string, unknown>, key: string): string => {
  const v = body[key];
  return typeof v === 'string' ? v.trim() : '';
};
