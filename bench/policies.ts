/**
 * Policy-pack benchmark: 10,000 resources through every policy's validate function, as the pack's server calls them
 * (each resource's props wrapped in @pulumi/policy's unknown-checking proxy, every resource policy called for every
 * resource), plus each stack policy once over all of them. Target: under 2 s of policy time.
 *
 *   npm run build && npm run bench -- policies               (10,000 resources, 5 rounds; BENCH_ROUNDS to change)
 *   npm run build && node dist/bench/policies.js [resources] [rounds]
 */
import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../policies/policies";
import { TYPES } from "../policies/common";

const { unknownCheckingProxy, unknownStringValue } = require("@pulumi/policy/proxy");

function resource(i: number): { type: string; props: any } {
    const ns = `team-${i % 50}`;
    switch (i % 8) {
        case 0:
        case 1:
        case 2:
            return {
                type: TYPES.flinkDeployment,
                props: {
                    apiVersion: "flink.apache.org/v1beta1",
                    kind: "FlinkDeployment",
                    metadata: { name: `app-${i}`, namespace: ns },
                    spec: {
                        image: i % 3 === 0 ? "flink:latest" : "flink:1.20",
                        flinkVersion: "v1_20",
                        serviceAccount: "flink",
                        flinkConfiguration: {
                            "taskmanager.numberOfTaskSlots": "2",
                            "high-availability.type": "kubernetes",
                            "high-availability.storageDir": "s3://b/ha",
                            "execution.checkpointing.dir": "s3://b/cp",
                            "execution.checkpointing.savepoint-dir": i % 5 === 0 ? unknownStringValue : "s3://b/sp",
                        },
                        jobManager: { replicas: i % 4 === 0 ? 1 : 2, resource: { memory: "2048m", cpu: 1 } },
                        taskManager: {
                            resource: { memory: "4Gi", cpu: 2 },
                            podTemplate: { spec: { containers: [{ name: "flink-main-container", env: [{ name: "A", value: "b" }] }] } },
                        },
                        job: { jarURI: "local:///opt/flink/job.jar", parallelism: 4, upgradeMode: i % 2 === 0 ? "last-state" : "savepoint" },
                    },
                },
            };
        case 3:
            return {
                type: TYPES.flinkDeployment,
                props: {
                    apiVersion: "flink.apache.org/v1beta1",
                    kind: "FlinkDeployment",
                    metadata: { name: `session-${i}`, namespace: ns },
                    spec: {
                        image: "flink:1.20",
                        flinkVersion: "v1_20",
                        serviceAccount: "flink",
                        jobManager: { resource: { memory: "2048m", cpu: 1 } },
                        taskManager: { resource: { memory: "2048m", cpu: 1 } },
                    },
                },
            };
        case 4:
        case 5:
            return {
                type: TYPES.flinkSessionJob,
                props: {
                    apiVersion: "flink.apache.org/v1beta1",
                    kind: "FlinkSessionJob",
                    metadata: { name: `job-${i}`, namespace: ns },
                    spec: {
                        deploymentName: `session-${i - (i % 8) + 3}`,
                        job: { jarURI: "https://repo.example.com/job.jar", parallelism: 2, upgradeMode: "stateless" },
                    },
                },
            };
        case 6:
            return {
                type: TYPES.flinkStateSnapshot,
                props: {
                    apiVersion: "flink.apache.org/v1beta1",
                    kind: "FlinkStateSnapshot",
                    metadata: { name: `sp-${i}`, namespace: ns },
                    spec: { jobReference: { kind: "FlinkDeployment", name: `app-${i - 6}` }, savepoint: {} },
                },
            };
        default:
            return i % 16 === 7
                ? {
                      type: TYPES.aivenFlink,
                      props: {
                          project: "p",
                          serviceName: `flink-${i}`,
                          plan: "business-4",
                          terminationProtection: i % 3 !== 0,
                          flinkUserConfig: { ipFilterObjects: [{ network: "10.0.0.0/8" }] },
                      },
                  }
                : {
                      type: TYPES.helmRelease,
                      props: {
                          chart: "flink-kubernetes-operator",
                          values: {
                              replicas: 2,
                              defaultConfiguration: {
                                  "flink-conf.yaml": "kubernetes.operator.leader-election.enabled: true\nkubernetes.operator.leader-election.lease-name: l\n",
                              },
                          },
                      },
                  };
    }
}

const noop = () => undefined;

async function round(count: number): Promise<{ ms: number; violations: number }> {
    const resources = Array.from({ length: count }, (_, i) => resource(i));
    const resourcePolicies = policies.filter((p): p is ResourceValidationPolicy => "validateResource" in p);
    const stackPolicies = policies.filter((p): p is StackValidationPolicy => "validateStack" in p);
    let violations = 0;
    const report = () => void violations++;
    const start = process.hrtime.bigint();
    for (let i = 0; i < resources.length; i++) {
        const r = resources[i];
        for (const p of resourcePolicies) {
            const args: ResourceValidationArgs = {
                type: r.type,
                props: unknownCheckingProxy(r.props),
                urn: `urn:pulumi:prod::bench::${r.type}::r${i}`,
                name: `r${i}`,
                opts: {
                    protect: false,
                    ignoreChanges: [],
                    aliases: [],
                    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
                    additionalSecretOutputs: [],
                },
                stackTags: new Map(),
                isType: () => false,
                asType: noop,
                getConfig: <T extends object>() => ({}) as T,
                notApplicable: (): never => {
                    throw new Error("n/a");
                },
            };
            const fns = Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource!];
            for (const fn of fns) await fn(args, report);
        }
    }
    const stackResources: PolicyResource[] = resources.map((r, i) => ({
        type: r.type,
        props: unknownCheckingProxy(r.props),
        urn: `urn:pulumi:prod::bench::${r.type}::r${i}`,
        name: `r${i}`,
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: noop,
    }));
    for (const p of stackPolicies)
        await p.validateStack(
            {
                resources: stackResources,
                stackTags: new Map(),
                getConfig: <T extends object>() => ({}) as T,
                notApplicable: (): never => {
                    throw new Error("n/a");
                },
            },
            report,
        );
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    return { ms, violations };
}

async function main() {
    const count = Number(process.argv[2] ?? 10000);
    const rounds = Number(process.argv[3] ?? 5);
    await round(500); // warm-up (JIT, module caches)
    const results = [];
    for (let i = 0; i < rounds; i++) results.push(await round(count));
    const times = results.map((r) => r.ms).sort((a, b) => a - b);
    console.log(
        JSON.stringify({
            name: `${count} resources through ${policies.length} policies (validate functions, real unknown-checking proxy)`,
            rounds,
            medianMs: Math.round(times[Math.floor(times.length / 2)]),
            maxMs: Math.round(times[times.length - 1]),
            violationsPerRound: results[0].violations,
            target: "< 2000 ms",
        }),
    );
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});
