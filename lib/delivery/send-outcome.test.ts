import { describe, expect, it } from 'vitest';
import { GraphApiError, GraphNetworkError, GraphValidationError } from '../whatsapp/errors';
import { MAX_ATTEMPTS } from './options';
import { backoffMs, outcomeOfError, pairBackoffMs } from './send-outcome';

const meta = (code: number, http = 400) => new GraphApiError(http, code, undefined, 'OAuthException', `error ${code}`, 'details', 'trace');
const half = () => 0.5;

describe('what a failed send means for its delivery', () => {
  it('retries transient failures with capped exponential backoff and jitter', () => {
    expect(backoffMs(1, () => 0)).toBe(250);
    expect(backoffMs(1, () => 1)).toBe(500);
    expect(backoffMs(4, () => 0)).toBe(2000);
    expect(backoffMs(30, () => 1)).toBe(60_000);
    expect(outcomeOfError(meta(131000, 500), 1, half)).toMatchObject({ kind: 'retry', delayMs: 375, code: 131000, transport: true });
    expect(outcomeOfError(meta(2, 503), 2, half)).toMatchObject({ kind: 'retry', delayMs: 750 });
    expect(outcomeOfError(new GraphNetworkError('network', false, 'ECONNREFUSED'), 1, half)).toMatchObject({ kind: 'retry', transport: true });
  });

  it('slows every worker on 130429 and waits 4^n seconds for that recipient on 131056', () => {
    expect(outcomeOfError(meta(130429), 1, half)).toMatchObject({ kind: 'retry', slowDown: true });
    expect(pairBackoffMs(1, () => 0)).toBe(4000);
    expect(pairBackoffMs(2, () => 0)).toBe(16_000);
    expect(pairBackoffMs(9, () => 0)).toBe(15 * 60_000);
    expect(outcomeOfError(meta(131056), 2, () => 0)).toMatchObject({ kind: 'retry', delayMs: 16_000 });
    expect(outcomeOfError(meta(131057), 1, () => 0)).toMatchObject({ kind: 'retry', delayMs: 60_000 });
  });

  it('waits for a status webhook when the request may have reached Meta', () => {
    expect(outcomeOfError(new GraphNetworkError('timeout', true, 'no answer'), 1).kind).toBe('uncertain');
    expect(outcomeOfError(new GraphNetworkError('bad_response', true, '200 without id'), 1).kind).toBe('uncertain');
  });

  it('records permanent failures with their reason, flagging numbers not on WhatsApp', () => {
    expect(outcomeOfError(meta(131026), 1)).toMatchObject({ kind: 'failed', code: 131026, flagSubscriber: true });
    expect(outcomeOfError(meta(131049), 1)).toMatchObject({ kind: 'failed', code: 131049 });
    expect(outcomeOfError(meta(131050), 1)).toMatchObject({ kind: 'failed', code: 131050 });
    expect(outcomeOfError(meta(131000, 500), MAX_ATTEMPTS)).toMatchObject({ kind: 'failed', code: 131000 });
  });

  it('pauses the alert (131048, template problems) or all sending (368, bad token) instead of burning recipients', () => {
    expect(outcomeOfError(meta(131048), 1)).toMatchObject({ kind: 'pause', scope: 'alert', code: 131048 });
    expect(outcomeOfError(meta(132001), 1)).toMatchObject({ kind: 'pause', scope: 'alert', code: 132001 });
    expect(outcomeOfError(new GraphValidationError('template.bodyParams[1]', 'has a new line', 132018), 1)).toMatchObject({ kind: 'pause', scope: 'alert' });
    expect(outcomeOfError(meta(368), 1)).toMatchObject({ kind: 'pause', scope: 'all', code: 368 });
    expect(outcomeOfError(meta(190, 401), 1)).toMatchObject({ kind: 'pause', scope: 'all' });
    const spam = outcomeOfError(meta(131048), 1);
    expect(spam.kind === 'pause' && spam.reason).toMatch(/spam/);
  });
});
