#!/usr/bin/env node
// @ts-check
// `npm run gen-sdk`: regenerate the checked-in SDKs in sdk/ from the schema the component provider serves.
//
//   1. the toolchain (tools/toolchain.js: Pulumi CLI, language hosts), cached after the first build;
//   2. `pulumi package get-schema <repo>`: the real CLI starts the package (PulumiPlugin.yaml, runtime nodejs) and asks
//      it for its schema; written to sdk/schema.json (2-space JSON, the provider's key order, newline at the end);
//   3. `pulumi package gen-sdk sdk/schema.json --language <l>` for python, go and dotnet: the CLI asks each language
//      host's GeneratePackage (stand-ins for python/go/dotnet, see tools/versions.json), and the result replaces
//      sdk/python (plus a copy of the package README where pyproject.toml looks for it), sdk/go/flink (plus go.mod and
//      go.sum from `go mod tidy`: the Go SDK is a module of its own) and sdk/dotnet.
// The CLI runs in a temporary directory outside the checkout: inside it, the CLI finds both PulumiPlugin.yaml and the
// quickstart's Pulumi.yaml at the root and refuses (`detected both PulumiPlugin.yaml and Pulumi.yaml`).
// Everything runs offline, in a temporary PULUMI_HOME and file backend, removed afterwards. Plugins the package
// declares (kubernetes, aiven) are installed into that PULUMI_HOME first, so the CLI does not try to download them:
// the Kubernetes provider plugin of the toolchain, and for a plugin that cannot be built here (aiven) the
// presence-only stand-in of tools/langhost (answers its name and version, refuses everything else).
// sdk/ is replaced only when every language generated: a failure leaves it as it was.
//
// Flags: --out DIR (write there instead of sdk/; used by the drift test), --languages python,go (a subset),
//        --source DIR (the package directory, default the repository root), --keep (keep the temporary directory).
// Progress and timings go to stderr; a failure ends with one line `gen-sdk: <step> failed: <why>` and exit code 1.
// Also a library: require("./gen-sdk").generate({ outDir, languages }) resolves to { files, timings }.
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawn } = require("child_process");
const { ensureTools, VERSIONS } = require("./toolchain");

const REPO = path.resolve(__dirname, "..");

/**
 * What goes where in sdk/: `from` is relative to `pulumi package gen-sdk --out`, `to` to sdk/.
 * @type {Record<string, { from: string, to: string }>}
 */
const LANGUAGES = {
    python: { from: "python", to: "python" },
    // The Go generator writes the package under go/<name>; that directory is the module (go.mod added below).
    go: { from: "go", to: "go" },
    dotnet: { from: "dotnet", to: "dotnet" },
};
const DEFAULT_LANGUAGES = ["python", "go", "dotnet"];

/** @typedef {import("./toolchain").ChosenTool} ChosenTool */
/** @typedef {{ outDir?: string, languages?: string[], source?: string, keep?: boolean }} GenerateOptions */

class GenError extends Error {
    /** @param {string} step @param {string} message */
    constructor(step, message) {
        super(`gen-sdk: ${step} failed: ${message}`);
        this.step = step;
    }
}

/** @param {string} msg */
function progress(msg) {
    process.stderr.write(`[gen-sdk] ${msg}\n`);
}

/** @param {number} ms */
function secs(ms) {
    return `${(ms / 1000).toFixed(1)}s`;
}

/**
 * Run a command; resolves to stdout. Its output is appended to `log`; on failure the most telling line is reported.
 * @param {string} step
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ env: NodeJS.ProcessEnv, cwd: string, log: string }} options
 * @returns {Promise<string>}
 */
