// Case 9: the projects under examples/, run as a user runs them: the real CLI, the language host of each project's
// runtime, the project's own Pulumi.yaml, program and stack files. Each example is copied to the suite's work dir
// (the checkout stays clean), given the package the way its README says (node_modules/@pulumi-flink/flink linked to
// the checkout), configured for this API server (local chart, no webhook, no readiness waits: no pod ever runs here),
// and taken through preview, up, a second preview that must show no changes, and destroy.
// Examples run one after another on the suite's shared API server, each in its own namespaces; the Flink CRDs (kept
// on destroy by FlinkOperator's default) are removed after each example, as in e2e 5c.
"use strict";

const assert = require("assert");
const fs = require("fs");
const path = require("path");
const { spawnSync } = require("child_process");
const { LocalWorkspace } = require("@pulumi/pulumi/automation");
const h = require("./harness");

const EXAMPLES = path.join(h.REPO, "examples");
const CHART = path.resolve(h.CRD_DIR, "..");
const PACK = path.join(h.REPO, "policies");
const FLINK_API = "/apis/flink.apache.org/v1beta1";
const CR = "kubernetes:flink.apache.org/v1beta1:";

/** Seconds per step and example, printed after the suite (the report's timings). */
const timings = [];
async function timed(example, step, fn) {
    const t0 = Date.now();
    try {
        return await fn();
    } finally {
        timings.push({ example, step, seconds: (Date.now() - t0) / 1000 });
    }
}

/**
 * node_modules for a Node.js example: every package of the checkout's node_modules (one copy of @pulumi/pulumi for
 * the program, the runtime and the package) plus @pulumi-flink/flink linked to the checkout, as `npm install` of the
 * example's `file:../..` dependency makes it.
 */
function linkNodeModules(dir) {
    const nm = path.join(dir, "node_modules");
    fs.mkdirSync(path.join(nm, "@pulumi-flink"), { recursive: true });
    for (const entry of fs.readdirSync(path.join(h.REPO, "node_modules"))) {
        fs.symlinkSync(path.join(h.REPO, "node_modules", entry), path.join(nm, entry), "dir");
    }
    fs.symlinkSync(h.REPO, path.join(nm, "@pulumi-flink", "flink"), "dir");
}

/**
 * A copy of examples/<example> in the suite's work dir and a stack of it, with the same command wrappers as
 * harness.newProject (every command's output kept in a log file). `prepare(dir)` installs what the runtime needs.
 */
async function exampleProject(example, stackName, { config = {}, env = {}, prepare, src = path.join(EXAMPLES, example) } = {}) {
    assert.ok(fs.existsSync(path.join(src, "Pulumi.yaml")), `${src}/Pulumi.yaml is missing`);
    const dir = fs.mkdtempSync(path.join(h.state.root, `example-${example}-`));
    const skip = new Set(["node_modules", "bin", "venv", ".venv", "__pycache__"]);
    fs.cpSync(src, dir, { recursive: true, filter: (p) => !skip.has(path.basename(p)) });
    if (prepare) await prepare(dir);
    const fullEnv = { ...h.pulumiEnv(h.state.cluster), ...env };
    const stack = await LocalWorkspace.createOrSelectStack({ stackName, workDir: dir }, { envVars: fullEnv, pulumiHome: fullEnv.PULUMI_HOME });
    for (const [key, value] of Object.entries(config)) await stack.setConfig(key, { value });
    const logFile = path.join(h.state.root, "logs", `${path.basename(dir)}-${stackName}.log`);
    const run = async (op, fn) => {
        fs.appendFileSync(logFile, `\n===== pulumi ${op} =====\n`);
        try {
            return await fn({ onOutput: (out) => fs.appendFileSync(logFile, out.endsWith("\n") ? out : `${out}\n`), color: "never" });
        } catch (e) {
            fs.appendFileSync(logFile, `\n!!!!! ${op} failed: ${e && e.message}\n`);
            throw e;
        }
    };
    return {
        dir,
        stack,
        stackName,
        logFile,
        env: fullEnv,
        preview: (o = {}) => run("preview", (b) => stack.preview({ ...b, diff: true, ...o })),
        up: (o = {}) => run("up", (b) => stack.up({ ...b, ...o })),
        destroy: (o = {}) => run("destroy", (b) => stack.destroy({ ...b, ...o })),
        /** A pulumi command exactly as the README writes it, in the project's directory. */
        cli(args) {
            const r = spawnSync("pulumi", [...args, "--stack", stackName, "--non-interactive", "--color", "never"], {
                cwd: dir,
                env: { ...process.env, ...fullEnv },
                encoding: "utf8",
                maxBuffer: 64 << 20,
                timeout: 300_000,
            });
            fs.appendFileSync(logFile, `\n===== pulumi ${args.join(" ")} (exit ${r.status}) =====\n${r.stdout}\n${r.stderr}\n`);
            return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
        },
        /** `pulumi stack export` as a user runs it (the Automation API's exportStack adds --show-secrets). */
        async exportStack() {
            const r = spawnSync("pulumi", ["stack", "export", "--stack", stackName, "--non-interactive"], {
                cwd: dir,
                env: { ...process.env, ...fullEnv },
                encoding: "utf8",
                maxBuffer: 256 << 20,
            });
            assert.strictEqual(r.status, 0, `pulumi stack export failed: ${r.stderr}`);
            return JSON.parse(r.stdout);
        },
        async remove() {
            await stack.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
        },
        tailLog(n = 80) {
            try {
                return fs.readFileSync(logFile, "utf8").split("\n").slice(-n).join("\n");
            } catch {
                return "";
            }
        },
    };
}

