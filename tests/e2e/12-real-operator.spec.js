// Case 12: the real Flink Kubernetes Operator 1.15.0 and its real admission webhook (built from the upstream source by
// tools/flink-operator.js, run as processes by ./operator-process.js against the suite's kube-apiserver).
//
// Part 1, admission parity: every manifest of the rule table (tests/fixtures/admission-cases.ts, the cases
// tests/unit/rules.spec.ts runs), the operator's own example manifests and a generated corpus (fast-check, seeded) go
// through the API server as `kubectl apply` sends them (strict field validation, dry run) with the webhook registered,
// and the package's `validate` (from the package's public entry) judges the same manifest: the verdicts must agree,
// except where a rule is documented below as stricter than the operator.
// Part 2 (12-real-operator-lifecycle.spec.js): the lifecycle through Pulumi with the operator reconciling.
"use strict";

const assert = require("assert");
const fs = require("fs");
const path = require("path");
const yaml = require("js-yaml");
const fc = require("fast-check");
const h = require("./harness");
const op = require("./operator-process");

// The webhook's namespace: resources created here are seen by the webhook's informers (session clusters and snapshot
// targets) but not reconciled (the operator does not watch it), so they are created and deleted in milliseconds.
const NS_ADM = "flink-webhook-e2e";
// The operator's namespace (watched and reconciled); part 1 creates nothing there.
const NS_OP = "flink-operator-real-e2e";
const PLURAL = { FlinkDeployment: "flinkdeployments", FlinkSessionJob: "flinksessionjobs", FlinkStateSnapshot: "flinkstatesnapshots" };
// The operator resolves a session job's http(s) jarURI host (InetAddress.getByName) and refuses names that do not
// resolve or resolve to restricted addresses; the package reads literals only (no DNS look-ups). So the JVMs resolve
// from this table alone (a public TEST-NET-3 address for every name the manifests use), the same on every machine.
// Documented difference: a name that does not resolve (or resolves to a private address) is refused by the operator
// and accepted by the package, which cannot know what DNS will answer; the manifests here use resolvable names only.
const HOSTS = {
    "repo.example.com": "203.0.113.10",
    "artifacts.internal.example.com": "203.0.113.11",
    "repo1.maven.org": "203.0.113.12",
    "jobs.example.org": "203.0.113.13",
};
function assertHostsKnown(doc) {
    const uri = doc && doc.kind === "FlinkSessionJob" && doc.spec && doc.spec.job && doc.spec.job.jarURI;
    const m = typeof uri === "string" && /^https?:\/\/(?:[^@/]*@)?([A-Za-z0-9.-]+)(?:[:/?#]|$)/i.exec(uri);
    if (m && /[a-z]/i.test(m[1]) && !/^localhost$/i.test(m[1]) && !HOSTS[m[1].toLowerCase()]) {
        throw new Error(`jarURI host ${m[1]} is not in HOSTS of ${__filename}: add it (the webhook resolves names from that table only)`);
    }
}
const CORPUS_SIZE = Number(process.env.E2E_OPERATOR_CORPUS || 5000);
const CORPUS_SEED = Number(process.env.E2E_OPERATOR_SEED || 20261202);

/**
 * Rules documented as stricter than the operator: the package refuses, the operator (API server + webhook) accepts.
 * A disagreement in that direction is expected only when every error the package reports comes from this list.
 */
const STRICTER_THAN_OPERATOR = {
    // The operator accepts an HA type without a storage directory; the JobManager then fails at start
    // (components/rules/rules/config.ts).
    "ha-storage-dir-required": "the JobManager fails at start instead",
    // The operator does not check CPU; Kubernetes refuses the pods (components/rules/rules/resources.ts).
    "cpu-positive": "Kubernetes refuses the pods instead",
};

/** The package's public entry (validate), as a user of the package loads it. */
function pkg() {
    return require(path.join(h.REPO, "dist"));
}

function hasUnknown(value, UNKNOWN, seen = new Set()) {
    if (value === UNKNOWN) return true;
    if (!value || typeof value !== "object" || seen.has(value)) return false;
    seen.add(value);
    return Object.values(value).some((v) => hasUnknown(v, UNKNOWN, seen));
}

const GROUP_VERSION = "flink.apache.org/v1beta1";

/** What the API server (CRD schema, strict field validation) and the webhook say about creating `doc` in `ns`. */
async function operatorVerdict(cluster, doc, ns, { dryRun = true } = {}) {
    assertHostsKnown(doc);
    const av = typeof doc.apiVersion === "string" && doc.apiVersion.includes("/") ? doc.apiVersion : GROUP_VERSION;
    const res = await cluster.request("POST", `/apis/${av}/namespaces/${ns}/${PLURAL[doc.kind]}?${dryRun ? "dryRun=All&" : ""}fieldValidation=Strict`, doc);
    const accepted = res.status === 201 || res.status === 200;
    const message = (res.body && res.body.message) || res.text;
    const denied = /admission webhook "(?:validation|mutation)webhook\.flink\.apache\.org" denied the request: ([\s\S]*)$/.exec(message || "");
    return { accepted, status: res.status, by: accepted ? undefined : denied ? "webhook" : "api-server", message: denied ? denied[1] : message };
}

/** What the package says: its error findings for `doc`, the other documents being the whole cluster (completeSet). */
function packageVerdict(doc, context) {
    const r = pkg().validate([{ doc }, ...context.map((d) => ({ doc: d }))], { completeSet: true });
    const name = (doc.metadata && doc.metadata.name) || "(unnamed)";
    const errors = r.findings.filter((f) => f.severity === "error" && f.kind === doc.kind && f.name === name);
    return { accepted: errors.length === 0, errors };
}

/** The operator's refusal message (first sentence, masked parts aside) appears in one of the package's messages. */
function sameMeaning(pv, ov) {
    const norm = (t) => String(t).replace(/\s+/g, " ").trim().toLowerCase();
    const theirs = norm(ov.message);
    return pv.errors.some((f) => {
        const ours = norm(f.message);
        return ours.includes(theirs) || ours.includes(theirs.split(/\. |: /)[0].replace(/\.$/, ""));
    });
}

function compare(pv, ov) {
    if (pv.accepted === ov.accepted) return "agree";
    if (!pv.accepted && ov.accepted && pv.errors.every((f) => STRICTER_THAN_OPERATOR[f.rule])) return "stricter";
    return "disagree";
}

function describeDisagreement(label, doc, pv, ov) {
    return (
        `${label}: package ${pv.accepted ? "accepts" : `refuses (${pv.errors.map((f) => `${f.rule}: ${f.message}`).join("; ")})`}, ` +
        `operator ${ov.accepted ? "accepts" : `refuses (${ov.by}, HTTP ${ov.status}: ${String(ov.message).slice(0, 300)})`}\n    ${JSON.stringify(doc).slice(0, 600)}`
    );
}

const resourcePath = (doc, ns) => `/apis/${GROUP_VERSION}/namespaces/${ns}/${PLURAL[doc.kind]}/${doc.metadata.name}`;

/** Creates `docs` in NS_ADM for real (the webhook's informers must see them); returns a function removing them. */
async function createContext(cluster, docs) {
    const made = [];
    const remove = async () => {
        for (const d of made) await cluster.request("DELETE", resourcePath(d, NS_ADM));
        for (const d of made)
            await h.eventually(
                `${d.kind} ${d.metadata.name} deleted`,
                async () => (await cluster.request("GET", resourcePath(d, NS_ADM))).status === 404,
                30_000,
            );
    };
    try {
        for (const d of docs) {
            const v = await operatorVerdict(cluster, d, NS_ADM, { dryRun: false });
            assert.ok(v.accepted, `context ${d.kind} ${d.metadata.name} was refused: ${v.message}`);
            made.push(d);
        }
    } catch (e) {
        await remove();
        throw e;
    }
    return remove;
}

/**
 * A rule-table case as a manifest in NS_ADM plus the documents that exist beside it (created in the cluster too).
 * Returns { skip } for cases that cannot be sent as a manifest.
 */
function materialize(c) {
    const { UNKNOWN } = require(path.join(h.REPO, "dist", "components", "core"));
    assert.ok(UNKNOWN !== undefined, "dist/components/core exports no UNKNOWN");
    const doc = c.base();
    c.mutate(doc);
    const context = c.with ? c.with() : [];
    if (hasUnknown(doc, UNKNOWN) || context.some((d) => hasUnknown(d, UNKNOWN)))
        return { skip: "holds a value known only during deployment (UNKNOWN): no manifest to send" };
    if (c.rule === "jar-uri-scheme-allowed" && /when allowed/.test(c.title))
        return { skip: "runs with allowedJarSchemes [https, s3]; the running webhook keeps the operator's default (https)" };
    const opts = Object.keys(c.options || {}).filter((k) => k !== "completeSet");
    if (opts.length) return { skip: `engine options ${opts.join(", ")}` };
    if (doc.status !== undefined) return { skip: "sets status: the API server drops status on create (status subresource), so the webhook never sees it" };
    const home = (d) => (d.metadata && d.metadata.namespace) || "default";
    const origin = home(doc);
    if (doc.metadata && typeof doc.metadata === "object") doc.metadata.namespace = NS_ADM;
    // Documents of the case's namespace exist in the cluster beside it; others stay elsewhere (and unseen).
    const created = [];
    for (const d of context) {
        if (home(d) === origin) {
            d.metadata.namespace = NS_ADM;
            created.push(d);
        }
    }
    // A snapshot's target: the package (not told the set is complete) assumes it exists elsewhere, so it exists here.
    if (
        doc.kind === "FlinkStateSnapshot" &&
        !c.with &&
        !(c.options && c.options.completeSet) &&
        doc.spec &&
        doc.spec.jobReference &&
        doc.spec.jobReference.name
    ) {
        const f = require(path.join(h.REPO, "dist", "tests", "support", "fixtures.js"));
        const target = doc.spec.jobReference.kind === "FlinkSessionJob" ? f.sessionJob() : f.applicationDeployment();
        target.metadata = { name: doc.spec.jobReference.name, namespace: NS_ADM };
        context.push(target);
        created.push(target);
    }
    return { doc, context, created };
}

// ---------------------------------------------------------------------------------------------------------------
// The corpus: valid manifests (the unit tests' fixtures) mutated in 1 to 4 of the fields the rules read, each to a
// valid, a boundary or an invalid value. DEL deletes the field.

const DEL = Symbol("delete");
const FC = ["spec", "flinkConfiguration"];
const MEMORY = ["2048m", "1g", "1.5Gi", "2 gigs", "2gi", "2 GiB", "512mib", " ", "10gi", "0", DEL];
const DEPLOYMENT_MUTATIONS = [
    [
        ["metadata", "name"],
        ["orders-b", "Orders", "a".repeat(45), "a".repeat(46), "1st", "name-", "my.app"],
    ],
    [["apiVersion"], ["flink.apache.org/v1alpha1"]],
    [
        ["spec", "flinkVersion"],
        ["v1_14", "v1_15", "v1_17", "v1_18", "v1_19", "v1_20", "v2_0", "v2_1", "v2_2", "1.20", DEL],
    ],
    [
        ["spec", "image"],
        ["flink:1.20", "flink", "flink:latest", DEL],
    ],
    [
        ["spec", "serviceAccount"],
        ["flink", DEL],
    ],
    [
        ["spec", "mode"],
        ["native", "standalone", "kubernetes"],
    ],
    [
        ["spec", "jobManager", "replicas"],
        [0, 1, 2, -1, "2"],
    ],
    [["spec", "jobManager", "resource", "memory"], MEMORY],
    [
        ["spec", "jobManager", "resource", "cpu"],
        [1, 0.5, 0, -1],
    ],
    [
        ["spec", "jobManager", "resource", "ephemeralStorage"],
        ["10G", "10gi", "lots", "1.5Gi", "1Gi"],
    ],
    [
        ["spec", "taskManager", "replicas"],
        [0, 1, 2],
    ],
    [["spec", "taskManager", "resource", "memory"], MEMORY],
    [
        ["spec", "taskManager", "resource", "cpu"],
        [1, 0.25, 0, -2],
    ],
    [["spec", "taskManager", "resource"], [DEL]],
    [
        ["spec", "ingress"],
        [
            { template: "{{name}}.{{namespace}}.flink.example.com" },
            { className: "nginx" },
            { template: "example.com:port" },
            { template: "[1::2::3]/{{name}}" },
            { template: "https://flink.example.com:-8/{{namespace}}" },
            { template: "flink.example.com/{{namespace}}/{{name}}(/|$)(.*)", className: "nginx" },
        ],
    ],
    [
        ["spec", "logConfiguration"],
        [{ "log4j.properties": "x" }, { "log4j-console.properties": "rootLogger.level = INFO" }, { "logback-console.xml": "<configuration/>" }],
    ],
    [["spec", "jobManger"], [{ replicas: 1 }]],
    [
        ["metadata", "labels"],
        [{ version: 2 }, { team: "data" }, { "flink.apache.org/canary": "true" }],
    ],
    [
        ["spec", "podTemplate"],
        [
            { spec: { containers: [{ name: "flink-main-container", volumeMount: [] }] } },
            { spec: { containers: [{ name: "flink-main-container", env: [{ name: "A", value: "1" }] }] } },
            { spec: { containers: [{ name: "c", livenessProbe: { httpGet: { port: "http" } } }] } },
        ],
    ],
    [[...FC, "high-availability.zookeeper.storageDir"], ["s3://bucket/zk"]],
    [[...FC, "kubernetes.operator.job.autoscaler.enabled"], ["true"]],
    [
        [...FC, "kubernetes.operator.job.autoscaler.utilization.target"],
        ["5", "0.7"],
    ],
    [
        [...FC, "job.autoscaler.utilization.min"],
        ["0.1", "0.95"],
    ],
    [
        [...FC, "job.autoscaler.observed-scalability.coefficient-min"],
        ["0.001", "0.5"],
    ],
    [[...FC, "state"], [{ checkpoints: { dir: "s3://bucket/nested-cp" }, savepoints: { dir: "s3://bucket/nested-sp" } }]],
    [
        [...FC, "kubernetes"],
        [{ "cluster-id": "x" }, { "rest-service": { exposed: { type: "ClusterIP" } } }],
    ],
    [[...FC, "kubernetes.cluster-id"], ["x"]],
    [[...FC, "kubernetes.namespace"], ["x"]],
    [
        [...FC, "high-availability.type"],
        ["kubernetes", "NONE", "zookeeper", DEL],
    ],
    [
        [...FC, "high-availability.storageDir"],
        ["s3://bucket/ha", DEL],
    ],
    [[...FC, "high-availability"], ["kubernetes"]],
    [
        [...FC, "execution.checkpointing.dir"],
        ["s3://bucket/cp", DEL],
    ],
    [[...FC, "state.checkpoints.dir"], ["s3://bucket/cp2"]],
    [
        [...FC, "execution.checkpointing.savepoint-dir"],
        ["s3://bucket/sp", DEL],
    ],
    [[...FC, "state.savepoints.dir"], ["s3://bucket/sp2"]],
    [
        [...FC, "kubernetes.operator.deployment.rollback.enabled"],
        ["true", "false"],
    ],
    [[...FC, "kubernetes.operator.cluster.health-check.enabled"], ["true"]],
    [
        [...FC, "kubernetes.operator.jm-deployment-recovery.enabled"],
        ["false", "TRUE"],
    ],
    [[...FC, "kubernetes.operator.periodic.savepoint.interval"], ["1h"]],
    [[...FC, "kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age"], ["1h"]],
    [
        [...FC, "job.autoscaler.enabled"],
        ["true", "false"],
    ],
    [
        [...FC, "job.autoscaler.utilization.target"],
        ["0.5", "1.5", "x", "-0.1"],
    ],
    [
        [...FC, "job.autoscaler.utilization.max"],
        ["0.9", "0.3"],
    ],
    [
        [...FC, "job.autoscaler.scale-up.max-factor"],
        ["100000", "fast", "-1"],
    ],
    [
        [...FC, "job.autoscaler.excluded.periods"],
        ["9:00-10:00", "12:00-10:00", "* * 25 * * ?", "0 0 9 * * MON", "weekends", "9:30-10:50 && * * * ? * 2-6", "0 0 12 LW * ?"],
    ],
    [
        [...FC, "taskmanager.memory.process.size"],
        ["2g", "2gi"],
    ],
    [
        [...FC, "jobmanager.memory.process.size"],
        ["2g", "2 gb"],
    ],
];
const APPLICATION_MUTATIONS = [
    [
        ["spec", "job", "parallelism"],
        [0, 1, 2, -1, 1.5, "2", DEL],
    ],
    [
        ["spec", "job", "args"],
        [["--output", "print"], "--output print"],
    ],
    [
        ["spec", "job", "allowNonRestoredState"],
        [true, "yes"],
    ],
    [
        ["spec", "job", "upgradeMode"],
        ["stateless", "savepoint", "last-state", "stateful"],
    ],
    [
        ["spec", "job", "state"],
        ["running", "suspended"],
    ],
    [["spec", "job", "savepointTriggerNonce"], [1]],
    [["spec", "job"], [DEL]],
];
const JAR_URIS = [
    "https://repo.example.com/jobs/clicks.jar",
    "http://repo.example.com/x.jar",
    "s3://bucket/x.jar",
    "file:///opt/flink/x.jar",
    "local:///opt/flink/x.jar",
    "/opt/flink/job.jar",
    "https://exa mple.com/x.jar",
    "https://repo.example.com/my job.jar",
    "https://repo.example.com/50%.jar",
    "https://repo.example.com/jobs/my%20job.jar",
    "https://127.0.0.1/x.jar",
    "https://169.254.169.254/latest",
    "https://[::1]:8443/x.jar",
    "https://172.20.1.1/x.jar",
    "https://10.1.2.3/x.jar",
    "https://localhost/x.jar",
    "https:///x.jar",
    "https:repo.example.com/x.jar",
    "https://repo_jobs.example.com/x.jar",
    "https://2130706433/x.jar",
    "https://[2001:db8::1]:8443/x.jar",
    "https://artifacts.internal.example.com/x.jar",
    "https://repo1.maven.org/maven2/x.jar",
    "https://jobs.example.org:8443/a.jar?tag=1#main",
    "https://8.8.8.8/x.jar",
    "HTTPS://repo.example.com/x.jar",
    "https://user:pw@repo.example.com/x.jar",
    "https://224.0.0.1/x.jar",
    "https://0.0.0.0/x.jar",
    DEL,
];
const SESSION_JOB_MUTATIONS = [
    [
        ["spec", "deploymentName"],
        ["sessions", "orders", "Sessions", "missing", "a".repeat(46), DEL],
    ],
    [["spec", "job"], [DEL]],
    [["spec", "job", "jarURI"], JAR_URIS],
    [["spec", "job", "jarURI"], JAR_URIS],
    [
        ["spec", "job", "parallelism"],
        [0, 1, 4, -1],
    ],
    [
        ["spec", "job", "upgradeMode"],
        ["stateless", "savepoint", "last-state"],
    ],
    [
        ["spec", "job", "state"],
        ["running", "suspended"],
    ],
    [[...FC, "execution.checkpointing.dir"], ["s3://bucket/cp"]],
    [[...FC, "execution.checkpointing.savepoint-dir"], ["s3://bucket/sp"]],
    [[...FC, "kubernetes.operator.periodic.savepoint.interval"], ["1h"]],
    [
        ["metadata", "name"],
        ["clicks-b", "Clicks"],
    ],
    [["spec", "jobb"], [{}]],
];
const SNAPSHOT_MUTATIONS = [
    [
        ["spec", "savepoint"],
        [DEL, {}, { alreadyExists: true, path: "s3://x/sp-1" }, { formatType: "NATIVE" }, { formatType: "NONE" }, { disposeOnDelete: false }],
    ],
    [
        ["spec", "checkpoint"],
        [DEL, {}, { type: "full" }],
    ],
    [
        ["spec", "jobReference"],
        [
            DEL,
            { kind: "FlinkDeployment", name: "orders" },
            { kind: "FlinkDeployment", name: "missing" },
            { kind: "FlinkSessionJob", name: "clicks" },
            { kind: "FlinkSessionJob", name: "orders" },
            { kind: "Deployment", name: "orders" },
            { kind: "FlinkDeployment", name: "sessions" },
            { name: "orders" },
        ],
    ],
    [
        ["spec", "backoffLimit"],
        [0, 3, -1, "2"],
    ],
    [
        ["metadata", "name"],
        [DEL, "Orders-SP", "orders.sp-2026"],
    ],
];

function setPath(doc, keys, value) {
    let o = doc;
    for (const k of keys.slice(0, -1)) {
        if (o[k] === undefined || o[k] === null || typeof o[k] !== "object") {
            if (value === DEL) return;
            o[k] = {};
        }
        o = o[k];
    }
    const last = keys[keys.length - 1];
    if (value === DEL) delete o[last];
    else o[last] = JSON.parse(JSON.stringify(value));
}

function corpusArbitrary(f) {
    const kinds = {
        app: { base: f.applicationDeployment, name: "gen-app", pool: [...DEPLOYMENT_MUTATIONS, ...APPLICATION_MUTATIONS] },
        session: { base: f.sessionCluster, name: "gen-session", pool: DEPLOYMENT_MUTATIONS },
        job: { base: f.sessionJob, name: "gen-job", pool: SESSION_JOB_MUTATIONS },
        snapshot: { base: f.savepointSnapshot, name: "gen-snap", pool: SNAPSHOT_MUTATIONS },
    };
    const mutation = (pool) => fc.oneof(...pool.map(([keys, values]) => fc.constantFrom(...values).map((v) => [keys, v])));
    return fc.constantFrom(...Object.keys(kinds)).chain((k) =>
        fc.array(mutation(kinds[k].pool), { minLength: 1, maxLength: 4 }).map((muts) => {
            const doc = kinds[k].base();
            doc.metadata = { name: kinds[k].name, namespace: NS_ADM };
            for (const [keys, v] of muts) setPath(doc, keys, v);
            if (doc.metadata) doc.metadata.namespace = NS_ADM;
            return doc;
        }),
    );
}

describe("e2e 12: the real Flink Kubernetes Operator's webhook judges what the package judges", function () {
    const cluster = () => h.state.cluster;
    let operator;
    const report = [];

    before(async function () {
        this.timeout(10 * 60 * 1000);
        h.requireComponentsBuilt();
        await h.flinkCrdsGone(cluster()); // an earlier suite's CRDs must be finalized before these are applied
        await op.applyCrds(cluster());
        operator = await op.startOperator({
            cluster: cluster(),
            namespaces: [NS_OP],
            webhookNamespaces: [NS_ADM, NS_OP],
            dir: path.join(h.state.root, "operator-12"),
            hosts: HOSTS,
        });
    });

    afterEach(function () {
        if (this.currentTest.state === "failed" && operator) process.stderr.write(`--- operator and webhook logs ---\n${operator.tails(40)}\n`);
    });

    after(async function () {
        this.timeout(5 * 60 * 1000);
        for (const line of report) process.stderr.write(`[e2e 12] ${line}\n`);
        await op.cleanUp([
            () => operator && op.deleteFlinkResources(cluster(), [NS_ADM, NS_OP]),
            () => operator && operator.stop(),
            () => op.deleteNamespaces(cluster(), [NS_ADM, NS_OP]),
            () => h.flinkCrdsGone(cluster(), { remove: true }),
        ]);
    });

    it("every rule-table case gets the same verdict from the package and from the API server + webhook, rule by rule", async function () {
        this.timeout(5 * 60 * 1000);
        const t0 = Date.now();
        const { failing, passing } = require(path.join(h.REPO, "dist", "tests", "fixtures", "admission-cases.js"));
        const all = [...failing.map((c) => ({ c, table: "fail" })), ...passing.map((c) => ({ c, table: "pass" }))];
        const byRule = new Map();
        const skipped = [];
        const disagreements = [];
        const messageMismatches = [];
        const materialized = all.map((x) => ({ ...x, m: materialize(x.c) }));
        // Cases with documents in the cluster go last, one at a time; the rest see an empty namespace.
        materialized.sort((a, b) => (a.m.created ? a.m.created.length : 0) - (b.m.created ? b.m.created.length : 0));
        for (const { c, table, m } of materialized) {
            const label = `${table} ${c.rule}: ${c.title}`;
            if (m.skip) {
                skipped.push(`${label} (${m.skip})`);
                continue;
            }
            const pv = packageVerdict(m.doc, m.context);
            let ov;
            let outcome;
            if (m.created.length) {
                const remove = await createContext(cluster(), m.created);
                try {
                    // The webhook's informers see new objects shortly after creation: ask until the verdicts agree or
                    // the deadline passes (a real disagreement stays one).
                    const deadline = Date.now() + 10_000;
                    for (;;) {
                        ov = await operatorVerdict(cluster(), m.doc, NS_ADM);
                        outcome = compare(pv, ov);
                        if (outcome !== "disagree" || Date.now() > deadline) break;
                        await new Promise((r) => setTimeout(r, 250));
                    }
                } finally {
                    await remove();
                }
            } else {
                ov = await operatorVerdict(cluster(), m.doc, NS_ADM);
                outcome = compare(pv, ov);
            }
            const row = byRule.get(c.rule) || { agree: 0, stricter: 0, disagree: 0, webhook: 0, apiServer: 0 };
            row[outcome]++;
            if (!ov.accepted) row[ov.by === "webhook" ? "webhook" : "apiServer"]++;
            byRule.set(c.rule, row);
            if (outcome === "disagree") disagreements.push(describeDisagreement(label, m.doc, pv, ov));
            // Same meaning: a webhook refusal's message is in the package's message for the same manifest.
            if (!ov.accepted && !pv.accepted && ov.by === "webhook" && !sameMeaning(pv, ov)) {
                messageMismatches.push(`${label}:\n      operator: ${ov.message}\n      package:  ${pv.errors.map((f) => f.message).join(" | ")}`);
            }
        }
        report.push(
            `rule table: ${all.length - skipped.length} of ${all.length} cases sent in ${((Date.now() - t0) / 1000).toFixed(1)}s; skipped: ${skipped.length ? `\n    ${skipped.join("\n    ")}` : "none"}`,
        );
        report.push(
            `rule table by rule (agree/stricter/disagree; refused by webhook/API server):\n${[...byRule].map(([r, v]) => `    ${r.padEnd(36)} ${v.agree}/${v.stricter}/${v.disagree}; ${v.webhook}/${v.apiServer}`).join("\n")}`,
        );
        assert.deepStrictEqual(disagreements, [], `the package and the real operator disagree:\n${disagreements.join("\n")}`);
        report.push(
            `rule table: webhook refusals whose message the package does not carry: ${messageMismatches.length ? `\n    ${messageMismatches.join("\n    ")}` : "none"}`,
        );
        // The table reaches the operator both ways: refusals by the webhook and by the API server's schema, and accepts.
        const totals = [...byRule.values()].reduce((a, v) => ({ webhook: a.webhook + v.webhook, apiServer: a.apiServer + v.apiServer }), {
            webhook: 0,
            apiServer: 0,
        });
        assert.ok(totals.webhook >= 20 && totals.apiServer >= 5, `too few refusals reached the operator: ${JSON.stringify(totals)}`);
        // Skips are only the kinds named in materialize(), and few.
        assert.ok(skipped.length <= 12, `too many cases skipped:\n${skipped.join("\n")}`);
    });
    it("the operator's example manifests get the same verdict from both", async function () {
        this.timeout(3 * 60 * 1000);
        const dir = path.resolve(h.CRD_DIR, "..", "..", "..", "examples");
        const files = [];
        const walk = (d) => {
            for (const e of fs.readdirSync(d, { withFileTypes: true })) {
                const f = path.join(d, e.name);
                if (e.isDirectory()) walk(f);
                else if (/\.ya?ml$/.test(e.name)) files.push(f);
            }
        };
        walk(dir);
        const disagreements = [];
        let sent = 0;
        let accepted = 0;
        for (const file of files.sort()) {
            const docs = yaml.loadAll(fs.readFileSync(file, "utf8")).filter((d) => d && PLURAL[d.kind]);
            const made = [];
            try {
                for (const doc of docs) {
                    doc.metadata = { ...doc.metadata, namespace: NS_ADM };
                    // The documents before it in the file exist in the cluster: that is the whole set.
                    const pv = packageVerdict(doc, made);
                    const ov = await operatorVerdict(cluster(), doc, NS_ADM);
                    sent++;
                    if (ov.accepted) accepted++;
                    if (compare(pv, ov) === "disagree") disagreements.push(describeDisagreement(path.relative(dir, file), doc, pv, ov));
                    if (ov.accepted) {
                        const created = await operatorVerdict(cluster(), doc, NS_ADM, { dryRun: false });
                        assert.ok(
                            created.accepted,
                            `${path.relative(dir, file)}: ${doc.kind} ${doc.metadata.name} accepted in a dry run, refused for real: ${created.message}`,
                        );
                        made.push(doc);
                    }
                }
            } finally {
                for (const d of made) await cluster().request("DELETE", resourcePath(d, NS_ADM));
                for (const d of made)
                    await h.eventually(
                        `${d.kind} ${d.metadata.name} deleted`,
                        async () => (await cluster().request("GET", resourcePath(d, NS_ADM))).status === 404,
                        30_000,
                    );
            }
        }
        report.push(`examples: ${sent} manifests of ${files.length} files, ${accepted} accepted by the operator`);
        assert.deepStrictEqual(disagreements, [], disagreements.join("\n"));
        assert.ok(sent >= 10 && accepted >= 10, `too few examples reached the operator: ${sent} sent, ${accepted} accepted`);
    });

    it(`property: a generated corpus of ${CORPUS_SIZE} mutated manifests gets the same verdict from both`, async function () {
        this.timeout(10 * 60 * 1000);
        const f = require(path.join(h.REPO, "dist", "tests", "support", "fixtures.js"));
        // What exists in the namespace while the corpus runs: the targets session jobs and snapshots name.
        const orders = f.applicationDeployment();
        const sessions = f.sessionCluster();
        const clicks = f.sessionJob();
        for (const d of [orders, sessions, clicks]) d.metadata.namespace = NS_ADM;
        const context = [orders, sessions, clicks];
        const remove = await createContext(cluster(), context);
        try {
            const docs = fc.sample(corpusArbitrary(f), { numRuns: CORPUS_SIZE, seed: CORPUS_SEED });
            // The webhook's informers must see the context before the corpus runs: a session job on "orders" (an
            // application cluster) is refused only once they do.
            const probe = f.sessionJob();
            probe.metadata = { name: "probe", namespace: NS_ADM };
            probe.spec.deploymentName = "orders";
            await h.eventually("the webhook's informers to see the context", async () => !(await operatorVerdict(cluster(), probe, NS_ADM)).accepted, 30_000);
            const t0 = Date.now();
            const disagreements = [];
            const outcomes = { agree: 0, stricter: 0, disagree: 0, refusedByWebhook: 0, refusedByApiServer: 0, accepted: 0 };
            const rulesSeen = new Set();
            let next = 0;
            const worker = async () => {
                while (next < docs.length) {
                    const doc = docs[next++];
                    const pv = packageVerdict(doc, context);
                    for (const e of pv.errors) rulesSeen.add(e.rule);
                    const ov = await operatorVerdict(cluster(), doc, NS_ADM);
                    const outcome = compare(pv, ov);
                    outcomes[outcome]++;
                    if (ov.accepted) outcomes.accepted++;
                    else if (ov.by === "webhook") outcomes.refusedByWebhook++;
                    else outcomes.refusedByApiServer++;
                    if (outcome === "disagree" && disagreements.length < 25)
                        disagreements.push(describeDisagreement(`corpus #${docs.indexOf(doc)}`, doc, pv, ov));
                }
            };
            await Promise.all(Array.from({ length: 6 }, worker));
            const secs = (Date.now() - t0) / 1000;
            report.push(
                `corpus: ${docs.length} manifests (seed ${CORPUS_SEED}) in ${secs.toFixed(1)}s: ${JSON.stringify(outcomes)}; package rules that refused: ${rulesSeen.size}`,
            );
            assert.deepStrictEqual(disagreements, [], `the package and the real operator disagree (first 25):\n${disagreements.join("\n")}`);
            // The corpus reaches both verdicts and both refusing layers, and many rules.
            assert.ok(
                outcomes.accepted > docs.length / 10 && outcomes.refusedByWebhook > docs.length / 5 && outcomes.refusedByApiServer > 0,
                `the corpus is lopsided: ${JSON.stringify(outcomes)}`,
            );
            assert.ok(rulesSeen.size >= 25, `only ${rulesSeen.size} rules refused something: ${[...rulesSeen].join(", ")}`);
        } finally {
            await remove();
        }
    });
});
