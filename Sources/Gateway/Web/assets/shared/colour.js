// Text on a user's colour (a level of a client's colour scale): black or white, whichever has
// the higher contrast by WCAG's relative luminance, so the text meets AA whatever was chosen.

function relativeLuminance(hex) {
  const channels = [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16) / 255)
    .map((value) => (value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4));
  return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2];
}

/** Black or white for text on `hex` (`#RRGGBB`); black for anything that is not a colour yet. */
export function textColourOn(hex) {
  if (!/^#[0-9a-f]{6}$/i.test(hex ?? '')) return '#000000';
  const luminance = relativeLuminance(hex);
  return (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) ? '#000000' : '#ffffff';
}
