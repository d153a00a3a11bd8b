import type { Cadence } from '../../calendar/period-types.js';
import type { ChartData } from '../../pack/pack-types.js';

const PERIOD = { weekly: 'week', monthly: 'month', quarterly: 'quarter' } as const;

/** How a week's goal is set: there is no weekly goal, only the quarter's prorated by days. */
const GOAL_SOURCE: Readonly<Record<Cadence, string>> = {
  weekly: "the quarter's goal prorated to the week",
  monthly: "the month's goal",
  quarterly: "the quarter's goal",
};

/**
 * The key to a chart's marks, printed under it: what the dashes, the shading and the highlighted bar
 * mean. Said only for the marks the chart has.
 */
export const chartCaption = (chart: ChartData, cadence: Cadence): string | undefined => {
  const parts: string[] = [];
  if (chart.id === 'trend') {
    parts.push(`Highlighted bar: the latest ${PERIOD[cadence]}`);
    const periods = Math.max(0, ...chart.series.map((series) => series.usualRange?.periods ?? 0));
    if (periods > 0) parts.push(`shading: the usual range of the ${periods} ${PERIOD[cadence]}s before`);
    if (chart.series.some((series) => (series.goals?.length ?? 0) > 0)) parts.push(`dashes: ${GOAL_SOURCE[cadence]}`);
  }
  if (chart.id === 'funnel' && chart.steps.some((step) => step.goal !== undefined)) parts.push(`Marks across the bars: ${GOAL_SOURCE[cadence]}`);
  return parts.length > 0 ? `${parts.join('; ')}.` : undefined;
};
