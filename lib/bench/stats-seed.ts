import type pg from 'pg';
import type { DataCipher } from '../privacy/crypto';
import { rebuildDeliveryCounts } from '../delivery/progress';
import { rebuildStatDeltas } from '../stats/counters';

/**
 * A million-subscriber database for `npm run bench:stats`, built in SQL (generate_series) in about
 * a minute: a year of sign-ups with a launch peak, 85% active / 3% pending / 12% gone, sources
 * 55% web / 35% WhatsApp / 10% import, six topics, the matching consent ledger and alerts with their
 * deliveries. Numbers and names are real ciphertexts of a small pool of values, reused, so the
 * subscriber list decrypts them as in production; HMACs are unique. Triggers are off while loading
 * (one statement per table would otherwise keep them busy) and stats_rebuild() fills the rollup.
 */
export interface SeedOptions {
  subscribers: number;
  deliveries: number;
  now: Date;
  cipher: DataCipher;
}

const EXTRA_TOPICS = [
  ['eventi', 'Eventi e cultura', 4],
  ['scuole', 'Scuole', 5],
  ['ambiente', 'Ambiente e rifiuti', 6],
] as const;

const FIRST = ['Maria', 'Giuseppe', 'Anna', 'Giovanni', 'Francesca', 'Luca', 'Chiara', 'Marco', 'Elena', 'Paolo'];
const LAST = ['Rossi', 'Bianchi', 'Dal Bo', 'Zanette', 'Perin', 'Marcon', 'Tonon', 'De Nardi', 'Sartor', 'Piccin'];
const POOL = 500;

