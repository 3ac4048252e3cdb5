/**
 * Plausible @pulumi/aiven outputs under the shared mocks of ./mocks.ts: the mocked provider answers aiven.Flink and
 * the Flink application resources as Aiven would after creation. Wraps the mocks' newResource once; other types
 * are answered exactly as before.
 */
import * as pulumi from "@pulumi/pulumi";
import "./mocks";

export const AIVEN_PASSWORD = "s3cr3t-Pa55";

/** What aiven.Flink reports for a service, from its inputs. */
export function flinkOutputs(inputs: any): any {
    const host = `${inputs.serviceName}-${inputs.project}.a.aivencloud.com`;
    return {
        ...inputs,
        serviceHost: host,
        servicePort: 12693,
        serviceUsername: "avnadmin",
        servicePassword: AIVEN_PASSWORD,
        serviceUri: `https://avnadmin:${AIVEN_PASSWORD}@${host}:12693`,
        serviceType: "flink",
        state: "RUNNING",
        flink: { hostPorts: [`${host}:12693`, `${host}:12694`] },
        components: [{ component: "flink", host, port: 12693, route: "dynamic", usage: "primary", ssl: true }],
    };
}

const AIVEN_STATE: { [type: string]: (inputs: any, name: string) => any } = {
    "aiven:index/flink:Flink": flinkOutputs,
    "aiven:index/flinkApplication:FlinkApplication": (i, n) => ({ ...i, applicationId: `app-${n}` }),
    "aiven:index/flinkApplicationVersion:FlinkApplicationVersion": (i, n) => ({ ...i, applicationVersionId: `ver-${n}`, version: 1 }),
    "aiven:index/flinkApplicationDeployment:FlinkApplicationDeployment": (i, n) => ({ ...i, deploymentId: `dep-${n}`, parallelism: i.parallelism ?? 1 }),
    "aiven:index/flinkJarApplication:FlinkJarApplication": (i, n) => ({ ...i, applicationId: `jarapp-${n}` }),
    "aiven:index/flinkJarApplicationVersion:FlinkJarApplicationVersion": (i, n) => ({ ...i, applicationVersionId: `jarver-${n}`, version: 1 }),
    "aiven:index/flinkJarApplicationDeployment:FlinkJarApplicationDeployment": (i, n) => ({ ...i, deploymentId: `jardep-${n}`, status: "RUNNING" }),
};

const monitor = (pulumi.runtime as any).getMonitor();
if (!monitor.__aivenMocks) {
    const mocks = monitor.mocks;
    const newResource = mocks.newResource.bind(mocks);
    monitor.mocks = {
        ...mocks,
        call: mocks.call.bind(mocks),
        async newResource(args: pulumi.runtime.MockResourceArgs) {
            const result = await newResource(args);
            const make = AIVEN_STATE[args.type];
            return make ? { ...result, state: make(args.inputs, args.name) } : result;
        },
    };
    monitor.__aivenMocks = true;
}
