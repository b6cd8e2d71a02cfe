import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'ava';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from './support/app.ts';
import { ernstigeToegankelijkheidsfouten, openBrowser, schermafdrukken } from './support/browser.ts';
import { PARK, checkEnv, metCheckgegevens } from './support/vergunningcheck.ts';

/**
 * The whole Vergunningcheck in a browser: from a place chosen on the map and a werkzaamheid,
 * question by question (with back), to the outcome per overheid, the maatregelen downloaded as
 * Excel and opened, and the page printed.
 */
let app: TestApp;
let browser: Browser;
test.before(async () => {
  [app, browser] = await Promise.all([startTestApp({ env: { ...checkEnv, LOCATIESERVER_URL: 'uit', BASISKAART: 'lokaal' } }), openBrowser()]);
  await metCheckgegevens(app);
});
test.after.always(async () => {
  await browser?.close();
  await app?.close();
});

/** The question shown now. */
const vraag = (page: Page) => page.textContent('form.vraag legend');

test.serial('a check from the map: one question per step, back, the outcome per overheid, maatregelen as Excel, print', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  t.teardown(() => context.close());
  await page.goto(`${app.baseUrl}/vergunningcheck?punt=${PARK.join(',')}`);
  t.regex(await page.textContent('.gekozen') ?? '', /Plek: x 138100, y 456100 \(gekozen op de kaart\)/);
  await page.fill('#check-werkzaamheid', 'dakk');
  await page.check('label:has-text("Dakkapel plaatsen") input');
  t.deepEqual(await ernstigeToegankelijkheidsfouten(page), [], 'the start page');
  await page.click('button:has-text("Start de check")');
  await page.waitForURL(/sessie=/);
  t.is(await vraag(page), 'Is er sprake van een monument (gemeentelijk / provinciaal / rijk)?');
  t.regex(await page.textContent('.voortgang') ?? '', /Vraag 1 van ongeveer \d+/);
  t.regex(await page.textContent('details:has-text("Beantwoord met de plek")') ?? '', /Ligt het pand binnen de gemeentegrens van Veenendaal\?\s*ja/);
  t.deepEqual(await ernstigeToegankelijkheidsfouten(page), [], 'a question');

  // Nothing chosen: asked to answer, nothing sent.
  await page.click('button:has-text("Volgende")');
  t.is(await page.textContent('.vraag [role=alert]'), 'Geef een antwoord op de vraag.');
  await page.check('label:has-text("Ja") input');
  await page.click('button:has-text("Volgende")');
  await page.waitForFunction(() => document.querySelector('form.vraag legend')?.textContent !== 'Is er sprake van een monument (gemeentelijk / provinciaal / rijk)?');
  t.is(await vraag(page), 'Is dakkapel voorzien van een plat dak?');
  // Back to the monument question, which comes again.
  await page.click('button:has-text("Terug")');
  await page.waitForFunction(() => document.querySelector('form.vraag legend')?.textContent?.startsWith('Is er sprake van een monument'));
  t.regex((await vraag(page))!, /^Is er sprake van een monument/, 'back to the first question');
  await page.check('label:has-text("Ja") input');
  await page.click('button:has-text("Volgende")');
  await page.waitForFunction(() => document.querySelector('form.vraag legend')?.textContent === 'Is dakkapel voorzien van een plat dak?');

  // Answer what comes with the first option or "Nee", until the outcome.
  const gevraagd: string[] = [];
  for (let i = 0; i < 30; i++) {
    if (await page.isVisible('h1:has-text("Uitkomst van de check")')) break;
    const tekst = (await vraag(page))!;
    gevraagd.push(tekst);
    if (tekst === 'Is dakkapel voorzien van een plat dak?') await page.check('label:has-text("Ja") input');
    else if (await page.isVisible('label:has-text("Nee") input')) await page.check('label:has-text("Nee") input');
    else await page.check('form.vraag input[type=radio] >> nth=0');
    await page.click('button:has-text("Volgende")');
    await page.waitForFunction((v) => document.querySelector('form.vraag legend')?.textContent !== v || !!document.querySelector('h1 + .totaal'), tekst);
  }
  t.true(await page.isVisible('h1:has-text("Uitkomst van de check")'), gevraagd.join(' | '));
  t.is(await page.textContent('.totaal'), 'Dit mag hier niet.');
  t.deepEqual((await page.$$eval('.conclusie h3', (hs) => hs.map((h) => h.textContent))).sort(), ['dakkapel plaatsen gm0344', 'geluid maken in stiltegebied pv26']);
  t.is(await page.locator('table.maatregelen tbody tr').count(), 5);
  t.is(await page.getAttribute('.conclusie a:has-text("art1")', 'href'), `/kaart?punt=${PARK.join(',')}&regel=nl.imow-gm0344.juridischeregel.art1`, 'the regel behind it, on the map at the place of the check');
  t.deepEqual(await ernstigeToegankelijkheidsfouten(page), [], 'the outcome');
  await page.screenshot({ path: join(schermafdrukken, 'vergunningcheck-uitkomst.png'), fullPage: true });

  // The maatregelen as a real Excel file.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("Download de maatregelen als Excel-bestand")')]);
  const boek = new ExcelJS.Workbook();
  await boek.xlsx.load((await readFile((await download.path())!)) as never);
  const blad = boek.getWorksheet('Maatregelen')!;
  t.is(blad.getRow(1).getCell(2).value, 'Maatregel');
  t.deepEqual([2, 3, 4, 5, 6].map((r) => blad.getRow(r).getCell(1).value).sort(), ['m0086', 'm0106', 'm0108', 'm0109', 'm0111']);

  // Printing shows the outcome without the loket's menu and buttons.
  await page.emulateMedia({ media: 'print' });
  t.false(await page.isVisible('.paginakop'));
  t.false(await page.isVisible('button:has-text("Print de uitkomst")'));
  t.true(await page.isVisible('.totaal'));
  // A reload resumes the same check.
  await page.emulateMedia({ media: 'screen' });
  await page.reload();
  t.is(await page.textContent('.totaal'), 'Dit mag hier niet.');
});

test.serial('the viewer leads to the check for the chosen place; a werkzaamheid without regels there is said plainly', async (t) => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  t.teardown(() => page.close());
  await page.goto(`${app.baseUrl}/kaart?punt=${PARK.join(',')}`);
  await page.click('a:has-text("Doe de vergunningcheck voor deze plek")');
  await page.waitForURL(/\/vergunningcheck\?punt=/);
  await page.check('label:has-text("Boom kappen") input');
  await page.click('button:has-text("Start de check")');
  await page.waitForSelector('form [role=alert]:has-text("geen toepasbare regels")');
  t.regex(await page.textContent('form [role=alert]') ?? '', /Voor Boom kappen zijn er op deze plek .* geen toepasbare regels/);
});
