/**
 * Pulumi runtime mocks for unit tests: records every registered resource and answers custom resources with their
 * inputs plus an optional status, as the Kubernetes provider would after the operator reconciled. Every Flink custom
 * resource registered is checked against the operator's CRD schema (./crd-conformance.ts); a test appended after all
 * others fails the run if any did not conform.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Context, Suite, Test } from "mocha";
import { checkRendered, formatViolations, rendered } from "./crd-conformance";

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
            checkRendered(args.type, args.name, args.inputs);
            const state = { ...args.inputs };
            if (args.type.startsWith("kubernetes:flink.apache.org/")) {
                state.metadata = { namespace: "default", ...args.inputs.metadata };
                state.status = mockStatus[args.inputs.kind];
            }
            if (args.type === "kubernetes:helm.sh/v3:Release") {
                // What the provider reports once Helm installed the release.
                state.status = {
                    name: args.inputs.name,
                    namespace: args.inputs.namespace,
                    chart: args.inputs.chart,
                    version: args.inputs.version,
                    status: "deployed",
                    revision: 1,
                };
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

/**
 * Appends, after every suite of the run (a root-level before hook runs once all spec files are loaded), one test
 * that fails with the names and ajv messages of every Flink custom resource rendered in the run that does not
 * validate against its CRD. Not when loaded outside mocha.
 */
if (typeof before === "function") {
    before(function () {
        const root = this.test!.parent!;
        const suite = Suite.create(root, "CRD conformance of the run");
        suite.addTest(
            new Test("every Flink custom resource rendered in this run validates against its CRD schema", async function (this: Context) {
                await settle(); // registrations queued by the last tests
                const partial = rendered.checked.filter((r) => r.unknownPaths.length > 0).length;
                this.test!.title += ` (${rendered.checked.length} checked${partial ? `; ${partial} held values not known, unchecked at those paths` : ""})`;
                // Nothing checked means the type filter no longer matches what the components register.
                assert.ok(
                    rendered.checked.length > 0,
                    "no Flink custom resource was checked: does the conformance filter still match the registered type tokens?",
                );
                const { violations } = rendered;
                if (violations.length > 0)
                    assert.fail(
                        `${violations.length} of ${rendered.checked.length} rendered custom resources do not validate against their CRD:\n${formatViolations(violations)}`,
                    );
            }),
        );
    });
}

export function resetRegistered(): void {
    registered.length = 0;
    dependencies.clear();
    for (const key of Object.keys(mockStatus)) delete mockStatus[key];
}

/** Resolves an Output in a test (mocks resolve everything). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) =>
        output.apply((v) => {
            resolve(v);
            return v;
        }),
    );
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
    log.warn = (msg: string) => {
        messages.push(msg);
        return Promise.resolve();
    };
    try {
        run();
        await settle();
    } finally {
        log.warn = original;
    }
    return messages;
}
