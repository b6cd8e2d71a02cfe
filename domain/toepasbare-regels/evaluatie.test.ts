import test from 'ava';
import { EvaluatieFout, controleerAntwoord, evalueer } from './evaluatie.ts';
import type { Aggregatie, Beslissing, DmnModel, HitPolicy } from './model.ts';

/** A model with inputs a (number), b (boolean), c (list) and one decision table over a and b. */
function model(hitPolicy: HitPolicy, regels: [string, string, string][], opties: { aggregatie?: Aggregatie; waarden?: string[]; extra?: Beslissing[] } = {}): DmnModel {
  const tabel: Beslissing = {
    id: 'd1',
    naam: 'Uitkomst',
    vereisteBeslissingen: (opties.extra ?? []).map((b) => b.id),
    vereisteInvoer: ['i-a', 'i-b'],
    logica: {
      soort: 'beslistabel',
      hitPolicy,
      ...(opties.aggregatie ? { aggregatie: opties.aggregatie } : {}),
      invoer: [{ id: 'in1', expressie: 'Aantal' }, { id: 'in2', expressie: 'Binnen' }],
      uitvoer: [{ id: 'out', ...(opties.waarden ? { waarden: opties.waarden } : {}) }],
      regels: regels.map(([a, b, uit], i) => ({ id: `r${i + 1}`, invoer: [a, b], uitvoer: [uit], annotaties: [`/akn/nl/act/gm0001/2024/regels/art_${i + 1}`] })),
    },
  };
  return {
    id: 'm',
    naam: 'Test',
    namespace: 'urn:test',
    dmnVersie: '1.2',
    regelgroepen: [{ id: 'g1', naam: 'Algemeen', prioriteit: 1 }, { id: 'g2', naam: 'Meer', prioriteit: 2 }],
    uitvoeringsregels: {
      u1: { id: 'u1', regelgroep: 'g2', prioriteit: 10, vraag: { gegevensType: 'number', tekst: 'Hoeveel?' } },
      u2: { id: 'u2', regelgroep: 'g1', prioriteit: 20, vraag: { gegevensType: 'boolean', tekst: 'Binnen?' } },
      u3: { id: 'u3', regelgroep: 'g1', prioriteit: 30, vraag: { gegevensType: 'list', tekst: 'Welke kant?', opties: [{ volgnummer: 1, tekst: 'Voorkant' }, { volgnummer: 2, tekst: 'Achterkant' }] } },
    },
    invoer: {
      'i-a': { id: 'i-a', naam: 'Aantal', typeRef: 'number', uitvoeringsregel: 'u1' },
      'i-b': { id: 'i-b', naam: 'Binnen', typeRef: 'boolean', uitvoeringsregel: 'u2' },
      'i-c': { id: 'i-c', naam: 'Kant', typeRef: 'string', uitvoeringsregel: 'u3' },
    },
    beslissingen: Object.fromEntries([tabel, ...(opties.extra ?? [])].map((b) => [b.id, b])),
    maatregelen: [],
  };
}
const uit = (m: DmnModel, antwoorden: Record<string, unknown>) => evalueer(m, antwoorden).hoofd.d1!;

test('UNIQUE: one rule matches; with nothing answered, both questions are needed, in the order the model asks them', (t) => {
  const m = model('UNIQUE', [['< 10', 'true', '"klein binnen"'], ['< 10', 'false', '"klein buiten"'], ['>= 10', '-', '"groot"']]);
  t.like(uit(m, { 'i-a': 3, 'i-b': false }), { bepaald: true, waarde: 'klein buiten', regels: ['r2'], annotaties: ['/akn/nl/act/gm0001/2024/regels/art_2'] });
  const leeg = evalueer(m, {});
  t.false(leeg.hoofd.d1!.bepaald);
  t.deepEqual(leeg.nodig, ['i-b', 'i-a'], 'regelgroep 1 (Binnen) before regelgroep 2 (Aantal)');
  // Aantal 12 decides it: Binnen cannot change the outcome any more, so it is not needed.
  t.like(uit(m, { 'i-a': 12 }), { bepaald: true, waarde: 'groot' });
  t.deepEqual(evalueer(m, { 'i-a': 12 }).nodig, []);
  t.deepEqual(evalueer(m, { 'i-a': 3 }).nodig, ['i-b']);
  t.like(uit(model('UNIQUE', [['< 10', '-', '"x"']]), { 'i-a': 50 }), { bepaald: true, waarde: null, regels: [] });
  const fout = t.throws(() => uit(model('UNIQUE', [['< 10', '-', '"x"'], ['< 5', '-', '"y"']]), { 'i-a': 1 }), { instanceOf: EvaluatieFout });
  t.regex(fout.message, /UNIQUE.*meer dan één passende regel: r1, r2/);
});

