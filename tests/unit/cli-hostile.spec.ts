/**
 * `pulumi-flink validate` on hostile input: alias bombs and cycles, symlink loops, pipes and devices, unreadable
 * directories, nested lists, a closed output pipe, and terminal escape sequences in manifest values. Each class is
 * tested over many generated forms, not only the example that found it.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import * as fc from "fast-check";
import * as YAML from "yaml";
import { main, printable } from "../../components/cli/main";
import { expandPaths, manifestsIn, parseManifests } from "../../components/cli/load";
import { MAX_DEPTH, expansionLimit, measureExpansion } from "../../components/cli/expansion";
import { applicationDeployment, sessionCluster } from "../support/fixtures";

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
function tempDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-flink-hostile-"));
    tempDirs.push(dir);
    return dir;
}

/** A YAML "billion laughs": each level's anchor holds `fanOut` aliases of the level below. */
function aliasBomb(depth: number, fanOut: number): string {
    const lines = [
        "apiVersion: flink.apache.org/v1beta1",
        "kind: FlinkDeployment",
        "metadata: {name: bomb}",
        "spec:",
        "  flinkConfiguration:",
        "    l0: &l0 {x: 1}",
    ];
    for (let i = 1; i <= depth; i++) {
        const refs = Array.from({ length: fanOut }, (_, k) => `k${k}: *l${i - 1}`).join(", ");
        lines.push(`    l${i}: &l${i} {${refs}}`);
    }
    return lines.join("\n") + "\n";
}

/** Values a tree expands to, counted the slow way (only for small graphs). */
function bruteForceSize(value: unknown): number {
    if (value === null || typeof value !== "object") return 1;
    return 1 + Object.values(value as object).reduce((n: number, v) => n + bruteForceSize(v), 0);
}

describe("validate: YAML alias bombs and cycles", () => {
    it("refuses alias bombs of any depth and fan-out, in time linear in the file (depth 60 would be 2^60 values)", function () {
        this.timeout(20000);
        for (const [depth, fanOut] of [
            [10, 2],
            [20, 2],
            [23, 2],
            [40, 2],
            [60, 2],
            [12, 4],
            [25, 3],
            [8, 9],
        ]) {
            const text = aliasBomb(depth, fanOut);
            const problems: { file: string; message: string }[] = [];
            const docs = parseManifests("bomb.yaml", text, problems);
            const expanded = ((fanOut ** (depth + 1) - 1) / (fanOut - 1)) * 3; // a rough lower bound is enough here
            if (expanded > expansionLimit(text.length)) {
                assert.strictEqual(docs.length, 0, `depth ${depth} x${fanOut} refused`);
                assert.match(problems[0].message, /YAML aliases expand this document to more than [\d,]+ values/);
            }
        }
    });

    it("counts shared subtrees exactly like a full expansion, and refuses exactly above the limit (property)", () => {
        // Random DAGs: node i may reference any node below it, so aliases are shared, never cyclic.
        const dag = fc.array(fc.array(fc.nat(), { maxLength: 4 }), { minLength: 1, maxLength: 12 }).map((edges) => {
            const nodes: { [k: string]: unknown }[] = [];
            edges.forEach((targets, i) => {
                const node: { [k: string]: unknown } = { leaf: i };
                targets.forEach((t, k) => {
                    if (i > 0) node[`c${k}`] = nodes[t % i];
                });
                nodes.push(node);
            });
            return nodes[nodes.length - 1];
        });
        fc.assert(
            fc.property(dag, fc.nat({ max: 400 }), (root, limit) => {
                const full = bruteForceSize(root);
                const measured = measureExpansion(root, limit);
                if (full <= limit) assert.deepStrictEqual(measured, { size: full });
                else assert.deepStrictEqual(measured, { problem: "too-large", limit });
            }),
            { numRuns: 300 },
        );
    });

    it("finds a cycle wherever an anchor contains its own alias (property)", () => {
        fc.assert(
            fc.property(fc.array(fc.constantFrom("map", "seq"), { minLength: 1, maxLength: 8 }), fc.nat(), (shape, back) => {
                const chain: any[] = [];
                for (const s of shape) {
                    const node: any = s === "map" ? {} : [];
                    if (chain.length) {
                        const parent = chain[chain.length - 1];
                        if (Array.isArray(parent)) parent.push(node);
                        else parent.next = node;
                    }
                    chain.push(node);
                }
                const last = chain[chain.length - 1];
                const target = chain[back % chain.length];
                if (Array.isArray(last)) last.push(target);
                else last.loop = target;
                const measured = measureExpansion({ root: chain[0] }, 1_000_000);
                assert.strictEqual((measured as { problem?: string }).problem, "cycle");
            }),
            { numRuns: 200 },
        );
    });

    it("refuses YAML cycles and runaway depth with a message, in manifests and in --operator-config", () => {
        const dir = tempDir();
        fs.writeFileSync(path.join(dir, "cycle.yaml"), "apiVersion: v1\nkind: ConfigMap\ndata: &a {x: [1, *a]}\n");
        const deep = "a: " + "[".repeat(MAX_DEPTH + 5) + "]".repeat(MAX_DEPTH + 5) + "\n";
        fs.writeFileSync(path.join(dir, "deep.yaml"), deep);
        const { code, out } = run(["validate", dir]);
        assert.strictEqual(code, 2);
        assert.match(out, /cycle\.yaml: YAML alias cycle at data\.x\[1\]/);
        assert.match(out, /deep\.yaml: invalid YAML .*nesting exceeded/, "js-yaml's own depth limit (100) reports it");
        let deepValue: unknown = 1;
        for (let i = 0; i < MAX_DEPTH + 5; i++) deepValue = [deepValue];
        assert.strictEqual((measureExpansion(deepValue, 1e9) as { problem?: string }).problem, "too-deep", "values built otherwise are bounded too");
        const conf = path.join(dir, "config.yaml");
        fs.writeFileSync(conf, aliasBomb(40, 2));
        fs.writeFileSync(path.join(dir, "ok.yml"), YAML.stringify(sessionCluster()));
        const withConfig = run(["validate", "--operator-config", conf, path.join(dir, "ok.yml")]);
        assert.strictEqual(withConfig.code, 2);
        assert.match(withConfig.err, /--operator-config: .*config\.yaml: YAML aliases expand this document/);
    });

    it("still reads ordinary aliases and merge keys", () => {
        const text =
            "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nmetadata: {name: merged}\nspec:\n  jobManager: &res {resource: {memory: 2048m, cpu: 1}}\n  taskManager: *res\n";
        const problems: { file: string; message: string }[] = [];
        const docs = parseManifests("x.yaml", text, problems);
        assert.deepStrictEqual(problems, []);
        assert.strictEqual((docs[0].doc as any).spec.taskManager.resource.memory, "2048m");
    });
});

