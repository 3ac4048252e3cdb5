import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import * as YAML from "yaml";
import { main } from "../../components/cli/main";
import { EXAMPLES_DIR, applicationDeployment, deploymentWithoutStateDirs, sessionCluster, sessionJob } from "../support/fixtures";

const BIN = path.resolve(__dirname, "../../../bin/pulumi-flink.js");

function run(args: string[]) {
    let out = "";
    let err = "";
    const code = main(args, { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
}

const tempDirs: string[] = [];
after(() => {
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

function tempTree(files: { [name: string]: string }): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-flink-cli-"));
    tempDirs.push(dir);
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

const yaml = (...docs: any[]) => docs.map((d) => YAML.stringify(d)).join("---\n");

describe("pulumi-flink validate", () => {
    it("passes the operator's examples with exit 0 and a summary on stderr", () => {
        const { code, err } = run(["validate", EXAMPLES_DIR]);
        assert.strictEqual(code, 0);
        assert.match(err, /\d+ Flink resources in \d+ files: 0 errors, 1 warning/);
    });

    it("reports errors as `file: Kind/name: path: message` and exits 1", () => {
        const bad = applicationDeployment();
        bad.spec.jobManager.replicas = 0;
        const dir = tempTree({ "apps/orders.yaml": yaml(bad) });
        const file = path.join(dir, "apps/orders.yaml");
        const { code, out } = run(["validate", dir]);
        assert.strictEqual(code, 1);
        assert.strictEqual(
            out.trim(),
            `${file}: FlinkDeployment/orders: spec.jobManager.replicas: JobManager replicas should not be configured less than one. Set spec.jobManager.replicas to 1, or 2 or more with high availability. [jobmanager-replicas]`,
        );
    });

    it("--json prints one array of {file, kind, name, path, rule, severity, message}", () => {
        const bad = applicationDeployment();
        bad.spec.image = "flink";
        const dir = tempTree({ "a.yml": yaml(bad) });
        const { code, out } = run(["validate", "--json", path.join(dir, "a.yml")]);
        assert.strictEqual(code, 0, "warnings alone do not fail");
        const rows = JSON.parse(out);
        assert.deepStrictEqual(rows, [
            {
                file: path.join(dir, "a.yml"),
                kind: "FlinkDeployment",
                name: "orders",
                path: "spec.image",
                rule: "image-tag",
                severity: "warning",
                message: rows[0].message,
            },
        ]);
    });

    it("--strict fails on warnings", () => {
        const bad = applicationDeployment();
        bad.spec.image = "flink:latest";
        const dir = tempTree({ "a.yaml": yaml(bad) });
        assert.strictEqual(run(["validate", dir]).code, 0);
        assert.strictEqual(run(["validate", "--strict", dir]).code, 1);
    });

    it("checks across files: a session job naming an application cluster in another file", () => {
        const app = applicationDeployment();
        app.metadata.name = "sessions";
        const dir = tempTree({ "cluster.yaml": yaml(app), "jobs/clicks.yaml": yaml(sessionJob()) });
        const { code, out } = run(["validate", dir]);
        assert.strictEqual(code, 1);
        assert.match(out, /jobs\/clicks\.yaml: FlinkSessionJob\/clicks: spec\.deploymentName: Can not submit session job to application cluster/);
        const ok = tempTree({ "cluster.yaml": yaml(sessionCluster()), "jobs/clicks.yaml": yaml(sessionJob()) });
        assert.strictEqual(run(["validate", ok]).code, 0);
    });

    it("reports bad YAML per file with exit 2, still checking the other files", () => {
        const bad = applicationDeployment();
        delete bad.spec.serviceAccount;
        const dir = tempTree({ "broken.yaml": "kind: [\n", "ok.yaml": yaml(bad), "README.md": "not yaml: [" });
        const { code, out } = run(["validate", dir]);
        assert.strictEqual(code, 2);
        assert.match(out, /broken\.yaml: invalid YAML at line \d+, column \d+: /);
        assert.match(out, /ok\.yaml: FlinkDeployment\/orders: spec\.serviceAccount: /);
        assert.doesNotMatch(out, /README/);
        assert.doesNotMatch(out, /\n\s+at /, "no stack trace");
    });

    it("usage errors exit 2: no paths, unknown flags, missing files", () => {
        assert.strictEqual(run(["validate"]).code, 2);
        assert.match(run(["validate", "--nope", "x"]).err, /Unknown option '--nope'/);
        const missing = run(["validate", "/does/not/exist.yaml"]);
        assert.strictEqual(missing.code, 2);
        assert.match(missing.out, /\/does\/not\/exist\.yaml: cannot read: no such file or directory/);
        assert.strictEqual(run(["frobnicate"]).code, 2);
    });

    it("--jar-schemes extends the session job jar allowlist", () => {
        const job = sessionJob();
        job.spec.job.jarURI = "s3://bucket/clicks.jar";
        const dir = tempTree({ "job.yaml": yaml(job) });
        assert.strictEqual(run(["validate", dir]).code, 1);
        assert.strictEqual(run(["validate", "--jar-schemes", "https,s3", dir]).code, 0);
    });

    it("expands kind: List", () => {
        const bad = sessionCluster();
        bad.spec.flinkVersion = "v1_13";
        const dir = tempTree({ "list.yaml": yaml({ apiVersion: "v1", kind: "List", items: [bad] }) });
        assert.match(run(["validate", dir]).out, /FlinkDeployment\/sessions: spec\.flinkVersion: Flink version v1_13 is not supported/);
    });

    it("the installed bin runs with the same exit codes", () => {
        const ok = spawnSync(process.execPath, [BIN, "validate", EXAMPLES_DIR], { encoding: "utf8" });
        assert.strictEqual(ok.status, 0, ok.stderr);
        const usage = spawnSync(process.execPath, [BIN, "validate"], { encoding: "utf8" });
        assert.strictEqual(usage.status, 2);
        assert.match(usage.stderr, /Usage: pulumi-flink validate/);
        const version = spawnSync(process.execPath, [BIN, "--version"], { encoding: "utf8" });
        assert.match(version.stdout.trim(), /^\d+\.\d+\.\d+$/);
    });
});

describe("pulumi-flink validate --operator-config", () => {
    it("reads the operator's flink-conf.yaml (flat) or config.yaml (nested) and lays it under every spec", () => {
        const dir = tempTree({
            "apps/orders.yaml": yaml(deploymentWithoutStateDirs()),
            "operator/flink-conf.yaml": "# operator defaults\nstate.checkpoints.dir: s3://ops/cp\nstate.savepoints.dir: s3://ops/sp # shared\n",
            "operator/config.yaml": "execution:\n  checkpointing:\n    dir: s3://ops/cp\n    savepoint-dir: s3://ops/sp\n",
            "operator/partial.yaml": "execution.checkpointing.dir: s3://ops/cp\n",
        });
        const apps = path.join(dir, "apps");
        const without = run(["validate", apps]);
        assert.strictEqual(without.code, 1);
        assert.match(without.out, /checkpoint-dir-required/);
        for (const conf of ["flink-conf.yaml", "config.yaml"]) {
            const { code, out, err } = run(["validate", "--operator-config", path.join(dir, "operator", conf), apps]);
            assert.strictEqual(code, 0, `${conf}: ${out}${err}`);
        }
        const partial = run(["validate", "--json", "--operator-config", path.join(dir, "operator/partial.yaml"), apps]);
        assert.strictEqual(partial.code, 1);
        assert.deepStrictEqual(
            JSON.parse(partial.out).map((r: any) => r.rule),
            ["savepoint-dir-required"],
        );
    });

    it("an unreadable or malformed operator config is a usage error (exit 2) naming the file", () => {
        const dir = tempTree({ "list.yaml": "- a\n- b\n", "bad.yaml": "a: [\n", "app.yaml": yaml(applicationDeployment()) });
        const app = path.join(dir, "app.yaml");
        const missing = run(["validate", "--operator-config", path.join(dir, "nope.yaml"), app]);
        assert.strictEqual(missing.code, 2);
        assert.match(missing.err, /--operator-config: cannot read .*nope\.yaml: no such file/);
        const list = run(["validate", "--operator-config", path.join(dir, "list.yaml"), app]);
        assert.strictEqual(list.code, 2);
        assert.match(list.err, /list\.yaml must be a map of Flink configuration keys/);
        const bad = run(["validate", "--operator-config", path.join(dir, "bad.yaml"), app]);
        assert.strictEqual(bad.code, 2);
        assert.match(bad.err, /bad\.yaml is not valid YAML/);
    });
});

describe("manifest loading", () => {
    it("reads YAML as Kubernetes does: unquoted dates stay strings, merge keys merge", () => {
        const { parseManifests } = require("../../components/cli/load");
        const problems: any[] = [];
        const [{ doc }] = parseManifests(
            "x.yaml",
            "base: &b {image: 'flink:1.20'}\nkind: FlinkDeployment\nmetadata: {name: x, annotations: {since: 2024-01-01}}\nspec:\n  <<: *b\n",
            problems,
        );
        assert.deepStrictEqual(problems, []);
        assert.strictEqual(doc.metadata.annotations.since, "2024-01-01");
        assert.strictEqual(doc.spec.image, "flink:1.20");
    });
});

describe("pulumi-flink validate --complete-set", () => {
    it("reports a FlinkStateSnapshot whose target is not among the files only when told the set is complete", () => {
        const snapshot = {
            apiVersion: "flink.apache.org/v1beta1",
            kind: "FlinkStateSnapshot",
            metadata: { name: "orders-sp", namespace: "flink" },
            spec: { jobReference: { kind: "FlinkDeployment", name: "orders" }, savepoint: {} },
        };
        const dir = tempTree({ "sp.yaml": yaml(snapshot) });
        assert.strictEqual(run(["validate", dir]).code, 0, "the target may live elsewhere");
        const complete = run(["validate", "--complete-set", dir]);
        assert.strictEqual(complete.code, 1);
        assert.match(complete.out, /FlinkStateSnapshot\/orders-sp: .*Target for snapshot flink\/orders was not found/);
        const withTarget = tempTree({ "sp.yaml": yaml(snapshot), "app.yaml": yaml(applicationDeployment()) });
        assert.strictEqual(run(["validate", "--complete-set", withTarget]).code, 0, "found in another file");
    });
});
