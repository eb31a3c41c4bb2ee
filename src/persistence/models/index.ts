import type { Connection } from 'mongoose';
import { identitySchema, userSchema } from './users.ts';
import { teamSchema } from './teams.ts';
import { processedEventSchema } from './events.ts';

export function registerModels(conn: Connection) {
  return {
    User: conn.model('User', userSchema),
    Identity: conn.model('Identity', identitySchema),
    Team: conn.model('Team', teamSchema),
    ProcessedEvent: conn.model('ProcessedEvent', processedEventSchema),
  };
}

export type Models = ReturnType<typeof registerModels>;
