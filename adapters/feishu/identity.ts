/**
 * Who is who on Feishu: the bot's own open_id (asked once, to recognise its @mention in groups) and each
 * sender's name and email (the contact API, cached; the core maps the email to a KAM user). An app that
 * may not read contacts still works: the sender is then known by open_id only.
 */
import type { Logger } from '../../src/core/logger.ts';
import type { UserProfile } from './api.ts';

export interface IdentitySource {
  botInfo(): Promise<{ openId: string }>;
  userProfile(openId: string): Promise<UserProfile>;
}

export interface IdentityOptions {
  /** How long a looked-up profile is trusted. */
  profileTtlMs?: number;
  /** How long a failed lookup is remembered, so a missing permission does not cost a call per message. */
  failureTtlMs?: number;
  now?: () => number;
}

export class FeishuIdentity {
  private botOpenId: Promise<string> | null = null;
  private readonly profiles = new Map<string, { profile: UserProfile; until: number }>();
  private readonly profileTtlMs: number;
  private readonly failureTtlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly source: IdentitySource,
    private readonly logger: Logger,
    opts: IdentityOptions = {},
  ) {
    this.profileTtlMs = opts.profileTtlMs ?? 60 * 60_000;
    this.failureTtlMs = opts.failureTtlMs ?? 10 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  /** The bot's open_id, or undefined when Feishu cannot tell us yet (asked again next time). */
  async botId(): Promise<string | undefined> {
    this.botOpenId ??= this.source.botInfo().then((b) => b.openId);
    try {
      return await this.botOpenId;
    } catch (err) {
      this.botOpenId = null;
      this.logger.error({ err }, 'could not read the bot’s own open_id (GET /open-apis/bot/v3/info); group mentions are ignored until it answers');
      return undefined;
    }
  }

  async profile(openId: string): Promise<UserProfile> {
    const cached = this.profiles.get(openId);
    if (cached && cached.until > this.now()) return cached.profile;
    let profile: UserProfile = {};
    let ttl = this.profileTtlMs;
    try {
      profile = await this.source.userProfile(openId);
    } catch (err) {
      ttl = this.failureTtlMs;
      this.logger.warn({ err, openId }, 'contact lookup failed (is contact:user.email:readonly granted?); continuing without email');
    }
    // A company's staff is a bounded set, but a bot can live for months; start over rather than grow.
    if (this.profiles.size >= 10_000) this.profiles.clear();
    this.profiles.set(openId, { profile, until: this.now() + ttl });
    return profile;
  }
}
