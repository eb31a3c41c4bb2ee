/**
 * The platform-neutral bot: one InboundMessage in, the replies out. Middleware in order: ignore bots
 * (including ourselves), dedupe by platform event id, identify the user, then dispatch inside one error
 * boundary.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock.ts';
import type { CommandContext, CommandRegistry, CommandSpec, ResolvedCommand } from './commands.ts';
import { hasControlChars } from './args.ts';
import { isKamError, KamError, refusedField } from './errors.ts';
import type { I18n } from './i18n.ts';
import { languageFromLocale, roleAtLeast, type Actor, type EventLedger, type Language, type UserDirectory } from './identity.ts';
import type { Logger } from './logger.ts';
import type { InboundMessage, Reply } from './messages.ts';
import { helpReplies } from './help.ts';
import { addressTo, readAddress } from './addressed.ts';

/**
 * A claim on a message from the inbox is taken over after this long: the inbox hands a message to another
 * process only when the first one's lease ran out (it died), so its claim need not wait the ledger's default.
 */
export const INBOX_STALE_CLAIM_MS = 20_000;

/** Longest text the bot accepts in one message; longer notes are refused, never truncated silently. */
export const MAX_TEXT_LENGTH = 4000;
/** The longest value of one submitted form field that reaches a command at all. */
export const MAX_FORM_VALUE = 10_000;

export interface BotDeps<S> {
  registry: CommandRegistry<S>;
  i18n: I18n;
  ledger: EventLedger;
  users: UserDirectory;
  clock: Clock;
  logger: Logger;
  services: S;
  defaults: { language: Language; timeZone: string };
  /** Metrics hook: called once per inbound message. */
  observe?: (event: HandledEvent) => void;
  /** True for errors that mean a dependency (database, queue) is unreachable right now. */
  isUnavailable?: (error: unknown) => boolean;
  /** Text that is not a command (e.g. a visit note in a direct message). Absent: a hint to use /help. */
  fallback?: (ctx: CommandContext<S>, text: string) => Promise<Reply[] | null>;
}

interface Trace {
  userId?: string | undefined;
  command: string;
  outcome: HandledEvent['outcome'];
  code?: string | undefined;
}

/** What happened to one inbound message, for metrics. */
export interface HandledEvent {
  platform: string;
  /** The command's canonical name, `action:<id>`, or `text` for a non-command message. */
  command: string;
  outcome: 'ok' | 'rejected' | 'failed' | 'unavailable' | 'duplicate';
  /** The KamError code of a rejected message. */
  code?: string | undefined;
  ms: number;
}

export class Bot<S> {
  private inFlight = 0;
  private stopping = false;
  private readonly idle: Array<() => void> = [];

  constructor(private readonly deps: BotDeps<S>) {}

  get registry() {
    return this.deps.registry;
  }

  get users(): UserDirectory {
    return this.deps.users;
  }

  /** Handles one inbound message. Returns no replies for ignored or duplicate events. */
  async handle(message: InboundMessage): Promise<Reply[]> {
    if (message.sender.isBot) return [];
    const started = performance.now();
    const trace: Trace = { command: message.kind === 'action' ? `action:${message.action?.id ?? '?'}` : 'text', outcome: 'ok' };
    const correlationId = randomUUID().slice(0, 8);
    const logger = this.deps.logger.child({ correlationId, platform: message.platform, eventId: message.eventId });
    this.inFlight++;
    try {
      return await this.handleTraced(message, trace, correlationId, logger);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
      const ms = performance.now() - started;
      // One line per inbound message; never the message text (it may hold phone numbers or prices).
      if (trace.outcome !== 'duplicate') {
        logger.info({ userId: trace.userId, command: trace.command, result: trace.outcome, code: trace.code, ms: Math.round(ms) }, 'message');
      }
      this.deps.observe?.({ platform: message.platform, command: trace.command, outcome: trace.outcome, code: trace.code, ms });
    }
  }

