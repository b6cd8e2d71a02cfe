import test from 'ava';
import {
  AmbtsgebiedFout,
  MAX_AMBTSGEBIED_BYTES,
  beginToestand,
  decide,
  evolve,
  type AmbtsgebiedCommand,
  type AmbtsgebiedFoutcode,
  type Vlakgeometrie,
} from './ambtsgebied.ts';

const vierkant = (x: number, y: number, d = 1000): Vlakgeometrie => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]],
});

const stel = (data: Partial<AmbtsgebiedCommand['data']> = {}): AmbtsgebiedCommand => ({
  type: 'StelAmbtsgebiedVast',
  data: { code: 'gm0344', naam: 'Utrecht', geometrie: vierkant(130000, 450000), bron: 'test', ...data },
});

const weigert = (t: import('ava').ExecutionContext, command: AmbtsgebiedCommand, code: AmbtsgebiedFoutcode, message: RegExp, state = beginToestand()) => {
  const fout = t.throws(() => decide(command, state), { instanceOf: AmbtsgebiedFout, message });
  t.is(fout?.code, code);
};

test('a first vaststelling gives one event with the bestuurslaag from the code', (t) => {
  const events = decide(stel(), beginToestand());
  t.deepEqual(events, [{ type: 'AmbtsgebiedVastgesteld', data: { code: 'gm0344', naam: 'Utrecht', bestuurslaag: 'gemeente', geometrie: vierkant(130000, 450000), bron: 'test' } }]);
  t.like(events.reduce(evolve, beginToestand()), { code: 'gm0344', naam: 'Utrecht', bestuurslaag: 'gemeente' });
  t.is(decide(stel({ code: 'pv26', naam: 'Utrecht' }), beginToestand())[0]!.data.bestuurslaag, 'provincie');
  t.is(decide(stel({ code: 'mnre1034', naam: 'Rijk' }), beginToestand())[0]!.data.bestuurslaag, 'rijk');
  t.is(decide(stel({ code: 'ws0155', naam: 'HDSR' }), beginToestand())[0]!.data.bestuurslaag, 'waterschap');
});

test('the same naam and geometrie again cause nothing; a new geometrie or naam does', (t) => {
  const state = decide(stel(), beginToestand()).reduce(evolve, beginToestand());
  t.deepEqual(decide(stel(), state), []);
  t.deepEqual(decide(stel({ bron: 'andere bron, zelfde grens' }), state), []);
  t.is(decide(stel({ geometrie: vierkant(131000, 450000) }), state).length, 1);
  t.is(decide(stel({ naam: 'Gemeente Utrecht' }), state).length, 1);
});

test('a MultiPolygon is accepted', (t) => {
  const multi: Vlakgeometrie = { type: 'MultiPolygon', coordinates: [vierkant(130000, 450000).coordinates as number[][][], vierkant(140000, 450000).coordinates as number[][][]] };
  t.is(decide(stel({ geometrie: multi }), beginToestand()).length, 1);
});

test('bad codes are refused', (t) => {
  weigert(t, stel({ code: 'GM0344' }), 'ongeldige_invoer', /geen code van een bevoegd gezag/);
  weigert(t, stel({ code: 'gemeente-utrecht' }), 'ongeldige_invoer', /geen code van een bevoegd gezag/);
  weigert(t, stel({ code: 'gm344' }), 'ongeldige_invoer', /geen code/);
  const utrecht = decide(stel(), beginToestand()).reduce(evolve, beginToestand());
  weigert(t, stel({ code: 'gm0363' }), 'ongeldige_invoer', /ambtsgebied van gm0344, niet van gm0363/, utrecht);
});

test('an empty naam or bron is refused', (t) => {
  weigert(t, stel({ naam: '  ' }), 'ongeldige_invoer', /heeft een naam/);
  weigert(t, stel({ bron: '' }), 'ongeldige_invoer', /bron/);
});

test('WGS84 coordinates are refused with a hint', (t) => {
  const wgs84: Vlakgeometrie = { type: 'Polygon', coordinates: [[[5.1, 52.0], [5.2, 52.0], [5.2, 52.1], [5.1, 52.0]]] };
  weigert(t, stel({ geometrie: wgs84 }), 'ongeldige_geometrie', /buiten Nederland.*WGS84/);
});

test('an open ring, a short ring and a non-area geometry are refused', (t) => {
  const open: Vlakgeometrie = { type: 'Polygon', coordinates: [[[130000, 450000], [131000, 450000], [131000, 451000], [130000, 451000]]] };
  weigert(t, stel({ geometrie: open }), 'ongeldige_geometrie', /niet gesloten/);
  const kort: Vlakgeometrie = { type: 'Polygon', coordinates: [[[130000, 450000], [131000, 450000], [130000, 450000]]] };
  weigert(t, stel({ geometrie: kort }), 'ongeldige_geometrie', /minstens 4 punten/);
  const lijn = { type: 'LineString', coordinates: [[130000, 450000], [131000, 450000]] } as unknown as Vlakgeometrie;
  weigert(t, stel({ geometrie: lijn }), 'ongeldige_geometrie', /een vlak \(Polygon of MultiPolygon\)/);
  weigert(t, stel({ geometrie: undefined as unknown as Vlakgeometrie }), 'ongeldige_geometrie', /een vlak/);
  const tekst = { type: 'Polygon', coordinates: [[['a', 'b'], [1, 2], [3, 4], ['a', 'b']]] } as unknown as Vlakgeometrie;
  weigert(t, stel({ geometrie: tekst }), 'ongeldige_geometrie', /geen paar getallen/);
});

test('a geometry whose event would pass the store limit is refused with advice', (t) => {
  // About 50,000 points with many decimals: under the point limit, over the byte limit.
  const ring: number[][] = [];
  for (let i = 0; i < 50_000; i++) {
    const hoek = (2 * Math.PI * i) / 50_000;
    ring.push([150000.123456789 + 10000 * Math.cos(hoek), 450000.123456789 + 10000 * Math.sin(hoek)]);
  }
  ring.push(ring[0]!);
  t.true(Buffer.byteLength(JSON.stringify(ring)) > MAX_AMBTSGEBIED_BYTES);
  weigert(t, stel({ geometrie: { type: 'Polygon', coordinates: [ring] } }), 'te_groot', /bytes JSON.*Vereenvoudig/);
});
