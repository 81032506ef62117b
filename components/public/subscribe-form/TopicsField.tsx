import { useController, type Control } from 'react-hook-form';
import type { SubscribeFormValues } from './state';

export interface TopicOption {
  slug: string;
  name: string;
  description: string;
}

/**
 * One checkbox per topic, all ticked at first. Each checkbox posts `topics=<slug>`, so the same
 * markup works without JavaScript; with it, the list of slugs is kept in react-hook-form.
 */
export function TopicsField({ control, topics, error }: { control: Control<SubscribeFormValues>; topics: TopicOption[]; error?: string }) {
  const { field } = useController({ name: 'topics', control });
  const selected: string[] = Array.isArray(field.value) ? field.value : [];
  const toggle = (slug: string, on: boolean) => field.onChange(on ? [...selected.filter((s) => s !== slug), slug] : selected.filter((s) => s !== slug));
  return (
    <fieldset className="mb-4" aria-describedby={error ? 'topics-hint topics-error' : 'topics-hint'}>
      <legend className="h5 fw-semibold">Argomenti</legend>
      <p id="topics-hint" className="mb-2">
        Scegli gli avvisi che vuoi ricevere. Puoi cambiarli quando vuoi scrivendo «Argomenti» su WhatsApp.
      </p>
      {topics.map((t, i) => (
        <div className="form-check" key={t.slug}>
          <input
            id={`topics-${i}`}
            type="checkbox"
            name="topics"
            value={t.slug}
            checked={selected.includes(t.slug)}
            onChange={(e) => toggle(t.slug, e.target.checked)}
            onBlur={field.onBlur}
            ref={i === 0 ? field.ref : undefined}
            aria-invalid={error ? true : undefined}
          />
          <label htmlFor={`topics-${i}`}>
            {t.name}
            {t.description ? <span className="d-block small text-muted fw-normal">{t.description}</span> : null}
          </label>
        </div>
      ))}
      {error ? (
        <div id="topics-error" className="invalid-feedback d-block">
          {error}
        </div>
      ) : null}
    </fieldset>
  );
}