  private async handleTraced(message: InboundMessage, trace: Trace, correlationId: string, logger: Logger): Promise<Reply[]> {
    const { ledger, clock } = this.deps;
    let lang = this.languageFor(undefined, message);
    if (this.stopping) {
      trace.outcome = 'unavailable';
      return [{ kind: 'text', text: this.deps.i18n.t(lang)('errors.unavailable') }];
    }
    let claimed = false;
    try {
      claimed = await ledger.claim(message.platform, message.eventId, clock.now(), message.fromInbox ? INBOX_STALE_CLAIM_MS : undefined);
      if (!claimed) {
        trace.outcome = 'duplicate';
        logger.debug({}, 'duplicate event ignored');
        return message.fromInbox ? this.recordedAnswer(message, lang) : [];
      }
      const actor = await this.deps.users.resolve({
        ...message.sender,
        platform: message.platform,
        tenantId: message.conversation.tenantId,
      });
      lang = this.languageFor(actor, message);
      trace.userId = actor.id;
      const ctx: CommandContext<S> = {
        actor,
        lang,
        t: this.deps.i18n.t(lang),
        translator: this.deps.i18n.t,
        timeZone: actor.timeZone ?? actor.teamTimeZone ?? message.sender.timeZone ?? this.deps.defaults.timeZone,
        clock,
        message,
        services: this.deps.services,
        correlationId,
        logger,
      };
      const replies = this.withDelayNotice(ctx, addressTo(await this.dispatch(ctx, trace), actor.id));
      await this.complete(message, 'done', logger, replies);
      return replies;
    } catch (error) {
      const t = this.deps.i18n.t(lang);
      if (isKamError(error)) {
        trace.outcome = 'rejected';
        trace.code = error.code;
        const field = refusedField(error);
        const replies: Reply[] = [{ kind: 'text', text: t(error.key, error.params), refused: true, ...(field !== undefined && { field }) }];
        await this.complete(message, 'done', logger, replies);
        return replies;
      }
      if (this.deps.isUnavailable?.(error)) {
        // The store or queue is away: nothing was saved; let the platform's retry (or the user) try again.
        trace.outcome = 'unavailable';
        logger.warn({ err: error }, 'a dependency is unavailable');
        if (claimed) await ledger.release(message.platform, message.eventId).catch(() => undefined);
        return [{ kind: 'text', text: t(message.fromInbox ? 'inbox.unavailableKept' : 'errors.unavailable'), transient: true }];
      }
      trace.outcome = 'failed';
      logger.error({ err: error }, 'unexpected error while handling a message');
      const replies: Reply[] = [{ kind: 'text', text: t('errors.unexpected', { id: correlationId }) }];
      if (claimed) await this.complete(message, 'failed', logger, replies);
      return replies;
    }
  }

  /**
   * A message from the inbox that the ledger already holds: a process began it and may have died before
   * answering. Done: the stored answer. Still in progress: "try later" (the inbox retries it).
   */
  private async recordedAnswer(message: InboundMessage, lang: Language): Promise<Reply[]> {
    const recorded = await this.deps.ledger.recorded(message.platform, message.eventId);
    if (recorded?.status === 'processing') return [{ kind: 'text', text: this.deps.i18n.t(lang)('inbox.unavailableKept'), transient: true }];
    return recorded?.replies ?? [];
  }

