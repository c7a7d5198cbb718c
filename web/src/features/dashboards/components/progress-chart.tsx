import { ActionIcon, Popover } from '@mantine/core';
import { IconBulb } from '@tabler/icons-react';
import type { Chart as ChartInstance, ChartData, ChartOptions, Plugin, PointStyle } from 'chart.js';
import { forwardRef, type ReactNode, useMemo, useRef, useState } from 'react';
import { Chart, type ChartHandle, SERIES_COLOURS } from '../../../components/charts/chart';

/** A note pinned to one period of the chart (a learning-log entry): a marker with a label that opens its content. */
export interface ChartAnnotation {
  id: string;
  /** Label index on the x axis. */
  index: number;
  /** What a screen reader hears on the marker ("Learning log: … (2025 Q2)"). */
  label: string;
  content: ReactNode;
}

const ANNOTATION_COLOUR = '#7048e8';

/**
 * Draws a dashed vertical line at each annotation's period and reports where the lines are, so
 * the chart can place a focusable marker button above each one (canvas drawings cannot be
 * focused or read by screen readers; the buttons can).
 */
function annotationPlugin(
  source: { current: ChartAnnotation[] },
  onLayout: (xs: { id: string; x: number; top: number }[]) => void,
): Plugin<'line'> {
  return {
    id: 'constellationAnnotations',
    afterDatasetsDraw(chart: ChartInstance<'line'>) {
      const { ctx, chartArea, scales } = chart;
      const x = scales.x;
      if (!x) return;
      const placed: { id: string; x: number; top: number }[] = [];
      ctx.save();
      ctx.strokeStyle = ANNOTATION_COLOUR;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([4, 4]);
      for (const a of source.current) {
        const px = x.getPixelForValue(a.index);
        if (!Number.isFinite(px) || px < chartArea.left - 1 || px > chartArea.right + 1) continue;
        ctx.beginPath();
        ctx.moveTo(px, chartArea.top);
        ctx.lineTo(px, chartArea.bottom);
        ctx.stroke();
        placed.push({ id: a.id, x: px, top: chartArea.top });
      }
      ctx.restore();
      onLayout(placed);
    },
  };
}

export type MilestoneState = 'met' | 'missed' | 'ahead';

export interface ProgressSeries {
  labels: string[];
  actual: (number | null)[];
  target: (number | null)[];
  baseline: number;
  /** At most one milestone per label index. */
  milestones: { index: number; value: number; state: MilestoneState; label: string }[];
  longTerm: { index: number; value: number; label: string } | null;
}

const MILESTONE_LABEL: Record<MilestoneState, string> = { met: 'met', missed: 'missed', ahead: 'ahead' };

/** Actuals (solid, points) against the target trajectory (dashed), the baseline (dotted), milestones (diamonds) and the long-term target. */
export const ProgressChart = forwardRef<
  ChartHandle,
  {
    series: ProgressSeries;
    ariaLabel: string;
    format: (n: number) => string;
    /** Learning-log entries pinned to periods: a dashed line and a marker that opens the entry. */
    annotations?: ChartAnnotation[];
    /** The annotation whose content is open (controlled), and how to change it. */
    openAnnotation?: string | null;
    onOpenAnnotation?: (id: string | null) => void;
  }
