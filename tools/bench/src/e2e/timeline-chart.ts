export interface Series {
  readonly name: string;
  /** [seconds since start, value] */
  readonly points: ReadonlyArray<readonly [number, number]>;
}

export interface Panel {
  readonly title: string;
  readonly unit: string;
  readonly series: readonly Series[];
}

const WIDTH = 900;
const HEIGHT = 260;
const MARGIN = { left: 70, right: 170, top: 30, bottom: 35 };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2'];

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** One line chart as inline SVG: no script, no network, opens in any browser. */
function panelSvg(panel: Panel): string {
  const all = panel.series.flatMap((s) => s.points);
  const maxX = Math.max(1, ...all.map(([x]) => x));
  const maxY = Math.max(1, ...all.map(([, y]) => y)) * 1.1;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (x: number): number => MARGIN.left + (x / maxX) * plotW;
  const py = (y: number): number => MARGIN.top + plotH - (y / maxY) * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * maxY);
  const grid = ticks
    .map(
      (t) =>
        `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${py(t)}" y2="${py(t)}" stroke="#eee"/><text x="${MARGIN.left - 6}" y="${py(t) + 4}" text-anchor="end" font-size="11">${Math.round(t)}</text>`,
    )
    .join('');
  const lines = panel.series
    .map((s, i) => {
      const colour = COLOURS[i % COLOURS.length];
      const path = s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
      const legendY = MARGIN.top + 14 * i;
      return `<polyline fill="none" stroke="${colour}" stroke-width="1.5" points="${path}"/><rect x="${WIDTH - MARGIN.right + 10}" y="${legendY - 8}" width="10" height="10" fill="${colour}"/><text x="${WIDTH - MARGIN.right + 25}" y="${legendY + 1}" font-size="11">${escape(s.name)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif">
<text x="${MARGIN.left}" y="18" font-size="13" font-weight="bold">${escape(panel.title)} (${escape(panel.unit)})</text>${grid}
<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#999"/>
<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 5}" text-anchor="middle" font-size="11">seconds since start (max ${Math.round(maxX)})</text>${lines}</svg>`;
}

/** A self-contained HTML page of panels, one under the other. */
export function timelineHtml(title: string, summary: string, panels: readonly Panel[]): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body style="font-family:sans-serif"><h1 style="font-size:18px">${escape(title)}</h1><pre>${escape(summary)}</pre>
${panels.map(panelSvg).join('\n')}</body></html>\n`;
}
