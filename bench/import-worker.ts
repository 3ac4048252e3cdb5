/**
 * In a fresh process: requires @pulumi/pulumi and @pulumi/kubernetes, then the given module, and prints
 * {baseMs, ms}: what the base modules took and what the given module added on top.
 */
const t0 = process.hrtime.bigint();
require("@pulumi/pulumi");
require("@pulumi/kubernetes");
const t1 = process.hrtime.bigint();
for (const mod of process.argv.slice(2)) require(mod);
const t2 = process.hrtime.bigint();
process.stdout.write(JSON.stringify({ baseMs: Number(t1 - t0) / 1e6, ms: Number(t2 - t1) / 1e6 }) + "\n");
process.exit(0);
