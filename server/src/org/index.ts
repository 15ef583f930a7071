import { Member } from './member.entity.js';
import { MemberResolver, MemberTransferResolver } from './member.resolver.js';
import { MemberTransfer } from './member-transfer.entity.js';
import { Team } from './team.entity.js';
import { TeamResolver } from './team.resolver.js';
import { Territory } from './territory.entity.js';
import { TerritoryResolver } from './territory.resolver.js';

/** The organisation: teams, members and territories (docs/domain.md §1–2). */
export const orgEntities = [Team, Member, Territory, MemberTransfer];
export const orgResolvers = [TeamResolver, MemberResolver, MemberTransferResolver, TerritoryResolver] as const;