>(function ProgressChart({ series, ariaLabel, format, annotations = [], openAnnotation = null, onOpenAnnotation }, ref) {
  const source = useRef<ChartAnnotation[]>(annotations);
  source.current = annotations;
  const [placed, setPlaced] = useState<{ id: string; x: number; top: number }[]>([]);
  const placedKey = useRef('');
  const plugins = useMemo(
    () => [
      annotationPlugin(source, (xs) => {
        const key = JSON.stringify(xs.map((p) => [p.id, Math.round(p.x), Math.round(p.top)]));
        if (key === placedKey.current) return;
        placedKey.current = key;
        // Outside React's render (Chart.js draws on its own schedule).
        queueMicrotask(() => setPlaced(xs));
      }),
    ],
    [],
  );
  const hasAnnotations = annotations.length > 0;
  const annotationKey = annotations.map((a) => `${a.id}@${a.index}`).join(',');

  const data = useMemo<ChartData<'line'>>(() => {
    const n = series.labels.length;
    const ms: (number | null)[] = Array(n).fill(null);
    const style: PointStyle[] = Array(n).fill('rectRot');
    const fill: string[] = Array(n).fill('transparent');
    for (const m of series.milestones) {
      ms[m.index] = m.value;
      style[m.index] = m.state === 'missed' ? 'crossRot' : 'rectRot';
      fill[m.index] = m.state === 'met' ? SERIES_COLOURS[2]! : 'rgba(255,255,255,0.9)';
    }
    const lt: (number | null)[] = Array(n).fill(null);
    if (series.longTerm) lt[series.longTerm.index] = series.longTerm.value;
    return {
      labels: series.labels,
      datasets: [
        {
          label: 'Actual',
          data: series.actual,
          borderColor: SERIES_COLOURS[0],
          backgroundColor: SERIES_COLOURS[0],
          borderWidth: 2.5,
          pointRadius: 3,
          spanGaps: false,
        },
        {
          label: 'Target trajectory',
          data: series.target,
          borderColor: SERIES_COLOURS[1],
          backgroundColor: SERIES_COLOURS[1],
          borderDash: [6, 4],
          borderWidth: 2,
          pointRadius: 0,
        },
        {
          label: 'Baseline',
          data: Array(n).fill(series.baseline),
          borderColor: '#6c757d',
          backgroundColor: '#6c757d',
          borderDash: [2, 3],
          borderWidth: 1,
          pointRadius: 0,
        },
        {
          label: 'Milestones (◆ met, ◇ ahead, ✕ missed)',
          data: ms,
          showLine: false,
          borderColor: SERIES_COLOURS[2],
          backgroundColor: fill,
          pointBackgroundColor: fill,
          pointStyle: style,
          pointRadius: 8,
          pointHoverRadius: 10,
          borderWidth: 2,
        },
        {
          label: series.longTerm ? `Long-term target (${series.longTerm.label})` : 'Long-term target',
          data: lt,
          showLine: false,
          borderColor: SERIES_COLOURS[5],
          backgroundColor: SERIES_COLOURS[5],
          pointStyle: 'star',
          pointRadius: 11,
          borderWidth: 2,
        },
      ],
    };
    // annotationKey: a changed annotation redraws the chart (the plugin reads them from a ref)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [series, annotationKey]);

  const options = useMemo<ChartOptions<'line'>>(
    () => ({
      animation: false,
      // Room above the plot for the learning-log markers.
      layout: { padding: { top: hasAnnotations ? 30 : 0 } },
      interaction: { mode: 'nearest', intersect: false },
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true, boxWidth: 10 } },
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const v = ctx.parsed.y;
              if (v === null || v === undefined) return '';
              if (ctx.datasetIndex === 3) {
                const m = series.milestones.find((x) => x.index === ctx.dataIndex);
                return `Milestone ${format(v)} (${m ? MILESTONE_LABEL[m.state] : ''})`;
              }
              const name = ctx.datasetIndex === 4 ? 'Long-term target' : (ctx.dataset.label ?? '');
              return `${name}: ${format(v)}`;
            },
          },
        },
      },
      scales: {
        x: { ticks: { autoSkip: true, maxRotation: 0, autoSkipPadding: 16 } },
        y: { ticks: { callback: (v) => format(Number(v)) } },
      },
    }),
    [series, format, hasAnnotations],
  );

  const byId = new Map(annotations.map((a) => [a.id, a]));
  return (
    <div style={{ position: 'relative' }}>
      <Chart ref={ref} type="line" data={data} options={options} ariaLabel={ariaLabel} height={320} plugins={plugins} />
      {placed.length > 0 && (
        <ul aria-label="Learning-log notes on this chart" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {placed.map((p) => {
            const a = byId.get(p.id);
            if (!a) return null;
            return (
              <li key={p.id} style={{ position: 'absolute', left: p.x - 13, top: Math.max(0, p.top - 26) }}>
                <Popover
                  opened={openAnnotation === p.id}
                  onClose={() => onOpenAnnotation?.(null)}
                  position="bottom"
                  withArrow
                  shadow="md"
                  width={320}
                  trapFocus={false}
                  closeOnEscape
                >
                  <Popover.Target>
                    <ActionIcon
                      size={26}
                      radius="xl"
                      variant="filled"
                      color="violet"
                      aria-label={a.label}
                      aria-expanded={openAnnotation === p.id}
                      data-testid="chart-annotation"
                      onClick={() => onOpenAnnotation?.(p.id)}
                      onFocus={() => onOpenAnnotation?.(p.id)}
                    >
                      <IconBulb size={16} aria-hidden />
                    </ActionIcon>
                  </Popover.Target>
                  <Popover.Dropdown>{a.content}</Popover.Dropdown>
                </Popover>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
});
