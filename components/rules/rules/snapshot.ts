import { Rule } from "../engine";

const present = (v: unknown) => v !== undefined && v !== null;

export const snapshotExactlyOneType: Rule = {
    id: "snapshot-exactly-one-type",
    kinds: ["FlinkStateSnapshot"],
    severity: "error",
    source: "operator",
    description: "A FlinkStateSnapshot sets exactly one of spec.savepoint and spec.checkpoint.",
    check(ctx) {
        if (present(ctx.get("spec.savepoint")) === present(ctx.get("spec.checkpoint"))) {
            ctx.report("spec", "Exactly one of checkpoint or savepoint configurations has to be set. Set spec.savepoint: {} or spec.checkpoint: {}, not both.");
        }
    },
};

export const snapshotJobReferenceRequired: Rule = {
    id: "snapshot-job-reference-required",
    kinds: ["FlinkStateSnapshot"],
    severity: "error",
    source: "operator",
    description: "A FlinkStateSnapshot has spec.jobReference, unless it records an existing savepoint (savepoint.alreadyExists).",
    check(ctx) {
        if (ctx.get("spec.savepoint.alreadyExists") === true) return;
        if (!present(ctx.get("spec.jobReference"))) {
            ctx.report("spec.jobReference", "Job reference must be supplied for this snapshot. Set spec.jobReference: { kind: FlinkDeployment, name: <deployment> } (or FlinkSessionJob).");
        }
    },
};
