'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import type { NavItem } from './nav-items';

const MENU_ID = 'dashboard-menu';

/**
 * The current page is marked for screen readers (aria-current) and visually (Bootstrap Italia's .active).
 * Below the lg breakpoint the menu hides behind a "Menu" disclosure button (aria-expanded,
 * aria-controls): opening it moves focus to the first link, Escape closes it and gives focus back
 * to the button, and following a link closes it and moves focus to the page's <main>. Without
 * JavaScript the menu is simply shown.
 */
export function SideNav({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const [shownPath, setShownPath] = useState(pathname);
  const button = useRef<HTMLButtonElement>(null);
  const nav = useRef<HTMLElement>(null);
  const isCurrent = (href: string) => (href === '/dashboard' ? pathname === href : pathname === href || pathname.startsWith(`${href}/`));

  // A new page closes the menu (state adjusted while rendering, as React recommends).
  if (pathname !== shownPath) {
    setShownPath(pathname);
    setOpen(false);
  }
  const wasOpen = useRef(false);
  useEffect(() => {
    if (open) nav.current?.querySelector<HTMLAnchorElement>('a')?.focus();
    else if (wasOpen.current) document.getElementById('main-content')?.focus();
    wasOpen.current = open;
  }, [open]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      wasOpen.current = false;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  return (
    <>
      <button
        ref={button}
        type="button"
        className="btn btn-outline-primary btn-sm d-lg-none my-3"
        aria-expanded={open}
        aria-controls={MENU_ID}
        onClick={() => setOpen((o) => !o)}
      >
        Menu
      </button>
      <noscript>
        <style>{`#${MENU_ID}{display:block!important}`}</style>
      </noscript>
      <nav ref={nav} id={MENU_ID} className={`sidebar-wrapper${open ? '' : ' d-none d-lg-block'}`} aria-label="Menu dell’area redazione">
        <div className="sidebar-linklist-wrapper">
          <div className="link-list-wrapper">
            <ul className="link-list">
              {items.map((item) => {
                const current = isCurrent(item.href);
                return (
                  <li key={item.href}>
                    <Link
                      className={`list-item${current ? ' active' : ''}`}
                      href={item.href}
                      aria-current={current ? 'page' : undefined}
                      onClick={() => setOpen(false)}
                    >
                      <span>{item.label}</span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          </div>
        </div>
      </nav>
    </>
  );
}
