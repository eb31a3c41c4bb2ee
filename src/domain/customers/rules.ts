/** Pure rules about customers: natural keys and tiers (客户分级). */

/** Width- and case-folded name: the natural key used for imports and duplicates (ＡＢＣ → abc). */
export function naturalKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export const TIER_NAMES = ['A1', 'A2', 'B1', 'B2', 'C', 'D'] as const;
export type Tier = (typeof TIER_NAMES)[number];

/**
 * Minimum annual revenue (CNY) for each revenue tier, highest first. The seeds give A1 ≥ 500k, A2 200k–300k,
 * B1 50k–100k, B2 20k–50k with gaps between the bands; these defaults close the gaps downwards (300k–500k is
 * A2, 100k–200k is B1) and are configurable. C and D are not revenue bands in the seeds (C: big volume but low
 * profit; D: small volume but high margin) — they are set by hand; below the B2 floor the default is D.
 */
export interface TierThresholds {
  A1: number;
  A2: number;
  B1: number;
  B2: number;
}

export const DEFAULT_TIER_THRESHOLDS: TierThresholds = { A1: 500_000, A2: 200_000, B1: 50_000, B2: 20_000 };

export function tierFor(annualRevenue: number | null | undefined, t: TierThresholds = DEFAULT_TIER_THRESHOLDS): Tier | null {
  if (annualRevenue === null || annualRevenue === undefined || !Number.isFinite(annualRevenue)) return null;
  if (annualRevenue >= t.A1) return 'A1';
  if (annualRevenue >= t.A2) return 'A2';
  if (annualRevenue >= t.B1) return 'B1';
  if (annualRevenue >= t.B2) return 'B2';
  return 'D';
}

/** Tier letter used by callback cadences (A every 14 days, B every 30, C and D every 90 by default). */
export function tierClass(tier: Tier | null | undefined): 'A' | 'B' | 'C' | 'D' | null {
  return tier ? (tier[0] as 'A' | 'B' | 'C' | 'D') : null;
}
