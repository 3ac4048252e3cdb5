/**
 * Stack policies: checks that need the stack's other Flink resources, run with them as the engine's document set.
 *
 * 5. flink-session-job-target: every FlinkSessionJob's spec.deploymentName names a session cluster (a
 * FlinkDeployment without spec.job) in the same namespace of the stack, or one listed in config as external.
 * The "is it a session cluster" half is the engine's session-job-target-session-cluster rule; the "does it exist"
 * half is what the operator does not check (it waits).
 *
 * 6. flink-session-job-storage: stateful session jobs (upgradeMode savepoint or last-state) have checkpoint and
 * savepoint directories in their effective configuration (the session cluster's, under the job's own): the engine's
 * checkpoint-dir-required and savepoint-dir-required, which can only judge a session job beside its cluster.
 */
import type { ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { DocumentSet, FlinkDocument, UNKNOWN, isUnknown, readPath, validateDocuments } from "../components/rules";
import { TYPES, configOf, effectiveNamespace, findingMessage, isAmbientNamespace, requireRule } from "./common";
import { STORAGE_RULES } from "./flink";
import {
    CHART_NAMES_SCHEMA,
    LEADER_ELECTION,
    OPERATOR_CONF_DIR,
    configFromConfigMap,
    leaderElectionViolations,
    mountedOperatorConfig,
    operatorContainer,
} from "./operator";
import { toDocument } from "./props";
import { BLUE_GREEN_KIND, childDeployment } from "../components/core";

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

interface StackSessionJob {
    doc: FlinkDocument;
    urn: string;
    name: string;
}

/** The stack's FlinkDeployments (as the engine's document set) and FlinkSessionJobs, each placed in its namespace. */
export function stackFlinkResources(args: Pick<StackValidationArgs, "resources">): { deployments: FlinkDocument[]; jobs: StackSessionJob[]; set: DocumentSet } {
    const deployments: FlinkDocument[] = [];
    const jobs: StackSessionJob[] = [];
    for (const r of args.resources) {
        if (r.type === TYPES.flinkBlueGreenDeployment) {
            // The FlinkDeployments the operator creates for it (<name>-blue, <name>-green: applications): a job may name one.
            const bg = toDocument(r.props, BLUE_GREEN_KIND);
            for (const type of ["blue", "green"] as const) deployments.push(withNamespace(childDeployment(bg, type), effectiveNamespace(bg, r.provider)));
            continue;
        }
        if (r.type !== TYPES.flinkDeployment && r.type !== TYPES.flinkSessionJob) continue;
        const kind = r.type === TYPES.flinkDeployment ? "FlinkDeployment" : "FlinkSessionJob";
        const doc = toDocument(r.props, kind);
        const placed = withNamespace(doc, effectiveNamespace(doc, r.provider));
        if (kind === "FlinkDeployment") deployments.push(placed);
        else jobs.push({ doc: placed, urn: r.urn, name: r.name });
    }
    return { deployments, jobs, set: new DocumentSet(deployments) };
}

/**
 * Where a session job points: namespace, deployment name, and that FlinkDeployment when it is in the stack for sure
 * (same known namespace, or both without one under the same provider). `maybe` lists the stack's FlinkDeployments
 * of that name that may be it: one side's namespace comes from the kubeconfig, which the policy cannot see.
 * Undefined while the name or a namespace that could decide it is unknown (preview).
 */
function targetOf(
    job: StackSessionJob,
    set: DocumentSet,
    byName: ReadonlyMap<unknown, FlinkDocument[]>,
): { ns: string; name: string; cluster?: FlinkDocument; maybe: FlinkDocument[] } | undefined {
    const name = readPath(job.doc, "spec.deploymentName");
    const ns = readPath(job.doc, "metadata.namespace");
    if (typeof name !== "string" || name === "" || typeof ns !== "string") return undefined;
    const cluster = set.find("FlinkDeployment", ns, name);
    // A FlinkDeployment of that name whose namespace is not known yet may be the target: decide nothing.
    if (isUnknown(cluster)) return undefined;
    const maybe = cluster
        ? []
        : (byName.get(name) ?? []).filter((d) => {
              const dns = readPath(d, "metadata.namespace");
              return typeof dns === "string" && dns !== ns && (isAmbientNamespace(dns) || isAmbientNamespace(ns));
          });
    return { ns, name, cluster, maybe };
}

/** The FlinkDeployments by metadata.name (a job's candidates are found without a scan per job). */
function byMetadataName(deployments: readonly FlinkDocument[]): Map<unknown, FlinkDocument[]> {
    const out = new Map<unknown, FlinkDocument[]>();
    for (const d of deployments) {
        const name = readPath(d, "metadata.name");
        const list = out.get(name);
        if (list) list.push(d);
        else out.set(name, [d]);
    }
    return out;
}

/** How a message names where a job's target is looked for. */
function where(ns: string, name: string): string {
    return isAmbientNamespace(ns) ? `${name} (in its provider's kubeconfig namespace: neither the job nor its provider sets one)` : `${ns}/${name}`;
}

export function checkSessionJobTargets(args: StackArgs, reportViolation: ReportViolation): void {
    const external = configOf<SessionJobTargetConfig>(args).externalSessionClusters ?? [];
    const { deployments, jobs, set } = stackFlinkResources(args);
    // A deployment whose name or namespace is not known yet could be the target of any job: decide nothing then.
    const unresolved = deployments.filter((d) => isUnknown(readPath(d, "metadata.name")) || isUnknown(readPath(d, "metadata.namespace")));
    const byName = byMetadataName(deployments);
    for (const job of jobs) {
        const t = targetOf(job, set, byName);
        if (!t) continue; // missing: the engine's session-job-deployment-name rule
        const { ns, name: target } = t;
        if (t.cluster) {
            for (const f of validateDocuments([targetsSessionCluster], [{ doc: job.doc }], {}, set).findings) reportViolation(findingMessage(f), job.urn);
            continue;
        }
        if (external.includes(target) || (!isAmbientNamespace(ns) && external.includes(`${ns}/${target}`))) continue;
        if (unresolved.length > 0) continue;
        if (t.maybe.length > 0) {
            // The kubeconfig namespace may be the one that matches. If every candidate is an application cluster,
            // the job is wrong either way (no session cluster of that name can be its target).
            const sessions = t.maybe.filter((d) => {
                const j = readPath(d, "spec.job");
                return j === undefined || j === null || isUnknown(j);
            });
            if (sessions.length === 0) {
                reportViolation(
                    `spec.deploymentName: FlinkSessionJob ${job.name} targets ${where(ns, target)}; the stack's only FlinkDeployments of that name (${t.maybe.map((d) => where(readPath(d, "metadata.namespace") as string, target)).join(", ")}) have spec.job, i.e. are application clusters, and a session job cannot be submitted to one. Point spec.deploymentName at a session cluster (a FlinkDeployment without spec.job).`,
                    job.urn,
                );
            }
            continue;
        }
        const fix = isAmbientNamespace(ns) ? `set metadata.namespace on the job, ` : "";
        reportViolation(
            `spec.deploymentName: FlinkSessionJob ${job.name} targets session cluster ${where(ns, target)}, which is not a FlinkDeployment in this stack; the operator would wait for it forever. Deploy the session cluster in this stack (a FlinkDeployment without spec.job), ${fix}fix the name, or list "${isAmbientNamespace(ns) ? target : `${ns}/${target}`}" in this policy's externalSessionClusters config.`,
            job.urn,
        );
    }
}

export const flinkSessionJobTarget: StackValidationPolicy = {
    name: "flink-session-job-target",
    description: "Every FlinkSessionJob's deploymentName names a session cluster (a FlinkDeployment without spec.job) in the stack, or one listed as external.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            externalSessionClusters: {
                type: "array",
                items: { type: "string" },
                description: 'Session clusters managed elsewhere, as "name" or "namespace/name".',
            },
        },
    },
    validateStack: checkSessionJobTargets,
};

