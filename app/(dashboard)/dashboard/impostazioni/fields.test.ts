import { describe, expect, it } from 'vitest';
import { defaultSettings, settingSchemas } from '@/lib/settings/defaults';
import { READ_ONLY_SETTINGS } from '@/lib/settings/update-settings';
import { displayValue, parseGroup, SETTING_GROUPS } from './fields';

describe('settings page fields', () => {
  it('shows every editable setting exactly once', () => {
    const shown = SETTING_GROUPS.flatMap((g) => g.fields.map((f) => f.key)).sort();
    const editable = Object.keys(settingSchemas)
      .filter((k) => !Object.hasOwn(READ_ONLY_SETTINGS, k))
      .sort();
    expect(shown).toEqual(editable);
  });

  it('round-trips every default through the form and its schema', () => {
    for (const g of SETTING_GROUPS) {
      const fd = new FormData();
      for (const f of g.fields) {
        const v = displayValue(f.kind, defaultSettings[f.key]);
        if (f.kind === 'bool') {
          if (defaultSettings[f.key]) fd.set(f.key, 'on');
        } else fd.set(f.key, v);
      }
      const parsed = parseGroup(g, fd);
      for (const f of g.fields) {
        expect(settingSchemas[f.key].parse(parsed[f.key]), f.key).toEqual(defaultSettings[f.key]);
      }
    }
  });

  it('reads price tables as JSON, empty limits and one URL per line', () => {
    const g = SETTING_GROUPS.find((x) => x.id === 'invio')!;
    const fd = new FormData();
    const prices = { ...defaultSettings.messagePrices, countries: { IT: { MARKETING: 0.08, UTILITY: 0.02, AUTHENTICATION: 0.02, SERVICE: 0.01 } } };
    fd.set('messagePrices', JSON.stringify(prices));
    fd.set('dailyRecipientLimit', '');
    expect(parseGroup(g, fd)).toMatchObject({ messagePrices: prices, dailyRecipientLimit: 'unlimited', fourEyes: false });
    fd.set('messagePrices', '{ not json');
    expect(settingSchemas.messagePrices.safeParse(parseGroup(g, fd).messagePrices).success).toBe(false);
    const c = SETTING_GROUPS.find((x) => x.id === 'comune')!;
    const fd2 = new FormData();
    fd2.set('allowedFrameOrigins', ' https://a.example.it \r\n\r\nhttps://b.example.it');
    expect(parseGroup(c, fd2).allowedFrameOrigins).toEqual(['https://a.example.it', 'https://b.example.it']);
  });
});
