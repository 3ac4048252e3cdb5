#!/usr/bin/env node
// @ts-check
// The real Flink Kubernetes Operator and its admission webhook, built from the upstream source release with Maven into
// the tool cache: ~/.cache/pulumi-flink/tools/flink-operator-<version>-<hash>/
//   lib/flink-kubernetes-operator-<v>-shaded.jar, lib/flink-kubernetes-webhook-<v>-shaded.jar   (built here)
//   log/log4j-slf4j-impl-<v>.jar, log4j-core, log4j-api                                       (from Maven Central)
//   conf/log4j2.properties                                                                     (written here)
//   COMPLETE, build-info.json
// Nothing of the operator is copied into this repository: the source is the release tgz in ../shared (pinned by sha256
// in tools/versions.json, flinkOperator), unpacked into a temporary directory, built, and only the jars are kept.
// The shaded jars carry no SLF4J binding (the operator's image adds log4j jars from lib/): without one the operator logs
// nothing, so the log4j2 binding is fetched with `mvn dependency:copy` and a properties file writes a readable log.
//
// The cache key is a hash of the pins (versions.json flinkOperator), the Maven command line and this file's BUILD_REV;
// a warm run finds COMPLETE and runs no Maven. The cache lock is toolchain.js's (one build at a time per cache).
// Errors end with one line: `tools: flink-operator: <step> failed: ... (log: <file>)`.
//
// Library: require("./flink-operator").ensureFlinkOperator() resolves to
//   { dir, operatorJar, webhookJar, logJars: [..], log4jConfig, java, version, classpath(kind) }
// CLI:     node tools/flink-operator.js   (prints the cache directory on the last line of stdout)
"use strict";

const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const { spawnSync } = require("child_process");
const toolchain = require("./toolchain");

const REPO = path.resolve(__dirname, "..");
const NAME = "flink-operator";
// Bump to force a rebuild when the cache layout or LOG4J2_PROPERTIES below changes (neither is in the cache key).
const BUILD_REV = "1";

function pins() {
    const p = toolchain.VERSIONS.flinkOperator;
    if (!p) throw new toolchain.ToolError(NAME, "read pins", "tools/versions.json has no flinkOperator entry");
    return p;
}

/** The Maven command line of the build: the one the source README records as measured here. */
function mavenArgs() {
    return [
        "-B",
        "-ntp",
        "-DskipTests",
        "-Dcheckstyle.skip",
        "-Dspotless.check.skip=true",
        "-Dspotless.skip=true",
        "-Drat.skip=true",
        "-Denforcer.skip",
        "-Dcyclonedx.skip=true",
        "-Dxml.skip=true",
        "-Dmaven.javadoc.skip=true",
        // The CRD compatibility check (antrun) downloads older CRDs from the internet.
        "-Dmaven.antrun.skip=true",
        "-pl",
        "flink-kubernetes-webhook",
        "-am",
        "package",
    ];
}

function sourceTgz() {
    const p = pins();
    return path.resolve(REPO, p.source);
}

function cacheKey() {
    return crypto
        .createHash("sha256")
        .update(JSON.stringify({ pins: pins(), mvn: mavenArgs(), rev: BUILD_REV }))
        .digest("hex")
        .slice(0, 12);
}

function cacheDir() {
    return path.join(toolchain.cacheRoot(), `${NAME}-${pins().version}-${cacheKey()}`);
}

/** Finds an executable on PATH (JAVA/MVN environment variables win). */
/**
 * @param {string} binary
 * @param {string} envVar
 * @returns {string | undefined}
 */
function which(binary, envVar) {
    const given = process.env[envVar];
    if (given) {
        try {
            fs.accessSync(given, fs.constants.X_OK);
            return given;
        } catch {
            throw new toolchain.ToolError(NAME, `find ${binary}`, `${envVar}=${given} is not an executable file`);
        }
    }
    for (const dir of (process.env.PATH || "").split(path.delimiter)) {
        if (!dir) continue;
        const p = path.join(dir, binary);
        try {
            fs.accessSync(p, fs.constants.X_OK);
            if (fs.statSync(p).isFile()) return p;
        } catch {
            /* next */
        }
    }
    return undefined;
}

/** java >= the pinned minimum, one line of error otherwise. */
function findJava() {
    const need = pins().javaMinimum;
    const java = which("java", "JAVA");
    const hint = `install a JDK >= ${need} (Debian: apt-get install openjdk-17-jdk-headless) or set JAVA=/path/to/java`;
    if (!java) throw new toolchain.ToolError(NAME, "find java", `no \`java\` on PATH: ${hint}`);
    const r = spawnSync(java, ["-version"], { encoding: "utf8" });
    const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr || ""}${r.stdout || ""}`);
    const major = m ? (m[1] === "1" ? Number(m[2]) : Number(m[1])) : 0;
    if (r.status !== 0 || major < need) throw new toolchain.ToolError(NAME, "check java", `${java} is Java ${major || "(unknown)"}: ${hint}`);
    return { java, major };
}

function findMaven() {
    const mvn = which("mvn", "MVN");
    if (!mvn)
        throw new toolchain.ToolError(NAME, "find mvn", `no \`mvn\` on PATH: install Maven >= 3.8 (Debian: apt-get install maven) or set MVN=/path/to/mvn`);
    return mvn;
}

