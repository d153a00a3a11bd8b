import type { Pack, PackSection, SharedSectionId } from '../pack/pack-types.js';

/**
 * Which shared sections a team reads early. Only the order changes: every section, and so every
 * figure, is in every team's copy.
 */
export const TEAM_LEAD_SECTIONS: Readonly<Record<string, readonly SharedSectionId[]>> = {
  marketing: ['handoff', 'marketing-efficiency'],
  sales: ['sales-results'],
};

/**
 * The pack's sections in reading order for a team (none: the neutral archive copy): the first
 * agenda answer, which every reader needs before anything else, then the team's own sections,
 * then the rest of the agenda and the other shared sections.
 */
export const orderedSections = (pack: Pack, team?: string): PackSection[] => {
  const leadIds: readonly string[] = (team && TEAM_LEAD_SECTIONS[team]) || [];
  const teamSections = leadIds.flatMap((id) => pack.shared.filter((section) => section.id === id));
  const rest = pack.shared.filter((section) => !leadIds.includes(section.id));
  const [firstAnswer, ...otherAnswers] = pack.agenda;
  return [...(firstAnswer ? [firstAnswer] : []), ...teamSections, ...otherAnswers, ...rest];
};
