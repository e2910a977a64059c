// The API's errors in plain Danish. The API names problems in English for developers; these
// tables say the same to the people using the pages. Unknown texts fall back to a general
// sentence rather than showing English.

const byCode = {
  validation_failed: 'Nogle felter skal rettes.',
  malformed_json: 'Siden sendte noget, MDME ikke kunne læse. Genindlæs siden, og prøv igen.',
  unauthenticated: 'Du er ikke logget ind, eller din session er udløbet. Log ind igen.',
  invalid_credentials: 'E-mail eller adgangskode er forkert.',
  mfa_required: 'Skriv koden fra din godkendelsesapp.',
  forbidden: 'Du har ikke adgang til dette.',
  not_found: 'Det findes ikke (længere), eller du har ikke adgang til det.',
  conflict: 'Det kan ikke lade sig gøre lige nu, fordi det allerede er sket eller er i gang.',
  payload_too_large: 'Det er for meget tekst på én gang.',
  unsupported_media_type: 'Siden sendte data i et format, MDME ikke tager imod.',
  too_many_requests: 'For mange forsøg. Vent et minut, og prøv igen.',
  unavailable: 'MDME er midlertidigt utilgængelig. Prøv igen om lidt.',
  network: 'Der er ingen forbindelse til MDME. Tjek dit netværk, og prøv igen.',
};

export function danishMessage(code, status) {
  if (byCode[code]) return byCode[code];
  if (status >= 500) return 'Der skete en fejl hos MDME. Prøv igen om lidt.';
  return 'Det lykkedes ikke. Prøv igen.';
}

// [pattern, Danish] — `$1`… are the pattern's groups.
const problems = [
  [/^is required.*$/, 'Skal udfyldes.'],
  [/^must not be empty$/, 'Må ikke være tomt.'],
  [/^must be an email address$/, 'Skal være en e-mailadresse.'],
  [/^must be a date YYYY-MM-DD$/, 'Skal være en dato.'],
  [/^must be a time in RFC 3339 form.*$/, 'Skal være et tidspunkt.'],
  [/^must not be in the future$/, 'Må ikke ligge i fremtiden.'],
  [/^must not be more than a day ahead$/, 'Må højst ligge et døgn fremme.'],
  [/^must be within the last year$/, 'Skal ligge inden for det seneste år.'],
  [/^must be after 1900$/, 'Skal ligge efter 1900.'],
  [/^must not be before from$/, 'Må ikke ligge før startdatoen.'],
  [/^must be at least (\d+) characters$/, 'Skal være mindst $1 tegn.'],
  [/^must be at most (\d+) characters$/, 'Må højst være $1 tegn.'],
  [/^must be at most (\d+) bytes$/, 'Er for lang.'],
  [/^must not repeat one character$/, 'Må ikke bestå af ét tegn gentaget.'],
  [/^must be 1–200 characters on one line$/, 'Skal være 1–200 tegn på én linje.'],
  [/^must be a phone number.*$/, 'Skal være et telefonnummer (cifre, mellemrum, + - ( )).'],
  [/^must be a colour #RRGGBB$/, 'Skal være en farve.'],
  [/^must be 1…1440$/, 'Skal være mellem 1 og 1440 minutter.'],
  [/^must be 0…(\d+), an index into the colour scale$/, 'Vælg et niveau på farveskalaen.'],
  [/^must have (\d+)–(\d+) levels$/, 'Skalaen skal have $1–$2 niveauer.'],
  [/^must have (\d+)–(\d+) questions$/, 'Skal have $1–$2 spørgsmål.'],
  [/^must have (\d+) to (\d+) problems$/, 'Skal have $1 til $2 problemer.'],
  [/^must have at most (\d+) entries$/, 'Højst $1.'],
  [/^must be a whole number from (\d+) to (\d+).*$/, 'Skal være et helt tal fra $1 til $2.'],
  [/^must be between (\S+) and (\S+)$/, 'Skal være mellem $1 og $2.'],
  [/^must be the 6-digit code from the authenticator app$/, 'Skal være den 6-cifrede kode fra godkendelsesappen.'],
  [/^must be a 6-digit code or a recovery code$/, 'Skal være en 6-cifret kode eller en gendannelseskode.'],
  [/^is not the current code of the enrolled secret$/, 'Koden passer ikke. Tjek uret på telefonen, og prøv den nye kode.'],
  [/^is invalid, used or expired$/, 'Linket er ugyldigt, allerede brugt eller udløbet. Bed om et nyt.'],
  [/^must be the token from the .* link$/, 'Linket er ufuldstændigt. Åbn det igen fra din e-mail.'],
  [/^is already in use$/, 'Er allerede i brug.'],
  [/^is already assigned and not yet answered$/, 'Er allerede tildelt og endnu ikke besvaret.'],
  [/^must be an IANA time zone.*$/, 'Skal være en tidszone som Europe/Copenhagen.'],
  [/^must be a host name or IP address$/, 'Skal være et værtsnavn eller en IP-adresse.'],
  [/^must be 1…65535$/, 'Skal være et portnummer (1–65535).'],
  [/^must be therapist or tenant_admin$/, 'Skal være terapeut eller administrator.'],
  [/^must be one of 0, 0\.5.*$/, 'Vælg et af svarene.'],
  [/^must have exactly (\d+) answers.*$/, 'Der skal være $1 svar.'],
  [/^is not one of the allowed values$/, 'Er ikke en af de tilladte værdier.'],
  [/^must be (a|an) (string|number|integer|boolean|object|array).*$/, 'Har ikke den rigtige form.'],
  [/^must not contain NUL characters$/, 'Indeholder ugyldige tegn.'],
];

export function danishProblem(problem) {
  for (const [pattern, danish] of problems) {
    if (pattern.test(problem)) return problem.replace(pattern, danish);
  }
  return 'Er ikke gyldigt.';
}
