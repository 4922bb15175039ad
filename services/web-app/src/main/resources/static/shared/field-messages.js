// The services' field messages (Bean Validation's and their own) are English. A French or Arabic
// page says the ones it knows in its language; an unknown one stays as the server wrote it, rather
// than nothing.

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
  // Rows of imports (visitors, booths).
  'is required': 'obligatoire',
  'a first or last name is required': 'un prénom ou un nom est obligatoire',
  'is not an email address': 'n’est pas une adresse e-mail',
  'must be 1 to 20 letters, digits, \'.\', \'_\' or \'-\'': 'doit compter de 1 à 20 lettres, chiffres, « . », « _ » ou « - »',
  'is required (at most 50 characters)': 'obligatoire (au plus 50 caractères)',
  'is longer than 50 characters': 'dépasse 50 caractères',
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

const ARABIC = {
  'must not be blank': 'إلزامي',
  'must not be null': 'إلزامي',
  'must not be empty': 'إلزامي',
  'is required': 'إلزامي',
  'must be a well-formed email address': 'يجب أن يكون عنوان بريد إلكتروني صحيحاً',
  'must be an http(s) address': 'يجب أن يكون عنوان http(s)',
  'must be an ISO 3166 alpha-2 country code such as MA': 'يجب أن يكون رمز بلد من حرفين، مثل MA',
  'must be an ISO 639-1 code such as fr': 'يجب أن يكون رمز لغة من حرفين، مثل fr',
  'must be 12 to 200 characters': 'يجب أن يتكوّن من 12 إلى 200 حرف',
  'must be fr, en or ar': 'يجب أن يكون fr أو en أو ar',
  'must be at least 1 square metre': 'يجب ألا يقل عن 1 م²',
  'must be a time such as 18:00': 'يجب أن يكون ساعة مثل 18:00',
  'must be OFF, HOURLY or DAILY': 'يجب أن يكون OFF أو HOURLY أو DAILY',
  'must be CSV or XLSX': 'يجب أن يكون CSV أو XLSX',
  'must be ALL, HOT or NONE': 'يجب أن يكون ALL أو HOT أو NONE',
  'has the wrong type or format': 'نوعه أو صيغته غير صحيحة',
  'is not a field that may be set here': 'ليس حقلاً يمكن تعيينه هنا',
  'a first or last name is required': 'الاسم الشخصي أو العائلي إلزامي',
  'is not an email address': 'ليس عنوان بريد إلكتروني',
  'must be 1 to 20 letters, digits, \'.\', \'_\' or \'-\'': 'يجب أن يتكوّن من 1 إلى 20 حرفاً أو رقماً أو «.» أو «_» أو «-»',
  'is required (at most 50 characters)': 'إلزامي (50 حرفاً على الأكثر)',
  'is longer than 50 characters': 'يتجاوز 50 حرفاً',
  'is not a URL': 'ليس رابطاً',
  'must be an https URL with a host': 'يجب أن يكون رابط https باسم مضيف',
  'must not carry credentials': 'يجب ألا يحمل بيانات اعتماد',
  'names a host that does not resolve': 'يسمّي مضيفاً غير موجود',
  'must use https': 'يجب أن يستعمل https',
  'resolves to a wildcard or multicast address': 'يشير إلى عنوان عام أو متعدد البث',
  'resolves to a link-local address (cloud metadata lives there)': 'يشير إلى عنوان محلي للرابط (حيث بيانات السحابة الوصفية)',
  'resolves to a private address': 'يشير إلى عنوان خاص',
  'resolves to a carrier-grade NAT address': 'يشير إلى عنوان NAT لدى المشغّل',
  'resolves to a reserved address': 'يشير إلى عنوان محجوز',
  'resolves to a private (benchmarking) address': 'يشير إلى عنوان خاص (لاختبار الأداء)',
  'resolves to a private (unique local) IPv6 address': 'يشير إلى عنوان IPv6 خاص (محلي فريد)',
};

const ARABIC_PATTERNS = [
  [/^size must be between (\d+) and (\d+)$/, 'يجب أن يضم بين $1 و$2 عنصراً'],
  [/^must be greater than or equal to (\S+)$/, 'يجب أن يكون أكبر من $1 أو مساوياً له'],
  [/^must be less than or equal to (\S+)$/, 'يجب أن يكون أصغر من $1 أو مساوياً له'],
  [/^must be greater than (\S+)$/, 'يجب أن يكون أكبر من $1'],
  [/^must match ".*"$/, 'ليس بالصيغة المنتظرة'],
];

const WORDS = { fr: [FRENCH, FRENCH_PATTERNS], ar: [ARABIC, ARABIC_PATTERNS] };

/** A field's message from the server, in the page's (or the given) language when it is a known one. */
export function fieldMessage(message, language = document.documentElement.lang) {
  const words = WORDS[language];
  if (!words || typeof message !== 'string') {
    return message;
  }
  const [known, patterns] = words;
  if (known[message]) {
    return known[message];
  }
  const pattern = patterns.find(([english]) => english.test(message));
  return pattern ? message.replace(pattern[0], pattern[1]) : message;
}
