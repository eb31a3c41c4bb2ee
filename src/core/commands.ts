/**
 * Commands are data: name, aliases (Chinese too), a zod schema for the arguments, help and examples as i18n
 * keys, the lowest role allowed, and the handler. Help and argument errors are generated from these objects.
 */
import { closest, distance } from 'fastest-levenshtein';
import type { z } from 'zod';
import type { Actor, Language, Role } from './identity.ts';
import type { Translate } from './i18n.ts';
import type { Clock } from './clock.ts';
import type { Logger } from './logger.ts';
import type { InboundAction, InboundMessage, Reply } from './messages.ts';
import { parseArgs, type RawArgs } from './args.ts';

export interface CommandContext<S> {
  actor: Actor;
  lang: Language;
  t: Translate;
  /** A translator for another language (e.g. to confirm a language change, or to notify someone else). */
  translator: (lang: Language) => Translate;
  timeZone: string;
  clock: Clock;
  message: InboundMessage;
  services: S;
  correlationId: string;
  logger: Logger;
}

export type Handler<S, A> = (ctx: CommandContext<S>, args: A) => Promise<Reply[]>;

export interface CommandSpec<S, A> {
  name: string;
  aliases?: string[];
  /** i18n key of a one-line summary. */
  summaryKey: string;
  /** i18n key of the usage line, e.g. `/ar paid <invoice> [amount]`. */
  usageKey?: string;
  /** i18n key of an array of example lines. */
  examplesKey?: string;
  minRole?: Role;
  /** Keys recognised as `key:value` pairs; others stay positional words. */
  namedKeys?: string[];
  args?: z.ZodType<A, RawArgs>;
  hidden?: boolean;
  run: Handler<S, A>;
}

export interface CommandDef<S, A = RawArgs> extends CommandSpec<S, A> {
  subcommands?: Array<CommandSpec<S, any>>;
  /** Subcommand used when none is named (e.g. `/callback` = `/callback list`). */
  defaultSubcommand?: string;
}

/** Helper that keeps a command's argument type tied to its schema. */
export function defineCommand<S, A = RawArgs>(def: CommandDef<S, A>): CommandDef<S, any> {
  return def;
}
export function defineSubcommand<S, A = RawArgs>(spec: CommandSpec<S, A>): CommandSpec<S, any> {
  return spec;
}

export type ActionHandler<S> = (ctx: CommandContext<S>, action: InboundAction) => Promise<Reply[]>;

export interface ResolvedCommand<S> {
  command: CommandDef<S, any>;
  /** The subcommand spec when one was named or defaulted, else the command itself. */
  spec: CommandSpec<S, any>;
  args: RawArgs;
  /** The name as typed, for messages. */
  invokedAs: string;
}

export type Resolution<S> =
  | { kind: 'command'; resolved: ResolvedCommand<S> }
  | { kind: 'unknown'; typed: string; suggestion: string | null }
  | { kind: 'none' };

const normalize = (name: string) => name.toLowerCase();

export class CommandRegistry<S> {
  private readonly byName = new Map<string, CommandDef<S, any>>();
  private readonly commands: Array<CommandDef<S, any>> = [];
  private readonly actions = new Map<string, { handler: ActionHandler<S>; minRole: Role }>();

  add(def: CommandDef<S, any>): this {
    for (const key of [def.name, ...(def.aliases ?? [])]) {
      const k = normalize(key);
      if (this.byName.has(k)) throw new Error(`command name or alias registered twice: ${key}`);
      this.byName.set(k, def);
    }
    this.commands.push(def);
    return this;
  }

  action(id: string, handler: ActionHandler<S>, minRole: Role = 'rep'): this {
    if (this.actions.has(id)) throw new Error(`action registered twice: ${id}`);
    this.actions.set(id, { handler, minRole });
    return this;
  }

  findAction(id: string) {
    return this.actions.get(id);
  }

  list(): ReadonlyArray<CommandDef<S, any>> {
    return this.commands;
  }

  get(nameOrAlias: string): CommandDef<S, any> | undefined {
    return this.byName.get(normalize(nameOrAlias.replace(/^[/／]/, '')));
  }

  /** Every name and alias, for adapters that register slash commands and for manifests. */
  names(): string[] {
    return [...this.byName.keys()];
  }

  /**
   * Reads a command from text. `/name …` (or `／name`) is always meant as a command; a bare first word that
   * is a command name or alias (拜访 …, help) is one too. Anything else is not a command.
   */
  resolve(text: string): Resolution<S> {
    const trimmed = text.trim();
    const slash = /^[/／]/.test(trimmed);
    const body = slash ? trimmed.slice(1) : trimmed;
    // A Chinese alias may be glued to its argument with a colon: 拜访：今天…
    const m = /^([^\s:：]+)[\s:：]*([\s\S]*)$/.exec(body);
    if (!m) return slash ? { kind: 'unknown', typed: '', suggestion: null } : { kind: 'none' };
    const typed = m[1] as string;
    const rest = m[2] ?? '';
    const command = this.byName.get(normalize(typed));
    if (!command) {
      if (!slash) return { kind: 'none' };
      return { kind: 'unknown', typed, suggestion: this.suggest(typed) };
    }
    return { kind: 'command', resolved: this.resolveSub(command, typed, rest) };
  }

  private resolveSub(command: CommandDef<S, any>, typed: string, rest: string): ResolvedCommand<S> {
    const subs = command.subcommands ?? [];
    if (subs.length > 0) {
      const m = /^(\S+)\s*([\s\S]*)$/.exec(rest.trim());
      const word = m ? normalize(m[1] as string) : '';
      const sub = subs.find((s) => normalize(s.name) === word || (s.aliases ?? []).some((a) => normalize(a) === word));
      if (sub) return { command, spec: sub, args: parseArgs(m?.[2] ?? '', keySet(sub)), invokedAs: `${typed} ${word}` };
      const fallback = command.defaultSubcommand ? subs.find((s) => s.name === command.defaultSubcommand) : undefined;
      if (fallback) return { command, spec: fallback, args: parseArgs(rest, keySet(fallback)), invokedAs: typed };
    }
    return { command, spec: command, args: parseArgs(rest, keySet(command)), invokedAs: typed };
  }

  /** Closest command name or alias within a small edit distance, for "did you mean". */
  suggest(typed: string): string | null {
    const t = normalize(typed);
    if (!t) return null;
    const candidates = [...this.byName.keys()].filter((k) => !this.byName.get(k)?.hidden);
    if (candidates.length === 0) return null;
    const best = closest(t, candidates);
    const limit = Math.max(1, Math.ceil(Math.max(t.length, best.length) / 3));
    if (distance(t, best) > limit && !best.startsWith(t) && !t.startsWith(best)) return null;
    return this.byName.get(best)?.name ?? null;
  }
}

function keySet(spec: CommandSpec<any, any>): ReadonlySet<string> {
  return new Set((spec.namedKeys ?? []).map((k) => k.toLowerCase()));
}
