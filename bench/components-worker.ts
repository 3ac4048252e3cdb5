/**
 * One measurement run: registers N FlinkDeployments under Pulumi mocks, either through this package's component
 * ("package") or through a minimal hand-written ComponentResource wrapping one CustomResource without validation:
 *   baseline          the bare wrapper: no output, no annotation
 *   baseline-status   plus the `status` output the package's component has (the issue requires it)
 *   baseline-await    plus, as well, the readiness annotations the package adds by default (pulumi.com/waitFor and
 *                     pulumi.com/timeoutSeconds, also required): everything the package does except validation
 * Prints {ms, cpuMs, maxRssKb} as JSON. Run by bench/run.ts, alternating, in fresh processes.
 */
import * as pulumi from "@pulumi/pulumi";

const [variant, countArg] = process.argv.slice(2);
const count = Number(countArg ?? 1000);
let registered = 0;
let done: () => void;
const allRegistered = new Promise<void>((resolve) => (done = resolve));

pulumi.runtime.setMocks(
    {
        newResource(args) {
            if (args.type.startsWith("kubernetes:") && ++registered === count) done();
            return { id: `${args.name}-id`, state: args.inputs };
        },
        call: (args) => args.inputs,
    },
    "bench",
    "bench",
    false,
);

function spec(i: number): any {
    return {
        image: "flink:1.20",
        flinkVersion: "v1_20",
        serviceAccount: "flink",
        flinkConfiguration: {
            "taskmanager.numberOfTaskSlots": "2",
            "execution.checkpointing.dir": `s3://b/${i}/cp`,
            "execution.checkpointing.savepoint-dir": `s3://b/${i}/sp`,
        },
        jobManager: { resource: { memory: "2048m", cpu: 1 } },
        taskManager: { resource: { memory: "2048m", cpu: 1 } },
        job: { jarURI: "local:///opt/flink/job.jar", parallelism: 2, upgradeMode: "savepoint" },
    };
}

/** The annotations the package's FlinkDeployment adds by default, for an application cluster, written out by hand. */
const READINESS_ANNOTATIONS = { "pulumi.com/waitFor": "jsonpath={.status.jobStatus.state}=RUNNING", "pulumi.com/timeoutSeconds": "600" };

class MinimalFlinkDeployment extends pulumi.ComponentResource {
    public readonly status?: pulumi.Output<any>;
    constructor(name: string, args: { metadata?: any; spec: any }, withStatus: boolean, withAwait: boolean, opts?: pulumi.ComponentResourceOptions) {
        super("bench:index:MinimalFlinkDeployment", name, {}, opts);
        const { CustomResource } = require("@pulumi/kubernetes/apiextensions");
        const metadata = withAwait ? { name, ...args.metadata, annotations: { ...READINESS_ANNOTATIONS } } : { name, ...args.metadata };
        const cr = new CustomResource(
            name,
            {
                apiVersion: "flink.apache.org/v1beta1",
                kind: "FlinkDeployment",
                metadata,
                spec: args.spec,
                // "baseline-status": the same status output the package's component has, still without validation.
                ...(withStatus ? { status: undefined } : {}),
            },
            { parent: this },
        );
        this.status = withStatus ? cr.status : undefined;
        this.registerOutputs(withStatus ? { status: this.status } : {});
    }
}

async function main() {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    if (variant === "package") {
        const { FlinkDeployment } = require("../components");
        for (let i = 0; i < count; i++) new FlinkDeployment(`job-${i}`, { metadata: { namespace: "flink" }, spec: spec(i) });
    } else {
        const withAwait = variant === "baseline-await";
        const withStatus = withAwait || variant === "baseline-status";
        for (let i = 0; i < count; i++) new MinimalFlinkDeployment(`job-${i}`, { metadata: { namespace: "flink" }, spec: spec(i) }, withStatus, withAwait);
    }
    await allRegistered;
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    // CPU time as well as wall clock: on a shared 2-core machine another process's load shows in the wall clock.
    const cpu = process.cpuUsage(cpuStart);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    // Peak memory once the event loop has drained: everything the components scheduled has run.
    process.once("beforeExit", () => process.stdout.write(JSON.stringify({ ms, cpuMs, maxRssKb: process.resourceUsage().maxRSS }) + "\n"));
}
main();
