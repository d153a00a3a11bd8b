import type { Pack, PackSection, SharedSectionId } from '../pack/pack-types.js';

/**
 * Which shared sections a team reads first. Only the order changes: every section, and so every
 * figure, is in every team's copy.
 */
export const TEAM_LEAD_SECTIONS: Readonly<Record<string, readonly SharedSectionId[]>> = {
  marketing: ['handoff', 'marketing-efficiency'],
  sales: ['sales-results'],
};

/** The pack's sections in reading order for a team (none: the neutral archive copy). */
export const orderedSections = (pack: Pack, team?: string): PackSection[] => {
  const leadIds: readonly string[] = (team && TEAM_LEAD_SECTIONS[team]) || [];
  const lead = leadIds.flatMap((id) => pack.shared.filter((section) => section.id === id));
  const rest = pack.shared.filter((section) => !leadIds.includes(section.id));
  return [...lead, ...pack.agenda, ...rest];
};