/** Config that points an example at this API server: the local chart, no webhook, no waits, its own namespaces. */
function localConfig(prefix) {
    return {
        chartPath: CHART,
        operatorNamespace: `${prefix}-operator`,
        namespace: `${prefix}-flink`,
        webhook: "disabled",
        skipAwait: "true",
    };
}

/**
 * The copy's `packages: flink: ../..` (the component provider package: this checkout) is relative to examples/<x>:
 * make it absolute.
 */
function pointPackagesAtCheckout(dir) {
    const file = path.join(dir, "Pulumi.yaml");
    const text = fs.readFileSync(file, "utf8");
    const pointed = text.replace(/^(\s+flink:\s*)\.\.\/\.\.\s*$/m, `$1${h.REPO}`);
    assert.notStrictEqual(pointed, text, `${file} no longer names the package as \`flink: ../..\``);
    fs.writeFileSync(file, pointed);
}

/** Planned changes other than "same" in a preview, with what differs. */
async function changedSteps(project, opts = {}) {
    const steps = [];
    const onEvent = (e) => {
        const md = e.resourcePreEvent && e.resourcePreEvent.metadata;
        if (md) steps.push({ urn: md.urn, type: md.type, op: md.op, diff: Object.keys(md.detailedDiff || {}) });
    };
    await project.preview({ onEvent, ...opts });
    return { steps, changed: steps.filter((s) => s.op !== "same") };
}

