/**
 * Chart.js is tree-shakeable: register only the controllers, elements, scales and plugins the app
 * draws with. A chart type not registered here fails loudly in development (Chart.js throws
 * "… is not a registered controller"), which is the reminder to add it here and nowhere else.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
  Chart as ChartJS,
} from 'chart.js';

let registered = false;

export function registerChartParts(): typeof ChartJS {
  if (!registered) {
    ChartJS.register(
      LineController,
      BarController,
      ScatterController,
      LineElement,
      PointElement,
      BarElement,
      CategoryScale,
      LinearScale,
      Filler,
      Tooltip,
      Legend,
    );
    registered = true;
  }
  return ChartJS;
}
