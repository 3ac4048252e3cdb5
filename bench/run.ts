/**
 * Benchmarks, run on demand (`npm run bench`), not as timed tests. Each comparison alternates its two sides in
 * fresh processes and reports medians and their ratio, because this machine's timings are noisy.
 *
 *   components   1,000 FlinkDeployments under mocks vs a minimal unvalidated wrapper: bare, with the status output,
 *                and with the status output and the readiness annotations (wall clock, CPU time, peak RSS)
 *   import       require of the package on top of @pulumi/pulumi + @pulumi/kubernetes
 *   cli          `pulumi-flink validate` over 10,000 manifests (wall clock)
 *   policies     10,000 resources through every policy of the pack (policy time; ./policies.ts, in a fresh process)
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";

const DIST = path.resolve(__dirname, "..");
const ROOT = path.resolve(DIST, "..");

function node(args: string[]): any {
    return JSON.parse(
        execFileSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, PULUMI_NODEJS_SKIP_COMPONENT_INPUTS: "true" } })
            .trim()
            .split("\n")
            .pop()!,
    );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function benchComponents(rounds: number) {
    const worker = path.join(DIST, "bench/components-worker.js");
    const variants = ["baseline", "baseline-status", "baseline-await", "package"];
    const runs: { [k: string]: { ms: number[]; cpu: number[]; rss: number[] } } = {};
    for (const v of variants) runs[v] = { ms: [], cpu: [], rss: [] };
    node([worker, "package", "50"]); // warm the file cache
    for (let i = 0; i < rounds; i++) {
        // Rotate the order each round so no variant always runs first or last.
        for (let j = 0; j < variants.length; j++) {
            const v = variants[(i + j) % variants.length];
            const r = node([worker, v, "1000"]);
            runs[v].ms.push(r.ms);
            runs[v].cpu.push(r.cpuMs);
            runs[v].rss.push(r.maxRssKb);
        }
    }
    const summary = (v: string) => ({
        medianMs: round(median(runs[v].ms)),
        medianCpuMs: round(median(runs[v].cpu)),
        medianPeakRssMb: round(median(runs[v].rss) / 1024),
    });
    const ratios = (base: string) => ({
        timeRatio: round(median(runs.package.ms) / median(runs[base].ms), 3),
        cpuTimeRatio: round(median(runs.package.cpu) / median(runs[base].cpu), 3),
        memoryRatio: round(median(runs.package.rss) / median(runs[base].rss), 3),
    });
    return {
        name: "1,000 FlinkDeployments under mocks (validation included) vs minimal wrappers",
        rounds,
        baseline: summary("baseline"),
        baselineWithStatus: summary("baseline-status"),
        baselineWithStatusAndAwait: summary("baseline-await"),
        package: summary("package"),
        vsBaseline: ratios("baseline"),
        vsBaselineWithStatus: ratios("baseline-status"),
        // Like for like: everything the package's component does by default except validation.
        vsBaselineWithStatusAndAwait: ratios("baseline-await"),
        target: "<= 1.10x time and peak memory",
    };
}

function benchImport(rounds: number) {
    const worker = path.join(DIST, "bench/import-worker.js");
    // Each fresh process loads @pulumi/pulumi and @pulumi/kubernetes first, then times the package alone: comparing
    // two whole-process timings instead drowns a ~30 ms difference in ~200 ms of noise.
    const base: number[] = [];
    const added: number[] = [];
    node([worker, path.join(DIST, "components/index.js")]);
    for (let i = 0; i < rounds; i++) {
        const r = node([worker, path.join(DIST, "components/index.js")]);
        base.push(r.baseMs);
        added.push(r.ms);
    }
    return {
        name: "import cost of the package over @pulumi/pulumi + @pulumi/kubernetes",
        rounds,
        baseMedianMs: round(median(base)),
        addedMedianMs: round(median(added)),
        addedMaxMs: round(Math.max(...added)),
        target: "<= 150 ms added",
    };
}

function benchCli(rounds: number) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-flink-bench-"));
    const docs: any[] = [];
    for (let i = 0; i < 10000; i++) {
        const kind = i % 4;
        if (kind === 0 || kind === 1) {
            docs.push({
                apiVersion: "flink.apache.org/v1beta1",
                kind: "FlinkDeployment",
                metadata: { name: `cluster-${i}`, namespace: `team-${i % 50}` },
                spec: {
                    image: "flink:1.20",
                    flinkVersion: "v1_20",
                    serviceAccount: "flink",
                    flinkConfiguration: {
                        "taskmanager.numberOfTaskSlots": "2",
                        "high-availability.type": "kubernetes",
                        "high-availability.storageDir": "s3://b/ha",
                        state: { checkpoints: { dir: "s3://b/cp" }, savepoints: { dir: "s3://b/sp" } },
                    },
                    jobManager: { replicas: 2, resource: { memory: "2048m", cpu: 1 } },
                    taskManager: {
                        resource: { memory: "4Gi", cpu: 2 },
                        podTemplate: {
                            spec: {
                                containers: [
                                    { name: "flink-main-container", env: [{ name: "A", value: "b" }], volumeMounts: [{ name: "v", mountPath: "/data" }] },
                                ],
                            },
                        },
                    },
                    ...(kind === 0 ? { job: { jarURI: "local:///opt/flink/job.jar", parallelism: 4, upgradeMode: "last-state" } } : {}),
                },
            });
        } else if (kind === 2) {
            docs.push({
                apiVersion: "flink.apache.org/v1beta1",
                kind: "FlinkSessionJob",
                metadata: { name: `job-${i}`, namespace: `team-${(i - 1) % 50}` },
                spec: { deploymentName: `cluster-${i - 1}`, job: { jarURI: "https://repo.example.com/job.jar", parallelism: 2, upgradeMode: "stateless" } },
            });
        } else {
            docs.push({
                apiVersion: "flink.apache.org/v1beta1",
                kind: "FlinkStateSnapshot",
                metadata: { name: `snap-${i}`, namespace: `team-${(i - 3) % 50}` },
                spec: { jobReference: { kind: "FlinkDeployment", name: `cluster-${i - 3}` }, savepoint: {} },
            });
        }
    }
    for (let f = 0; f < 100; f++)
        fs.writeFileSync(
            path.join(dir, `manifests-${f}.yaml`),
            docs
                .slice(f * 100, f * 100 + 100)
                .map((d) => YAML.stringify(d))
                .join("---\n"),
        );
    const bin = path.join(ROOT, "bin/pulumi-flink.js");
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
        const start = process.hrtime.bigint();
        try {
            execFileSync(process.execPath, [bin, "validate", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        } catch (err: any) {
            throw new Error(`validate failed on the generated manifests: ${err.stdout}`, { cause: err });
        }
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const summary = execFileSync(process.execPath, [bin, "validate", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    fs.rmSync(dir, { recursive: true, force: true });
    return {
        name: "pulumi-flink validate, 10,000 manifests in 100 files (process wall clock)",
        rounds,
        medianMs: round(median(times)),
        maxMs: round(Math.max(...times)),
        target: "< 3000 ms",
        output: summary.trim() || "(no findings)",
    };
}

function round(x: number, digits = 1): number {
    const f = 10 ** digits;
    return Math.round(x * f) / f;
}

const which = process.argv.slice(2);
const all = which.length === 0;
const results: any[] = [];
if (all || which.includes("components")) results.push(benchComponents(Number(process.env.BENCH_ROUNDS ?? 6)));
if (all || which.includes("import")) results.push(benchImport(Number(process.env.BENCH_ROUNDS ?? 10)));
if (all || which.includes("cli")) results.push(benchCli(Number(process.env.BENCH_ROUNDS ?? 3)));
if (all || which.includes("policies")) results.push(node([path.join(DIST, "bench/policies.js"), "10000", process.env.BENCH_ROUNDS ?? "5"]));
process.stdout.write(JSON.stringify(results, null, 2) + "\n");
