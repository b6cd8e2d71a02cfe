/**
 * Text as a search compares it, in SQL: lower case, without diacritics, a hyphen as a space
 * ("Súdwest-Fryslân" is "sudwest fryslan", "zonne-energie" is "zonne energie"). Done in SQL on
 * both sides (the stored text and the question), so a character it does not know still matches
 * itself. Capitals with an accent are folded here too, so it does not depend on the database's
 * locale. (No unaccent: it is an extension the database need not have.)
 */
const MET_ACCENT = 'àáâãäåāèéêëēìíîïīòóôõöøōùúûüūýÿçñ';
const ZONDER = 'aaaaaaaeeeeeiiiiiooooooouuuuuyycn';

/** SQL giving the comparable form of a text expression. */
export const zoekvorm = (expressie: string) => `translate(lower(${expressie}), '${MET_ACCENT}${MET_ACCENT.toUpperCase()}-', '${ZONDER}${ZONDER} ')`;

/**
 * The letters `zoekvorm` can have made from another character, and the space (from a hyphen):
 * a LIKE pattern on the raw `lower()` text that has `_` in their place finds a superset of what
 * the folded text matches, for a cheap first pass.
 */
export const GEVOUWEN_TEKENS = '[aeiouycn ]';