async function step(log: (m: string) => void, label: string, run: () => Promise<unknown>): Promise<void> {
  const t = Date.now();
  await run();
  log(`  ${label.padEnd(44)} ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

export async function seedLargeDatabase(db: pg.ClientBase, o: SeedOptions, log: (m: string) => void): Promise<void> {
  const tables = ['subscribers', 'subscriber_topics', 'consent_events', 'deliveries'];
  const phones = Array.from({ length: POOL }, (_, i) => o.cipher.encrypt(`+39347${String(1_000_000 + i * 7919).slice(-7)}`));
  const firsts = Array.from({ length: POOL }, (_, i) => o.cipher.encrypt(FIRST[i % FIRST.length]!));
  const lasts = Array.from({ length: POOL }, (_, i) => o.cipher.encrypt(LAST[(i * 3) % LAST.length]!));
  const now = o.now.toISOString();

  // As superuser, replica mode also skips the foreign-key checks (the data is consistent by
  // construction); otherwise only our triggers are switched off.
  const replica = await db.query(`SET session_replication_role = replica`).then(
    () => true,
    () => false,
  );
  if (!replica) for (const t of tables) await db.query(`ALTER TABLE ${t} DISABLE TRIGGER USER`);
  try {
    await step(log, 'topics', async () => {
      for (const [slug, name, position] of EXTRA_TOPICS) {
        await db.query('INSERT INTO topics (slug, name, position) VALUES ($1, $2, $3) ON CONFLICT (slug) DO NOTHING', [slug, name, position]);
      }
    });
    await step(log, `${o.subscribers.toLocaleString('en')} subscribers`, () =>
      db.query(
        `INSERT INTO subscribers (phone_hmac, phone_enc, first_name_enc, last_name_enc, status, source, created_at, updated_at,
                                  confirmed_at, unsubscribed_at, pending_expires_at, confirmation_code, last_inbound_at)
         SELECT encode(sha256(('bench:' || i)::bytea), 'hex'),
                CASE WHEN st <> 'UNSUBSCRIBED' THEN ($2::text[])[1 + i % ${POOL}] END,
                CASE WHEN st <> 'UNSUBSCRIBED' THEN ($3::text[])[1 + i % ${POOL}] END,
                CASE WHEN st <> 'UNSUBSCRIBED' THEN ($4::text[])[1 + (i / 7) % ${POOL}] END,
                st::"SubscriberStatus", src::"SubscriberSource", created, created,
                CASE WHEN st <> 'PENDING' THEN created + interval '3 minutes' END,
                CASE WHEN st = 'UNSUBSCRIBED' THEN created + (($1::timestamptz - created) * r3) END,
                CASE WHEN st = 'PENDING' THEN created + interval '48 hours' END,
                CASE WHEN st = 'PENDING' AND src = 'WEB' THEN lpad((i % 1000000)::text, 6, '0') END,
                created
           FROM (SELECT i, r3,
                        CASE WHEN r1 < 0.85 THEN 'ACTIVE' WHEN r1 < 0.88 THEN 'PENDING' ELSE 'UNSUBSCRIBED' END AS st,
                        CASE WHEN r2 < 0.55 THEN 'WEB' WHEN r2 < 0.90 THEN 'WHATSAPP' ELSE 'IMPORT' END AS src,
                        CASE WHEN r1 >= 0.85 AND r1 < 0.88 THEN $1::timestamptz - r4 * interval '47 hours'
                             -- a launch peak in the first weeks, then steady growth over the year
                             WHEN r5 < 0.3 THEN $1::timestamptz - interval '365 days' + r4 * interval '21 days'
                             ELSE $1::timestamptz - r4 * interval '344 days' END AS created
                   FROM (SELECT i, random() r1, random() r2, random() r3, random() r4, random() r5 FROM generate_series(1, $5::int) i) g) x`,
        [now, phones, firsts, lasts, o.subscribers],
      ),
    );
    await step(log, 'subscriber topics (~2.6 per active)', () =>
      db.query(`INSERT INTO subscriber_topics (subscriber_id, topic_id)
                SELECT s.id, t.id FROM subscribers s CROSS JOIN topics t
                 WHERE s.status = 'ACTIVE'
                   AND random() < CASE t.slug WHEN 'viabilita' THEN 0.9 WHEN 'chiusura-strade' THEN 0.7 WHEN 'urgenze' THEN 0.6 ELSE 0.13 END`),
    );
    await step(log, 'consent ledger (opt-ins, opt-outs, topic changes)', async () => {
      await db.query(`INSERT INTO consent_events (phone_hmac, action, channel, privacy_version, evidence, created_at)
                      SELECT phone_hmac, 'OPT_IN', source::text::"ConsentChannel", '2026-11-29', 'bench', confirmed_at
                        FROM subscribers WHERE confirmed_at IS NOT NULL`);
      await db.query(`INSERT INTO consent_events (phone_hmac, action, channel, privacy_version, evidence, created_at)
                      SELECT phone_hmac, 'OPT_OUT', CASE WHEN random() < 0.9 THEN 'WHATSAPP' ELSE 'STAFF' END::"ConsentChannel",
                             '2026-11-29', 'bench', unsubscribed_at
                        FROM subscribers WHERE unsubscribed_at IS NOT NULL`);
      await db.query(
        `INSERT INTO consent_events (phone_hmac, action, channel, privacy_version, created_at)
                      SELECT phone_hmac, 'TOPICS_CHANGED', 'WHATSAPP', '2026-11-29', confirmed_at + ($1::timestamptz - confirmed_at) * random()
                        FROM subscribers WHERE status = 'ACTIVE' AND random() < 0.1`,
        [now],
      );
    });
    await step(log, `alerts and ~${o.deliveries.toLocaleString('en')} deliveries`, () => seedDeliveries(db, o));
  } finally {
    if (replica) await db.query(`SET session_replication_role = DEFAULT`);
    else for (const t of tables) await db.query(`ALTER TABLE ${t} ENABLE TRIGGER USER`);
  }
  await step(log, 'stats_rebuild() (fills the rollup)', () => rebuildStatDeltas(db));
  await step(log, "delivery_counts_rebuild() (alerts' progress)", () => rebuildDeliveryCounts(db));
  await step(log, 'VACUUM ANALYZE', () => db.query('VACUUM ANALYZE'));
}

/** Ten alerts over the last 30 days, each to a share of the active subscribers, sent and mostly read. */
async function seedDeliveries(db: pg.ClientBase, o: SeedOptions): Promise<void> {
  const alerts = 10;
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM subscribers WHERE status = 'ACTIVE'`);
  const share = Math.min(1, o.deliveries / alerts / Math.max(1, Number(rows[0]!.n)));
  for (let k = 0; k < alerts; k++) {
    const at = new Date(o.now.getTime() - (k * 3 + 0.5) * 86_400_000);
    const { rows: a } = await db.query<{ id: string }>(
      `INSERT INTO alerts (title, body, status, all_topics, published_at, completed_at, template_name, template_language, updated_at)
       VALUES ($1, 'Testo di prova', 'SENT', true, $2, $2, 'avviso_comune', 'it', $2) RETURNING id::text`,
      [`Avviso di prova ${k + 1}`, at],
    );
    await db.query(
      `INSERT INTO deliveries (alert_id, subscriber_id, status, attempts, available_at, wamid_hmac, sent_at, delivered_at, read_at, updated_at)
       SELECT $1::uuid, s.id, CASE WHEN r < 0.6 THEN 'READ' WHEN r < 0.95 THEN 'DELIVERED' ELSE 'SENT' END::"DeliveryStatus", 1, $2,
              md5('wamid.bench.' || $3 || '.' || s.id), $2::timestamptz + r * interval '20 minutes',
              CASE WHEN r < 0.95 THEN $2::timestamptz + r * interval '21 minutes' END,
              CASE WHEN r < 0.6 THEN $2::timestamptz + r * interval '3 hours' END, $2
         FROM (SELECT id, random() AS r FROM subscribers WHERE status = 'ACTIVE' AND random() < $4) s`,
      [a[0]!.id, at, k, share],
    );
    await db.query('UPDATE alerts SET recipient_count = (SELECT count(*) FROM deliveries WHERE alert_id = $1::uuid) WHERE id = $1::uuid', [a[0]!.id]);
  }
}
