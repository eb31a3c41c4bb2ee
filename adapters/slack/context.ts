/** What the listeners share: the core, identity, delivery, background work and the injected features. */
import type { PlatformIdentity } from '../../src/core/identity.ts';
import type { Logger } from '../../src/core/logger.ts';
import type { MessageHandler, Reply } from '../../src/core/messages.ts';
import type { Admission } from '../../src/inbox/types.ts';
import type { CoreSlots } from './core-slots.ts';
import type { Deliverer } from './deliver.ts';
import type { LookupSender } from './identity.ts';
import type { SlackOutbound } from './outbound.ts';
import type { BackgroundTasks } from './tasks.ts';

/** Customer typeahead for modals: options whose value the core accepts as the customer field. */
export type SuggestCustomers = (who: PlatformIdentity, query: string) => Promise<Array<{ value: string; label: string }>>;

/** The App Home dashboard of a user, as neutral replies. */
export type HomeFor = (who: PlatformIdentity) => Promise<Reply[]>;

export interface SlackContext {
  bot: MessageHandler;
  /** Every call of the core (bot.handle, homeFor, suggestCustomers) goes through these. */
  coreSlots: CoreSlots;
  lookupSender: LookupSender;
  deliverer: Deliverer;
  outbound: SlackOutbound;
  tasks: BackgroundTasks;
  logger: Logger;
  suggestCustomers?: SuggestCustomers | undefined;
  homeFor?: HomeFor | undefined;
  /** The durable inbox; absent, interactions are handled in memory only. */
  admission?: Admission | undefined;
  /** How long a modal submission may wait for the core before the modal closes anyway (Slack allows 3 s). */
  submitBudgetMs: number;
}
