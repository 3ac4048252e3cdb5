#!/usr/bin/env node
"use strict";
// Entry point of the `pulumi-flink` command; the code lives in components/cli (compiled to dist/).
let cli;
try {
    cli = require("../dist/components/cli/main.js");
} catch (err) {
    process.stderr.write(`pulumi-flink: the package is not built (${err.message}). Run "npm run build" in the package first.\n`);
    process.exit(2);
}
// A reader that stops early (`pulumi-flink validate ... | head`) closes the pipe: that is not an error of ours.
for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err) => {
        if (err && err.code === "EPIPE") process.exit(process.exitCode || 0);
        throw err;
    });
}
try {
    process.exitCode = cli.main(process.argv.slice(2), {
        out: (text) => process.stdout.write(text),
        err: (text) => process.stderr.write(text),
    });
} catch (err) {
    process.stderr.write(`pulumi-flink: internal error: ${err && err.message}\n`);
    process.exitCode = 2;
}
