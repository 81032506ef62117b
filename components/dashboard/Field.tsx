import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from 'react';

/**
 * A labelled input with its help and error texts wired for screen readers (aria-describedby,
 * aria-invalid). Works in server and client components. Bootstrap Italia floats labels with
 * JavaScript; ours stay above the field (.active) so the page is readable without it.
 */
/** The ids every field shares: its own, and those of its help and error texts. */
function wiring(name: string, id: string | undefined, help: ReactNode, error: string | undefined) {
  const fid = id ?? `f-${name}`;
  const describedBy = [help ? `${fid}-help` : null, error ? `${fid}-error` : null].filter(Boolean).join(' ') || undefined;
  return { fid, describedBy };
}

function Hints({ fid, help, error, block = false }: { fid: string; help?: ReactNode; error?: string; block?: boolean }) {
  return (
    <>
      {help ? (
        <small id={`${fid}-help`} className={block ? 'form-text d-block' : 'form-text'}>
          {help}
        </small>
      ) : null}
      {error ? (
        <div id={`${fid}-error`} className="text-danger small mt-1">
          {error}
        </div>
      ) : null}
    </>
  );
}

export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name'> {
  name: string;
  label: ReactNode;
  help?: ReactNode;
  error?: string;
  id?: string;
}

export function Field({ name, label, help, error, id, className = '', ...input }: FieldProps) {
  const { fid, describedBy } = wiring(name, id, help, error);
  return (
    <div className="form-group">
      <label htmlFor={fid} className="active">
        {label}
      </label>
      <input
        id={fid}
        name={name}
        className={`form-control${error ? ' is-invalid' : ''} ${className}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
      <Hints fid={fid} help={help} error={error} />
    </div>
  );
}

export interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'name'> {
  name: string;
  label: ReactNode;
  help?: ReactNode;
  error?: string;
  id?: string;
}

export function TextAreaField({ name, label, help, error, id, className = '', rows = 4, ...rest }: TextAreaFieldProps) {
  const { fid, describedBy } = wiring(name, id, help, error);
  return (
    <div className="form-group">
      <label htmlFor={fid} className="active">
        {label}
      </label>
      <textarea
        id={fid}
        name={name}
        rows={rows}
        className={`form-control${error ? ' is-invalid' : ''} ${className}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...rest}
      />
      <Hints fid={fid} help={help} error={error} />
    </div>
  );
}

export interface CheckboxFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name' | 'type'> {
  name: string;
  label: ReactNode;
  help?: ReactNode;
  error?: string;
  id?: string;
}

export function CheckboxField({ name, label, help, error, id, ...rest }: CheckboxFieldProps) {
  const { fid, describedBy } = wiring(name, id, help, error);
  return (
    <div className="form-check mb-4">
      <input id={fid} name={name} type="checkbox" aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...rest} />
      <label htmlFor={fid}>{label}</label>
      <Hints fid={fid} help={help} error={error} block />
    </div>
  );
}