test('FIRST: the first matching rule, undetermined while an earlier rule may still match', (t) => {
  const m = model('FIRST', [['-', 'true', '"binnen"'], ['> 5', '-', '"veel"'], ['-', '-', '"anders"']]);
  t.like(uit(m, { 'i-b': true }), { bepaald: true, waarde: 'binnen' });
  t.false(uit(m, { 'i-a': 9 }).bepaald, 'rule 1 may still match: Binnen is needed');
  t.deepEqual(evalueer(m, { 'i-a': 9 }).nodig, ['i-b']);
  t.like(uit(m, { 'i-a': 9, 'i-b': false }), { bepaald: true, waarde: 'veel', regels: ['r2'] });
  t.like(uit(m, { 'i-a': 1, 'i-b': false }), { waarde: 'anders' });
});

test('PRIORITY by the output values: a lower rule with a higher priority wins; a rule that may still beat it keeps it open', (t) => {
  const waarden = ['"Vergunningplicht"', '"Meldingsplicht"', '"Toestemmingsvrij"'];
  const m = model('PRIORITY', [['-', '-', '"Toestemmingsvrij"'], ['> 100', '-', '"Meldingsplicht"'], ['-', 'true', '"Vergunningplicht"']], { waarden });
  t.like(uit(m, { 'i-a': 200, 'i-b': false }), { bepaald: true, waarde: 'Meldingsplicht', regels: ['r2'] });
  t.like(uit(m, { 'i-a': 200, 'i-b': true }), { waarde: 'Vergunningplicht', regels: ['r3'] });
  t.false(uit(m, { 'i-a': 200 }).bepaald, 'Vergunningplicht may still come');
  t.like(uit(m, { 'i-b': true }), { bepaald: true, waarde: 'Vergunningplicht' }, 'the highest priority needs no more answers');
});

test('ANY: several rules may match with the same output; different outputs are an error', (t) => {
  const m = model('ANY', [['> 5', '-', 'true'], ['-', 'true', 'true'], ['<= 5', 'false', 'false']]);
  t.like(uit(m, { 'i-a': 9, 'i-b': true }), { bepaald: true, waarde: true, regels: ['r1', 'r2'] });
  t.like(uit(m, { 'i-a': 9 }), { bepaald: true, waarde: true }, 'one matching rule settles ANY');
  t.throws(() => uit(model('ANY', [['> 5', '-', 'true'], ['-', 'true', 'false']]), { 'i-a': 9, 'i-b': true }), { instanceOf: EvaluatieFout, message: /ANY.*verschillende uitkomsten/ });
});

test('COLLECT, with and without aggregation, RULE ORDER and OUTPUT ORDER: all matching rules, once nothing can change them', (t) => {
  const regels: [string, string, string][] = [['> 1', '-', '3'], ['-', 'true', '1'], ['> 5', '-', '2']];
  t.false(uit(model('COLLECT', regels), { 'i-a': 9 }).bepaald);
  t.like(uit(model('COLLECT', regels), { 'i-a': 9, 'i-b': true }), { waarde: [3, 1, 2], regels: ['r1', 'r2', 'r3'] });
  t.like(uit(model('RULE ORDER', regels), { 'i-a': 9, 'i-b': false }), { waarde: [3, 2] });
  t.like(uit(model('OUTPUT ORDER', regels, { waarden: ['1', '2', '3'] }), { 'i-a': 9, 'i-b': true }), { waarde: [1, 2, 3], regels: ['r2', 'r3', 'r1'] });
  t.like(uit(model('COLLECT', regels, { aggregatie: 'SUM' }), { 'i-a': 9, 'i-b': true }), { waarde: 6 });
  t.like(uit(model('COLLECT', regels, { aggregatie: 'COUNT' }), { 'i-a': 9, 'i-b': false }), { waarde: 2 });
  t.like(uit(model('COLLECT', regels, { aggregatie: 'MIN' }), { 'i-a': 9, 'i-b': true }), { waarde: 1 });
  t.like(uit(model('COLLECT', regels, { aggregatie: 'MAX' }), { 'i-a': 0, 'i-b': true }), { waarde: 1 });
  t.like(uit(model('COLLECT', regels, { aggregatie: 'SUM' }), { 'i-a': 0, 'i-b': false }), { waarde: null, regels: [] });
  t.like(uit(model('COLLECT', regels, { aggregatie: 'COUNT' }), { 'i-a': 0, 'i-b': false }), { waarde: 0 });
});

