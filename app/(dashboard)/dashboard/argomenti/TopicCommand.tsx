'use client';

import type { ComponentProps } from 'react';
import { ItemStatusForm, MoveItemForm } from '@/components/dashboard/ListItemCommands';
import { moveTopicAction, topicStatusAction } from './actions';

/** "Sposta su" / "Sposta giù" for a topic (components/dashboard/ListItemCommands.tsx). */
export function MoveTopicForm(props: Omit<ComponentProps<typeof MoveItemForm>, 'action'>) {
  return <MoveItemForm action={moveTopicAction} {...props} />;
}

/** Retire a topic (saying what its followers will be told) or reactivate it. */
export function TopicStatusForm({ slug, name, active, followers }: { slug: string; name: string; active: boolean; followers: string }) {
  return (
    <ItemStatusForm
      action={topicStatusAction}
      slug={slug}
      name={name}
      active={active}
      consequences={
        <>
          «{name}» non sarà più offerto nel modulo, in chat e dall’API, e i nuovi avvisi non potranno sceglierlo. Chi lo segue ({followers}) sarà informato:
          quando scrive «Argomenti» legge che non è più disponibile. Chi seguiva solo questo argomento riceverà gli avvisi di tutti gli argomenti attivi. Le
          scelte restano salvate: riattivandolo tornano come prima.
        </>
      }
    />
  );
}
