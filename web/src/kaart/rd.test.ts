import test from 'ava';
import { inNederland, naarRd, naarWgs84, rdPunt } from './rd.ts';

// Reference values from PostGIS ST_Transform (EPSG:28992 with its datum shift).
test('RD to WGS84 within a metre of PostGIS, at Amersfoort, Amsterdam and Groningen', (t) => {
  const dichtbij = ([a, b]: number[], [c, d]: number[]) => Math.abs(a! - c!) < 1e-5 && Math.abs(b! - d!) < 1e-5;
  t.true(dichtbij(naarWgs84([155000, 463000]), [5.38720621, 52.1551744]));
  t.true(dichtbij(naarWgs84([120700.723, 487525.501]), [4.883522915, 52.374530425]), String(naarWgs84([120700.723, 487525.501])));
  t.true(dichtbij(naarWgs84([233883.131, 582065.167]), [6.568197740, 53.219381063]), String(naarWgs84([233883.131, 582065.167])));
});

test('WGS84 to RD within a metre of PostGIS, and back again', (t) => {
  const [x, y] = naarRd([5.0, 51.5]);
  t.true(Math.abs(x - 128114.163) < 1 && Math.abs(y - 390179.94) < 1, `${x}, ${y}`);
  for (const p of [[100000, 400000], [250000, 600000], [20000, 370000]]) {
    const [x2, y2] = naarRd(naarWgs84(p));
    t.true(Math.hypot(x2 - p[0]!, y2 - p[1]!) < 1, `${p} → ${x2}, ${y2}`);
  }
  t.true(inNederland([155000, 463000]));
  t.false(inNederland([5.1, 52.1]), 'WGS84 degrees are no RD metres');
  t.deepEqual(rdPunt([5.0, 51.5]), [128113.98, 390179.71], 'to the centimetre');
});
