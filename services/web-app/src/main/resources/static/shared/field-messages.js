// The services' field messages (Bean Validation's and their own) are English. A French page says
// the ones it knows in French; an unknown one stays as the server wrote it, rather than nothing.

const FRENCH = {
  'must not be blank': 'obligatoire',
  'must not be null': 'obligatoire',
  'must not be empty': 'obligatoire',
  'must be a well-formed email address': 'doit être une adresse e-mail valide',
  'must be an http(s) address': 'doit être une adresse http(s)',
  'must be an ISO 3166 alpha-2 country code such as MA': 'doit être un code pays à deux lettres, comme MA',
  'must be an ISO 639-1 code such as fr': 'doit être un code de langue à deux lettres, comme fr',
  'must be 12 to 200 characters': 'doit compter de 12 à 200 caractères',
  'must be fr, en or ar': 'doit être fr, en ou ar',
  'must be at least 1 square metre': 'doit faire au moins 1 m²',
  'must be a time such as 18:00': 'doit être une heure comme 18:00',
  'must be OFF, HOURLY or DAILY': 'doit être OFF, HOURLY ou DAILY',
  'must be CSV or XLSX': 'doit être CSV ou XLSX',
  'must be ALL, HOT or NONE': 'doit être ALL, HOT ou NONE',
  'has the wrong type or format': 'n’a pas le bon type ou format',
  // Webhook addresses (checked again when each call is sent).
  'is not a URL': 'n’est pas une URL',
  'must be an https URL with a host': 'doit être une URL https avec un nom d’hôte',
  'must not carry credentials': 'ne doit pas contenir d’identifiants',
  'names a host that does not resolve': 'nomme un hôte introuvable',
  'must use https': 'doit utiliser https',
  'resolves to a wildcard or multicast address': 'désigne une adresse générique ou multicast',
  'resolves to a link-local address (cloud metadata lives there)': 'désigne une adresse lien-local (celle des métadonnées du cloud)',
  'resolves to a private address': 'désigne une adresse privée',
  'resolves to a carrier-grade NAT address': 'désigne une adresse de NAT d’opérateur',
  'resolves to a reserved address': 'désigne une adresse réservée',
  'resolves to a private (benchmarking) address': 'désigne une adresse privée (de test de performance)',
  'resolves to a private (unique local) IPv6 address': 'désigne une adresse IPv6 privée (locale unique)',
};

const FRENCH_PATTERNS = [
  [/^size must be between (\d+) and (\d+)$/, 'doit compter entre $1 et $2 éléments'],
  [/^must be greater than or equal to (\S+)$/, 'doit être supérieur ou égal à $1'],
  [/^must be less than or equal to (\S+)$/, 'doit être inférieur ou égal à $1'],
  [/^must be greater than (\S+)$/, 'doit être supérieur à $1'],
  [/^must match ".*"$/, 'n’a pas le format attendu'],
];

/** A field's message from the server, in the page's language when it is a known one. */
export function fieldMessage(message) {
  if (document.documentElement.lang !== 'fr' || typeof message !== 'string') {
    return message;
  }
  if (FRENCH[message]) {
    return FRENCH[message];
  }
  const pattern = FRENCH_PATTERNS.find(([english]) => english.test(message));
  return pattern ? message.replace(pattern[0], pattern[1]) : message;
}
