import test from 'ava';
import type { DmnModel } from '../../domain/toepasbare-regels/model.ts';
import { DmnModellen } from './dmn-modellen.ts';

const sleutel = (versie: number) => ({ bevoegdGezag: 'gm0344', activiteit: 'nl.imow-gm0344.activiteit.dakkapel', soort: 'conclusie', versie });

test('a version is read once, also when asked twice at once; the least recently used goes past the limit; a failure is not kept', async (t) => {
  const gelezen: string[] = [];
  const modellen = new DmnModellen((xml) => {
    gelezen.push(xml);
    if (xml === 'kapot') throw new Error('kapot');
    return { naam: xml } as DmnModel;
  }, 2);
  const bron = (dmn: string) => async () => ({ bestand: 'x.dmn', dmn });
  const [a, b] = await Promise.all([modellen.model(sleutel(1), bron('v1')), modellen.model(sleutel(1), bron('v1'))]);
  t.is(a, b);
  t.deepEqual(gelezen, ['v1']);
  await modellen.model(sleutel(2), bron('v2'));
  await modellen.model(sleutel(1), bron('v1'));
  await modellen.model(sleutel(3), bron('v3'));
  t.deepEqual(gelezen, ['v1', 'v2', 'v3'], 'version 1 was used last but one: kept');
  await modellen.model(sleutel(2), bron('v2'));
  t.deepEqual(gelezen, ['v1', 'v2', 'v3', 'v2'], 'version 2 was dropped');
  await t.throwsAsync(modellen.model(sleutel(4), bron('kapot')), { message: 'kapot' });
  await t.throwsAsync(modellen.model(sleutel(4), bron('kapot')));
  t.is(gelezen.filter((x) => x === 'kapot').length, 2, 'tried again');
});