/** Every resource of the stack's state other than the stack and providers. */
async function leftInState(project) {
    const state = (await project.exportStack()).deployment;
    return (state.resources || []).filter((r) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:")).map((r) => r.urn);
}

/** Collects the engine's resource events of a command, in order. */
function eventLog() {
    const events = [];
    const onEvent = (e) => {
        if (e.resourcePreEvent) events.push({ phase: "pre", type: e.resourcePreEvent.metadata.type, urn: e.resourcePreEvent.metadata.urn });
        if (e.resOutputsEvent) events.push({ phase: "done", type: e.resOutputsEvent.metadata.type, urn: e.resOutputsEvent.metadata.urn });
    };
    const index = (phase, type, name) => events.findIndex((e) => e.phase === phase && e.type === type && e.urn.endsWith(`::${name}`));
    return { events, onEvent, index };
}

/**
 * The platform every language's example makes (operator, session cluster with two jobs, HA application, savepoint):
 * what `up` must have put in the cluster and in the outputs, whatever the language.
 */
async function verifyPlatform(cluster, prefix, ns, outputs) {
    const out = Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]));
    assert.strictEqual(out.operatorRelease, "flink-operator", JSON.stringify(out));
    assert.strictEqual(out.operatorVersion, "1.15.0");
    assert.strictEqual(out.operatorStatus, "deployed");
    assert.strictEqual(out.sessionCluster, "sessions");
    assert.deepStrictEqual(out.sessionJobs, ["top-speed", "window-join"]);
    assert.strictEqual(out.sessionJobTarget, "sessions");
    assert.strictEqual(out.application, "orders");
    assert.strictEqual(out.applicationRestAddress, `orders-rest.${ns}:8081`);
    assert.strictEqual(out.savepoint, "orders-savepoint");

    const operator = await h.listItems(
        cluster,
        `/apis/apps/v1/namespaces/${prefix}-operator/deployments?labelSelector=app.kubernetes.io%2Fname%3Dflink-kubernetes-operator`,
    );
    assert.strictEqual(operator.length, 1, "the operator Deployment");
    assert.strictEqual(operator[0].spec.replicas, 2);

    const sessions = await h.getObject(cluster, `${FLINK_API}/namespaces/${ns}/flinkdeployments/sessions`);
    assert.ok(sessions, "FlinkDeployment sessions missing");
    assert.strictEqual(sessions.spec.job, undefined, "the session cluster has no job");
    assert.strictEqual(sessions.spec.serviceAccount, "flink", "the operator's job service account");
    for (const job of ["top-speed", "window-join"]) {
        const sj = await h.getObject(cluster, `${FLINK_API}/namespaces/${ns}/flinksessionjobs/${job}`);
        assert.ok(sj, `FlinkSessionJob ${job} missing`);
        assert.strictEqual(sj.spec.deploymentName, "sessions");
        assert.match(sj.spec.job.jarURI, /^https:\/\/repo1\.maven\.org\/.*\.jar$/);
    }
    const orders = await h.getObject(cluster, `${FLINK_API}/namespaces/${ns}/flinkdeployments/orders`);
    assert.ok(orders, "FlinkDeployment orders missing");
    assert.strictEqual(orders.spec.jobManager.replicas, 2);
    assert.strictEqual(orders.spec.job.upgradeMode, "savepoint");
    const conf = orders.spec.flinkConfiguration;
    assert.strictEqual(conf["high-availability.type"], "kubernetes");
    assert.match(conf["high-availability.storageDir"], /\/ha$/);
    assert.match(conf["execution.checkpointing.dir"], /\/checkpoints$/);
    assert.match(conf["execution.checkpointing.savepoint-dir"], /\/savepoints$/);
    assert.ok(conf["kubernetes.operator.periodic.savepoint.interval"], "periodic savepoints");
    const snapshot = await h.getObject(cluster, `${FLINK_API}/namespaces/${ns}/flinkstatesnapshots/orders-savepoint`);
    assert.ok(snapshot, "FlinkStateSnapshot orders-savepoint missing");
    assert.deepStrictEqual(snapshot.spec.jobReference, { kind: "FlinkDeployment", name: "orders" });
    assert.strictEqual(snapshot.spec.savepoint.formatType, "CANONICAL");
}

/** Order of `up`: the session jobs after their session cluster, every Flink resource after the operator release. */
function verifyUpOrder(log) {
    const release = log.index("done", "kubernetes:helm.sh/v3:Release", "flink-operator");
    const sessions = log.index("done", `${CR}FlinkDeployment`, "sessions");
    assert.ok(release >= 0 && sessions > release, "the session cluster was created before the operator release finished");
    for (const job of ["top-speed", "window-join"]) {
        const start = log.index("pre", `${CR}FlinkSessionJob`, job);
        assert.ok(start > sessions, `session job ${job} started before its session cluster was created`);
    }
    const orders = log.index("done", `${CR}FlinkDeployment`, "orders");
    const snapshot = log.index("pre", `${CR}FlinkStateSnapshot`, "orders-savepoint");
    assert.ok(orders > release && snapshot > orders, "the savepoint was requested before its application existed");
}

/** After destroy: no Flink resource, the example's namespaces gone, nothing in the state. */
async function verifyGone(cluster, project, prefix, ns) {
    for (const kind of ["flinkdeployments", "flinksessionjobs", "flinkstatesnapshots"]) {
        assert.deepStrictEqual(await h.listItems(cluster, `${FLINK_API}/namespaces/${ns}/${kind}`), [], `${kind} left in ${ns}`);
    }
    for (const name of new Set([ns, `${prefix}-operator`])) {
        await h.eventually(`namespace ${name} gone`, async () => (await h.getObject(cluster, `/api/v1/namespaces/${name}`)) === undefined, 120_000);
    }
    assert.deepStrictEqual(await leftInState(project), [], "resources left in the state");
}