/** @param {string} file */
function sha256File(file) {
    const h = crypto.createHash("sha256");
    const fd = fs.openSync(file, "r");
    const buf = Buffer.alloc(1 << 20);
    try {
        for (;;) {
            const n = fs.readSync(fd, buf, 0, buf.length, null);
            if (!n) break;
            h.update(buf.subarray(0, n));
        }
    } finally {
        fs.closeSync(fd);
    }
    return h.digest("hex");
}

const LOG4J2_PROPERTIES = [
    "# Written by tools/flink-operator.js: the operator's and the webhook's log, one file per process (the harness sets",
    "# -Dflink.operator.log.file). Quiet libraries, the operator's own decisions at INFO.",
    "rootLogger.level = INFO",
    "rootLogger.appenderRef.file.ref = LogFile",
    "appender.file.name = LogFile",
    "appender.file.type = File",
    "appender.file.fileName = ${sys:flink.operator.log.file}",
    "appender.file.append = true",
    "appender.file.layout.type = PatternLayout",
    "appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-40.40c{1.} %m%n",
    "logger.fabric8.name = io.fabric8",
    "logger.fabric8.level = WARN",
    "logger.netty.name = org.apache.flink.shaded",
    "logger.netty.level = WARN",
    "logger.josdk.name = io.javaoperatorsdk",
    "logger.josdk.level = INFO",
    "logger.flinkruntime.name = org.apache.flink.runtime",
    "logger.flinkruntime.level = WARN",
    "logger.flinkconf.name = org.apache.flink.configuration",
    "logger.flinkconf.level = WARN",
    "",
].join("\n");

/**
 * The cache directory's layout.
 * @param {string} dir
 */
function describe(dir) {
    const p = pins();
    const v = p.version;
    const lib = path.join(dir, "lib");
    const logDir = path.join(dir, "log");
    const logJars = fs.existsSync(logDir)
        ? fs
              .readdirSync(logDir)
              .filter((f) => f.endsWith(".jar"))
              .sort()
              .map((f) => path.join(logDir, f))
        : [];
    const operatorJar = path.join(lib, `flink-kubernetes-operator-${v}-shaded.jar`);
    const webhookJar = path.join(lib, `flink-kubernetes-webhook-${v}-shaded.jar`);
    return {
        dir,
        version: v,
        operatorJar,
        webhookJar,
        logJars,
        log4jConfig: path.join(dir, "conf", "log4j2.properties"),
        /**
         * The -cp of the operator ("operator") or of the webhook ("webhook": it needs the operator jar too).
         * @param {"operator" | "webhook"} kind
         */
        classpath: (kind) => [operatorJar, ...(kind === "webhook" ? [webhookJar] : []), ...logJars].join(path.delimiter),
    };
}

/** @param {string} dir */
function isComplete(dir) {
    const d = describe(dir);
    return (
        fs.existsSync(path.join(dir, "COMPLETE")) &&
        fs.existsSync(d.operatorJar) &&
        fs.existsSync(d.webhookJar) &&
        d.logJars.length === pins().log4j.artifacts.length
    );
}

/**
 * @param {string} final the cache directory to create
 * @param {string} mvn
 * @param {string} java
 */
