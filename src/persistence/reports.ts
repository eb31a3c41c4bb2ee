// Placeholder until the weekly-report repository lands (being written now); every call fails loudly.
import type { ReportRepository } from '../domain/ports.ts';
import type { Models } from './models/index.ts';

export function mongoReports(_models: Models): ReportRepository {
  const missing = () => Promise.reject(new Error('reports repository not implemented yet'));
  return { get: missing, save: missing, listForUsers: missing, activity: missing };
}
