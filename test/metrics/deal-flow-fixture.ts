/**
 * A seeded, generated deal flow for forecast tests: deals created on weekdays at a seasonal
 * rate, a third of them won after a variable sales cycle, the rest lost, amounts spread
 * log-normally. Small enough to write and query in a few seconds.
 */
import { addDays, eachDay } from '../../lambdas/calendar/fiscal-calendar.js';
import type { FixtureEvent } from './lake-fixture.js';

/** mulberry32: a tiny deterministic generator. */
const seeded = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

export function generateDealFlow(options: { seed: number; from: string; to: string; dealsPerWeekday: number }): FixtureEvent[] {
  const random = seeded(options.seed);
  const poisson = (mean: number): number => {
    const limit = Math.exp(-mean);
    let product = random();
    let count = 0;
    while (product > limit) {
      product *= random();
      count += 1;
    }
    return count;
  };
  const exponential = (mean: number): number => -mean * Math.log(1 - random());
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

  const events: FixtureEvent[] = [];
  let serial = 0;
  for (const day of eachDay(options.from, options.to)) {
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const month = Number(day.slice(5, 7));
    const rate = options.dealsPerWeekday * (1 + 0.35 * Math.sin(((month - 1) / 12) * 2 * Math.PI));
    for (let index = poisson(rate); index > 0; index -= 1) {
      serial += 1;
      const entity = `D${serial}`;
      const amount = Math.round(20_000 * Math.exp(0.5 * normal()));
      events.push({ entity, type: 'deal', stage: 'opportunity', at: `${day}T15:00:00Z`, amount, channel: 'email' });
      const won = random() < 0.35;
      const closeDay = addDays(day, Math.round(won ? 7 + exponential(20) + exponential(20) : 10 + exponential(40)));
      if (closeDay > options.to) continue;
      events.push(
        won
          ? { entity, type: 'deal', stage: 'won', at: `${closeDay}T16:00:00Z`, amount, channel: 'email' }
          : { entity, type: 'deal', stage: 'lost', at: `${closeDay}T16:00:00Z`, amount, channel: 'email', reason: 'price' },
      );
    }
  }
  return events;
}
