/**
 * What the domain needs from storage, as interfaces. src/persistence implements them with mongoose; the
 * domain and the core never import a database library.
 */
import type { Actor, Language, Role } from '../core/identity.ts';

export interface TeamRecord {
  id: string;
  name: string;
  timeZone: string;
}

export interface TeamRepository {
  /** Throws KamError `teamExists` when the name is taken. */
  create(input: { name: string; timeZone: string }): Promise<TeamRecord>;
  findByName(name: string): Promise<TeamRecord | null>;
  list(): Promise<Array<TeamRecord & { members: number }>>;
}

export interface UserRepository {
  /** A user by email, any platform id, or exact name. */
  findByHandle(handle: string): Promise<Actor | null>;
  setLanguage(userId: string, language: Language | null): Promise<void>;
  setTimeZone(userId: string, timeZone: string): Promise<void>;
  setRole(userId: string, role: Role): Promise<void>;
  setTeam(userId: string, teamId: string): Promise<void>;
  teamName(teamId: string): Promise<string | null>;
}

export interface DomainServices {
  users: UserRepository;
  teams: TeamRepository;
}