function run(step, cmd, args, { env, cwd, log }) {
    return new Promise((resolve, reject) => {
        fs.appendFileSync(log, `\n$ ${cmd} ${args.join(" ")}\n`);
        const child = spawn(cmd, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
        /** @type {Buffer[]} */
        const out = [];
        /** @type {Buffer[]} */
        const err = [];
        child.stdout.on("data", (d) => out.push(d));
        child.stderr.on("data", (d) => {
            err.push(d);
            fs.appendFileSync(log, d);
        });
        child.on("error", (e) => reject(new GenError(step, `${cmd}: ${e.message} (log: ${log})`)));
        child.on("close", (code, signal) => {
            const stdout = Buffer.concat(out).toString("utf8");
            const stderr = Buffer.concat(err).toString("utf8");
            if (code === 0) return resolve(stdout);
            fs.appendFileSync(log, stdout);
            const lines = `${stderr}\n${stdout}`
                .split("\n")
                .map((l) => l.trim())
                .filter(Boolean);
            const telling = [...lines].reverse().find((l) => /^error:|error|failed|cannot|not found|unable/i.test(l)) || lines.slice(-1)[0] || "";
            reject(new GenError(step, `${path.basename(cmd)} exited with ${signal || code}${telling ? `: ${telling.slice(0, 300)}` : ""} (log: ${log})`));
        });
    });
}

/** Environment for the CLI: the toolchain first on PATH, PULUMI_HOME and a file backend under `work`, no network. */
/** @param {string} binDir @param {string} work @returns {NodeJS.ProcessEnv} */
function offlineEnv(binDir, work) {
    const home = path.join(work, "pulumi-home");
    const backend = path.join(work, "backend");
    for (const d of [home, backend]) fs.mkdirSync(d, { recursive: true });
    /** @type {NodeJS.ProcessEnv} */
    const env = {
        ...process.env,
        PATH: `${binDir}${path.delimiter}${process.env.PATH}`,
        PULUMI_HOME: home,
        PULUMI_BACKEND_URL: `file://${backend}`,
        PULUMI_CONFIG_PASSPHRASE: "gen-sdk-not-a-secret",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_CREDENTIAL_STORE: "plaintext",
    };
    delete env.PULUMI_IGNORE_AMBIENT_PLUGINS;
    delete env.PULUMI_NODEJS_TYPESCRIPT;
    return env;
}

/**
 * The resource plugins the package's node_modules declare, as the Node.js language host reports them to the CLI:
 * package.json files with a "pulumi": { "resource": true } stanza, top level and one scope deep.
 * @param {string} source
 * @returns {{ name: string, version: string }[]}
 */
function declaredPlugins(source) {
    /** @type {Map<string, { name: string, version: string }>} */
    const found = new Map();
    for (let dir = source; ; dir = path.dirname(dir)) {
        const nm = path.join(dir, "node_modules");
        if (fs.existsSync(nm)) {
            const pkgDirs = [];
            for (const e of fs.readdirSync(nm)) {
                if (e.startsWith(".")) continue;
                if (e.startsWith("@")) for (const s of fs.readdirSync(path.join(nm, e))) pkgDirs.push(path.join(nm, e, s));
                else pkgDirs.push(path.join(nm, e));
            }
            for (const d of pkgDirs) {
                let pj;
                try {
                    pj = JSON.parse(fs.readFileSync(path.join(d, "package.json"), "utf8"));
                } catch {
                    continue;
                }
                const p = pj.pulumi;
                if (p && p.resource && p.name && !found.has(p.name))
                    found.set(p.name, { name: p.name, version: String(p.version || pj.version).replace(/^v/, "") });
            }
        }
        if (path.dirname(dir) === dir) break;
    }
    return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Install every declared plugin into the temporary PULUMI_HOME: the toolchain's binary when there is one
 * (pulumi-resource-<name> in the bin dir), otherwise the presence-only stand-in, so the CLI finds them all offline.
 */
/**
 * @param {string} source
 * @param {string} binDir
 * @param {Record<string, ChosenTool>} tools
 * @param {NodeJS.ProcessEnv} env
 * @param {string} log
 * @returns {Promise<string[]>}
 */
async function installPlugins(source, binDir, tools, env, log) {
    const installed = [];
    for (const { name, version } of declaredPlugins(source)) {
        let file = path.join(binDir, `pulumi-resource-${name}`);
        let kind = "toolchain";
        if (!fs.existsSync(file)) {
            const standIn = presenceStandIn(tools);
            kind = "presence-only stand-in";
            if (!standIn)
                throw new GenError(
                    `install plugin ${name} ${version}`,
                    `no pulumi-resource-${name} in ${binDir}, and the Node.js host is not the project's stand-in (whose binary serves as a presence-only provider): install the ${name} ${version} plugin (pulumi plugin install resource ${name} ${version})`,
                );
            file = standIn;
        }
        await run(`install plugin ${name} ${version}`, "pulumi", ["plugin", "install", "resource", name, version, "--file", file], {
            env,
            cwd: os.tmpdir(),
            log,
        });
        installed.push(`${name} ${version} (${kind})`);
    }
    return installed;
}

/**
 * The presence-only provider of tools/langhost: the project's multicall host binary is one when installed under a
 * pulumi-resource-<name> name (tools/langhost/presence.go). Undefined when the Node.js host is a real one from PATH.
 */
/** @param {Record<string, ChosenTool>} tools @returns {string | undefined} */
function presenceStandIn(tools) {
    const host = tools["pulumi-language-nodejs"];
    return host && host.source !== "PATH" ? fs.realpathSync(host.path) : undefined;
}

/**
 * The provider runs the compiled package (package.json main, dist/) while the schema is inferred from the TypeScript
 * sources: both must be the same code. Returns the sources newer than their compiled file (empty when up to date).
 */
/** @param {string} source @returns {string[]} */
function staleBuild(source) {
    /** @type {string[]} */
    const stale = [];
    /** @param {string} rel */
    const visit = (rel) => {
        const abs = path.join(source, rel);
        if (!fs.existsSync(abs)) return;
        if (fs.statSync(abs).isDirectory()) {
            for (const e of fs.readdirSync(abs)) visit(path.join(rel, e));
            return;
        }
        if (!rel.endsWith(".ts") || rel.endsWith(".d.ts")) return;
        const js = path.join(source, "dist", rel.replace(/\.ts$/, ".js"));
        if (!fs.existsSync(js) || fs.statSync(js).mtimeMs < fs.statSync(abs).mtimeMs) stale.push(rel);
    };
    visit("index.ts");
    visit("components");
    return stale;
}

/**
 * Make the generated Go package a module of its own: go.mod with the schema's go importBasePath as module path (the
 * package directory is the module root), requiring github.com/pulumi/pulumi/sdk/v3 at the CLI's version, completed
 * by `go mod tidy` (every requirement and go.sum), so `go build` works in it with -mod=readonly.
 */
/** @param {string} dir @param {any} schema the package schema (JSON) @param {string} log */
async function goModule(dir, schema, log) {
    const go = (schema.language && schema.language.go) || {};
    const modulePath = go.modulePath || go.importBasePath;
    if (!modulePath) throw new GenError("write sdk/go go.mod", "the schema has no language.go.importBasePath (set it in the provider's language settings)");
    fs.writeFileSync(
        path.join(dir, "go.mod"),
        [`module ${modulePath}`, "", `go ${VERSIONS.go.minimum}`, "", `require ${VERSIONS.pulumi.sdkModule} v${VERSIONS.pulumi.version}`, ""].join("\n"),
    );
    const goBin = process.env.GO || "go";
    const env = { ...process.env, ...VERSIONS.go.env, PATH: `${process.env.PATH}${path.delimiter}/usr/local/go/bin` };
    await run("go mod tidy (sdk/go)", goBin, ["mod", "tidy"], { env, cwd: dir, log });
}

/**
 * The Python generator writes the README into the package directory while pyproject.toml names `readme = "README.md"`
 * beside it: without a copy there, building the package warns that the file cannot be found and the package has no
 * long description.
 */
/** @param {string} dir */
function pythonReadme(dir) {
    const pyproject = path.join(dir, "pyproject.toml");
    if (!fs.existsSync(pyproject) || !/^\s*readme\s*=\s*"README\.md"/m.test(fs.readFileSync(pyproject, "utf8"))) return;
    if (fs.existsSync(path.join(dir, "README.md"))) return;
    const pkg = fs.readdirSync(dir, { withFileTypes: true }).find((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "README.md")));
    if (pkg) fs.copyFileSync(path.join(dir, pkg.name, "README.md"), path.join(dir, "README.md"));
}

/** Every file under dir, relative, sorted ('/'-separated). */
/** @param {string} dir @returns {string[]} */
function listFiles(dir) {
    /** @type {string[]} */
    const out = [];
    /** @param {string} d @param {string} rel */
    const walk = (d, rel) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            const r = rel ? `${rel}/${e.name}` : e.name;
            if (e.isDirectory()) walk(path.join(d, e.name), r);
            else out.push(r);
        }
    };
    if (fs.existsSync(dir)) walk(dir, "");
    return out.sort();
}

