/** Where to follow the archive: the two feeds (also announced in the page head). */
export function FeedLinks() {
  return (
    <p className="small">
      Segui gli avvisi con un lettore di notizie:{' '}
      <a href="/avvisi/feed.xml" type="application/rss+xml">
        feed RSS
      </a>{' '}
      oppure{' '}
      <a href="/avvisi/atom.xml" type="application/atom+xml">
        feed Atom
      </a>
      .
    </p>
  );
}
