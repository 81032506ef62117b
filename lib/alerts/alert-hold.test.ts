import { describe, expect, it } from 'vitest';
import { qualityReason } from '../delivery/quality-guard';
import { templateHoldReason } from '../templates/template-hold';
import { describeHold } from './alert-hold';

/** One description per hold, for the API (code, English) and the dashboard and CLI (Italian). */
describe('describeHold', () => {
  it('explains the quality guard holds with their own code', () => {
    const flagged = describeHold(qualityReason('FLAGGED'));
    expect(flagged).toMatchObject({ code: 'number_quality' });
    expect(flagged?.message).toContain('FLAGGED');
    expect(flagged?.messageIt).toContain('segnalato il numero WhatsApp del Comune');
    const red = describeHold(qualityReason('RED'));
    expect(red?.message).toContain('RED');
    expect(red?.messageIt).toContain('rossa');
  });

  it('explains a template hold, and shows any other reason as it is', () => {
    expect(describeHold(templateHoldReason('avviso_comune', 'it'))).toMatchObject({ code: 'template_category', template: 'avviso_comune' });
    expect(describeHold('Meta: 131048 spam rate limit')).toEqual({
      code: 'paused',
      message: 'Meta: 131048 spam rate limit',
      messageIt: 'Meta: 131048 spam rate limit',
    });
    expect(describeHold(null)).toBeNull();
  });
});
