/**
 * One error model (components/core/issues.ts): every component refuses its args with one FlinkValidationError that
 * carries every issue ({ path, rule, severity, message, kind, name }), is a Pulumi RunError (so `pulumi up` prints
 * its message alone, without a stack trace), and lists every error in its message.
 */
import "../support/mocks";
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { AivenFlink, FlinkDeployment, FlinkOperator, FlinkSessionJob, FlinkStateSnapshot, FlinkValidationError } from "../../components";
import { applicationDeployment, sessionJob } from "../support/fixtures";

interface Case {
    title: string;
    build: () => unknown;
    kind: string;
    name: string;
    /** Paths that must all be reported, at once. */
    paths: string[];
}

const badDeployment = (): any => {
    const spec = applicationDeployment().spec;
    spec.jobManager.replicas = 0;
    spec.job.parallelism = 0;
    return spec;
};

const CASES: Case[] = [
    {
        title: "FlinkDeployment: two broken fields",
        build: () => new FlinkDeployment("two-errors", { spec: badDeployment(), skipAwait: true }),
        kind: "FlinkDeployment",
        name: "two-errors",
        paths: ["spec.jobManager.replicas", "spec.job.parallelism"],
    },
    { title: "FlinkDeployment: no spec", build: () => new FlinkDeployment("no-spec", {} as any), kind: "FlinkDeployment", name: "no-spec", paths: ["spec"] },
    {
        title: "FlinkSessionJob: a URN that is not one",
        build: () => new FlinkSessionJob("by-urn", { spec: sessionJob().spec, deploymentUrn: "sessions" }),
        kind: "FlinkSessionJob",
        name: "by-urn",
        paths: ["deploymentUrn"],
    },
    {
        title: "FlinkStateSnapshot: no spec",
        build: () => new FlinkStateSnapshot("no-spec-snapshot", {} as any),
        kind: "FlinkStateSnapshot",
        name: "no-spec-snapshot",
        paths: ["spec"],
    },
    {
        title: "FlinkOperator: two broken args",
        build: () => new FlinkOperator("two-problems", { replicas: 0, metricsPort: 70000 } as any),
        kind: "FlinkOperator",
        name: "two-problems",
        paths: ["replicas", "metricsPort"],
    },
    {
        title: "AivenFlink: two broken args",
        build: () => new AivenFlink("two-problems", { project: "", plan: "" } as any),
        kind: "AivenFlink",
        name: "two-problems",
        paths: ["project", "plan"],
    },
];

describe("one error model: FlinkValidationError from every component", () => {
    for (const c of CASES) {
        it(c.title, () => {
            let caught: unknown;
            try {
                c.build();
            } catch (err) {
                caught = err;
            }
            assert.ok(caught instanceof FlinkValidationError, `expected a FlinkValidationError, got ${String(caught)}`);
            const err = caught as FlinkValidationError;
            assert.ok(pulumi.RunError.isInstance(err), "a Pulumi RunError: pulumi up prints the message alone");
            assert.strictEqual(err.kind, c.kind);
            assert.strictEqual(err.resourceName, c.name);
            assert.match(err.message, new RegExp(`^${c.kind} "${c.name}" is invalid`));
            assert.doesNotMatch(String(err.stack), /^\s+at /m, "no stack frames");
            for (const p of c.paths) {
                const found = err.issues.find((i) => i.path.startsWith(p));
                assert.ok(found, `no issue at ${p}: ${JSON.stringify(err.issues)}`);
                assert.ok(
                    found.rule && found.severity === "error" && found.message.length > 0 && found.kind === c.kind && found.name === c.name,
                    JSON.stringify(found),
                );
                assert.ok(err.message.includes(found.message), `the message lists ${p}`);
            }
        });
    }
});
