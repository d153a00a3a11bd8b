import type { FunnelReviewConfig } from '../config/config-schema.js';
import type { SlackPayload, SlackPoster } from '../ports/slack-poster.js';
import { REPORT_KEYS } from '../schema/canonical-schema.js';
import { deliverOnce, type DeliveryContext, type TeamDelivery } from './deliver-pack.js';

/** The exact payload posted to a team's channel, archived beside its `.eml`. */
export const slackArchiveKey = (cadence: string, periodId: string, team: string): string => `${REPORT_KEYS.packPrefix(cadence, periodId)}${team}.slack.json`;

/** The teams among `teams` that have a Slack webhook configured. */
export const slackTeams = (config: FunnelReviewConfig, teams: readonly string[]): string[] =>
  teams.filter((team) => config.teams[team]?.slack !== undefined);

export interface SlackDeliveryInput extends DeliveryContext {
  readonly poster: SlackPoster;
  readonly config: FunnelReviewConfig;
  readonly teams: readonly string[];
  /** One message for every team: the verdict and tiles are the same for both. */
  readonly payload: SlackPayload;
}

/** Posts the pack to each team's channel that has a webhook, at most once per team, like email. */
export const deliverSlack = async (input: SlackDeliveryInput): Promise<TeamDelivery[]> => {
  const deliveries: TeamDelivery[] = [];
  const pack = `${input.cadence}/${input.periodId}`;
  for (const team of slackTeams(input.config, input.teams)) {
    const webhookSecret = input.config.teams[team]?.slack?.webhookSecret as string;
    deliveries.push(
      await deliverOnce(input, 'slack', {
        team,
        archiveKey: slackArchiveKey(input.cadence, input.periodId, team),
        archiveBody: `${JSON.stringify(input.payload, null, 2)}\n`,
        contentType: 'application/json',
        send: async () => {
          await input.poster.post({ team, pack: `${pack}/${team}`, webhookSecret, payload: input.payload });
          return `slack:${pack}/${team}`;
        },
      }),
    );
  }
  return deliveries;
};
