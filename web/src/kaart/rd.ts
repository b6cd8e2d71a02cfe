/**
 * RD New (EPSG:28992) and WGS84 (EPSG:4326) by the polynomial approximation of Schreutelkamp
 * and Strang van Hees: within a metre over the Netherlands, without a projection library.
 * Good for showing and typing coordinates; the server converts search geometries exactly.
 */
const X0 = 155000;
const Y0 = 463000;
const PHI0 = 52.1551744;
const LAM0 = 5.38720621;

// [p, q, coefficient]: terms dX^p·dY^q (to WGS84) or dφ^p·dλ^q (to RD).
const K: [number, number, number][] = [[0, 1, 3235.65389], [2, 0, -32.58297], [0, 2, -0.2475], [2, 1, -0.84978], [0, 3, -0.0655], [2, 2, -0.01709], [1, 0, -0.00738], [4, 0, 0.0053], [2, 3, -0.00039], [4, 1, 0.00033], [1, 1, -0.00012]];
const L: [number, number, number][] = [[1, 0, 5260.52916], [1, 1, 105.94684], [1, 2, 2.45656], [3, 0, -0.81885], [1, 3, 0.05594], [3, 1, -0.05607], [0, 1, 0.01199], [3, 2, -0.00256], [1, 4, 0.00128], [0, 2, 0.00022], [2, 0, -0.00022], [5, 0, 0.00026]];
const R: [number, number, number][] = [[0, 1, 190094.945], [1, 1, -11832.228], [2, 1, -114.221], [0, 3, -32.391], [1, 0, -0.705], [3, 1, -2.34], [1, 3, -0.608], [0, 2, -0.008], [2, 3, 0.148]];
const S: [number, number, number][] = [[1, 0, 309056.544], [0, 2, 3638.893], [2, 0, 73.077], [1, 2, -157.984], [3, 0, 59.788], [0, 1, 0.433], [2, 2, -6.439], [1, 1, -0.032], [0, 4, 0.092], [1, 4, -0.054]];

const som = (termen: [number, number, number][], a: number, b: number) => termen.reduce((s, [p, q, c]) => s + c * a ** p * b ** q, 0);

/** [lon, lat] of an RD point [x, y]. */
export function naarWgs84([x, y]: readonly number[]): [number, number] {
  const dx = (x! - X0) * 1e-5;
  const dy = (y! - Y0) * 1e-5;
  return [LAM0 + som(L, dx, dy) / 3600, PHI0 + som(K, dx, dy) / 3600];
}

/** RD [x, y] of a point [lon, lat]. */
export function naarRd([lon, lat]: readonly number[]): [number, number] {
  const dphi = 0.36 * (lat! - PHI0);
  const dlam = 0.36 * (lon! - LAM0);
  return [X0 + som(R, dphi, dlam), Y0 + som(S, dphi, dlam)];
}

/** Whether an RD point lies in the Netherlands' part of the grid (with the sea in front of it). */
export const inNederland = ([x, y]: readonly number[]) => x! >= -7000 && x! <= 300000 && y! >= 289000 && y! <= 629000;

/** RD [x, y] of a point [lon, lat], to the centimetre: as a location is kept and put in the URL. */
export function rdPunt(lonLat: readonly number[]): [number, number] {
  const [x, y] = naarRd(lonLat);
  return [Math.round(x * 100) / 100, Math.round(y * 100) / 100];
}