/**
 * The four steps every platform example goes through; `make` creates the project (and may install what it needs).
 * `ns`: the namespace of the Flink resources (the TypeScript example creates its own; the SDK examples use the
 * operator's, which the component creates, so that they need no Kubernetes SDK). Registers a describe block.
 */
function platformExample(title, example, prefix, make, { ns = `${prefix}-flink` } = {}) {
    describe(`e2e 9 (${example}): ${title}`, function () {
        let project;
        const cluster = () => h.state.cluster;

        before(async function () {
            h.requireComponentsBuilt();
            await h.flinkCrdsGone(cluster()); // an earlier suite's CRDs must be finalized before these are applied
            project = await timed(example, "setup", () => make(prefix));
        });

        afterEach(function () {
            if (this.currentTest.state === "failed" && project) process.stderr.write(`--- pulumi output (${project.logFile}) ---\n${project.tailLog()}\n`);
        });

        after(async function () {
            if (project) {
                // A failed test may leave resources: destroy before removing the stack, then the retained CRDs.
                if ((await leftInState(project).catch(() => [])).length > 0) await project.destroy().catch(() => undefined);
                await project.remove();
            }
            await h.flinkCrdsGone(cluster(), { remove: true });
        });

        it("preview plans the operator, the session cluster and its two jobs, the HA application and its savepoint", async function () {
            const { steps } = await timed(example, "preview", () => changedSteps(project));
            const creates = steps.filter((s) => s.op === "create").map((s) => s.type);
            for (const type of [
                "flink:index:FlinkOperator",
                "kubernetes:helm.sh/v3:Release",
                `${CR}FlinkDeployment`,
                `${CR}FlinkSessionJob`,
                `${CR}FlinkStateSnapshot`,
            ]) {
                assert.ok(creates.includes(type), `preview plans no ${type}: ${JSON.stringify(creates)}`);
            }
            assert.strictEqual(creates.filter((t) => t === `${CR}FlinkDeployment`).length, 2);
            assert.strictEqual(creates.filter((t) => t === `${CR}FlinkSessionJob`).length, 2);
            assert.strictEqual(await h.getObject(cluster(), `/api/v1/namespaces/${ns}`), undefined, "preview created something");
        });

        it("up creates them in order, with the outputs the README lists", async function () {
            const log = eventLog();
            const res = await timed(example, "up", () => project.up({ onEvent: log.onEvent }));
            assert.strictEqual(res.summary.result, "succeeded");
            verifyUpOrder(log);
            await verifyPlatform(cluster(), prefix, ns, res.outputs);
        });

        it("a second preview shows no changes", async function () {
            const { steps, changed } = await timed(example, "preview again", () => changedSteps(project));
            assert.ok(steps.length > 10, `the preview saw the resources: ${steps.length}`);
            assert.deepStrictEqual(changed, [], "nothing should change on a second preview");
        });

        it("destroy removes everything", async function () {
            const res = await timed(example, "destroy", () => project.destroy());
            assert.strictEqual(res.summary.result, "succeeded");
            await verifyGone(cluster(), project, prefix, ns);
        });
    });
}

// ---------------------------------------------------------------------------------------------------------------
// TypeScript: run as TypeScript (index.ts through ts-node, type-checked), as `pulumi up` in examples/typescript does:
// the language host turns TypeScript on from the project (runtime option `typescript`, default true; main index.ts).

platformExample("the platform in TypeScript", "typescript", "ex-ts", (prefix) =>
    exampleProject("typescript", "e2e", {
        config: localConfig(prefix),
        prepare: linkNodeModules,
    }),
);

// ---------------------------------------------------------------------------------------------------------------
// Python: the generated SDK (sdk/python, package pulumi_flink) installed into the project's virtualenv, as the
// example's README does with `pip install -r requirements.txt`.

let pythonVenvDir;
/**
 * A virtualenv for the Python examples: Python packages from the toolchain's venv (pulumi at the CLI version, which
 * this one sees through a .pth file instead of downloading it again) plus this checkout's generated SDK, installed
 * from a copy of sdk/python (pip builds in the source tree; the checkout stays clean).
 */
