/** What the Feishu adapter needs from the configuration, read once from the parsed environment. */
import type { Config } from '../../src/config/env.ts';

export interface FeishuSettings {
  appId: string;
  appSecret: string;
  mode: 'ws' | 'webhook';
  /** Base URL of the Open API: https://open.feishu.cn, https://open.larksuite.com, or a test fake. */
  domain: string;
  encryptKey?: string | undefined;
  verificationToken?: string | undefined;
  /** The HTTP server's port (webhook mode). */
  port: number;
}

export function feishuSettings(config: Config): FeishuSettings {
  const env = config.env;
  if (!env.FEISHU_APP_ID || !env.FEISHU_APP_SECRET) {
    throw new Error('Feishu is not configured: set FEISHU_APP_ID and FEISHU_APP_SECRET');
  }
  return {
    appId: env.FEISHU_APP_ID,
    appSecret: env.FEISHU_APP_SECRET,
    mode: env.FEISHU_MODE,
    domain: env.FEISHU_DOMAIN.replace(/\/+$/, ''),
    encryptKey: env.FEISHU_ENCRYPT_KEY,
    verificationToken: env.FEISHU_VERIFICATION_TOKEN,
    port: env.PORT,
  };
}
