import { useComputedColorScheme } from '@mantine/core';
import type {
  ChartConfiguration,
  ChartData,
  ChartOptions,
  ChartType,
  Chart as ChartInstance,
} from 'chart.js';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { registerChartParts } from './register';

export interface ChartProps<T extends ChartType = ChartType> {
  type: T;
  data: ChartData<T>;
  options?: ChartOptions<T>;
  /** What the chart shows, read by screen readers (the numbers are also in a table beside it). */
  ariaLabel: string;
  height?: number | string;
  /** Extra Chart.js plugins local to this chart (e.g. a target band). */
  plugins?: ChartConfiguration<T>['plugins'];
  className?: string;
}

/** What a parent can do with a drawn chart (e.g. export it as PNG). */
export interface ChartHandle {
  toPng(): string | null;
  instance(): ChartInstance | null;
}

function prefersReducedMotion(): boolean {
  return (
    typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true
  );
}

function themed<T extends ChartType>(options: ChartOptions<T> | undefined, dark: boolean): ChartOptions<T> {
  const text = dark ? '#c9c9c9' : '#495057';
  const grid = dark ? 'rgba(255,255,255,0.08)' : 'rgba(0,0,0,0.08)';
  const base = {
    responsive: true,
    maintainAspectRatio: false,
    animation: prefersReducedMotion() ? false : { duration: 250 },
    color: text,
    scales: {},
  } as ChartOptions<T>;
  const merged = { ...base, ...options } as ChartOptions<T>;
  // Copy each scale rather than mutating the caller's options object.
  const scales = (options as { scales?: Record<string, Record<string, unknown>> } | undefined)?.scales ?? {};
  const themedScales: Record<string, Record<string, unknown>> = {};
  for (const [id, scale] of Object.entries(scales)) {
    themedScales[id] = {
      ...scale,
      ticks: { color: text, ...(scale.ticks as object) },
      grid: { color: grid, ...(scale.grid as object) },
    };
  }
  (merged as { scales?: unknown }).scales = themedScales;
  return merged;
}

/**
 * The one Chart.js wrapper. It owns the chart's lifecycle: creates it when the canvas mounts,
 * updates it in place when data or options change (no flicker on live updates), destroys it on
 * unmount, and re-themes it with the colour scheme. After the first draw it sets
 * `data-chart-ready` on the canvas (the e2e tests and the bench wait for it).
 */
function ChartInner<T extends ChartType>(props: ChartProps<T>, ref: React.ForwardedRef<ChartHandle>) {
  const { type, data, options, ariaLabel, height = 260, plugins, className } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartInstance<T> | null>(null);
  const dark = useComputedColorScheme('light') === 'dark';

  useImperativeHandle(ref, () => ({
    toPng: () => chart.current?.toBase64Image('image/png', 1) ?? null,
    instance: () => chart.current as ChartInstance | null,
  }));

  // Create once per type/plugins; later data changes update in place.
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const ChartJS = registerChartParts();
    const readyPlugin = {
      id: 'constellationReady',
      afterRender: (c: ChartInstance) => c.canvas.setAttribute('data-chart-ready', 'true'),
    };
    const instance = new ChartJS(el, {
      type,
      data,
      options: themed(options, dark),
      plugins: [...(plugins ?? []), readyPlugin],
    } as ChartConfiguration<T>);
    chart.current = instance;
    return () => {
      instance.destroy();
      chart.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- data/options are applied by the update effect below
  }, [type, plugins]);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    instance.data = data;
    instance.options = themed(options, dark);
    instance.update();
  }, [data, options, dark]);

  return (
    <div style={{ position: 'relative', height, width: '100%' }} className={className}>
      <canvas ref={canvas} role="img" aria-label={ariaLabel} />
    </div>
  );
}

export const Chart = forwardRef(ChartInner) as <T extends ChartType>(
  props: ChartProps<T> & { ref?: React.Ref<ChartHandle> },
) => ReturnType<typeof ChartInner>;

/** A small line with no axes, for indicator cards. */
export function Sparkline({
  values,
  labels,
  ariaLabel,
  color = '#2c6ab2',
  height = 40,
}: {
  values: (number | null)[];
  labels: string[];
  ariaLabel: string;
  color?: string;
  height?: number;
}) {
  return (
    <Chart
      type="line"
      height={height}
      ariaLabel={ariaLabel}
      data={{
        labels,
        datasets: [
          { data: values, borderColor: color, borderWidth: 2, pointRadius: 0, spanGaps: true, tension: 0.3 },
        ],
      }}
      options={{
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
        scales: { x: { display: false }, y: { display: false } },
        events: [],
      }}
    />
  );
}

/** The series colours: distinguishable for common colour-vision deficiencies (Okabe–Ito). */
export const SERIES_COLOURS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#F0E442',
  '#000000',
];
