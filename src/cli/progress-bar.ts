/**
 * A one-line progress bar on stderr for long CLI work (seeding the demo). On a terminal it
 * redraws in place; in logs and CI it prints a line at every tenth.
 */
export function createProgressBar(label: string, stream: NodeJS.WriteStream = process.stderr) {
  let lastDecile = -1;
  return (done: number, total: number, item: string) => {
    const fraction = total === 0 ? 1 : done / total;
    if (stream.isTTY) {
      const width = 24;
      const filled = Math.round(fraction * width);
      const bar = `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
      stream.write(`\r${label} ${bar} ${done}/${total} ${item.slice(0, 30).padEnd(30)}`);
      if (done >= total) stream.write("\n");
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile !== lastDecile) {
      lastDecile = decile;
      stream.write(`${label} ${done}/${total}\n`);
    }
  };
}
