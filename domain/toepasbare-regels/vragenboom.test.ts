import test from 'ava';
import { conclusieVan, totaalconclusie } from './vragenboom.ts';

test('a conclusie: the strongest a tree concluded; niet te bepalen with the reason', (t) => {
  t.deepEqual(conclusieVan(['Toestemmingsvrij', 'Meldingsplicht'], true), { conclusie: 'Meldingsplicht' });
  t.deepEqual(conclusieVan('Vergunningplicht', true), { conclusie: 'Vergunningplicht' });
  t.deepEqual(conclusieVan(['NeemContactOpMet'], true), { conclusie: 'NietTeBepalen', reden: 'neem contact op met het bevoegd gezag' });
  t.deepEqual(conclusieVan([], true), { conclusie: 'NietTeBepalen', reden: 'de regels geven voor deze antwoorden geen conclusie' });
  t.deepEqual(conclusieVan(undefined, false, 'model X: beslissing Y'), { conclusie: 'NietTeBepalen', reden: 'hangt af van model X: beslissing Y' });
});

test('the overall conclusion: the strongest; open when a tree is open and nothing already needs a vergunning', (t) => {
  t.is(totaalconclusie(['Toestemmingsvrij', 'Meldingsplicht']), 'Meldingsplicht');
  t.is(totaalconclusie(['NietTeBepalen', 'Vergunningplicht']), 'Vergunningplicht', 'a vergunning is needed whatever the other says');
  t.is(totaalconclusie(['NietTeBepalen', 'Meldingsplicht']), 'NietTeBepalen');
  t.is(totaalconclusie(['Toestemmingsvrij', 'NietVanToepassing']), 'Toestemmingsvrij');
  t.is(totaalconclusie([]), 'NietTeBepalen');
});