describe("validate: the directory walk", () => {
    it("visits each real file once however symlinks loop, and passes over pipes and devices with a notice", function () {
        const dir = tempDir();
        fs.mkdirSync(path.join(dir, "a/b"), { recursive: true });
        fs.writeFileSync(path.join(dir, "a/b/job.yaml"), YAML.stringify(sessionCluster()));
        // Loops: two links to parents, a link to a sibling, a link to the file itself.
        fs.symlinkSync("..", path.join(dir, "a/b/up"));
        fs.symlinkSync("../..", path.join(dir, "a/b/top"));
        fs.symlinkSync("b", path.join(dir, "a/again"));
        fs.symlinkSync("job.yaml", path.join(dir, "a/b/same.yaml"));
        fs.symlinkSync("/dev/zero", path.join(dir, "a/zero.yaml"));
        spawnSync("mkfifo", [path.join(dir, "a/pipe.yaml")]);
        const problems: { file: string; message: string }[] = [];
        const notices: { file: string; message: string }[] = [];
        const files = expandPaths([dir], problems, notices);
        assert.deepStrictEqual(
            files.map((f) => path.relative(dir, f)),
            ["a/again/job.yaml"],
        );
        assert.deepStrictEqual(problems, []);
        assert.deepStrictEqual(notices.map((n) => [path.relative(dir, n.file), n.message]).sort(), [
            ["a/pipe.yaml", "skipped: a named pipe, not a regular file"],
            ["a/zero.yaml", "skipped: a device, not a regular file"],
        ]);
        const { code, err } = run(["validate", dir]);
        assert.strictEqual(code, 0);
        assert.match(err, /1 Flink resource in 1 file: 0 errors, 0 warnings, 2 skipped/);
        assert.strictEqual(run(["validate", "--strict", dir]).code, 1, "--strict fails on skipped inputs");
    });

    it("reports an unreadable directory by path and checks the rest; --json still prints its array", () => {
        const dir = tempDir();
        fs.mkdirSync(path.join(dir, "locked"));
        fs.mkdirSync(path.join(dir, "open"));
        fs.writeFileSync(path.join(dir, "locked/x.yaml"), YAML.stringify(sessionCluster()));
        const bad = applicationDeployment();
        bad.spec.jobManager.replicas = 0;
        fs.writeFileSync(path.join(dir, "open/y.yaml"), YAML.stringify(bad));
        // Tests run as root, which permissions do not stop: make the one directory fail as it would for a user.
        const realFs = require("fs");
        const original = realFs.readdirSync;
        realFs.readdirSync = (p: fs.PathLike, ...rest: any[]) => {
            if (String(p).endsWith("locked")) throw Object.assign(new Error(`EACCES: permission denied, scandir '${p}'`), { code: "EACCES" });
            return (original as any)(p, ...rest);
        };
        try {
            const { code, out } = run(["validate", "--json", dir]);
            assert.strictEqual(code, 2);
            const rows = JSON.parse(out);
            assert.deepStrictEqual(rows.map((r: any) => [path.relative(dir, r.file), r.rule]).sort(), [
                ["locked", "unreadable-input"],
                ["open/y.yaml", "jobmanager-replicas"],
            ]);
            assert.match(rows.find((r: any) => r.rule === "unreadable-input").message, /cannot read directory: permission denied; the rest was checked/);
        } finally {
            realFs.readdirSync = original;
        }
    });
});

