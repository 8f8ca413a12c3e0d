/**
 * Pricing arithmetic shared by BR-LD-3/cost-ceiling and BR-LD-3/provisioned-concurrency:
 * GB = MB / 1024, cost = concurrency x GB x seconds x price per GB-second.
 */
import type { LambdaFunction } from '../model/types.js';
import { asNumber, asString, type Variant } from '../model/value.js';

export type Architecture = 'x86_64' | 'arm64';

/** USD per GB-second, on demand and provisioned, per architecture. */
export interface Prices {
  x86_64: number;
  arm64: number;
  provisionedX86_64: number;
  provisionedArm64: number;
}

/** Current public on-demand prices (us-east-1), as the catalogue gives them. */
export const DEFAULT_PRICES: Prices = {
  x86_64: 0.0000166667,
  arm64: 0.0000133334,
  provisionedX86_64: 0.0000041667,
  provisionedArm64: 0.0000033334,
};

/** JSON Schema of the `prices` option. */
export const PRICES_SCHEMA = {
  type: 'object',
  description: 'Prices in USD per GB-second used for the arithmetic; keys left out keep their defaults (public on-demand prices).',
  properties: {
    x86_64: { type: 'number', exclusiveMinimum: 0, description: 'On-demand duration price per GB-second, x86_64.' },
    arm64: { type: 'number', exclusiveMinimum: 0, description: 'On-demand duration price per GB-second, arm64 (Graviton).' },
    provisionedX86_64: { type: 'number', exclusiveMinimum: 0, description: 'Provisioned concurrency price per GB-second, x86_64.' },
    provisionedArm64: { type: 'number', exclusiveMinimum: 0, description: 'Provisioned concurrency price per GB-second, arm64 (Graviton).' },
  },
  additionalProperties: false,
} as const;

export const SECONDS_PER_HOUR = 3600;
/** Hours in a billing month (the figure AWS's pricing examples use). */
export const HOURS_PER_MONTH = 730;
export const DEFAULT_ARCHITECTURE: Architecture = 'x86_64';

/** The configured prices over the defaults (options are merged shallowly, so a partial `prices` would lose keys). */
export function withDefaultPrices(p: Partial<Prices> | undefined): Prices {
  return { ...DEFAULT_PRICES, ...(p ?? {}) };
}

export function priceFor(prices: Prices, arch: Architecture, provisioned: boolean): number {
  if (provisioned) return arch === 'arm64' ? prices.provisionedArm64 : prices.provisionedX86_64;
  return arch === 'arm64' ? prices.arm64 : prices.x86_64;
}

/** One term of the arithmetic: `count x GB x 3600 s [x hours h] x $price`. */
export interface Term {
  count: number;
  memoryMb: number;
  price: number;
  /** Multiplier for a monthly figure (730), omitted for an hourly one. */
  hours?: number;
}

export function termUsd(t: Term): number {
  return t.count * (t.memoryMb / 1024) * SECONDS_PER_HOUR * (t.hours ?? 1) * t.price;
}

/** `100 x 0.5 GB x 3600 s x $0.0000166667` (or with `x 730 h` for a month). */
export function termText(t: Term): string {
  return `${t.count} x ${formatGb(t.memoryMb)} x ${SECONDS_PER_HOUR} s${t.hours !== undefined ? ` x ${t.hours} h` : ''} x ${formatPrice(t.price)}`;
}

/** `0.5 GB`, `1.5 GB`, `0.9766 GB`. */
export function formatGb(mb: number): string {
  return `${trim((mb / 1024).toFixed(4))} GB`;
}

/** `$0.0000166667` (never exponent notation). */
export function formatPrice(p: number): string {
  return `$${trim(p.toFixed(12))}`;
}

/**
 * `$3.00`: two decimals, more for amounts under a cent, and more when two decimals would make an
 * amount look equal to the threshold it is compared with (`$2.00 > $2.00`).
 */
export function formatUsd(n: number, comparedWith?: number): string {
  let digits = n !== 0 && Math.abs(n) < 0.01 ? Math.min(8, 1 - Math.floor(Math.log10(Math.abs(n)))) : 2;
  if (comparedWith !== undefined && n !== comparedWith) {
    while (digits < 8 && n.toFixed(digits) === comparedWith.toFixed(digits)) digits++;
  }
  return `$${n.toFixed(digits)}`;
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/**
 * Memory in MB of one variant of `MemorySize` for arithmetic: the platform default when absent,
 * undefined when not a positive number (the caller reports it).
 */
export function memoryMb(fn: LambdaFunction, v: Variant['value']): number | undefined {
  if (v.kind === 'absent') return fn.defaults.MemorySize;
  const n = asNumber(v);
  return n !== undefined && n > 0 ? n : undefined;
}

/** Architecture of one variant of `Architectures[0]`: x86_64 when absent, undefined when not a known architecture. */
export function architecture(v: Variant['value']): Architecture | undefined {
  if (v.kind === 'absent') return DEFAULT_ARCHITECTURE;
  const s = asString(v);
  return s === 'x86_64' || s === 'arm64' ? s : undefined;
}