async function pythonVenv() {
    if (pythonVenvDir) return pythonVenvDir;
    const { tools } = await require("../../tools/toolchain").ensureTools();
    const shared = tools && tools["python-venv"];
    assert.ok(shared && shared.dir, `the toolchain has no python-venv: ${Object.keys(tools || {})}`);
    const sh = (cmd, args) => {
        const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, PIP_NO_INPUT: "1", PIP_DISABLE_PIP_VERSION_CHECK: "1" }, timeout: 300_000 });
        assert.strictEqual(r.status, 0, `${cmd} ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
        return r.stdout.trim();
    };
    const venv = path.join(h.state.root, "python-venv");
    const sharedPython = path.join(shared.dir, "bin", "python");
    sh(sharedPython, ["-m", "venv", venv]);
    const python = path.join(venv, "bin", "python");
    const site = (py) => sh(py, ["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]);
    fs.writeFileSync(path.join(site(python), "pulumi-flink-e2e-toolchain.pth"), `${site(sharedPython)}\n`);
    // The venv's own setuptools (bundled by ensurepip, older, without bdist_wheel) would shadow the toolchain's.
    sh(python, ["-m", "pip", "uninstall", "--yes", "--quiet", "setuptools"]);
    const sdk = path.join(h.state.root, "sdk-python");
    fs.cpSync(path.join(h.REPO, "sdk", "python"), sdk, { recursive: true });
    sh(python, ["-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index", sdk]);
    sh(python, ["-c", "import pulumi, pulumi_flink"]);
    pythonVenvDir = venv;
    return venv;
}

/** Links the project's `virtualenv: venv` to the Python examples' virtualenv. */
async function linkVenv(dir) {
    fs.symlinkSync(await pythonVenv(), path.join(dir, "venv"), "dir");
    pointPackagesAtCheckout(dir);
}

platformExample(
    "the platform in Python through the generated SDK",
    "python",
    "ex-py",
    (prefix) =>
        timed("python", "venv", () => pythonVenv()).then(() =>
            exampleProject("python", "e2e", {
                config: { chartPath: CHART, operatorNamespace: `${prefix}-operator`, webhook: "disabled", skipAwait: "true" },
                prepare: linkVenv,
            }),
        ),
    { ns: "ex-py-operator" },
);

// A Python program with a bad spec: the package's own validation error, at preview, and nothing created.
const BAD_PYTHON = `import pulumi_flink as flink

flink.FlinkDeployment(
    "broken",
    metadata={"namespace": "ex-py-bad"},
    spec={
        "image": "flink:1.20.0",
        "flink_version": "v1_20",
        "service_account": "flink",
        # Two JobManagers without high availability: the operator would refuse it.
        "job_manager": {"replicas": 2, "resource": {"memory": "2048m", "cpu": 1}},
        "task_manager": {"resource": {"memory": "2048m", "cpu": 1}},
        "job": {"jar_uri": "local:///opt/flink/examples/streaming/StateMachineExample.jar", "parallelism": 2, "upgrade_mode": "stateless"},
    },
    skip_await=True,
)
`;

describe("e2e 9 (python): a Python program with a bad spec", function () {
    let project;
    const cluster = () => h.state.cluster;

    before(async function () {
        h.requireComponentsBuilt();
        const src = fs.mkdtempSync(path.join(h.state.root, "python-bad-src-"));
        fs.writeFileSync(
            path.join(src, "Pulumi.yaml"),
            "name: flink-bad-spec\nruntime:\n  name: python\n  options:\n    virtualenv: venv\npackages:\n  flink: ../..\n",
        );
        fs.writeFileSync(path.join(src, "__main__.py"), BAD_PYTHON);
        project = await exampleProject("python-bad", "e2e", { src, prepare: linkVenv });
    });

    afterEach(function () {
        if (this.currentTest.state === "failed" && project) process.stderr.write(`--- pulumi output (${project.logFile}) ---\n${project.tailLog()}\n`);
    });

    after(async function () {
        if (project) await project.remove();
    });

    for (const op of ["preview", "up"]) {
        it(`${op} fails with the package's error message, naming the field and the rule, and creates nothing`, async function () {
            const err = await timed("python-bad", op, () =>
                project[op]().then(
                    () => undefined,
                    (e) => e,
                ),
            );
            assert.ok(err, `${op} succeeded with a bad spec`);
            const text = `${err.message}\n${err.stdout || ""}\n${err.stderr || ""}`;
            assert.match(text, /flink:index:FlinkDeployment resource 'broken' has a problem|FlinkDeployment "broken" is invalid/, text.slice(-3000));
            assert.match(text, /FlinkDeployment "broken" is invalid \(1 error\)/, text.slice(-3000));
            assert.match(text, /spec\.jobManager\.replicas: .*High availability/);
            assert.match(text, /\[standby-jobmanagers-require-ha\]/);
            assert.deepStrictEqual(await h.listItems(cluster(), `${FLINK_API}/flinkdeployments`).catch(() => []), [], "a FlinkDeployment exists");
            assert.strictEqual(await h.getObject(cluster(), "/api/v1/namespaces/ex-py-bad"), undefined);
            assert.deepStrictEqual(await leftInState(project), [], "resources in the state");
        });
    }
});

