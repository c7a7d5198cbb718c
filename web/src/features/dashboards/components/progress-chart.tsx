import type { ChartData, ChartOptions, PointStyle } from 'chart.js';
import { forwardRef, useMemo } from 'react';
import { Chart, type ChartHandle, SERIES_COLOURS } from '../../../components/charts/chart';

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
  { series: ProgressSeries; ariaLabel: string; format: (n: number) => string }
>(function ProgressChart({ series, ariaLabel, format }, ref) {
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
  }, [series]);

  const options = useMemo<ChartOptions<'line'>>(
    () => ({
      animation: false,
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
    [series, format],
  );

  return <Chart ref={ref} type="line" data={data} options={options} ariaLabel={ariaLabel} height={320} />;
});
