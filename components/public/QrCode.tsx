import QRCode from 'qrcode';

/**
 * A QR code drawn on the server as inline SVG (no script, no image request). The whole drawing is
 * one image for assistive technology, described by `label`.
 */
export async function QrCode({ value, label }: { value: string; label: string }) {
  const svg = await QRCode.toString(value, { type: 'svg', margin: 2, errorCorrectionLevel: 'M', color: { dark: '#000000', light: '#ffffff' } });
  return <div className="qr-code" role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />;
}