  /** An answer given long after the message was acknowledged says so first, with the time it was sent. */
  private withDelayNotice(ctx: CommandContext<S>, replies: Reply[]): Reply[] {
    const since = ctx.message.delayedSince;
    if (!since || replies.length === 0) return replies;
    const time = new Intl.DateTimeFormat(ctx.lang, { timeZone: ctx.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(since);
    return [{ kind: 'text', text: ctx.t('inbox.delayed', { time }) }, ...replies];
  }

  private async complete(message: InboundMessage, outcome: 'done' | 'failed', logger: Logger, replies?: readonly Reply[]): Promise<void> {
    await this.deps.ledger.complete(message.platform, message.eventId, outcome, this.deps.clock.now(), replies).catch((err: unknown) => {
      logger.warn({ err }, 'could not mark event as handled');
    });
  }

  /** Stops taking new messages (they get "try again shortly") and waits up to `timeoutMs` for those in flight. */
  async drain(timeoutMs: number): Promise<boolean> {
    this.stopping = true;
    if (this.inFlight === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<boolean>((resolve) => this.idle.push(() => resolve(true)));
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const drained = await Promise.race([idle, timeout]);
    clearTimeout(timer);
    return drained;
  }

  private languageFor(actor: Actor | undefined, message: InboundMessage): Language {
    // A per-event client choice (the console's --lang) beats the user's stored setting, which beats the
    // platform profile's locale.
    return (
      languageFromLocale(message.locale) ??
      actor?.language ??
      languageFromLocale(message.sender.locale) ??
      this.deps.defaults.language
    );
  }

  private async dispatch(ctx: CommandContext<S>, trace: Trace): Promise<Reply[]> {
    const { message, t } = ctx;
    if (message.kind === 'action') {
      const entry = message.action ? this.deps.registry.findAction(message.action.id) : undefined;
      if (!message.action || !entry) throw new KamError('unknownAction');
      const { action, addressee } = readAddress(message.action);
      if (addressee !== null && addressee !== ctx.actor.id) throw new KamError('notYourCard');
      if (!roleAtLeast(ctx.actor.role, entry.minRole)) throw new KamError('forbidden');
      // A form is typed text too. Each command checks its fields' own limits (4,000 for long text) with the
      // field's name; this backstop only stops a value no field could take, before any command runs.
      for (const [field, value] of Object.entries(action.form ?? {})) {
        if (typeof value === 'string' && value.length > MAX_FORM_VALUE) throw new KamError('tooLong', { max: MAX_FORM_VALUE, length: value.length, field });
        if (typeof value === 'string' && hasControlChars(value)) throw new KamError('controlChars', { field });
      }
      return entry.handler({ ...ctx, message: { ...message, action } }, action);
    }
    const text = (message.text ?? '').trim();
    if (text.length > MAX_TEXT_LENGTH) throw new KamError('tooLong', { max: MAX_TEXT_LENGTH, length: text.length });
    // NUL and terminal escapes are never part of what a person means; they are refused, not stored or searched.
    if (hasControlChars(text)) throw new KamError('controlChars');
    if (text === '') return helpReplies(this.deps.registry, t, null);
    const resolution = this.deps.registry.resolve(text);
    switch (resolution.kind) {
      case 'command':
        trace.command = resolution.resolved.spec === resolution.resolved.command ? resolution.resolved.command.name : `${resolution.resolved.command.name} ${resolution.resolved.spec.name}`;
        return this.runCommand(ctx, resolution.resolved);
      case 'unknown':
        throw resolution.suggestion
          ? new KamError('unknownCommand', { typed: resolution.typed, suggestion: resolution.suggestion })
          : new KamError('unknownCommandNoSuggestion', { typed: resolution.typed });
      case 'none': {
        trace.command = 'note';
        const replies = this.deps.fallback ? await this.deps.fallback(ctx, text) : null;
        return replies ?? [{ kind: 'text', text: t('errors.notUnderstood') }];
      }
    }
  }

  private async runCommand(ctx: CommandContext<S>, resolved: ResolvedCommand<S>): Promise<Reply[]> {
    const { spec, command } = resolved;
    const minRole = spec.minRole ?? command.minRole ?? 'rep';
    if (!roleAtLeast(ctx.actor.role, minRole)) throw new KamError('forbidden');
    const args = parseCommandArgs(spec, resolved, ctx);
    return spec.run(ctx, args);
  }
}

function parseCommandArgs<S>(spec: CommandSpec<S, any>, resolved: ResolvedCommand<S>, ctx: CommandContext<S>): unknown {
  if (!spec.args) return resolved.args;
  const parsed = spec.args.safeParse(resolved.args);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') || '';
  // Schemas name their own messages as i18n keys under `args.`; anything else gets a generic hint.
  const detail =
    issue?.message.startsWith('args.') === true
      ? ctx.t(issue.message, { name: field })
      : ctx.t('args.invalid', { name: field || resolved.invokedAs });
  const usage = ctx.t('help.usage', { usage: spec.usageKey ? ctx.t(spec.usageKey) : `/${resolved.invokedAs}` });
  throw new KamError('badArguments', { command: resolved.invokedAs, detail, usage });
}
