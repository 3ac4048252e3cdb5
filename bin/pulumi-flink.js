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
try {
    process.exitCode = cli.main(process.argv.slice(2), {
        out: (text) => process.stdout.write(text),
        err: (text) => process.stderr.write(text),
    });
} catch (err) {
    process.stderr.write(`pulumi-flink: internal error: ${err && err.message}\n`);
    process.exitCode = 2;
}
