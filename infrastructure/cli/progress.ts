/**
 * A progress line for long work on a terminal: a bar redrawn in place on a TTY, and a plain
 * line every few seconds when the output is a file or a pipe (CI logs).
 */
export function progressBar(label: string, total: number, out: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let lastPlain = 0;
  const line = (done: number) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    return `${label} ${done}/${total} (${Math.round(fraction * 100)}%, ${rate}/s)`;
  };
  return {
    update(done: number) {
      if (out.isTTY) {
        const width = 30;
        const filled = Math.round(width * (total > 0 ? Math.min(1, done / total) : 1));
        out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${line(done)}`);
      } else if (Date.now() - lastPlain > 2000) {
        lastPlain = Date.now();
        out.write(`${line(done)}\n`);
      }
    },
    done(done: number) {
      out.write(`${out.isTTY ? '\r' : ''}${line(done)} done in ${((Date.now() - started) / 1000).toFixed(1)} s${out.isTTY ? '\x1b[K' : ''}\n`);
    },
  };
}
