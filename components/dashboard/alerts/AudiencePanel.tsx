'use client';

import { useEffect, useState } from 'react';
import type { DeliveryEstimate } from '@/lib/alerts/estimate-delivery';
import type { ZoneAudience } from '@/lib/alerts/count-audience-by-zone';
import type { RecipientCount } from '@/lib/delivery/recipients';
import { AudienceFigures } from './AudienceFigures';
import { ZoneFigures } from './ZoneFigures';

export type AudienceAction = (input: {
  topics: string[] | null;
  /** Zone slugs; null = the whole town. */
  zones: string[] | null;
  urgency: 'normal' | 'urgent';
}) => Promise<{ ok: true; count: RecipientCount; estimate: DeliveryEstimate; byZone: ZoneAudience } | { ok: false; message: string }>;

const DEBOUNCE_MS = 300;

/**
 * "Chi lo riceverà" while composing: asks the server for the exact count whenever topics, zones or
 * urgency change (urgent alerts skip the weekly cap, so the count can differ), with the audience
 * zone by zone.
 */
export function AudiencePanel({
  action,
  allTopics,
  topics,
  zones,
  urgency,
}: {
  action: AudienceAction;
  allTopics: boolean;
  topics: string[];
  zones: string[];
  urgency: 'normal' | 'urgent';
}) {
  const topicKey = allTopics ? '*' : [...topics].sort().join(',');
  const zoneKey = [...zones].sort().join(',');
  const key = `${topicKey}/${zoneKey}`;
  const noTopic = !allTopics && topics.length === 0;
  const [answer, setAnswer] = useState<Awaited<ReturnType<AudienceAction>> | null>(null);
  const [answeredKey, setAnsweredKey] = useState<string | null>(null);

  useEffect(() => {
    if (noTopic) return;
    let current = true;
    const t = setTimeout(() => {
      const [t, z] = key.split('/') as [string, string];
      void action({ topics: t === '*' ? null : t.split(','), zones: z === '' ? null : z.split(','), urgency })
        .catch(() => ({ ok: false as const, message: 'Conteggio non disponibile ora: riprova tra poco.' }))
        .then((r) => {
          if (current) {
            setAnswer(r);
            setAnsweredKey(`${key}|${urgency}`);
          }
        });
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(t);
    };
  }, [action, key, urgency, noTopic]);

  const stale = answeredKey !== `${key}|${urgency}`;
  return (
    <section aria-labelledby="audience-title" className="mb-4">
      <h2 id="audience-title" className="h5">
        Chi lo riceverà
      </h2>
      <div aria-live="polite" aria-busy={!noTopic && stale}>
        {noTopic ? (
          <p>Scegli almeno un argomento per sapere a quante persone arriverà.</p>
        ) : !answer || stale ? (
          <p>Conteggio in corso…</p>
        ) : answer.ok ? (
          <>
            <AudienceFigures count={answer.count} estimate={answer.estimate} urgent={urgency === 'urgent'} />
            <ZoneFigures audience={answer.byZone} chosen={zones} />
          </>
        ) : (
          <p className="text-danger">{answer.message}</p>
        )}
      </div>
    </section>
  );
}
