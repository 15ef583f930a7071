import { Field, ID, InputType } from 'type-graphql';
import { DateScalar, DecimalScalar } from '../graphql/scalars.js';
import { MemberRole, TeamKind, TerritoryKind } from './enums.js';

@InputType({ description: 'Which teams to list.' })
export class TeamFilter {
  @Field(() => TeamKind, { nullable: true, description: 'Only teams of this kind.' })
  kind?: TeamKind;

  @Field(() => ID, { nullable: true, description: 'Only the direct sub-teams of this team.' })
  parentId?: string;

  @Field(() => Boolean, { nullable: true, description: 'Only teams without a parent.' })
  rootsOnly?: boolean;

  @Field(() => ID, { nullable: true, description: 'Only this team and every team below it.' })
  subtreeOf?: string;

  @Field(() => String, { nullable: true, description: 'Text contained in the name or description (case-insensitive).' })
  text?: string;

  @Field(() => Boolean, { nullable: true, description: 'Include archived teams (default false).' })
  includeArchived?: boolean;
}

@InputType({ description: 'A new team.' })
export class CreateTeamInput {
  @Field(() => String, { description: 'Name, unique among its siblings.' })
  name!: string;

  @Field(() => TeamKind, { description: 'How the team is organised.' })
  kind!: TeamKind;

  @Field(() => String, { nullable: true, description: 'What the team does.' })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'Parent team; omit for a top-level team.' })
  parentId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Manager: an active member with the MANAGER role.' })
  managerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Territory the team covers.' })
  territoryId?: string | null;
}

@InputType({ description: 'Changes to a team; omitted fields stay as they are, null clears an optional field.' })
export class UpdateTeamInput {
  @Field(() => String, { nullable: true, description: 'New name.' })
  name?: string;

  @Field(() => TeamKind, { nullable: true, description: 'New kind.' })
  kind?: TeamKind;

  @Field(() => String, { nullable: true, description: 'New description; null clears it.' })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'New parent team (moves the whole subtree); null makes it a top-level team.' })
  parentId?: string | null;

  @Field(() => ID, { nullable: true, description: 'New territory; null clears it.' })
  territoryId?: string | null;
}

@InputType({ description: 'Which members to list.' })
export class MemberFilter {
  @Field(() => ID, { nullable: true, description: 'Only members of this team.' })
  teamId?: string;

  @Field(() => Boolean, { nullable: true, description: 'With teamId: also members of every team below it (default false).' })
  includeSubteams?: boolean;

  @Field(() => MemberRole, { nullable: true, description: 'Only members holding this role.' })
  role?: MemberRole;

  @Field(() => ID, { nullable: true, description: 'Only members covering this territory.' })
  territoryId?: string;

  @Field(() => String, { nullable: true, description: 'Text contained in the name or e-mail (case-insensitive).' })
  text?: string;

  @Field(() => Boolean, { nullable: true, description: 'Include archived members (default false).' })
  includeArchived?: boolean;
}

@InputType({ description: 'A new member.' })
export class CreateMemberInput {
  @Field(() => String, { description: 'Full name.' })
  fullName!: string;

  @Field(() => String, { description: 'Work e-mail, unique in the organisation.' })
  email!: string;

  @Field(() => MemberRole, { description: 'Role in the team.' })
  role!: MemberRole;

  @Field(() => ID, { description: 'Team the member joins.' })
  teamId!: string;

  @Field(() => ID, { nullable: true, description: 'Territory the member covers.' })
  territoryId?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Capability score 0.00–5.00 (default 3.00).' })
  capability?: string | null;

  @Field(() => DateScalar, { description: 'Hire date; not in the future.' })
  hireDate!: string;
}

@InputType({ description: 'Changes to a member; omitted fields stay as they are. Use moveMember to change the team.' })
export class UpdateMemberInput {
  @Field(() => String, { nullable: true, description: 'New full name.' })
  fullName?: string;

  @Field(() => String, { nullable: true, description: 'New e-mail.' })
  email?: string;

  @Field(() => MemberRole, { nullable: true, description: 'New role; a manager who still leads a team keeps MANAGER.' })
  role?: MemberRole;

  @Field(() => ID, { nullable: true, description: 'New territory; null clears it.' })
  territoryId?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'New capability score 0.00–5.00.' })
  capability?: string;

  @Field(() => DateScalar, { nullable: true, description: 'Corrected hire date.' })
  hireDate?: string;
}

@InputType({ description: 'Which territories to list.' })
export class TerritoryFilter {
  @Field(() => TerritoryKind, { nullable: true, description: 'Only territories of this kind.' })
  kind?: TerritoryKind;

  @Field(() => String, { nullable: true, description: 'Text contained in the name (case-insensitive).' })
  text?: string;

  @Field(() => Boolean, { nullable: true, description: 'Include archived territories (default false).' })
  includeArchived?: boolean;
}

@InputType({ description: 'A new territory.' })
export class CreateTerritoryInput {
  @Field(() => String, { description: 'Name.' })
  name!: string;

  @Field(() => TerritoryKind, { description: 'What the territory consists of.' })
  kind!: TerritoryKind;

  @Field(() => DecimalScalar, { description: 'Yearly sales potential, non-negative, at most two decimals.' })
  potential!: string;

  @Field(() => DecimalScalar, { description: 'Market size, non-negative, at most two decimals.' })
  marketSize!: string;

  @Field(() => String, { nullable: true, description: 'Free-text description.' })
  description?: string | null;
}

@InputType({ description: 'Changes to a territory; omitted fields stay as they are.' })
export class UpdateTerritoryInput {
  @Field(() => String, { nullable: true, description: 'New name.' })
  name?: string;

  @Field(() => TerritoryKind, { nullable: true, description: 'New kind.' })
  kind?: TerritoryKind;

  @Field(() => DecimalScalar, { nullable: true, description: 'New potential.' })
  potential?: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'New market size.' })
  marketSize?: string;

  @Field(() => String, { nullable: true, description: 'New description; null clears it.' })
  description?: string | null;
}
