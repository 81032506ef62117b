import type { ReactNode } from 'react';
import { parseWhatsAppFormatting, type FormatNode } from '@/lib/whatsapp/format';

function render(nodes: FormatNode[], key = ''): ReactNode[] {
  return nodes.map((n, i) => {
    const k = `${key}${i}`;
    if (typeof n === 'string') return n;
    const children = render(n.children, `${k}-`);
    switch (n.kind) {
      case 'bold':
        return <strong key={k}>{children}</strong>;
      case 'italic':
        return <em key={k}>{children}</em>;
      case 'strike':
        return <s key={k}>{children}</s>;
      default:
        return <code key={k}>{children}</code>;
    }
  });
}

/** WhatsApp-formatted text as React elements: React escapes every string, so nothing typed becomes markup. */
export function WhatsAppText({ text }: { text: string }) {
  return <>{render(parseWhatsAppFormatting(text))}</>;
}
