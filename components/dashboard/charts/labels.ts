/** Italian names of what lib/stats and lib/subscribers return. */
export const SOURCE_LABELS: Record<'WEB' | 'WHATSAPP' | 'IMPORT', string> = {
  WEB: 'Modulo web',
  WHATSAPP: 'WhatsApp',
  IMPORT: 'Importazione',
};

export const STATUS_LABELS: Record<'ACTIVE' | 'PENDING' | 'UNSUBSCRIBED', string> = {
  ACTIVE: 'Attivo',
  PENDING: 'In attesa di conferma',
  UNSUBSCRIBED: 'Cancellato',
};
