/**
 * "del Comune di Conegliano", "dalla Città di …": Italian joins the preposition to the article of
 * the comune's name. Names without a known leading noun get the plain preposition.
 */
const feminine = /^(Città|Unione|Provincia|Regione|Comunità)\b/;
const masculine = /^(Comune|Municipio)\b/;

export function prepositionFor(prep: 'di' | 'da', name: string): string {
  if (masculine.test(name)) return prep === 'di' ? 'del' : 'dal';
  if (feminine.test(name)) return prep === 'di' ? 'della' : 'dalla';
  return prep;
}

export function withPreposition(prep: 'di' | 'da', name: string): string {
  return `${prepositionFor(prep, name)} ${name}`;
}