export function checkSessionJobStorage(args: StackArgs, reportViolation: ReportViolation): void {
    const { deployments, jobs, set } = stackFlinkResources(args);
    const byName = byMetadataName(deployments);
    for (const job of jobs) {
        // A cluster not in the stack cannot be seen, so the job cannot be judged; an application cluster (or one that
        // may be, spec.job unknown) is flink-session-job-target's violation.
        const t = targetOf(job, set, byName);
        if (!t?.cluster) continue;
        const clusterJob = readPath(t.cluster, "spec.job");
        if (clusterJob !== undefined && clusterJob !== null) continue;
        const from = `the session cluster's spec.flinkConfiguration (FlinkDeployment ${where(t.ns, t.name)}) or the job's own spec.flinkConfiguration`;
        for (const f of validateDocuments(STORAGE_RULES, [{ doc: job.doc }], {}, set).findings) {
            reportViolation(`FlinkSessionJob ${job.name}: ${findingMessage(f)} For a session job the directories come from ${from}.`, job.urn);
        }
    }
}

export const flinkSessionJobStorage: StackValidationPolicy = {
    name: "flink-session-job-storage",
    description:
        "Stateful FlinkSessionJobs (upgradeMode savepoint or last-state) have a checkpoint directory and a savepoint directory, from their session cluster in the stack or their own flinkConfiguration.",
    enforcementLevel: "mandatory",
    configSchema: { properties: {} },
    validateStack: checkSessionJobStorage,
};

