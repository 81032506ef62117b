/**
 * A template as the preview and the validation need it: the texts of its parts. Built from Meta's
 * `components` JSON (what Meta holds is the truth once submitted) or from our own definitions.
 */
import { templatePlaceholders } from '../whatsapp/limits';

export interface TemplateShape {
  name: string;
  language: string;
  header?: string;
  /** Body text with {{1}}, {{2}}… placeholders. */
  body: string;
  footer?: string;
  /** Button labels (quick replies and links), in order. */
  buttons: string[];
  /** Number of distinct body placeholders. */
  bodyParams: number;
}

type Obj = Record<string, unknown>;

export function shapeFromComponents(name: string, language: string, components: unknown): TemplateShape | null {
  if (!Array.isArray(components)) return null;
  const shape: TemplateShape = { name, language, body: '', buttons: [], bodyParams: 0 };
  for (const raw of components as Obj[]) {
    if (!raw || typeof raw !== 'object') continue;
    const type = String(raw.type ?? '').toUpperCase();
    const text = typeof raw.text === 'string' ? raw.text : undefined;
    if (type === 'BODY' && text !== undefined) shape.body = text;
    else if (type === 'HEADER' && text !== undefined && String(raw.format ?? 'TEXT').toUpperCase() === 'TEXT') shape.header = text;
    else if (type === 'FOOTER' && text !== undefined) shape.footer = text;
    else if (type === 'BUTTONS' && Array.isArray(raw.buttons)) {
      for (const b of raw.buttons as Obj[]) if (typeof b?.text === 'string') shape.buttons.push(b.text);
    }
  }
  if (shape.body === '') return null;
  shape.bodyParams = new Set(templatePlaceholders(shape.body)).size;
  return shape;
}
