import Link from 'next/link';
import type { NoticeView } from '@/lib/notifications/list-notices';
import { formatRome } from '@/lib/time/rome-time';

/**
 * The person's notices (issue 12): approval requests, paused or held alerts, template changes, the
 * launch threshold, the daily limit. Shown whether or not e-mail is set up. Plain markup and a
 * plain form (works without JavaScript); `markRead` marks all of the person's notices as read.
 */
export function NoticeList({
  notices,
  unread,
  markRead,
  fullListHref,
  title = 'Notifiche',
}: {
  notices: NoticeView[];
  unread: number;
  markRead: (fd: FormData) => void | Promise<void>;
  fullListHref?: string;
  title?: string;
}) {
  return (
    <section className="mb-5" aria-labelledby="notices-title">
      <h2 id="notices-title" className="h4">
        {title} {unread > 0 ? <span className="badge bg-primary">{unread === 1 ? '1 da leggere' : `${unread} da leggere`}</span> : null}
      </h2>
      {notices.length === 0 ? (
        <p>Nessuna notifica da leggere.</p>
      ) : (
        <ul className="list-group mb-3">
          {notices.map((n) => (
            <li key={n.id} className="list-group-item">
              <p className="mb-1">
                <strong>{n.link ? <Link href={n.link}>{n.title}</Link> : n.title}</strong>
                {n.read ? null : <span className="visually-hidden"> (da leggere)</span>}
              </p>
              <p className="mb-1">{n.body}</p>
              <small className="text-muted">{formatRome(n.createdAt)}</small>
            </li>
          ))}
        </ul>
      )}
      <div className="d-flex gap-3 align-items-center flex-wrap">
        {unread > 0 ? (
          <form action={markRead}>
            <button type="submit" className="btn btn-outline-primary btn-sm">
              Segna tutte come lette
            </button>
          </form>
        ) : null}
        {fullListHref ? <Link href={fullListHref}>Tutte le notifiche</Link> : null}
      </div>
    </section>
  );
}
