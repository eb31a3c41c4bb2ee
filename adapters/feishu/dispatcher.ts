/**
 * The SDK's EventDispatcher, with the two events the bot subscribes to. The long connection (WSClient)
 * calls it with each pushed event; the webhook calls it after checking the signature and decrypting,
 * so both modes reach the same handler with the same flattened payload.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../src/core/logger.ts';
import type { FeishuHandler } from './handler.ts';
import type { CardCallbackAnswer } from './payloads.ts';
import { sdkLogger } from './sdk-logger.ts';

export const MESSAGE_EVENT = 'im.message.receive_v1';
export const CARD_CALLBACK = 'card.action.trigger';

/** What both transports need of the dispatcher. */
export interface EventSink {
  invoke(data: unknown, params?: { needCheck?: boolean }): Promise<unknown>;
}

export function feishuDispatcher(handler: FeishuHandler, logger: Logger): lark.EventDispatcher {
  // No keys: the webhook verifies and decrypts before dispatching, and the long connection is
  // authenticated by the connection itself.
  const dispatcher = new lark.EventDispatcher({ logger: sdkLogger(logger), loggerLevel: lark.LoggerLevel.warn });
  return dispatcher.register<{ [CARD_CALLBACK]: (data: unknown) => Promise<CardCallbackAnswer> }>({
    [MESSAGE_EVENT]: (data: unknown) => handler.onMessage(data),
    [CARD_CALLBACK]: (data: unknown) => handler.onCardAction(data),
  });
}
