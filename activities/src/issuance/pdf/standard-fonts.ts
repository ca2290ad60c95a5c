/**
 * The standard PDF fonts' metrics, built once per process.
 *
 * PDFKit builds a font's metrics (its glyph widths and kerning pairs, as maps) each time a document
 * first uses the font: three times for every document we issue (ADR 0023 found it a large share of
 * issuance). The metrics are read-only, so one copy serves every document: each document still gets
 * its own font object (its own id and its own PDF dictionary, created as PDFKit creates them), on
 * the shared metrics. The output is the same bytes as PDFKit's own loading (standard-fonts.spec.ts).
 */

export type StandardFontName = 'Helvetica' | 'Helvetica-Bold' | 'Helvetica-Oblique';

/** What PDFKit's standard font object carries besides its document, id and dictionary. */
const METRIC_FIELDS = ['name', 'font', 'ascender', 'descender', 'bbox', 'lineGap', 'xHeight', 'capHeight'] as const;

interface FontTemplate {
  readonly prototype: object;
  readonly fields: Readonly<Record<(typeof METRIC_FIELDS)[number], unknown>>;
}

/** PDFKit's fields for a document's fonts (pdfkit's initFonts and font()). */
interface DocumentFonts {
  _fontFamilies: Record<string, unknown>;
  _fontCount: number;
  _font: Record<string, unknown> | null;
}

const templates = new Map<StandardFontName, FontTemplate>();

function internals(doc: PDFKit.PDFDocument): DocumentFonts | null {
  const fonts = doc as unknown as Partial<DocumentFonts>;
  return typeof fonts._fontCount === 'number' && typeof fonts._fontFamilies === 'object' && fonts._fontFamilies !== null ? (fonts as DocumentFonts) : null;
}

/**
 * Gives `doc` the standard fonts `names`, in that order (their ids F1, F2, ... follow it, as they
 * would if the document used them in that order), and selects the first. `doc` must have been
 * created with `font: ''` and have no font yet.
 */
export function useStandardFonts(doc: PDFKit.PDFDocument, names: readonly [StandardFontName, ...StandardFontName[]]): void {
  const fonts = internals(doc);
  for (const name of names) {
    const template = templates.get(name);
    if (fonts && template && !(name in fonts._fontFamilies)) {
      const font: Record<string, unknown> = Object.create(template.prototype);
      Object.assign(font, template.fields, { document: doc, id: `F${++fonts._fontCount}` });
      fonts._fontFamilies[name] = font;
      continue;
    }
    doc.font(name);
    const loaded = fonts?._font;
    if (loaded && !templates.has(name)) {
      const fields = Object.fromEntries(METRIC_FIELDS.map((field) => [field, loaded[field]])) as FontTemplate['fields'];
      templates.set(name, { prototype: Object.getPrototypeOf(loaded) as object, fields });
    }
  }
  doc.font(names[0]);
}
