/** Who is talking to the bot, as the core needs to know it. The domain's user record extends this. */
import type { Platform, Sender, Reply } from './messages.ts';

export const ROLES = ['rep', 'supervisor', 'manager', 'director', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const rank: Record<Role, number> = { rep: 0, supervisor: 1, manager: 2, director: 3, admin: 4 };
export const roleAtLeast = (role: Role, min: Role): boolean => rank[role] >= rank[min];

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface Actor {
  id: string;
  name: string;
  email?: string | undefined;
  role: Role;
  teamId?: string | undefined;
  /** The user's own setting; absent means "follow the platform locale". */
  language?: Language | undefined;
  /** The user's own zone; absent means the team's, then the platform profile's, then the default. */
  timeZone?: string | undefined;
  teamTimeZone?: string | undefined;
}

export interface PlatformIdentity extends Sender {
  platform: Platform;
  tenantId?: string | undefined;
}

/** Maps platform identities to KAM users, creating a user (role rep, no team) on first contact. */
export interface UserDirectory {
  resolve(identity: PlatformIdentity): Promise<Actor>;
  setLanguage(userId: string, language: Language | null): Promise<void>;
}

/** Records platform event ids so a replayed delivery is handled once, across processes. */
export interface EventLedger {
  /**
   * True when this process should handle the event; false when it was (or is being) handled. A claim left
   * `processing` longer than `staleAfterMs` (the ledger's default when absent) is taken over.
   */
  claim(platform: Platform, eventId: string, at: Date, staleAfterMs?: number): Promise<boolean>;
  /** Marks the event handled and keeps the replies it got, so a redelivery can be answered the same. */
  complete(platform: Platform, eventId: string, outcome: 'done' | 'failed', at: Date, replies?: readonly Reply[]): Promise<void>;
  /** What the ledger holds for an event: its status and, once done, its replies. */
  recorded(platform: Platform, eventId: string): Promise<{ status: 'processing' | 'done' | 'failed'; replies?: Reply[] | undefined } | null>;
  /** Forgets a claim whose handling could not run (a dependency was down), so a retry is handled. */
  release(platform: Platform, eventId: string): Promise<void>;
  /** Deletes entries claimed before `before` (the retention purge); returns how many went. */
  purge(before: Date): Promise<number>;
}

/** Platform locale strings (en-US, zh_CN, zh-Hans, ja) mapped to the languages the bot speaks. */
export function languageFromLocale(locale: string | undefined): Language | undefined {
  if (!locale) return undefined;
  const l = locale.toLowerCase().replace('_', '-');
  if (l === 'zh' || l.startsWith('zh-')) return 'zh-CN';
  if (l === 'en' || l.startsWith('en-')) return 'en';
  return undefined;
}
