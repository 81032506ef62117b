import { describe, expect, it } from 'vitest';
import { classifyError, classifyGraphError, classifyGraphFailure, GraphApiError, GraphNetworkError, GraphValidationError } from './errors';

describe('classifyGraphError follows the error table', () => {
  it.each([
    [130429, 'backoff', 'slow_down'],
    [131056, 'pair', 'none'],
    [131057, 'later', 'none'],
    [131000, 'backoff', 'none'],
    [131016, 'backoff', 'none'],
    [1, 'backoff', 'none'],
    [2, 'backoff', 'none'],
    [80007, 'later', 'slow_down'],
    [4, 'later', 'slow_down'],
    [131048, 'never', 'pause_alert'],
    [131049, 'never', 'hold_recipient'],
    [131026, 'never', 'flag_subscriber'],
    [131047, 'never', 'resend_as_template'],
    [131051, 'never', 'none'],
    [132000, 'never', 'fix_template'],
    [132001, 'never', 'fix_template'],
    [132005, 'never', 'fix_template'],
    [132007, 'never', 'fix_template'],
    [132012, 'never', 'fix_template'],
    [132018, 'never', 'fix_template'],
    [132015, 'never', 'fix_template'],
    [132016, 'never', 'fix_template'],
    [368, 'never', 'stop_sending'],
    [131050, 'never', 'none'],
    [190, 'never', 'stop_sending'],
    [100, 'never', 'none'],
  ])('%i -> %s / %s', (code, retry, action) => {
    expect(classifyGraphError(code)).toEqual({ retry, action });
  });

  it('uses the HTTP status for unknown codes', () => {
    expect(classifyGraphFailure(999999, 503)).toEqual({ retry: 'backoff', action: 'none' });
    expect(classifyGraphFailure(-1, 502)).toEqual({ retry: 'backoff', action: 'none' });
    expect(classifyGraphFailure(999999, 400)).toEqual({ retry: 'never', action: 'none' });
    expect(classifyGraphFailure(undefined, 429)).toEqual({ retry: 'backoff', action: 'slow_down' });
    // A known code wins over the status it came with.
    expect(classifyGraphFailure(130429, 400)).toEqual({ retry: 'backoff', action: 'slow_down' });
  });

  it('classifies whatever the client threw', () => {
    expect(classifyError(new GraphApiError(400, 131047, undefined, 'OAuthException', 'm', undefined, undefined))).toMatchObject({
      retry: 'never',
      action: 'resend_as_template',
      maybeDelivered: false,
    });
    expect(classifyError(new GraphNetworkError('timeout', true, 'm'))).toEqual({ retry: 'backoff', action: 'none', maybeDelivered: true });
    expect(classifyError(new GraphValidationError('template.bodyParams[0]', 'm', 132018))).toEqual({
      retry: 'never',
      action: 'fix_template',
      maybeDelivered: false,
    });
  });
});
