import { FlinkKind, Rule, RuleContext } from "../engine";

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
    description:
        "A FlinkStateSnapshot has spec.jobReference, unless it records an existing savepoint (savepoint.alreadyExists); when the checked set is declared complete (engine option completeSet), its target is in the set.",
    check(ctx) {
        if (ctx.get("spec.savepoint.alreadyExists") === true) return;
        const reference = ctx.get("spec.jobReference");
        if (!present(reference)) {
            ctx.report(
                "spec.jobReference",
                "Job reference must be supplied for this snapshot. Set spec.jobReference: { kind: FlinkDeployment, name: <deployment> } (or FlinkSessionJob).",
            );
            return;
        }
        if (ctx.options.completeSet) checkTarget(ctx);
    },
};

/**
 * The webhook's target check (FlinkValidator.validateStateSnapshot → DefaultValidator.validateStateSnapshot): the
 * referenced FlinkDeployment or FlinkSessionJob, looked up by name in the snapshot's own namespace, must exist, unless
 * the snapshot already has a status past TRIGGER_PENDING. It runs after the one-type check, as the webhook returns
 * only its first error. Only a complete set can say that something does not exist.
 */
function checkTarget(ctx: RuleContext): void {
    if (present(ctx.get("spec.savepoint")) === present(ctx.get("spec.checkpoint"))) return;
    const status = ctx.get("status");
    if (present(status) && ctx.get("status.state") !== "TRIGGER_PENDING") return;
    const kind = ctx.get("spec.jobReference.kind");
    const name = ctx.get("spec.jobReference.name");
    const rawNamespace = ctx.get("metadata.namespace");
    const namespace = typeof rawNamespace === "string" && rawNamespace !== "" ? rawNamespace : "default";
    const targetKinds: readonly FlinkKind[] = ["FlinkDeployment", "FlinkSessionJob"];
    const found = typeof name === "string" && targetKinds.includes(kind) ? ctx.find(kind, namespace, name) : undefined;
    // A lookup that meets a target whose namespace is not known yet marks the run unknown: its finding is withheld.
    if (found === undefined) {
        ctx.report(
            "spec.jobReference",
            `Target for snapshot ${namespace}/${typeof name === "string" ? name : "null"} was not found. Create the ${typeof kind === "string" ? kind : "FlinkDeployment or FlinkSessionJob"} ${typeof name === "string" ? `"${name}" ` : ""}in namespace ${namespace} within the checked files, or fix spec.jobReference.`,
        );
    }
}
