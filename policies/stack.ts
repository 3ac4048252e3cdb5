/**
 * 5. flink-session-job-target: a stack policy. Every FlinkSessionJob's spec.deploymentName names a session cluster
 * (a FlinkDeployment without spec.job) in the same namespace of the stack, or one listed in config as external.
 * The "is it a session cluster" half is the engine's session-job-target-session-cluster rule, run with the stack's
 * Flink resources as its document set; the "does it exist" half is what the operator does not check (it waits).
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { DocumentSet, FlinkDocument, UNKNOWN, isUnknown, readPath, validateDocuments } from "../components/rules";
import { TYPES, configOf, effectiveNamespace, findingMessage, requireRule } from "./common";
import { toDocument } from "./props";

export interface SessionJobTargetConfig {
    /** Session clusters managed outside this stack: "name" (any namespace) or "namespace/name". */
    externalSessionClusters?: string[];
}

const targetsSessionCluster = requireRule("session-job-target-session-cluster");

type StackArgs = Pick<StackValidationArgs, "resources" | "getConfig">;

/** The doc with metadata.namespace set to where it lands (so the engine's lookup by namespace matches). */
function withNamespace(doc: FlinkDocument, ns: string | typeof UNKNOWN): FlinkDocument {
    if (doc.metadata !== null && typeof doc.metadata === "object" && !isUnknown(doc.metadata)) return { ...doc, metadata: { ...doc.metadata, namespace: ns } };
    return { ...doc, metadata: isUnknown(doc.metadata) ? UNKNOWN : { namespace: ns } };
}

export function checkSessionJobTargets(args: StackArgs, reportViolation: ReportViolation): void {
    const external = configOf<SessionJobTargetConfig>(args).externalSessionClusters ?? [];
    const deployments: FlinkDocument[] = [];
    const jobs: { doc: FlinkDocument; urn: string; name: string }[] = [];
    for (const r of args.resources) {
        if (r.type !== TYPES.flinkDeployment && r.type !== TYPES.flinkSessionJob) continue;
        const kind = r.type === TYPES.flinkDeployment ? "FlinkDeployment" : "FlinkSessionJob";
        const doc = toDocument(r.props, kind);
        const placed = withNamespace(doc, effectiveNamespace(doc, r.provider));
        if (kind === "FlinkDeployment") deployments.push(placed);
        else jobs.push({ doc: placed, urn: r.urn, name: r.name });
    }
    const set = new DocumentSet(deployments);
    // A deployment whose name or namespace is not known yet could be the target of any job: decide nothing then.
    const unresolved = deployments.filter((d) => isUnknown(readPath(d, "metadata.name")) || isUnknown(readPath(d, "metadata.namespace")));
    for (const job of jobs) {
        const target = readPath(job.doc, "spec.deploymentName");
        const ns = readPath(job.doc, "metadata.namespace");
        if (typeof target !== "string" || target === "" || isUnknown(ns)) continue; // missing: the engine's session-job-deployment-name rule
        const cluster = set.find("FlinkDeployment", ns, target);
        if (cluster) {
            for (const f of validateDocuments([targetsSessionCluster], [{ doc: job.doc }], {}, set).findings) reportViolation(findingMessage(f), job.urn);
            continue;
        }
        if (external.includes(target) || external.includes(`${ns}/${target}`)) continue;
        if (unresolved.length > 0) continue;
        reportViolation(`spec.deploymentName: FlinkSessionJob ${job.name} targets session cluster ${ns}/${target}, which is not a FlinkDeployment in this stack; the operator would wait for it forever. Deploy the session cluster in this stack (a FlinkDeployment without spec.job), fix the name, or list "${ns}/${target}" in this policy's externalSessionClusters config.`, job.urn);
    }
}

export const flinkSessionJobTarget: StackValidationPolicy = {
    name: "flink-session-job-target",
    description: "Every FlinkSessionJob's deploymentName names a session cluster (a FlinkDeployment without spec.job) in the stack, or one listed as external.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            externalSessionClusters: { type: "array", items: { type: "string" }, description: "Session clusters managed elsewhere, as \"name\" or \"namespace/name\"." },
        },
    },
    validateStack: checkSessionJobTargets,
};
