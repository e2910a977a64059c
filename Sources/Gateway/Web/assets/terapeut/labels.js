// Danish words for the API's enum values and small number formats, in one place so every
// view says the same thing the same way.

export const genderLabels = {
  female: 'Kvinde',
  male: 'Mand',
  other: 'Andet',
  unspecified: 'Ønsker ikke at oplyse',
};

export const goalKindLabels = { short_term: 'Kortsigtet mål', long_term: 'Langsigtet mål' };
export const goalStatusLabels = { active: 'Aktivt', achieved: 'Nået', dropped: 'Opgivet' };

export const instrumentLabels = { mfi20: 'MFI-20', mfs: 'MFS' };
export const instrumentNames = {
  mfi20: 'MFI-20 – Multidimensional Fatigue Inventory',
  mfs: 'MFS – Mental Fatigue Scale',
};
export const questionnaireStatusLabels = {
  pending: 'Afventer besvarelse',
  submitted: 'Besvaret – scores beregnes',
  scored: 'Besvaret og scoret',
};
export const mfi20SubscaleLabels = {
  general_fatigue: 'Generel træthed',
  physical_fatigue: 'Fysisk træthed',
  reduced_activity: 'Nedsat aktivitet',
  reduced_motivation: 'Nedsat motivation',
  mental_fatigue: 'Mental træthed',
};
export const mfsBandLabels = { none: 'ingen', mild: 'let', moderate: 'moderat', severe: 'svær' };

export const reportKindLabels = {
  mfi20: 'MFI-20-rapport',
  mfs: 'MFS-rapport',
  registrations: 'Registreringer',
  copm: 'COPM og mål',
  color_scale: 'Farveskala',
  export: 'Samlet eksport før sletning',
};
export const reportStatusLabels = { queued: 'Laves …', ready: 'Klar', failed: 'Mislykkedes' };

const decimal = new Intl.NumberFormat('da-DK', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 1 });

/** "4,5" — COPM scores and changes are shown with one decimal (DOMAIN.md). */
export function oneDecimal(value) {
  return value === null || value === undefined ? '–' : decimal.format(value);
}

/** "16,5" or "14": a score as it was counted, without needless decimals. */
export function number(value) {
  return value === null || value === undefined ? '–' : whole.format(value);
}

/** "2 t 15 min" */
export function duration(minutes) {
  const hours = Math.floor(minutes / 60);
  const rest = Math.round(minutes % 60);
  if (!hours) return `${rest} min`;
  return rest ? `${hours} t ${rest} min` : `${hours} t`;
}
