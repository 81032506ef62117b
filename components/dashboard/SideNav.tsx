'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { NavItem } from './nav-items';

/** The current page is marked for screen readers (aria-current) and visually (Bootstrap Italia's .active). */
export function SideNav({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  const isCurrent = (href: string) => (href === '/dashboard' ? pathname === href : pathname === href || pathname.startsWith(`${href}/`));
  return (
    <nav className="sidebar-wrapper" aria-label="Menu dell’area redazione">
      <div className="sidebar-linklist-wrapper">
        <div className="link-list-wrapper">
          <ul className="link-list">
            {items.map((item) => {
              const current = isCurrent(item.href);
              return (
                <li key={item.href}>
                  <Link className={`list-item${current ? ' active' : ''}`} href={item.href} aria-current={current ? 'page' : undefined}>
                    <span>{item.label}</span>
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      </div>
    </nav>
  );
}
