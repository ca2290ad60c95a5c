/**
 * Server-rendered charts of the supervisor's view (ADR 0022, amended): inline SVG, no script,
 * readable without colour (every bar carries its number in words beside it), named for assistive
 * technology by its <title> and <desc>, and always drawn beside a table of the same numbers.
 */

export interface ChartSeries {
  name: string;
  /** A GOV.UK palette colour; the legend names it too. */
  colour: string;
}

export interface ChartGroup {
  label: string;
  /** One value per series, in the series' order; null: no data ("sin datos"). */
  values: Array<number | null>;
}

export interface BarChart {
  id: string;
  title: string;
  /** What the chart shows, in a sentence with its numbers (the <desc>). */
  description: string;
  series: ChartSeries[];
  groups: ChartGroup[];
  /** The unit after each number ("min"), if any. */
  unit?: string;
}

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const number = (v: number): string => (Number.isInteger(v) ? String(v) : v.toLocaleString('es-EC', { maximumFractionDigits: 1 }));

/** A horizontal grouped bar chart: one block per group, one bar per series, its value written at its end. */
export function barChartSvg(c: BarChart): string {
  const width = 640;
  const labelWidth = 190;
  const valueWidth = 90;
  const barArea = width - labelWidth - valueWidth;
  const barHeight = 20;
  const gap = 4;
  const groupGap = 14;
  const max = Math.max(1, ...c.groups.flatMap((g) => g.values.filter((v): v is number => typeof v === 'number')));
  const legendHeight = c.series.length > 1 ? 28 : 0;
  const parts: string[] = [];
  let y = legendHeight;
  if (c.series.length > 1) {
    let x = 0;
    for (const s of c.series) {
      parts.push(`<rect x="${x}" y="4" width="14" height="14" fill="${s.colour}"/>`);
      parts.push(`<text x="${x + 20}" y="16" class="app-chart__legend">${escape(s.name)}</text>`);
      x += 30 + s.name.length * 8;
    }
  }
  for (const g of c.groups) {
    const blockHeight = c.series.length * (barHeight + gap);
    parts.push(`<text x="0" y="${y + blockHeight / 2 + 5}" class="app-chart__label">${escape(g.label)}</text>`);
    g.values.forEach((v, i) => {
      const s = c.series[i];
      const top = y + i * (barHeight + gap);
      const w = typeof v === 'number' ? Math.max(v > 0 ? 2 : 0, Math.round((v / max) * barArea)) : 0;
      if (w > 0) parts.push(`<rect x="${labelWidth}" y="${top}" width="${w}" height="${barHeight}" fill="${s?.colour ?? '#1d70b8'}"/>`);
      const text = typeof v === 'number' ? `${number(v)}${c.unit ? ` ${c.unit}` : ''}` : 'sin datos';
      parts.push(`<text x="${labelWidth + w + 6}" y="${top + barHeight - 5}" class="app-chart__value">${escape(text)}</text>`);
    });
    y += blockHeight + groupGap;
  }
  const height = Math.max(y, 40);
  return (
    `<svg class="app-chart" role="img" aria-labelledby="${c.id}-title ${c.id}-desc" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" focusable="false">` +
    `<title id="${c.id}-title">${escape(c.title)}</title><desc id="${c.id}-desc">${escape(c.description)}</desc>` +
    parts.join('') +
    `</svg>`
  );
}

/** A CSV line: RFC 4180 quoting, so that a name with a comma stays one field. */
export const csvLine = (fields: ReadonlyArray<string | number | null>): string =>
  fields.map((f) => (f === null ? '' : /[",\n\r;]/.test(String(f)) ? `"${String(f).replace(/"/g, '""')}"` : String(f))).join(',');
