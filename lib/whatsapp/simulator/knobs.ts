/**
 * Validates knob changes (they arrive over HTTP from tests and benchmarks): a typo must answer
 * 400, not silently turn the simulator into something else.
 */
import type { SimulatorKnobs } from './types';

export class KnobError extends Error {}

const isNum = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): v is number => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

const NUMERIC: Partial<Record<keyof SimulatorKnobs, [number, number]>> = {
  latencyMs: [0, 600_000],
  errorRate5xx: [0, 1],
  timeoutRate: [0, 1],
  timeoutAcceptedFraction: [0, 1],
  readFraction: [0, 1],
  statusBatchMax: [1, 1000],
  statusFlushMs: [1, 60_000],
  templateApprovalDelayMs: [0, 86_400_000],
  webhookMaxAttempts: [1, 20],
  webhookRetryBaseMs: [1, 3_600_000],
  webhookConcurrency: [1, 4096],
  webhookTimeoutMs: [1, 600_000],
};

export function mergeKnobs(current: SimulatorKnobs, patch: unknown): SimulatorKnobs {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new KnobError('knobs must be an object');
  const next: SimulatorKnobs = {
    ...current,
    statusDelaysMs: { ...current.statusDelaysMs },
    notOnWhatsApp: [...current.notOnWhatsApp],
    engagementLimited: [...current.engagementLimited],
  };
  for (const [key, value] of Object.entries(patch)) {
    const range = NUMERIC[key as keyof SimulatorKnobs];
    if (range) {
      if (!isNum(value, range[0], range[1])) throw new KnobError(`${key} must be a number between ${range[0]} and ${range[1]}`);
      (next as unknown as Record<string, number>)[key] = value;
    } else if (key === 'maxPerSecond' || key === 'pairRateMs') {
      if (value !== null && !isNum(value, 1, 1_000_000)) throw new KnobError(`${key} must be null or a positive number`);
      next[key] = value === null ? null : Math.floor(value as number);
    } else if (key === 'recordBodies') {
      if (typeof value !== 'boolean') throw new KnobError('recordBodies must be a boolean');
      next.recordBodies = value;
    } else if (key === 'notOnWhatsApp' || key === 'engagementLimited') {
      if (!Array.isArray(value) || value.some((d) => typeof d !== 'string')) throw new KnobError(`${key} must be an array of strings`);
      next[key] = value.map((d: string) => d.replace(/\D/g, ''));
    } else if (key === 'statusDelaysMs') {
      const v = (value ?? {}) as Record<string, unknown>;
      for (const k of Object.keys(v)) {
        if (!['sent', 'delivered', 'read'].includes(k) || !isNum(v[k], 0, 86_400_000))
          throw new KnobError(`statusDelaysMs.${k} must be sent/delivered/read in ms`);
      }
      next.statusDelaysMs = { ...next.statusDelaysMs, ...(v as Partial<SimulatorKnobs['statusDelaysMs']>) };
    } else {
      throw new KnobError(`unknown knob ${key}`);
    }
  }
  return next;
}