describe("validate: lists and sequences, as kubectl reads them", () => {
    const cluster = sessionCluster();
    const forms: [string, unknown, number][] = [
        ["kind: List", { apiVersion: "v1", kind: "List", items: [cluster] }, 1],
        ["nested kind: List", { apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "List", items: [cluster, cluster] }] }, 2],
        ["FlinkDeploymentList", { apiVersion: "flink.apache.org/v1beta1", kind: "FlinkDeploymentList", items: [cluster] }, 1],
        ["a sequence document", [cluster, cluster, cluster], 3],
        ["a sequence of lists", [{ kind: "List", items: [cluster] }, cluster], 2],
        ["a scalar document", "just text", 0],
        ["a list without items", { apiVersion: "v1", kind: "ConfigMapList" }, 0],
    ];
    for (const [name, doc, flink] of forms) {
        it(`${name}: ${flink} Flink resource(s)`, () => {
            assert.strictEqual(manifestsIn(doc).filter((d) => d.kind === "FlinkDeployment").length, flink);
        });
    }
    it("checks what a list holds (an error inside a FlinkDeploymentList is reported)", () => {
        const bad = applicationDeployment();
        bad.spec.jobManager.replicas = 0;
        const dir = tempDir();
        fs.writeFileSync(path.join(dir, "l.yaml"), YAML.stringify({ apiVersion: "flink.apache.org/v1beta1", kind: "FlinkDeploymentList", items: [bad] }));
        const { code, out } = run(["validate", dir]);
        assert.strictEqual(code, 1);
        assert.match(out, /FlinkDeployment\/orders: spec\.jobManager\.replicas/);
    });
});

describe("validate: output safe to print", () => {
    // Every control character and display-rewriting code point a terminal acts on.
    const dangerous = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
    it("no control character or bidi override in a manifest reaches the terminal raw (property)", () => {
        const hostileChar = fc
            .oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }), fc.constantFrom(0x2028, 0x2029, 0x202e, 0x2066))
            .map((c) => String.fromCharCode(c));
        const hostile = fc.array(fc.oneof(hostileChar, fc.string({ maxLength: 3 })), { maxLength: 12 }).map((parts) => parts.join(""));
        fc.assert(
            fc.property(hostile, hostile, (name, image) => {
                const doc = applicationDeployment();
                doc.metadata.name = name;
                doc.spec.image = image;
                const dir = tempDir();
                fs.writeFileSync(path.join(dir, "hostile.yaml"), YAML.stringify(doc));
                const { out } = run(["validate", dir]);
                for (const line of out.split("\n")) assert.ok(!dangerous.test(line), `raw control character in: ${JSON.stringify(line)}`);
                fs.rmSync(dir, { recursive: true, force: true });
            }),
            { numRuns: 60 },
        );
    });
    it("printable() escapes what a terminal would act on and leaves text alone", () => {
        assert.strictEqual(printable("x\u001b[2K\rall good"), "x\\u001b[2K\\u000dall good");
        assert.strictEqual(printable("a\nb\tc"), "a\\nb\\tc");
        assert.strictEqual(printable("naïve – ok ✓"), "naïve – ok ✓");
    });
    it("a reader that closes the pipe early gets no stack trace (validate | head)", () => {
        const dir = tempDir();
        const bad = applicationDeployment();
        bad.spec.jobManager.replicas = 0;
        for (let i = 0; i < 400; i++) fs.writeFileSync(path.join(dir, `f${i}.yaml`), YAML.stringify({ ...bad, metadata: { name: `orders-${i}` } }));
        const r = spawnSync("bash", ["-c", `node ${JSON.stringify(BIN)} validate ${JSON.stringify(dir)} | head -1`], { encoding: "utf8" });
        assert.strictEqual(r.stdout.split("\n").filter(Boolean).length, 1);
        assert.doesNotMatch(r.stderr, /EPIPE|Error|at /);
    });
});
