/**
 * A progress line for long work on a terminal: a bar redrawn in place on a TTY, and a plain
 * line every few seconds when the output is a file or a pipe (CI logs).
 */
export function progressBar(label: string, total: number, out: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let lastDrawn = 0;
  const line = (done: number) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    return `${label} ${done}/${total} (${Math.round(fraction * 100)}%, ${rate}/s)`;
  };
  return {
    /** Cheap to call often: redraws at most 10 times a second on a TTY, every 2 s otherwise. */
    update(done: number) {
      const now = Date.now();
      if (now - lastDrawn < (out.isTTY ? 100 : 2000)) return;
      lastDrawn = now;
      if (out.isTTY) {
        const width = 30;
        const filled = Math.round(width * (total > 0 ? Math.min(1, done / total) : 1));
        out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line(done)}`);
      } else {
        out.write(`${line(done)}\n`);
      }
    },
    done(done: number) {
      out.write(`${out.isTTY ? '\r' : ''}${line(done)} done in ${((Date.now() - started) / 1000).toFixed(1)} s${out.isTTY ? '\x1b[K' : ''}\n`);
    },
  };
}
