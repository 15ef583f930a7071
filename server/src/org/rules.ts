/** Rules of the organisation (teams, members, territories) as they appear in `extensions.rule`; see ../rules.ts. */
export const ORG_RULES = {
  'different-team': 'A member is transferred to the team they are already in.',
  'manager-of-active-team':
    'A member who manages an active team keeps the MANAGER role and stays active until another manager is appointed.',
  'manager-role': 'A team manager must hold the MANAGER role.',
  'no-cycle': 'A team cannot be moved under itself or one of its descendants.',
  'team-has-children': 'A team with active sub-teams cannot be archived.',
  'team-has-members': 'A team with active members cannot be archived.',
  'territory-in-use': 'A territory still covered by teams or members cannot be archived.',
  'unique-email': 'Another member already has this e-mail address.',
  'unique-name': 'A sibling team already has this name.',
} as const;
