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
const CORPUS_SIZE = Number(process.env.E2E_OPERATOR_CORPUS || 3000);
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

/** The package's public entry (validate, UNKNOWN, ...), as a user of the package loads it. */
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

function compare(pv, ov) {
    if (pv.accepted === ov.accepted) return "agree";
    if (!pv.accepted && ov.accepted && pv.errors.every((f) => STRICTER_THAN_OPERATOR[f.rule])) return "stricter";
    return "disagree";
}

function describeDisagreement(label, doc, pv, ov) {
    return `${label}: package ${pv.accepted ? "accepts" : `refuses (${pv.errors.map((f) => `${f.rule}: ${f.message}`).join("; ")})`}, `
        + `operator ${ov.accepted ? "accepts" : `refuses (${ov.by}, HTTP ${ov.status}: ${String(ov.message).slice(0, 300)})`}\n    ${JSON.stringify(doc).slice(0, 600)}`;
}

const resourcePath = (doc, ns) => `/apis/${GROUP_VERSION}/namespaces/${ns}/${PLURAL[doc.kind]}/${doc.metadata.name}`;

/** Creates `docs` in NS_ADM for real (the webhook's informers must see them); returns a function removing them. */
async function createContext(cluster, docs) {
    const made = [];
    const remove = async () => {
        for (const d of made) await cluster.request("DELETE", resourcePath(d, NS_ADM));
        for (const d of made) await h.eventually(`${d.kind} ${d.metadata.name} deleted`, async () => (await cluster.request("GET", resourcePath(d, NS_ADM))).status === 404, 30_000);
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
    const { UNKNOWN } = pkg();
    const doc = c.base();
    c.mutate(doc);
    const context = c.with ? c.with() : [];
    if (hasUnknown(doc, UNKNOWN) || context.some((d) => hasUnknown(d, UNKNOWN))) return { skip: "holds a value known only during deployment (UNKNOWN): no manifest to send" };
    if (c.rule === "jar-uri-scheme-allowed" && /when allowed/.test(c.title)) return { skip: "runs with allowedJarSchemes [https, s3]; the running webhook keeps the operator's default (https)" };
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
    if (doc.kind === "FlinkStateSnapshot" && !c.with && !(c.options && c.options.completeSet) && doc.spec && doc.spec.jobReference && doc.spec.jobReference.name) {
        const f = require(path.join(h.REPO, "dist", "tests", "support", "fixtures.js"));
        const target = doc.spec.jobReference.kind === "FlinkSessionJob" ? f.sessionJob() : f.applicationDeployment();
        target.metadata = { name: doc.spec.jobReference.name, namespace: NS_ADM };
        context.push(target);
        created.push(target);
    }
    return { doc, context, created };
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
            cluster: cluster(), namespaces: [NS_OP], webhookNamespaces: [NS_ADM, NS_OP], dir: path.join(h.state.root, "operator-12"), hosts: HOSTS,
        });
    });

    afterEach(function () {
        if (this.currentTest.state === "failed" && operator) process.stderr.write(`--- operator and webhook logs ---\n${operator.tails(40)}\n`);
    });

    after(async function () {
        this.timeout(5 * 60 * 1000);
        for (const line of report) process.stderr.write(`[e2e 12] ${line}\n`);
        if (operator) {
            await op.deleteFlinkResources(cluster(), [NS_ADM, NS_OP]);
            await operator.stop();
        }
        await op.deleteNamespaces(cluster(), [NS_ADM, NS_OP]);
        await h.flinkCrdsGone(cluster(), { remove: true });
    });

    it("every rule-table case gets the same verdict from the package and from the API server + webhook, rule by rule", async function () {
        this.timeout(5 * 60 * 1000);
        const t0 = Date.now();
        const { failing, passing } = require(path.join(h.REPO, "dist", "tests", "fixtures", "admission-cases.js"));
        const all = [...failing.map((c) => ({ c, table: "fail" })), ...passing.map((c) => ({ c, table: "pass" }))];
        const byRule = new Map();
        const skipped = [];
        const disagreements = [];
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
        }
        report.push(`rule table: ${all.length - skipped.length} of ${all.length} cases sent in ${((Date.now() - t0) / 1000).toFixed(1)}s; skipped: ${skipped.length ? `\n    ${skipped.join("\n    ")}` : "none"}`);
        report.push(`rule table by rule (agree/stricter/disagree; refused by webhook/API server):\n${[...byRule].map(([r, v]) => `    ${r.padEnd(36)} ${v.agree}/${v.stricter}/${v.disagree}; ${v.webhook}/${v.apiServer}`).join("\n")}`);
        assert.deepStrictEqual(disagreements, [], `the package and the real operator disagree:\n${disagreements.join("\n")}`);
        // The table reaches the operator both ways: refusals by the webhook and by the API server's schema, and accepts.
        const totals = [...byRule.values()].reduce((a, v) => ({ webhook: a.webhook + v.webhook, apiServer: a.apiServer + v.apiServer }), { webhook: 0, apiServer: 0 });
        assert.ok(totals.webhook >= 20 && totals.apiServer >= 5, `too few refusals reached the operator: ${JSON.stringify(totals)}`);
        // Skips are only the kinds named in materialize(), and few.
        assert.ok(skipped.length <= 12, `too many cases skipped:\n${skipped.join("\n")}`);
    });
});
