import { cache } from 'react';
import { getAppContext } from '@/lib/context';
import { loadSettings } from '@/lib/settings/store';

/**
 * Data the public pages read, de-duplicated per request (layout and page ask for the same
 * settings). Pages calling these must be dynamic: `next build` has no database.
 */
export const getSiteSettings = cache(async () => loadSettings(getAppContext().db));

export const getActiveTopics = cache(async () =>
  getAppContext().db.topic.findMany({
    where: { active: true },
    orderBy: { position: 'asc' },
    select: { slug: true, name: true, description: true },
  }),
);

export type PublicTopic = Awaited<ReturnType<typeof getActiveTopics>>[number];