/**
 * Generate schema.json and the SDKs into `outDir` (default sdk/ of the repository).
 * Options: { outDir, languages, source, keep }. Resolves to { files (relative to outDir), timings, installed }.
 */
/** @param {GenerateOptions} [options] */
async function generate(options = {}) {
    const outDir = path.resolve(options.outDir || path.join(REPO, "sdk"));
    const source = path.resolve(options.source || REPO);
    const languages = options.languages || DEFAULT_LANGUAGES;
    for (const l of languages) {
        if (l === "java")
            throw new GenError(
                "arguments",
                "java: no Java SDK can be generated here (github.com/pulumi/pulumi-java/pkg, the Java host and code generator, is refused by the module proxy)",
            );
        if (!LANGUAGES[l]) throw new GenError("arguments", `unknown language '${l}' (known: ${Object.keys(LANGUAGES).join(", ")})`);
    }
    if (!fs.existsSync(path.join(source, "PulumiPlugin.yaml"))) {
        throw new GenError("find the package", `${source} has no PulumiPlugin.yaml: it is not a Pulumi component package`);
    }
    const stale = staleBuild(source);
    if (stale.length) {
        throw new GenError(
            "check the build",
            `dist/ is older than ${stale.slice(0, 3).join(", ")}${stale.length > 3 ? ` and ${stale.length - 3} more` : ""}: run \`npm run build\` first (\`npm run gen-sdk\` does)`,
        );
    }
    /** @type {Record<string, number>} */
    const timings = {};
    const t0 = Date.now();
    let t = t0;
    /** @param {string} name */
    const lap = (name) => {
        const now = Date.now();
        timings[name] = now - t;
        t = now;
        return secs(timings[name]);
    };

    progress("toolchain (tools/toolchain.js; a cold build takes long, then it is cached)");
    const { binDir, tools } = await ensureTools();
    progress(`toolchain ready in ${lap("tools")}: ${binDir}`);

    const work = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-flink-gen-sdk-"));
    const log = path.join(work, "gen-sdk.log");
    const stage = path.join(work, "sdk");
    fs.mkdirSync(stage);
    const env = offlineEnv(binDir, work);
    let ok = false;
    try {
        const installed = await installPlugins(source, binDir, tools, env, log);
        progress(`plugins the package declares, installed offline in ${lap("plugins")}: ${installed.join(", ") || "none"}`);

        const served = await run("pulumi package get-schema", "pulumi", ["package", "get-schema", source], { env, cwd: work, log });
        let schema;
        try {
            schema = JSON.parse(served);
        } catch (e) {
            throw new GenError("pulumi package get-schema", `the CLI did not print a JSON schema (${e instanceof Error ? e.message : e}) (log: ${log})`);
        }
        const schemaFile = path.join(stage, "schema.json");
        fs.writeFileSync(schemaFile, `${JSON.stringify(schema, null, 2)}\n`);
        progress(
            `schema of ${schema.name} ${schema.version || ""} (${Object.keys(schema.resources || {}).length} resources, ${Object.keys(schema.types || {}).length} types) in ${lap("schema")}`,
        );

        for (const lang of languages) {
            const gen = path.join(work, "gen");
            fs.rmSync(gen, { recursive: true, force: true });
            await run(`pulumi package gen-sdk --language ${lang}`, "pulumi", ["package", "gen-sdk", schemaFile, "--language", lang, "--out", gen], {
                env,
                cwd: work,
                log,
            });
            const from = path.join(gen, LANGUAGES[lang].from);
            if (!fs.existsSync(from)) throw new GenError(`pulumi package gen-sdk --language ${lang}`, `nothing was written to ${from} (log: ${log})`);
            const to = path.join(stage, LANGUAGES[lang].to);
            fs.renameSync(from, to);
            if (lang === "go") {
                const pkgDirs = fs.readdirSync(to, { withFileTypes: true }).filter((e) => e.isDirectory());
                if (pkgDirs.length !== 1)
                    throw new GenError(
                        "place the Go SDK",
                        `expected one package directory under go/, found ${pkgDirs.map((e) => e.name).join(", ") || "none"}`,
                    );
                await goModule(path.join(to, pkgDirs[0].name), schema, log);
            }
            if (lang === "python") pythonReadme(to);
            progress(`${lang}: ${listFiles(to).length} files in ${lap(`gen-${lang}`)}`);
        }

        // Replace the outputs in outDir only now that everything generated.
        fs.mkdirSync(outDir, { recursive: true });
        const entries = ["schema.json", ...languages.map((l) => LANGUAGES[l].to)];
        for (const e of entries) {
            const dest = path.join(outDir, e);
            fs.rmSync(dest, { recursive: true, force: true });
            fs.cpSync(path.join(stage, e), dest, { recursive: true });
        }
        const files = entries.flatMap((e) => (e === "schema.json" ? [e] : listFiles(path.join(outDir, e)).map((f) => `${e}/${f}`)));
        timings.total = Date.now() - t0;
        progress(`wrote ${files.length} files to ${outDir} in ${secs(timings.total)}`);
        ok = true;
        return { files, timings, installed, schema };
    } finally {
        if (options.keep || !ok) progress(`work directory kept: ${work}`);
        else fs.rmSync(work, { recursive: true, force: true });
    }
}

