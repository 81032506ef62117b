'use client';

import { useActionState } from 'react';
import { firstError, IDLE } from '@/components/dashboard/action-state';
import { CheckboxField, Field, TextAreaField } from '@/components/dashboard/Field';
import { Notice } from '@/components/dashboard/Notice';
import { SubmitButton } from '@/components/dashboard/SubmitButton';
import { saveSettingsAction } from './actions';
import { displayValue, SETTING_GROUPS } from './fields';

/** One group of settings as its own form, so a mistake in one group does not block the others. */
export function SettingsGroupForm({ groupId, values }: { groupId: string; values: Record<string, unknown> }) {
  const [state, action] = useActionState(saveSettingsAction, IDLE);
  const group = SETTING_GROUPS.find((g) => g.id === groupId)!;
  return (
    <form action={action} noValidate>
      <input type="hidden" name="group" value={group.id} />
      {state.message ? <Notice kind={state.status === 'ok' ? 'success' : 'error'}>{state.message}</Notice> : null}
      {group.fields.map((f) => {
        const echoed = state.status === 'error' ? state.values?.[f.key] : undefined;
        const value = echoed ?? displayValue(f.kind, values[f.key]);
        const common = { name: f.key, label: f.label, help: f.help, error: firstError(state, f.key), id: `s-${f.key}` };
        switch (f.kind) {
          case 'bool':
            return <CheckboxField key={f.key} {...common} defaultChecked={state.status === 'error' ? echoed === 'on' : values[f.key] === true} />;
          case 'textarea':
          case 'urls':
          case 'json':
            return <TextAreaField key={f.key} {...common} defaultValue={value} rows={f.kind === 'urls' ? 3 : f.kind === 'json' ? 12 : 5} />;
          case 'int':
          case 'limit':
            return <Field key={f.key} {...common} type="number" inputMode="numeric" min={f.kind === 'limit' ? 1 : 0} step={1} defaultValue={value} />;
          case 'decimal':
            return <Field key={f.key} {...common} inputMode="decimal" defaultValue={value} />;
          case 'time':
            return <Field key={f.key} {...common} type="time" defaultValue={value} />;
          case 'url':
            return <Field key={f.key} {...common} type="url" defaultValue={value} />;
          default:
            return <Field key={f.key} {...common} defaultValue={value} />;
        }
      })}
      <SubmitButton>Salva {group.title.toLowerCase()}</SubmitButton>
    </form>
  );
}
