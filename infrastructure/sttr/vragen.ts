/**
 * The questions of a model as the people who write toepasbare regels know them: by
 * uitvoeringsregel id and inputData name, with regelgroep, fixed value and geoVerwijzing, in
 * the order the model asks them. For `npm run sttr -- check` and the toepasbare-regels API;
 * what a question says (text, type, options) is the domain's `vraagbeschrijving`, as in the check.
 */
import { opVraagvolgorde } from '../../domain/toepasbare-regels/evaluatie.ts';
import { vraagbeschrijving, type DmnModel } from '../../domain/toepasbare-regels/model.ts';

export function vragenVan(model: DmnModel) {
  const groepen = new Map(model.regelgroepen.map((g) => [g.id, g]));
  return opVraagvolgorde(model, Object.keys(model.invoer)).map((id) => {
    const invoer = model.invoer[id]!;
    const u = invoer.uitvoeringsregel ? model.uitvoeringsregels[invoer.uitvoeringsregel] : undefined;
    const { tekst, type, opties, meerdereAntwoorden, bijlage, toelichting } = vraagbeschrijving(model, id);
    return {
      id: u?.id ?? invoer.id,
      invoer: invoer.naam,
      tekst,
      type,
      ...(opties ? { opties: opties.map((o) => o.tekst), ...(meerdereAntwoorden ? { meerdereAntwoorden } : {}) } : {}),
      ...(u?.regelgroep ? { regelgroep: groepen.get(u.regelgroep)?.naam ?? u.regelgroep } : {}),
      ...(u?.vasteWaarde ? { vasteWaarde: u.vasteWaarde.waarde, ...(u.vasteWaarde.voorbehoud ? { voorbehoud: u.vasteWaarde.voorbehoud } : {}) } : {}),
      ...(u?.geoVerwijzing ? { geoVerwijzing: u.geoVerwijzing.locatie } : {}),
      ...(bijlage ? { bijlage } : {}),
      ...(toelichting ? { toelichting } : {}),
    };
  });
}