/** @param {string[]} argv @returns {GenerateOptions} */
function parseArgs(argv) {
    /** @type {GenerateOptions} */
    const opts = {};
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const value = () => {
            if (i + 1 >= argv.length) throw new GenError("arguments", `${a} needs a value`);
            return argv[++i];
        };
        if (a === "--out") opts.outDir = value();
        else if (a === "--source") opts.source = value();
        else if (a === "--languages")
            opts.languages = value()
                .split(",")
                .map((s) => s.trim())
                .filter(Boolean);
        else if (a === "--keep") opts.keep = true;
        else throw new GenError("arguments", `unknown argument '${a}' (flags: --out DIR, --languages python,go,dotnet, --source DIR, --keep)`);
    }
    return opts;
}

module.exports = { generate, offlineEnv, installPlugins, declaredPlugins, listFiles, LANGUAGES, DEFAULT_LANGUAGES, GenError };

if (require.main === module) {
    let opts;
    try {
        opts = parseArgs(process.argv.slice(2));
    } catch (e) {
        process.stderr.write(`${e instanceof Error ? e.message : e}\n`);
        process.exit(2);
    }
    generate(opts)
        .then(({ timings }) => {
            const parts = Object.entries(timings)
                .filter(([k]) => k !== "total")
                .map(([k, v]) => `${k} ${secs(v)}`);
            progress(`timings: ${parts.join(", ")}; total ${secs(timings.total)}`);
        })
        .catch((e) => {
            process.stderr.write(
                `${e instanceof GenError || (e && /^tools: /.test(e.message)) ? e.message : `gen-sdk: failed: ${e && e.stack ? e.stack : e}`}\n`,
            );
            process.exit(1);
        });
}
