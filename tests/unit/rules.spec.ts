/**
 * Every rule, failing and passing: a valid fixture mutated one field at a time. The last test checks that the
 * table covers every registered rule both ways.
 */
import * as assert from "assert";
import { RULES, SourcedDocument, UNKNOWN, validate } from "../../components/rules";
import { applicationDeployment, deploymentWithoutStateDirs, savepointSnapshot, sessionCluster, sessionJob } from "../support/fixtures";
// The cases are shared with the e2e suite, which runs them through the real operator's webhook.
import { Case, failing, passing } from "../fixtures/admission-cases";
// The blue/green rules' cases are run by tests/unit/blue-green.spec.ts (the webhook does not judge that kind).
import { blueGreenFailing, blueGreenPassing } from "../fixtures/blue-green-cases";
// The Aiven rules' cases are run by tests/unit/aiven-rules.spec.ts (Aiven kinds: component args and the Aiven operator's CR).
import { aivenFailing, aivenPassing } from "../fixtures/aiven-cases";

const app = applicationDeployment;
const session = sessionCluster;
const job = sessionJob;
const snapshot = savepointSnapshot;

function run(c: Case) {
    const doc = c.base();
    c.mutate(doc);
    const docs: SourcedDocument[] = [{ doc }, ...(c.with?.() ?? []).map((d) => ({ doc: d }))];
    const options = {
        ...(c.rule === "jar-uri-scheme-allowed" && c.title.includes("when allowed") ? { allowedJarSchemes: ["https", "s3"] } : {}),
        ...c.options,
    };
    return validate(docs, options).findings.filter((f) => f.rule === c.rule && f.kind === doc.kind && f.name === (doc.metadata?.name ?? "(unnamed)"));
}