// ---------------------------------------------------------------------------------------------------------------
// Go: the generated SDK (sdk/go/flink) through the example's go.mod `replace`, built by the Go language host.

/** The copy's go.mod replaces the SDK module with ../../sdk/go/flink: point it at the checkout's. */
function pointGoModAtCheckout(dir) {
    pointPackagesAtCheckout(dir);
    const r = spawnSync("go", ["mod", "edit", "-replace", `github.com/pulumi-flink/pulumi-flink/sdk/go/flink=${path.join(h.REPO, "sdk", "go", "flink")}`], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod" },
    });
    assert.strictEqual(r.status, 0, `go mod edit failed: ${r.stderr}`);
}

platformExample(
    "the platform in Go through the generated SDK",
    "go",
    "ex-go",
    (prefix) =>
        exampleProject("go", "e2e", {
            config: { chartPath: CHART, operatorNamespace: `${prefix}-operator`, webhook: "disabled", skipAwait: "true" },
            // The toolchain's Go settings (tools/versions.json): no checksum database here, no toolchain downloads.
            env: { GOTOOLCHAIN: "local", GOSUMDB: "off", GOFLAGS: "-mod=mod" },
            prepare: pointGoModAtCheckout,
        }),
    { ns: "ex-go-operator" },
);

// ---------------------------------------------------------------------------------------------------------------
// YAML: the real YAML language host, the package under `packages:` (pointed at the checkout in the copy).

platformExample(
    "the platform in Pulumi YAML through packages:",
    "yaml",
    "ex-yaml",
    (prefix) =>
        exampleProject("yaml", "e2e", {
            config: { chart: CHART, operatorNamespace: `${prefix}-operator`, webhook: "disabled", skipAwait: "true" },
            prepare: pointPackagesAtCheckout,
        }),
    { ns: "ex-yaml-operator" },
);

// ---------------------------------------------------------------------------------------------------------------
// Policy: the pack on the same kind of platform, one compliant and one non-compliant stack file.

