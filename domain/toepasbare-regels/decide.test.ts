import test from 'ava';
import { RegelbestandFout, decideRegelbestand, type RegelbestandCommand } from './decide.ts';
import { beginRegelbestand, evolveRegelbestand, versieOp, type Regelbestand } from './regelbestand.ts';

const ACT = 'nl.imow-gm0344.activiteit.Dakkapel';
const model = { naam: 'Conclusie Bouwen Dakkapel', dmnVersie: '1.2', vragen: 17, beslissingen: ['Conclusie Dakkapel'] };
const lever = (geldigVanaf: string, geldigTot?: string): RegelbestandCommand => ({ type: 'LeverToepasbareRegels', data: { activiteit: ACT, soort: 'conclusie', geldigVanaf, ...(geldigTot ? { geldigTot } : {}), bestand: 'dakkapel.dmn', dmn: '<definitions/>', model } });
const ctx = { bevoegdGezag: 'gm0344' };
function run(commands: RegelbestandCommand[], state: Regelbestand = beginRegelbestand()): Regelbestand {
  return commands.reduce((s, c) => decideRegelbestand(c, s, ctx).reduce(evolveRegelbestand, s), state);
}

test('which version applies on a date: deliveries take over from their geldigVanaf, a period ends, a withdrawal ends what came before it', (t) => {
  const s = run([lever('2024-01-01'), lever('2025-01-01', '2025-07-01')]);
  t.is(versieOp(s, '2023-12-31'), undefined, 'before the first');
  t.is(versieOp(s, '2024-06-01')?.versie, 1);
  t.is(versieOp(s, '2025-03-01')?.versie, 2, 'the later delivery takes over');
  t.is(versieOp(s, '2025-08-01')?.versie, 1, 'after its period, the first one applies again');
  const ingetrokken = run([{ type: 'TrekToepasbareRegelsIn', data: { activiteit: ACT, soort: 'conclusie', per: '2026-01-01', reden: 'activiteit vervalt' } }], s);
  t.is(versieOp(ingetrokken, '2025-12-31')?.versie, 1);
  t.is(versieOp(ingetrokken, '2026-01-01'), undefined);
  const opnieuw = run([lever('2027-01-01')], ingetrokken);
  t.is(versieOp(opnieuw, '2026-06-01'), undefined);
  t.is(versieOp(opnieuw, '2027-02-01')?.versie, 3, 'a delivery after the withdrawal applies again');
});

test('bad commands are refused with a reason', (t) => {
  const s = run([lever('2024-01-01')]);
  const weiger = (c: RegelbestandCommand, code: RegelbestandFout['code'], reden: RegExp, state = s, context = ctx) => {
    const fout = t.throws(() => decideRegelbestand(c, state, context), { instanceOf: RegelbestandFout });
    t.is(fout.code, code);
    t.regex(fout.message, reden);
  };
  weiger(lever('2024-02-30'), 'ongeldige_invoer', /geen bestaande datum/);
  weiger(lever('2024-13-01'), 'ongeldige_invoer', /geen bestaande datum/);
  weiger(lever('2024-05-01', '2024-04-01'), 'onmogelijke_datum', /ligt niet na geldigVanaf/);
  weiger({ ...lever('2024-01-01'), data: { ...lever('2024-01-01').data, activiteit: 'dakkapel' } } as RegelbestandCommand, 'ongeldige_invoer', /geen IMOW-activiteit/);
  weiger({ ...lever('2024-01-01'), data: { ...lever('2024-01-01').data, soort: 'uitleg' } } as unknown as RegelbestandCommand, 'ongeldige_invoer', /Onbekende soort "uitleg"/);
  weiger(lever('2025-01-01'), 'niet_bevoegd', /is een activiteit van gm0344; gm0363 levert er geen toepasbare regels voor/, s, { bevoegdGezag: 'gm0363' });
  weiger({ type: 'TrekToepasbareRegelsIn', data: { activiteit: ACT, soort: 'conclusie', per: '2025-01-01', reden: 'x' } }, 'onbekend', /geen toepasbare regels/, beginRegelbestand());
  weiger({ type: 'TrekToepasbareRegelsIn', data: { activiteit: ACT, soort: 'conclusie', per: '2025-01-01', reden: ' ' } }, 'ongeldige_invoer', /reden/);
});
