/**
 * Pulumi runtime mocks for unit tests: records every registered resource and answers custom resources with their
 * inputs plus an optional status, as the Kubernetes provider would after the operator reconciled.
 */
import * as pulumi from "@pulumi/pulumi";

export interface Registered {
    type: string;
    name: string;
    inputs: any;
    urn: string;
}

/** Resource dependencies as the engine would receive them, by resource name. */
export const dependencies = new Map<string, string[]>();

export const registered: Registered[] = [];
/** Status the mocked provider reports for custom resources, by kind. */
export const mockStatus: { [kind: string]: any } = {};

pulumi.runtime.setMocks(
    {
        newResource(args: pulumi.runtime.MockResourceArgs) {
            registered.push({ type: args.type, name: args.name, inputs: args.inputs, urn: `urn:pulumi:test::test::${args.type}::${args.name}` });
            const state = { ...args.inputs };
            if (args.type.startsWith("kubernetes:flink.apache.org/")) {
                state.metadata = { namespace: "default", ...args.inputs.metadata };
                state.status = mockStatus[args.inputs.kind];
            }
            if (args.type === "kubernetes:helm.sh/v3:Release") {
                // What the provider reports once Helm installed the release.
                state.status = { name: args.inputs.name, namespace: args.inputs.namespace, chart: args.inputs.chart, version: args.inputs.version, status: "deployed", revision: 1 };
            }
            return { id: `${args.name}-id`, state };
        },
        call(args: pulumi.runtime.MockCallArgs) {
            return args.inputs;
        },
    },
    "test",
    "test",
    false,
);

// The mocks API hides dependencies: read them off the mock monitor's register requests.
const monitor = (pulumi.runtime as any).getMonitor();
const registerResource = monitor.registerResource.bind(monitor);
monitor.registerResource = (req: any, callback: any) => {
    dependencies.set(req.getName(), req.getDependenciesList());
    return registerResource(req, callback);
};

export function resetRegistered(): void {
    registered.length = 0;
    dependencies.clear();
    for (const key of Object.keys(mockStatus)) delete mockStatus[key];
}

/** Resolves an Output in a test (mocks resolve everything). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => { resolve(v); return v; }));
}

/** Waits until the runtime has registered everything queued so far. */
export async function settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

export function customResources(kind?: string): Registered[] {
    return registered.filter((r) => r.type.startsWith("kubernetes:flink.apache.org/") && (!kind || r.inputs.kind === kind));
}

/**
 * Runs `run` and returns the rejection its deferred (Output) validation raises, surfaced by the mocked runtime as an
 * unhandled rejection. Polls the event loop a bounded number of turns instead of sleeping.
 */
export async function deferredFailure(run: () => void): Promise<Error> {
    const failures: Error[] = [];
    const onUnhandled = (err: any) => failures.push(err);
    process.on("unhandledRejection", onUnhandled);
    try {
        run();
        for (let turn = 0; turn < 1000 && failures.length === 0; turn++) await new Promise((r) => setImmediate(r));
    } finally {
        process.off("unhandledRejection", onUnhandled);
    }
    if (failures.length === 0) throw new Error("expected the deferred validation to fail");
    return failures[0];
}

/** Turns the event loop until `condition` holds (a bounded number of turns; no sleeping). */
export async function settleUntil(condition: () => boolean, turns = 1000): Promise<void> {
    for (let turn = 0; turn < turns && !condition(); turn++) await new Promise((r) => setImmediate(r));
}

/** Collects pulumi.log.warn messages while `run` runs (and the runtime settles). */
export async function warnings(run: () => void): Promise<string[]> {
    const messages: string[] = [];
    const log = pulumi.log as any;
    const original = log.warn;
    log.warn = (msg: string) => { messages.push(msg); return Promise.resolve(); };
    try {
        run();
        await settle();
    } finally {
        log.warn = original;
    }
    return messages;
}