describe("e2e 9 (policy): examples/policy with --policy-pack, compliant and non-compliant stacks", function () {
    const example = "policy";
    const prefix = "ex-policy";
    let compliant;
    let noncompliant;
    const cluster = () => h.state.cluster;
    const make = (stackName, p) => exampleProject(example, stackName, { config: localConfig(p), prepare: linkNodeModules });

    before(async function () {
        h.requireComponentsBuilt();
        assert.ok(fs.existsSync(path.join(h.REPO, "dist", "policies", "index.js")), "dist/policies/index.js is missing: run `npm run build`");
        await h.flinkCrdsGone(cluster());
        compliant = await timed(example, "setup", () => make("compliant", prefix));
        noncompliant = await make("noncompliant", `${prefix}-bad`);
    });

    afterEach(function () {
        const p = [compliant, noncompliant].find((x) => x && this.currentTest.title.includes(x.stackName));
        if (this.currentTest.state === "failed" && p) process.stderr.write(`--- pulumi output (${p.logFile}) ---\n${p.tailLog()}\n`);
    });

    after(async function () {
        for (const p of [compliant, noncompliant]) {
            if (!p) continue;
            if ((await leftInState(p).catch(() => [])).length > 0) await p.destroy().catch(() => undefined);
            await p.remove();
        }
        await h.flinkCrdsGone(cluster(), { remove: true });
    });

    it("the stack files are the example's: compliant and noncompliant differ in replicas and HA", function () {
        const read = (s) => fs.readFileSync(path.join(compliant.dir, `Pulumi.${s}.yaml`), "utf8");
        assert.match(read("compliant"), /highAvailability: "true"/);
        assert.match(read("noncompliant"), /highAvailability: "false"/);
    });

    it("noncompliant: `pulumi preview --policy-pack` fails naming the mandatory policies, and creates nothing", async function () {
        const r = await timed(example, "preview (noncompliant)", async () => noncompliant.cli(["preview", "--policy-pack", PACK]));
        assert.notStrictEqual(r.status, 0, `preview passed a non-compliant stack:\n${r.output.slice(-3000)}`);
        for (const policy of ["flink-operator-ha", "flink-deployment-ha"]) {
            assert.match(r.output, new RegExp(`\\[mandatory\\]\\s+${policy}`), `${policy} not reported as mandatory:\n${r.output.slice(-3000)}`);
        }
        assert.match(r.output, /pulumi-flink@v?0\.1\.0/, "the pack did not run");
        assert.strictEqual(await h.getObject(cluster(), `/api/v1/namespaces/${prefix}-bad-flink`), undefined, "preview created something");
        // The components themselves accept this configuration: the refusal is the pack's, not a program error.
        assert.doesNotMatch(r.output, /is invalid \(\d+ errors?\)/);
    });

    it("compliant: `pulumi preview --policy-pack` passes with no mandatory violation", async function () {
        const r = await timed(example, "preview", async () => compliant.cli(["preview", "--policy-pack", PACK]));
        assert.strictEqual(r.status, 0, `preview failed:\n${r.output.slice(-3000)}`);
        assert.match(r.output, /pulumi-flink@v?0\.1\.0/, "the pack did not run");
        assert.doesNotMatch(r.output, /mandatory/, "a mandatory violation was reported");
    });

    it("compliant: `pulumi up --policy-pack` creates the operator and the HA application", async function () {
        const res = await timed(example, "up", () => compliant.up({ policyPacks: [PACK] }));
        assert.strictEqual(res.summary.result, "succeeded");
        assert.strictEqual(res.outputs.application.value, "orders");
        const orders = await h.getObject(cluster(), `${FLINK_API}/namespaces/${prefix}-flink/flinkdeployments/orders`);
        assert.ok(orders, "FlinkDeployment orders missing");
        assert.strictEqual(orders.spec.jobManager.replicas, 2);
        assert.strictEqual(orders.spec.flinkConfiguration["high-availability.type"], "kubernetes");
    });

    it("compliant: a second preview with the pack shows no changes", async function () {
        const { steps, changed } = await timed(example, "preview again", () => changedSteps(compliant, { policyPacks: [PACK] }));
        assert.ok(steps.length > 5, `the preview saw the resources: ${steps.length}`);
        assert.deepStrictEqual(changed, [], "nothing should change on a second preview");
    });

    it("compliant: destroy removes everything", async function () {
        const res = await timed(example, "destroy", () => compliant.destroy());
        assert.strictEqual(res.summary.result, "succeeded");
        assert.deepStrictEqual(await h.listItems(cluster(), `${FLINK_API}/namespaces/${prefix}-flink/flinkdeployments`), []);
        for (const name of [`${prefix}-flink`, `${prefix}-operator`]) {
            await h.eventually(`namespace ${name} gone`, async () => (await h.getObject(cluster(), `/api/v1/namespaces/${name}`)) === undefined, 120_000);
        }
        assert.deepStrictEqual(await leftInState(compliant), []);
    });
});

after(function () {
    if (timings.length === 0) return;
    const lines = timings.map((t) => `  ${t.example.padEnd(12)} ${t.step.padEnd(24)} ${t.seconds.toFixed(1).padStart(6)} s`);
    process.stderr.write(`[e2e 9] timings per example and step:\n${lines.join("\n")}\n`);
});
