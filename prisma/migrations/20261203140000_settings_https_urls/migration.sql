-- Issue 9: the URLs in the settings (comune site, accessibility statement, origins allowed to frame
-- the public pages) must be https (lib/settings/defaults.ts `httpsUrl`; http only for loopback).
-- A stored value that no longer validates would silently fall back to the default (another
-- comune's site), so existing http:// values are upgraded to https:// here, loopback left alone.
UPDATE settings
   SET value = to_jsonb(regexp_replace(value #>> '{}', '^http://', 'https://', 'i')), updated_at = now(), updated_by = 'system:migration'
 WHERE key IN ('comuneWebsite', 'accessibilityStatementUrl')
   AND jsonb_typeof(value) = 'string'
   AND (value #>> '{}') ~* '^http://'
   AND (value #>> '{}') !~* '^http://(localhost|127\.0\.0\.1|\[::1\])([:/?#]|$)';

UPDATE settings
   SET value = (
         SELECT coalesce(jsonb_agg(
                  CASE WHEN e ~* '^http://' AND e !~* '^http://(localhost|127\.0\.0\.1|\[::1\])([:/?#]|$)'
                       THEN to_jsonb(regexp_replace(e, '^http://', 'https://', 'i'))
                       ELSE to_jsonb(e) END ORDER BY i), '[]'::jsonb)
           FROM jsonb_array_elements_text(value) WITH ORDINALITY AS t(e, i)),
       updated_at = now(), updated_by = 'system:migration'
 WHERE key = 'allowedFrameOrigins'
   AND jsonb_typeof(value) = 'array'
   AND EXISTS (SELECT 1 FROM jsonb_array_elements_text(value) e WHERE e ~* '^http://' AND e !~* '^http://(localhost|127\.0\.0\.1|\[::1\])([:/?#]|$)');