async function build(final, mvn, java) {
    const p = pins();
    const root = toolchain.cacheRoot();
    const logs = path.join(root, "logs");
    fs.mkdirSync(logs, { recursive: true });
    const log = path.join(logs, `${path.basename(final)}-${new Date().toISOString().replace(/[:.]/g, "-")}.log`);
    const tmp = path.join(root, `.tmp-${path.basename(final)}-${process.pid}`);
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    const started = Date.now();
    try {
        toolchain.progress(NAME, `building ${p.version} into ${final}`);
        // 1. The pinned source, verified.
        const tgz = sourceTgz();
        if (!fs.existsSync(tgz)) throw new toolchain.ToolError(NAME, "find source", `${tgz} is missing (versions.json flinkOperator.source)`, log);
        const sum = sha256File(tgz);
        if (sum !== p.sha256) throw new toolchain.ToolError(NAME, "verify source", `${tgz} has sha256 ${sum}, versions.json pins ${p.sha256}`, log);
        const src = path.join(tmp, "src");
        fs.mkdirSync(src);
        await toolchain.run(NAME, "unpack source", "tar", ["-xzf", tgz, "-C", src], { log, env: process.env, cwd: tmp });
        const tree = path.join(src, p.sourceDir);
        // 2. Maven: the operator and the webhook, with their modules.
        const env = { ...process.env, JAVA_HOME: process.env.JAVA_HOME || path.resolve(fs.realpathSync(java), "..", "..") };
        try {
            await toolchain.run(NAME, "mvn package (operator + webhook)", mvn, mavenArgs(), { log, env, cwd: tree });
        } catch (e) {
            throw new toolchain.ToolError(
                NAME,
                "mvn package",
                `${String(e instanceof Error ? e.message : e)
                    .replace(/^tools: [^:]+: [^:]+ failed: /, "")
                    .replace(/ \(log: .*\)$/, "")} (is Maven Central reachable? see the log)`,
                log,
            );
        }
        const lib = path.join(tmp, "lib");
        fs.mkdirSync(lib);
        for (const [mod, jar] of [
            ["flink-kubernetes-operator", `flink-kubernetes-operator-${p.version}-shaded.jar`],
            ["flink-kubernetes-webhook", `flink-kubernetes-webhook-${p.version}-shaded.jar`],
        ]) {
            const built = path.join(tree, mod, "target", jar);
            if (!fs.existsSync(built)) throw new toolchain.ToolError(NAME, "collect jars", `Maven succeeded but ${built} is missing`, log);
            fs.renameSync(built, path.join(lib, jar));
        }
        // 3. The log4j2 SLF4J binding (the image's lib/log4j): from Maven Central.
        const logDir = path.join(tmp, "log");
        fs.mkdirSync(logDir);
        for (const artifact of p.log4j.artifacts) {
            await toolchain.run(
                NAME,
                `mvn dependency:copy ${artifact}`,
                mvn,
                [
                    "-B",
                    "-ntp",
                    `org.apache.maven.plugins:maven-dependency-plugin:${p.log4j.dependencyPlugin}:copy`,
                    `-Dartifact=${p.log4j.groupId}:${artifact}:${p.log4j.version}:jar`,
                    `-DoutputDirectory=${logDir}`,
                ],
                { log, env, cwd: tmp },
            );
        }
        fs.mkdirSync(path.join(tmp, "conf"));
        fs.writeFileSync(path.join(tmp, "conf", "log4j2.properties"), LOG4J2_PROPERTIES);
        fs.rmSync(src, { recursive: true, force: true });
        // 4. Verify: the operator's main classes are in the jars.
        const d = describe(tmp);
        for (const [jar, cls] of [
            [d.operatorJar, "org/apache/flink/kubernetes/operator/FlinkOperator.class"],
            [d.webhookJar, "org/apache/flink/kubernetes/operator/admission/FlinkOperatorWebhook.class"],
        ]) {
            const r = spawnSync("unzip", ["-l", jar, cls], { encoding: "utf8" });
            if (r.status === 0 && !r.stdout.includes(cls)) throw new toolchain.ToolError(NAME, "verify", `${path.basename(jar)} has no ${cls}`, log);
        }
        const secs = Math.round((Date.now() - started) / 1000);
        fs.writeFileSync(
            path.join(tmp, "build-info.json"),
            JSON.stringify(
                {
                    tool: NAME,
                    version: p.version,
                    source: p.source,
                    sha256: p.sha256,
                    log4j: p.log4j.version,
                    seconds: secs,
                    builtAt: new Date().toISOString(),
                    log,
                },
                null,
                2,
            ),
        );
        fs.writeFileSync(path.join(tmp, "COMPLETE"), `${NAME} ${p.version}\n`);
        fs.rmSync(final, { recursive: true, force: true });
        fs.renameSync(tmp, final);
        toolchain.progress(NAME, `built in ${Math.floor(secs / 60)}m${String(secs % 60).padStart(2, "0")}s`);
    } catch (e) {
        fs.rmSync(tmp, { recursive: true, force: true });
        if (e instanceof toolchain.ToolError) throw e;
        throw new toolchain.ToolError(NAME, "build", e instanceof Error ? e.message : String(e), log);
    }
}

/** The operator and webhook jars, built when the cache has none (see the header). */
async function ensureFlinkOperator() {
    const final = cacheDir();
    const { java } = findJava();
    if (isComplete(final)) return { ...describe(final), java };
    const mvn = findMaven();
    await toolchain.withLock(toolchain.cacheRoot(), async () => {
        // Leftovers of builds killed hard.
        for (const e of fs.readdirSync(toolchain.cacheRoot())) {
            const m = new RegExp(`^\\.tmp-${NAME}-.*-(\\d+)$`).exec(e);
            if (m && !pidAlive(Number(m[1]))) fs.rmSync(path.join(toolchain.cacheRoot(), e), { recursive: true, force: true });
        }
        if (isComplete(final)) toolchain.progress(NAME, "built by another process");
        else await build(final, mvn, java);
    });
    return { ...describe(final), java };
}

/** @param {number} pid */
function pidAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return /** @type {NodeJS.ErrnoException} */ (e).code === "EPERM";
    }
}

module.exports = { ensureFlinkOperator, cacheDir, findJava, findMaven };

if (require.main === module) {
    const t0 = Date.now();
    ensureFlinkOperator()
        .then((r) => {
            toolchain.progress(NAME, `ready in ${((Date.now() - t0) / 1000).toFixed(1)}s: ${r.dir}`);
            process.stdout.write(`${r.dir}\n`);
        })
        .catch((e) => {
            process.stderr.write(`${e instanceof toolchain.ToolError ? e.message : `tools: ${NAME}: failed: ${e && e.stack ? e.stack : e}`}\n`);
            process.exit(1);
        });
}