// ---------------------------------------------------------------------------------------------------------------
// 7. flink-operator-leader-election: the operator as rendered objects (helm.v3.Chart, helm.v4.Chart, yaml.*, raw):
// its Deployment and the ConfigMap it mounts are separate resources, so leader election is checked here, with the
// configuration file the operator container actually reads.

export interface OperatorLeaderElectionConfig {
    chartNames?: string[];
}

/** Whether two effective namespaces are surely the same one. */
function sameNamespace(a: unknown, b: unknown): boolean {
    return typeof a === "string" && a === b;
}

/** Whether they may be (one comes from a kubeconfig the policy cannot see). */
function maybeSameNamespace(a: unknown, b: unknown): boolean {
    return typeof a === "string" && typeof b === "string" && (isAmbientNamespace(a) || isAmbientNamespace(b));
}

export function checkOperatorLeaderElection(args: StackArgs, reportViolation: ReportViolation): void {
    const cfg = configOf<OperatorLeaderElectionConfig>(args);
    const configMaps = args.resources
        .filter((r) => r.type === TYPES.configMap)
        .map((r) => {
            const doc = toDocument(r.props);
            return { doc, name: readPath(doc, "metadata.name"), ns: effectiveNamespace(doc, r.provider) };
        });
    for (const r of args.resources) {
        if (r.type !== TYPES.deployment) continue;
        const doc = toDocument(r.props);
        const op = operatorContainer(doc, cfg.chartNames);
        if (!op || isUnknown(op)) continue;
        const subject = `The Flink operator Deployment ${r.name}`;
        const mounted = mountedOperatorConfig(doc, op.container);
        if (isUnknown(mounted)) continue;
        if (mounted === null) {
            reportViolation(
                `${subject} mounts no configuration at ${OPERATOR_CONF_DIR}, so the operator runs with its image's defaults: no leader election. Mount a ConfigMap there whose flink-conf.yaml (or config.yaml) sets ${LEADER_ELECTION.enabled.key}: true and ${LEADER_ELECTION.leaseName.key} (the chart does: values.defaultConfiguration).`,
                r.urn,
            );
            continue;
        }
        if (mounted === "other") {
            reportViolation(
                `${subject} mounts its configuration directory from something other than a whole ConfigMap (a Secret, projected or subPath volume), so leader election cannot be verified. Mount a ConfigMap at ${OPERATOR_CONF_DIR} (as the chart does) that sets ${LEADER_ELECTION.enabled.key}: true and a lease name.`,
                r.urn,
            );
            continue;
        }
        const ns = effectiveNamespace(doc, r.provider);
        if (isUnknown(ns)) continue;
        if (configMaps.some((c) => isUnknown(c.name) || isUnknown(c.ns))) continue; // could be it: decide at up
        const named = configMaps.filter((c) => c.name === mounted.configMap);
        const sure = named.filter((c) => sameNamespace(c.ns, ns));
        const candidates = sure.length > 0 ? sure : named.filter((c) => maybeSameNamespace(c.ns, ns));
        const where = `data of ConfigMap ${mounted.configMap} (values.defaultConfiguration."flink-conf.yaml" of the chart)`;
        if (candidates.length === 0) {
            reportViolation(
                `${subject} reads its configuration from ConfigMap ${mounted.configMap}, which is not in this stack, so leader election cannot be verified. Manage that ConfigMap in this stack (the chart renders it unless defaultConfiguration.create is false) with ${LEADER_ELECTION.enabled.key}: true and ${LEADER_ELECTION.leaseName.key}.`,
                r.urn,
            );
            continue;
        }
        // With several ConfigMaps it may be (kubeconfig namespaces), each must be right.
        const messages = new Set<string>();
        for (const c of candidates) {
            const config = configFromConfigMap(readPath(c.doc, "data"), mounted);
            if (isUnknown(config)) continue;
            for (const m of leaderElectionViolations(config, subject, where)) messages.add(m);
        }
        for (const m of messages) reportViolation(m, r.urn);
    }
}

export const flinkOperatorLeaderElection: StackValidationPolicy = {
    name: "flink-operator-leader-election",
    description:
        "The Flink operator installed as objects (helm.v3.Chart, helm.v4.Chart, yaml.ConfigFile/ConfigGroup, a raw Deployment) reads a configuration that enables leader election and names a lease: the file its Deployment mounts from a ConfigMap of the stack.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { chartNames: CHART_NAMES_SCHEMA } },
    validateStack: checkOperatorLeaderElection,
};
