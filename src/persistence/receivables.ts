// Placeholder until the receivables repository lands (being written now); every call fails loudly.
import type { ReceivableRepository } from '../domain/ports.ts';
import type { Models } from './models/index.ts';

export function mongoReceivables(_models: Models): ReceivableRepository {
  const missing = () => Promise.reject(new Error('receivables repository not implemented yet'));
  return { listOpen: missing, findByInvoice: missing, recordPayment: missing, setPromise: missing };
}
