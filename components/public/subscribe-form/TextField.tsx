import type { HTMLInputAutoCompleteAttribute } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';

interface Props {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  type?: 'text' | 'tel';
  autoComplete: HTMLInputAutoCompleteAttribute;
  defaultValue?: string;
  registration: UseFormRegisterReturn;
}

/**
 * A Bootstrap Italia text input. The label is always "active" (above the field): Bootstrap Italia
 * otherwise lays it over the empty input until its own JavaScript runs, which we do not load.
 */
export function TextField({ id, label, hint, error, type = 'text', autoComplete, defaultValue, registration }: Props) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="form-group mb-4">
      <label htmlFor={id} className="active">
        {label}
      </label>
      <input
        id={id}
        type={type}
        inputMode={type === 'tel' ? 'tel' : undefined}
        className={`form-control${error ? ' is-invalid' : ''}`}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        aria-required="true"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...registration}
      />
      {hint ? (
        <small id={`${id}-hint`} className="form-text d-block">
          {hint}
        </small>
      ) : null}
      {error ? (
        <div id={`${id}-error`} className="invalid-feedback d-block">
          {error}
        </div>
      ) : null}
    </div>
  );
}