test('a decision that needs another: its questions are asked through it, and its outcome is an input', (t) => {
  const groot: Beslissing = {
    id: 'd0',
    naam: 'Groot',
    vereisteBeslissingen: [],
    vereisteInvoer: ['i-a'],
    logica: { soort: 'expressie', tekst: 'Aantal > 10' },
  };
  const m = model('UNIQUE', [['-', '-', 'if Groot then "groot" else "klein"']], { extra: [groot] });
  t.deepEqual(evalueer(m, {}).nodig, ['i-a'], 'the output needs Groot, Groot needs Aantal');
  t.like(uit(m, { 'i-a': 11 }), { bepaald: true, waarde: 'groot' });
  t.like(evalueer(m, { 'i-a': 11 }).beslissingen.d0, { bepaald: true, waarde: true });
  t.deepEqual(Object.keys(evalueer(m, {}).hoofd), ['d1'], 'Groot is needed by Uitkomst, so not a hoofdbeslissing');
});

test('a fixed value (vasteWaarde) is filled in; a decision of another model is external until it is given', (t) => {
  const m = model('FIRST', [['-', 'true', '"binnen"'], ['-', '-', '"buiten"']]);
  m.uitvoeringsregels.u2 = { id: 'u2', vasteWaarde: { vraag: 'Binnen?', waarde: 'true', gegevensType: 'boolean' } };
  t.like(uit(m, {}), { bepaald: true, waarde: 'binnen' });
  const aanroep: Beslissing = { id: 'd1', naam: 'Uitkomst', vereisteBeslissingen: [], vereisteInvoer: [], logica: { soort: 'aanroep', model: 'Ander model', beslissing: 'Aansluiting' } };
  const extern = { ...m, beslissingen: { d1: aanroep } };
  t.like(uit(extern, {}), { bepaald: false, extern: 'Ander model: Aansluiting' });
  t.like(evalueer(extern, {}, { aanroep: (model, b) => (model === 'Ander model' && b === 'Aansluiting' ? { bepaald: true, waarde: true, regels: [], annotaties: [], toelichtingen: [], nodig: [] } : undefined) }).hoofd.d1, { bepaald: true, waarde: true });
});

test('answers are checked against their question: type and options', (t) => {
  const m = model('UNIQUE', [['-', '-', '1']]);
  t.is(controleerAntwoord(m, 'i-a', 12), 12);
  t.is(controleerAntwoord(m, 'i-c', 'Voorkant'), 'Voorkant');
  t.throws(() => controleerAntwoord(m, 'i-a', '12'), { instanceOf: EvaluatieFout, message: /"Hoeveel\?" is een getal/ });
  t.throws(() => controleerAntwoord(m, 'i-b', 'ja'), { message: /is ja of nee/ });
  t.throws(() => controleerAntwoord(m, 'i-c', 'Zijkant'), { message: /is een van: Voorkant, Achterkant; niet "Zijkant"/ });
  t.throws(() => controleerAntwoord(m, 'i-x', 1), { message: /geen vraag van dit model/ });
  const slecht = model('UNIQUE', [['>= (', '-', '1']]);
  t.throws(() => uit(slecht, { 'i-a': 1 }), { instanceOf: EvaluatieFout, message: /geen geldige FEEL/ });
});
