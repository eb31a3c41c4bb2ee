/**
 * The console adapter: a chat in the terminal, interactive or fed by a pipe (one message per line, replies
 * on stdout). Buttons are numbered; typing the number presses it. A form is asked field by field; when the
 * core refuses one field of a submitted form, only that field is asked again and the form resubmitted.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Button, ConversationRef, FormField, InboundMessage, MessageHandler, Reply } from '../../src/core/messages.ts';
import { renderReply } from './render.ts';

export interface ConsoleChatOptions {
  bot: MessageHandler;
  userId: string;
  displayName?: string | undefined;
  /** Explicit language for this session (from --lang); beats the user's stored setting. */
  locale?: string | undefined;
  /** The terminal's own locale, used when the user has no setting. */
  systemLocale?: string | undefined;
  timeZone?: string | undefined;
  input: Readable;
  output: Writable;
  /** Show a prompt and a banner (a terminal); off when piped. */
  interactive: boolean;
  /** Unique per run so event ids never collide with an earlier session's. */
  sessionId: string;
}

interface PendingForm {
  reply: Extract<Reply, { kind: 'form' }>;
  answers: Record<string, string>;
  index: number;
  /** Asking again the one field the core refused: submit as soon as it is answered. */
  retrying?: boolean;
}

export class ConsoleChat {
  private counter = 0;
  private buttons: Button[] = [];
  private form: PendingForm | null = null;
  readonly conversation: ConversationRef;

  constructor(private readonly opts: ConsoleChatOptions) {
    this.conversation = { platform: 'console', channelId: opts.userId, direct: true };
  }

  /** Runs until the input ends. Lines are handled strictly one after another. */
  async run(): Promise<void> {
    const rl = createInterface({ input: this.opts.input, terminal: false, crlfDelay: Infinity });
    this.prompt();
    for await (const line of rl) {
      await this.handleLine(line);
      this.prompt();
    }
    if (this.opts.interactive) this.write('');
  }

  /** Handles one line as the user typed it. `eventId` is for tests that replay a delivery. */
  async handleLine(raw: string, eventId?: string): Promise<void> {
    const line = raw.replace(/\r$/, '');
    if (this.form) return this.answerForm(line);
    if (line.trim() === '') return;
    const choice = /^\s*(\d{1,2})\s*$/.exec(line);
    const button = choice ? this.buttons[Number(choice[1]) - 1] : undefined;
    if (button) {
      await this.send({ kind: 'action', action: { id: button.actionId, value: button.value } }, eventId);
      return;
    }
    await this.send({ kind: 'text', text: line }, eventId);
  }

  private async send(part: Pick<InboundMessage, 'kind' | 'text' | 'action'>, eventId?: string): Promise<void> {
    this.show(await this.ask(part, eventId));
  }

  private async ask(part: Pick<InboundMessage, 'kind' | 'text' | 'action'>, eventId?: string): Promise<Reply[]> {
    const message: InboundMessage = {
      eventId: eventId ?? `${this.opts.sessionId}:${++this.counter}`,
      platform: 'console',
      conversation: this.conversation,
      sender: {
        platformUserId: this.opts.userId,
        displayName: this.opts.displayName,
        locale: this.opts.systemLocale,
        timeZone: this.opts.timeZone,
      },
      locale: this.opts.locale,
      ...part,
    };
    return this.opts.bot.handle(message);
  }

  /** The buttons of the latest replies, in their numbered order. */
  get currentButtons(): readonly Button[] {
    return this.buttons;
  }

  /** Prints replies. */
  show(replies: Reply[]): void {
    const buttons: Button[] = [];
    for (const reply of replies) {
      if (reply.kind === 'form') {
        this.form = { reply, answers: {}, index: 0 };
        this.write(renderReply(reply).text);
        this.askField();
        continue;
      }
      const rendered = renderReply(reply, buttons.length + 1);
      buttons.push(...rendered.buttons);
      this.write(rendered.text);
    }
    if (replies.length > 0) this.buttons = buttons;
  }

  private askField(): void {
    const field = this.form?.reply.fields[this.form.index];
    if (field) this.write(fieldPrompt(field));
  }

  private async answerForm(line: string): Promise<void> {
    const form = this.form;
    if (!form) return;
    const field = form.reply.fields[form.index];
    if (field) {
      const answer = line.trim();
      form.answers[field.name] = answer === '' ? (field.value ?? '') : answer === '-' ? '' : answer;
      form.index++;
    }
    if (form.index < form.reply.fields.length && !form.retrying) return this.askField();
    this.form = null;
    const replies = await this.ask({
      kind: 'action',
      action: { id: form.reply.submitActionId, value: form.reply.submitValue, form: form.answers },
    });
    const only = replies.length === 1 ? replies[0] : undefined;
    const refused = only?.kind === 'text' && only.field !== undefined ? form.reply.fields.findIndex((f) => f.name === only.field) : -1;
    if (only?.kind === 'text' && refused >= 0) {
      // Keep every answer; ask again only the field the core refused, then submit the form again.
      this.write(only.text);
      this.form = { ...form, index: refused, retrying: true };
      this.askField();
      return;
    }
    this.show(replies);
  }

  private prompt(): void {
    if (this.opts.interactive && !this.form) this.opts.output.write('> ');
  }

  private write(text: string): void {
    this.opts.output.write(`${text}\n`);
  }
}

function fieldPrompt(field: FormField): string {
  const options = field.options?.length ? ` (${field.options.map((o) => `${o.value}=${o.label}`).join(', ')})` : '';
  const current = field.value ? ` [${field.value}]` : '';
  return `${field.label}${options}${current}:`;
}
