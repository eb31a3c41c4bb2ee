/** Who sees what: a rep their own accounts, supervisors and managers their teams', directors and admins all. */
import type { Actor } from '../core/identity.ts';
import type { TeamRepository } from './ports.ts';
import type { Scope } from './records.ts';

export async function scopeFor(actor: Actor, teams: Pick<TeamRepository, 'ledBy'>): Promise<Scope> {
  switch (actor.role) {
    case 'rep':
      return { kind: 'own', userId: actor.id };
    case 'supervisor':
    case 'manager': {
      const led = await teams.ledBy(actor.id);
      const teamIds = [...new Set([...(actor.teamId ? [actor.teamId] : []), ...led])];
      return { kind: 'teams', userId: actor.id, teamIds };
    }
    case 'director':
    case 'admin':
      return { kind: 'all' };
  }
}

/** True when a record owned by `ownerId` in `teamId` is visible in the scope. */
export function inScope(scope: Scope, record: { ownerId: string; teamId?: string | undefined }): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'own':
      return record.ownerId === scope.userId;
    case 'teams':
      return record.ownerId === scope.userId || (record.teamId !== undefined && scope.teamIds.includes(record.teamId));
  }
}
