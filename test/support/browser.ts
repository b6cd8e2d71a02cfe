import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { projectRoot } from '../../infrastructure/paths.ts';

/**
 * Chromium from Debian, driven by playwright-core, with WebGL on SwiftShader (see STACK.md):
 * no download, no network. Screenshots go to .tmp/schermafdrukken, to look at.
 */
export function openBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
}

export const schermafdrukken = join(projectRoot, '.tmp', 'schermafdrukken');
mkdirSync(schermafdrukken, { recursive: true });

/** Violations axe-core finds of impact serious or critical, as "id: help (n elements)". */
export async function ernstigeToegankelijkheidsfouten(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy (no inline scripts) stays as it is.
  await page.evaluate(axe.source);
  const uit = await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }));
  return uit.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).slice(0, 3).join('; ')})`);
}

/** How many pixels of a PNG satisfy a test of their colour. */
export function telPixels(png: Buffer, past: (r: number, g: number, b: number) => boolean): number {
  const { data, width, height } = PNG.sync.read(png);
  let n = 0;
  for (let i = 0; i < width * height * 4; i += 4) if (past(data[i]!, data[i + 1]!, data[i + 2]!)) n++;
  return n;
}

/** Waits until the viewer's map has drawn everything it is loading. */
export async function kaartKlaar(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const k = (window as unknown as { omgevingsloketKaart?: { loaded(): boolean; areTilesLoaded(): boolean; isMoving(): boolean; getSource(id: string): unknown; isSourceLoaded(id: string): boolean } }).omgevingsloketKaart;
    // A vector source still fetching its TileJSON has no tiles yet, so areTilesLoaded alone says too little.
    const bronnen = ['werkingsgebieden', 'bestemmingsplannen', 'markering', 'zoeklocatie'].filter((id) => k?.getSource(id));
    return !!k && k.loaded() && k.areTilesLoaded() && !k.isMoving() && bronnen.length > 0 && bronnen.every((id) => k.isSourceLoaded(id));
  }, undefined, { timeout: 20_000 });
  // One more frame, so what is loaded is also drawn.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Clicks the map at a point given in WGS84; `dubbel`: a real double-click (two clicks, then dblclick). */
export async function klikOpKaart(page: Page, lonLat: [number, number], { dubbel = false } = {}): Promise<void> {
  const { x, y } = await page.evaluate((p) => {
    const k = (window as unknown as { omgevingsloketKaart: { project(p: [number, number]): { x: number; y: number }; getCanvas(): HTMLCanvasElement } }).omgevingsloketKaart;
    const punt = k.project(p);
    const vak = k.getCanvas().getBoundingClientRect();
    return { x: vak.left + punt.x, y: vak.top + punt.y };
  }, lonLat);
  if (dubbel) await page.mouse.dblclick(x, y);
  else await page.mouse.click(x, y);
}

/**
 * In the page: whether the viewer's regels list is done (a location chosen, not loading) and,
 * with `alleen`, shows just one regel, whose heading begins with it. A plain function without
 * named inner functions (tsx would wrap those in a helper the page lacks), so it goes to the
 * page as it is (page.waitForFunction) or as text in a script (`(${lijstKlaarInPagina})()`).
 */
export const lijstKlaarInPagina = (alleen?: string): boolean => {
  const s = document.querySelector('.regels');
  if (s?.getAttribute('aria-busy') !== 'false' || /laden|Kies een locatie/.test(s.querySelector('[role=status]')?.textContent ?? '')) return false;
  if (alleen === undefined) return true;
  const koppen = [...s.querySelectorAll('.regel .kop')].map((k) => k.textContent ?? '');
  return koppen.length === 1 && koppen[0]!.startsWith(alleen);
};

/** Waits until the viewer's regels list is done (and, with `alleen`, shows just that one regel). */
export async function regelsKlaar(page: Page, alleen?: string, timeout = 30_000): Promise<void> {
  await page.waitForFunction(lijstKlaarInPagina, alleen, { timeout });
}
