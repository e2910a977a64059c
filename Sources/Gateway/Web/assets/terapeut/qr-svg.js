// Draws a QR code (see qrcode.js) as SVG inside the page: sharp at any size and zoom, and no
// image request that the CSP or an outside service would have to allow.
import { svg } from '../shared/ui.js';
import { encodeQr } from './qrcode.js';

// The standard's quiet zone: four light modules round the symbol, which scanners need.
const quietZone = 4;

/**
 * An `<svg role="img">` of `text` as a QR code, dark on white whatever the page's colours.
 * @param {string} text what the code holds (an otpauth:// link)
 * @param {string} label what a screen reader says instead of the picture
 */
export function qrCodeSvg(text, label) {
  const { size, modules } = encodeQr(text);
  const extent = size + 2 * quietZone;
  // One path of horizontal runs keeps the DOM small (a version 7 code has ~1,000 dark modules).
  const path = [];
  modules.forEach((row, y) => {
    let x = 0;
    while (x < size) {
      if (!row[x]) {
        x += 1;
        continue;
      }
      const start = x;
      while (x < size && row[x]) x += 1;
      path.push(`M${start + quietZone} ${y + quietZone}h${x - start}v1h${start - x}z`);
    }
  });
  return svg('svg', {
    class: 'qr-code', viewBox: `0 0 ${extent} ${extent}`, role: 'img', 'aria-label': label,
    'shape-rendering': 'crispEdges', 'data-modules': extent,
  },
  svg('rect', { width: extent, height: extent, fill: '#ffffff' }),
  svg('path', { d: path.join(''), fill: '#000000' }));
}
