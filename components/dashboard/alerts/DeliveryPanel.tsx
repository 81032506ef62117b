'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { Notice } from '../Notice';
import { BarChart, type Bar } from './BarChart';
import { shouldPoll, type DeliveryJson } from './delivery-json';
import { formatCount } from './labels';
import { ProgressBar } from './ProgressBar';

const FAST_MS = 1000;
const SLOW_MS = 3000;

function stateRows(d: DeliveryJson): Bar[] {
  const c = d.counts;
  return [
    { label: 'In coda', value: c.queued + c.sending, color: '#5c6f82' },
    { label: 'Inviati', value: c.sent, color: '#0066cc' },
    { label: 'Consegnati', value: c.delivered, color: '#00796b' },
    { label: 'Letti', value: c.read, color: '#008055' },
    { label: 'Non riusciti', value: c.failed, color: '#cc334d' },
    { label: 'Saltati', value: c.skipped, color: '#995c00' },
    // Only once an alert was stopped: otherwise always zero, and a bar of nothing.
    ...(c.cancelled > 0 ? [{ label: 'Annullati (invio fermato)', value: c.cancelled, color: '#3d3d3d' }] : []),
  ];
}

function milestone(d: DeliveryJson): string {
  if (d.status === 'PAUSED') return 'Invio in pausa.';
  if (d.status === 'CANCELLED') return `Invio fermato: ${formatCount(d.counts.cancelled)} messaggi non inviati.`;
  if (d.publishing) return `Invio iniziato, destinatari in preparazione: ${formatCount(d.total)} finora.`;
  if (d.done) return `Invio completato: ${formatCount(d.finished)} su ${formatCount(d.total)}.`;
  return `Invio al ${Math.floor(d.percent / 25) * 25}%.`;
}

/**
 * Live progress of an alert being sent and, once done, its delivery report. Polls the progress
 * route (no page reload); when the alert changes state it also refreshes the server parts of the
 * page (status badge, actions). Screen readers hear milestones, not every second's figure.
 */
export function DeliveryPanel({ initial }: { initial: DeliveryJson }) {
  const [data, setData] = useState(initial);
  const router = useRouter();
  const lastStatus = useRef(initial.status);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const res = await fetch(`/api/dashboard/alerts/${initial.alertId}/progress`, { cache: 'no-store' });
        if (res.ok && !stopped) {
          const next = (await res.json()) as DeliveryJson;
          setData(next);
          if (next.status !== lastStatus.current) {
            lastStatus.current = next.status;
            router.refresh();
          }
          if (!shouldPoll(next, Date.now())) return;
        }
      } catch {
        // A missed beat (network, server restart): try again at the next one.
      }
      if (!stopped) timer = setTimeout(() => void tick(), lastStatus.current === 'SENT' ? SLOW_MS : FAST_MS);
    };
    if (shouldPoll(initial, Date.now())) timer = setTimeout(() => void tick(), FAST_MS);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [initial, router]);

  const rows = stateRows(data);
  const reportReady = data.done;
  return (
    <section aria-labelledby="delivery-title" className="mb-5">
      <h2 id="delivery-title" className="h4">
        {reportReady ? 'Rapporto di consegna' : 'Avanzamento dell’invio'}
      </h2>
      <ProgressBar
        id="delivery-progress"
        label="Avanzamento dell’invio"
        percent={data.percent}
        valueText={`${data.percent}% · ${formatCount(data.finished)} su ${formatCount(data.total)} messaggi elaborati`}
      />
      <p className="visually-hidden" aria-live="polite">
        {milestone(data)}
      </p>
      {data.pausedReason ? (
        <Notice kind="warning">
          <strong>Invio in pausa.</strong> {data.pausedReason}
        </Notice>
      ) : null}
      {data.waiting ? <Notice kind="info">{data.waiting}</Notice> : null}

      <div className="row g-4 mt-1">
        <div className="col-xl-6">
          <table className="table table-sm">
            <caption>Messaggi per stato</caption>
            <tbody>
              {rows.map((r) => (
                <tr key={r.label}>
                  <th scope="row">{r.label}</th>
                  <td className="text-end">{formatCount(r.value)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">Totale</th>
                <td className="text-end fw-bold">{formatCount(data.total)}</td>
              </tr>
            </tbody>
          </table>
        </div>
        <div className="col-xl-6">
          <BarChart id="chart-states" title="Messaggi per stato" bars={rows} />
        </div>
      </div>

      {data.failures.length > 0 ? <ReasonTable caption="Motivi dei mancati invii" rows={data.failures} /> : null}
      {data.skipped.length > 0 ? <ReasonTable caption="Destinatari saltati" rows={data.skipped} /> : null}
      {reportReady && data.failures.length === 0 && data.skipped.length === 0 ? <p>Nessun invio non riuscito.</p> : null}

      {data.optOuts ? (
        <p>
          Cancellazioni nelle 24 ore dopo l’invio: <strong>{formatCount(data.optOuts.total)}</strong>
          {data.optOuts.total > 0 ? `, di cui ${formatCount(data.optOuts.amongRecipients)} tra i destinatari di questo avviso` : ''}
          {data.optOuts.closed ? '.' : ' (conteggio ancora in corso).'}
        </p>
      ) : null}
    </section>
  );
}

function ReasonTable({ caption, rows }: { caption: string; rows: { label: string; count: number }[] }) {
  return (
    <table className="table table-sm">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Motivo</th>
          <th scope="col" className="text-end">
            Messaggi
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <th scope="row" className="fw-normal">
              {r.label}
            </th>
            <td className="text-end">{formatCount(r.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
