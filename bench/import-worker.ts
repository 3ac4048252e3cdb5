/** Prints how long requiring the given modules takes, in a fresh process: {ms}. */
const start = process.hrtime.bigint();
for (const mod of process.argv.slice(2)) require(mod);
process.stdout.write(JSON.stringify({ ms: Number(process.hrtime.bigint() - start) / 1e6 }) + "\n");
process.exit(0);
