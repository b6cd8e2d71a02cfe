import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { EvaluatieFout } from '../domain/toepasbare-regels/evaluatie.ts';
import { VraagFout, beantwoord, conclusieVan, doorloop, totaalconclusie, type Boom, type Stand } from '../domain/toepasbare-regels/vragenboom.ts';
import { projectRoot } from '../infrastructure/paths.ts';
import { leesDmn } from '../infrastructure/sttr/dmn-lezer.ts';

/**
 * One vragenboom over two trees that ask the same questions (the dakkapel of Amsterdam's
 * vergunningcheck in DMN 1.2, and in DMN 1.1 as if a second bevoegd gezag delivered it), with a
 * question answered from the location.
 */
const laad = (versie: string) => leesDmn(readFileSync(join(projectRoot, '..', 'shared', 'data', 'amsterdam-vergunningcheck', versie, 'ConclusieBouwenDakkapel.dmn'), 'utf8'), `${versie}.dmn`);
const BOMEN: Boom[] = [
  { id: 'gm0344/dakkapel', model: laad('DMN1.2') },
  { id: 'gm0345/dakkapel', model: laad('DMN1.1') },
];
const GRENS = 'nl.imow-gm0345.gebied.gemeentegrens';
const conclusies = (stand: Stand) => {
  const d = doorloop(BOMEN, stand);
  return BOMEN.map((b) => {
    const u = Object.values(d.evaluaties[b.id]!.hoofd)[0]!;
    return conclusieVan(u.waarde, u.bepaald, u.extern).conclusie;
  });
};

test('a question both trees ask is asked once; the geo question is answered from the location, not asked', (t) => {
  const d = doorloop(BOMEN, { antwoorden: {}, ligging: { [GRENS]: 'ja' } });
  t.is(d.volgende?.tekst, 'Is er sprake van een monument (gemeentelijk / provinciaal / rijk)?');
  t.deepEqual(d.volgende?.bomen, ['gm0344/dakkapel', 'gm0345/dakkapel'], 'one question for both trees');
  t.is(new Set(d.nodig.map((v) => v.sleutel)).size, d.nodig.length, 'no question twice');
  t.is(d.nodig.length, 14, 'the 15 open questions of one tree, less the one the location answers');
  t.false(d.nodig.some((v) => v.sleutel === `geo:${GRENS}`));
  t.deepEqual(d.uitLocatie.map((u) => [u.vraag.tekst, u.antwoord, u.vraag.bomen.length]), [['Ligt het pand binnen de gemeentegrens van Veenendaal?', 'ja', 2]]);
  // Without that locatie's ligging the question is asked like any other.
  t.true(doorloop(BOMEN, { antwoorden: {}, ligging: {} }).nodig.some((v) => v.sleutel === `geo:${GRENS}`));
});

test('answers go to every tree; the check stops asking once every outcome is settled; back and change, and what follows adapts', (t) => {
  const ligging = { [GRENS]: 'ja' as const };
  const vraag = (antwoorden: Record<string, unknown>) => doorloop(BOMEN, { antwoorden, ligging }).volgende;
  let antwoorden: Record<string, unknown> = {};
  const monument = vraag(antwoorden)!;
  antwoorden = beantwoord(BOMEN, antwoorden, monument.sleutel, true);
  const platDak = vraag(antwoorden)!;
  t.is(platDak.tekst, 'Is dakkapel voorzien van een plat dak?', 'a monument: only the flat roof still matters');
  antwoorden = beantwoord(BOMEN, antwoorden, platDak.sleutel, true);
  t.is(vraag(antwoorden), undefined, 'settled: nothing more is asked');
  t.deepEqual(conclusies({ antwoorden, ligging }), ['Verbod', 'Verbod']);
  t.is(totaalconclusie(conclusies({ antwoorden, ligging })), 'Verbod');

  // Back to the monument question and change it: the questions after it come back.
  const terug = beantwoord(BOMEN, antwoorden, monument.sleutel, false);
  const daarna = doorloop(BOMEN, { antwoorden: terug, ligging });
  t.is(daarna.volgende?.tekst, 'Is hoofdgebouw gelegen in Rijks Beschermd Stadsgezicht?');
  t.true(daarna.nodig.length > 5);
  t.deepEqual(conclusies({ antwoorden: terug, ligging }), ['NietTeBepalen', 'NietTeBepalen']);
});

test('an answer to a question no tree asks, or of the wrong type, is refused', (t) => {
  t.throws(() => beantwoord(BOMEN, {}, 'boolean:heeft het pand een kelder', true), { instanceOf: VraagFout });
  const monument = doorloop(BOMEN, { antwoorden: {}, ligging: {} }).volgende!;
  t.throws(() => beantwoord(BOMEN, {}, monument.sleutel, 'ja'), { instanceOf: EvaluatieFout, message: /is ja of nee/ });
});