describe("rules", () => {
    describe("the valid fixtures", () => {
        for (const [name, fixture] of Object.entries({ app, session, job, snapshot })) {
            it(`${name} has no findings at all`, () => assert.deepStrictEqual(validate([{ doc: fixture() }]).findings, []));
        }
    });

    describe("fail", () => {
        for (const c of failing) {
            it(`${c.rule}: ${c.title}`, () => {
                const findings = run(c);
                assert.ok(findings.length > 0, `expected a ${c.rule} finding`);
                if (c.path !== undefined) assert.strictEqual(findings[0].path, c.path);
                if (c.message) assert.match(findings[0].message, c.message);
            });
        }
    });

    describe("pass", () => {
        for (const c of passing) {
            it(`${c.rule}: ${c.title}`, () => assert.deepStrictEqual(run(c), []));
        }
    });

    it("every registered rule has a failing and a passing case", () => {
        const uncovered = (table: Case[]) =>
            RULES.filter(
                (r) =>
                    ![...table, ...(table === failing ? blueGreenFailing : blueGreenPassing), ...(table === failing ? aivenFailing : aivenPassing)].some(
                        (c) => c.rule === r.id,
                    ),
            ).map((r) => r.id);
        assert.deepStrictEqual(uncovered(failing), [], "rules without a failing case");
        // The valid fixtures pass every rule of their kind without reaching its edges: each rule needs an entry of
        // its own in `passing`, an edge case that stays valid.
        assert.deepStrictEqual(uncovered(passing), [], "rules without a passing case");
        // A misspelt rule id would make its passing case vacuous (no finding can carry it).
        assert.deepStrictEqual(
            [...failing, ...passing].filter((c) => !RULES.some((r) => r.id === c.rule)).map((c) => c.rule),
            [],
            "cases for unknown rules",
        );
    });

    it("reports every error, not only the first", () => {
        const doc = app();
        doc.metadata.name = "Bad";
        delete doc.spec.flinkVersion;
        doc.spec.jobManager.replicas = 0;
        delete doc.spec.serviceAccount;
        const rules = validate([{ doc }]).findings.map((f) => f.rule);
        assert.deepStrictEqual(rules, ["deployment-name", "flink-version-required", "jobmanager-replicas", "service-account-required"]);
    });

    it("carries kind, name, namespace and file into findings, with severities", () => {
        const doc = app();
        doc.spec.image = "flink";
        const [finding] = validate([{ doc, file: "apps/orders.yaml" }]).findings;
        assert.deepStrictEqual(finding, {
            rule: "image-tag",
            severity: "warning",
            path: "spec.image",
            message: finding.message,
            kind: "FlinkDeployment",
            name: "orders",
            namespace: "flink",
            file: "apps/orders.yaml",
        });
    });

    it("withholds findings that depend on unknown values and names the deferred rules", () => {
        const doc = app();
        delete doc.spec.flinkConfiguration["execution.checkpointing.dir"];
        doc.spec.flinkConfiguration["state.checkpoints.dir"] = UNKNOWN;
        doc.spec.jobManager.replicas = UNKNOWN;
        doc.spec.taskManager.resource.cpu = -2;
        const result = validate([{ doc }]);
        assert.deepStrictEqual(
            result.findings.map((f) => f.rule),
            ["cpu-positive"],
        );
        assert.ok(result.deferred.includes("FlinkDeployment/orders: standby-jobmanagers-require-ha"));
    });

    it("a wholly unknown flinkConfiguration defers config rules instead of failing them", () => {
        const doc = app();
        doc.spec.flinkConfiguration = UNKNOWN;
        assert.deepStrictEqual(validate([{ doc }]).findings, []);
    });

    it("rule overrides turn rules off or change severity", () => {
        const doc = app();
        doc.spec.image = "flink";
        delete doc.spec.serviceAccount;
        const findings = validate([{ doc }], { rules: { "image-tag": "error", "service-account-required": "off" } }).findings;
        assert.deepStrictEqual(
            findings.map((f) => [f.rule, f.severity]),
            [["image-tag", "error"]],
        );
    });

    describe("the operator's default configuration", () => {
        const storageRules = (doc: any, options = {}) =>
            validate([{ doc }], options)
                .findings.filter((f) => f.severity === "error")
                .map((f) => f.rule);

        it("lies under the spec: directories set only there are not missing (the operator validates the merge)", () => {
            assert.deepStrictEqual(storageRules(deploymentWithoutStateDirs()), ["checkpoint-dir-required", "savepoint-dir-required"]);
            const defaults = { "state.checkpoints.dir": "s3://ops/cp", state: { savepoints: { dir: "s3://ops/sp" } } };
            assert.deepStrictEqual(storageRules(deploymentWithoutStateDirs(), { defaultConfiguration: defaults }), []);
        });

        it("the spec wins over it", () => {
            const doc = app();
            doc.spec.flinkConfiguration["kubernetes.operator.deployment.rollback.enabled"] = "true";
            doc.spec.flinkConfiguration["high-availability.type"] = "NONE";
            delete doc.spec.jobManager.replicas;
            assert.deepStrictEqual(storageRules(doc, { defaultConfiguration: { "high-availability.type": "kubernetes" } }), ["rollback-requires-ha"]);
        });

        it("applies flink-version entries: v1_x+ for that version and newer, exact v1_x for that version only", () => {
            const prefix = "kubernetes.operator.default-configuration.flink-version.";
            const defaults = {
                [`${prefix}v1_19+.execution.checkpointing.dir`]: "s3://ops/cp",
                [`${prefix}v1_18.execution.checkpointing.savepoint-dir`]: "s3://ops/sp-18",
                [`${prefix}v1_20.execution.checkpointing.savepoint-dir`]: "s3://ops/sp-20",
            };
            const on = (version: string) => {
                const doc = deploymentWithoutStateDirs();
                doc.spec.flinkVersion = version;
                return storageRules(doc, { defaultConfiguration: defaults });
            };
            assert.deepStrictEqual(on("v1_20"), []);
            assert.deepStrictEqual(on("v1_19"), ["savepoint-dir-required"]);
            assert.deepStrictEqual(on("v1_18"), ["checkpoint-dir-required"]);
        });

        it("applies namespace entries for the resource's namespace (missing: default), under the version entries", () => {
            const ns = "kubernetes.operator.default-configuration.namespace.";
            const defaults = {
                [`${ns}flink.execution.checkpointing.dir`]: "s3://flink/cp",
                [`${ns}default.execution.checkpointing.dir`]: "s3://default/cp",
                "execution.checkpointing.savepoint-dir": "s3://ops/sp",
            };
            const inNamespace = (namespace: string | undefined) => {
                const doc = deploymentWithoutStateDirs();
                if (namespace === undefined) delete doc.metadata.namespace;
                else doc.metadata.namespace = namespace;
                return storageRules(doc, { defaultConfiguration: defaults });
            };
            assert.deepStrictEqual(inNamespace("flink"), []);
            assert.deepStrictEqual(inNamespace(undefined), []);
            assert.deepStrictEqual(inNamespace("team-b"), ["checkpoint-dir-required"]);
        });

        it("waits while the flinkVersion or namespace that selects an entry is not known yet", () => {
            const defaults = {
                "kubernetes.operator.default-configuration.flink-version.v1_19+.execution.checkpointing.dir": "s3://ops/cp",
                "execution.checkpointing.savepoint-dir": "s3://ops/sp",
            };
            const versionLater = deploymentWithoutStateDirs();
            versionLater.spec.flinkVersion = UNKNOWN;
            const result = validate([{ doc: versionLater }], { defaultConfiguration: defaults });
            assert.deepStrictEqual(
                result.findings.filter((f) => f.severity === "error"),
                [],
            );
            assert.ok(result.deferred.includes("FlinkDeployment/orders: checkpoint-dir-required"), result.deferred.join(", "));
            const namespaceLater = deploymentWithoutStateDirs();
            namespaceLater.metadata.namespace = UNKNOWN;
            const nsDefaults = {
                "kubernetes.operator.default-configuration.namespace.flink.execution.checkpointing.dir": "s3://ops/cp",
                "execution.checkpointing.savepoint-dir": "s3://ops/sp",
            };
            assert.deepStrictEqual(
                validate([{ doc: namespaceLater }], { defaultConfiguration: nsDefaults }).findings.filter((f) => f.severity === "error"),
                [],
            );
            // Without any version-specific entry, an unknown version decides nothing: the general defaults apply.
            assert.deepStrictEqual(
                validate([{ doc: versionLater }], { defaultConfiguration: { "execution.checkpointing.savepoint-dir": "s3://ops/sp" } }).findings.map(
                    (f) => f.rule,
                ),
                ["checkpoint-dir-required"],
            );
        });

        it("a session job gets it under its session cluster's configuration, by the cluster's flinkVersion", () => {
            const cluster = session();
            cluster.spec.flinkVersion = "v1_19";
            const j = job();
            j.spec.job.upgradeMode = "savepoint";
            const defaults = {
                "kubernetes.operator.default-configuration.flink-version.v1_19.execution.checkpointing.dir": "s3://ops/cp",
                "execution.checkpointing.savepoint-dir": "s3://ops/sp",
            };
            const rules = (options = {}) => validate([{ doc: cluster }, { doc: j }], options).findings.map((f) => f.rule);
            assert.deepStrictEqual(rules(), ["checkpoint-dir-required", "savepoint-dir-required"]);
            assert.deepStrictEqual(rules({ defaultConfiguration: defaults }), []);
        });

        it("gives the jar scheme allowlist unless allowedJarSchemes is passed", () => {
            const j = job();
            j.spec.job.jarURI = "s3://jobs/clicks.jar";
            const defaults = { "kubernetes.operator.user.artifacts.allowed-schemes": "https;s3" };
            assert.deepStrictEqual(
                validate([{ doc: session() }, { doc: j }]).findings.map((f) => f.rule),
                ["jar-uri-scheme-allowed"],
            );
            assert.deepStrictEqual(validate([{ doc: session() }, { doc: j }], { defaultConfiguration: defaults }).findings, []);
            assert.deepStrictEqual(
                validate([{ doc: session() }, { doc: j }], { defaultConfiguration: defaults, allowedJarSchemes: ["https"] }).findings.map((f) => f.rule),
                ["jar-uri-scheme-allowed"],
            );
        });
    });

    it("never repeats a jarURI's credentials or query in a message", () => {
        for (const uri of [
            "https://deployer:s3cr3t@repo.example.com/my job.jar",
            "https://repo.example.com/a b.jar?X-Amz-Signature=s3cr3t",
            "https://deployer:s3cr3t@repo_jobs.example.com/job.jar",
        ]) {
            const doc = job();
            doc.spec.job.jarURI = uri;
            const messages = validate([{ doc: session() }, { doc }]).findings.map((f) => f.message);
            assert.ok(messages.length > 0, uri);
            for (const m of messages) assert.ok(!m.includes("s3cr3t"), m);
        }
    });

    it("skips the operator's canary resources like its webhook does", () => {
        const canary = {
            apiVersion: "flink.apache.org/v1beta1",
            kind: "FlinkDeployment",
            metadata: { name: "canary", labels: { "flink.apache.org/canary": "true" } },
        };
        assert.deepStrictEqual(validate([{ doc: canary }]).findings, []);
    });

    it("ignores documents of other kinds", () => {
        assert.deepStrictEqual(validate([{ doc: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" }, data: { a: 1 } } }]).findings, []);
    });
});

describe("README", () => {
    it("lists every rule", () => {
        const readme = require("fs").readFileSync(require("path").resolve(__dirname, "../../../README.md"), "utf8");
        assert.deepStrictEqual(
            RULES.filter((r) => !readme.includes(`| \`${r.id}\` |`)).map((r) => r.id),
            [],
        );
    });
});
