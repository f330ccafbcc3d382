// Live time-series charts (uPlot): the last POINTS samples, x in Unix seconds. A chart follows its
// container's width, so the page fits a phone screen.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export const POINTS = 120;
const PALETTE = ['#2f7de1', '#e8793a', '#2aa876', '#c94f7c', '#8a63d2', '#c9a227', '#3aa6b9', '#7a7a7a'];

export class LiveChart {
  private readonly data: (number | null)[][] = [[]];
  private readonly plot: uPlot;
  private readonly labels: string[] = [];

  constructor(
    private readonly el: HTMLElement,
    labels: readonly string[],
    private readonly unit = '',
  ) {
    this.plot = new uPlot(
      {
        width: Math.max(200, el.clientWidth),
        height: 170,
        legend: { live: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
        axes: [
          {
            stroke: 'currentColor',
            space: 70,
            incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600],
            grid: { stroke: 'rgba(128,128,128,0.15)' },
            ticks: { stroke: 'rgba(128,128,128,0.3)' },
            values: (_u, v) => v.map((t) => new Date(t * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false })),
          },
          { stroke: 'currentColor', grid: { stroke: 'rgba(128,128,128,0.15)' }, ticks: { stroke: 'rgba(128,128,128,0.3)' }, size: 48, values: (_u, v) => v.map((n) => short(n) + this.unit) },
        ],
        series: [{}],
      },
      this.data as uPlot.AlignedData,
      el,
    );
    for (const l of labels) this.addSeries(l);
    new ResizeObserver(() => {
      const w = this.el.clientWidth;
      if (w > 0 && w !== this.plot.width) this.plot.setSize({ width: w, height: 170 });
    }).observe(el);
  }

  /** A new line; its past samples are empty. */
  addSeries(label: string): void {
    const color = PALETTE[this.labels.length % PALETTE.length];
    this.labels.push(label);
    this.data.push(this.data[0].map(() => null));
    this.plot.addSeries({ label, stroke: color, width: 2, points: { show: false }, spanGaps: false }, this.labels.length);
  }

  /** One sample per series (in addSeries order); missing values are gaps. */
  push(tSeconds: number, values: readonly (number | null)[]): void {
    this.data[0].push(tSeconds);
    for (let i = 0; i < this.labels.length; i++) this.data[i + 1].push(values[i] ?? null);
    if (this.data[0].length > POINTS) for (const col of this.data) col.shift();
    this.plot.setData(this.data as uPlot.AlignedData);
  }
}

/** 1234 -> "1.2k" (axis labels). */
export function short(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e9) return (n / 1e9).toFixed(1).replace(/\.0$/, '') + 'G';
  if (a >= 1e6) return (n / 1e6).toFixed(1).replace(/\.0$/, '') + 'M';
  if (a >= 1e3) return (n / 1e3).toFixed(1).replace(/\.0$/, '') + 'k';
  return Number.isInteger(n) ? String(n) : n.toFixed(a < 10 ? 2 : 1);
}
