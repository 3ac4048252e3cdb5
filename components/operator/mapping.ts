/**
 * Typed args to chart values (values.yaml of 1.15.0): the replica count, plain value mappings, the operator image to
 * pin, the default anti-affinity, and the job service account the chart will create.
 */
import { DEFAULT_JOB_SERVICE_ACCOUNT, DEFAULT_REPLICAS, OPERATOR_POD_LABEL_KEY } from "./defaults";
import { ChartSource, chartFullname, chartShortName, pinnedImage } from "./chart-source";
import { OperatorIssues, OperatorRules } from "./errors";
import { get, set, show } from "./plain";
import { FlinkOperatorArgs } from "./types";

const RAW = "helmOptions.values";
/**
 * The most operator replicas accepted. Only the leader reconciles; the others are standbys that each watch every
 * Flink resource and renew the lease, so beyond a few they only load the API server (a typo such as 20 for 2).
 */
export const MAX_REPLICAS = 10;

/** The replica count (typed over raw over the default) and the arg it came from; undefined count when refused. */
export function operatorReplicas(
    args: FlinkOperatorArgs,
    raw: { [key: string]: any },
    issues: OperatorIssues,
): { replicas: number | undefined; field: string } {
    const field = args.replicas === undefined && raw.replicas !== undefined ? `${RAW}.replicas` : "replicas";
    const replicas: unknown = args.replicas ?? raw.replicas ?? DEFAULT_REPLICAS;
    if (typeof replicas !== "number" || !Number.isInteger(replicas) || replicas < 1 || replicas > MAX_REPLICAS) {
        issues.add(
            field,
            OperatorRules.replicas,
            `${field} is ${show(replicas)}; the operator needs a whole number of at least 1 and at most ${MAX_REPLICAS} (default 2, with leader election). Only the leader reconciles: more replicas add no capacity, only standbys watching every resource and renewing the lease against the API server.`,
        );
        return { replicas: undefined, field };
    }
    return { replicas, field };
}

/**
 * Writes the typed args into `values` at their chart paths (a typed value replaces the raw one at its path), the
 * replicas with a rolling update and anti-affinity when there are several, and the pinned image. Returns the job
 * service account name Flink pods will run as (templates/flink/_helpers.tpl flink-operator.jobServiceAccountName).
 */
export function mapValues(
    o: {
        args: FlinkOperatorArgs;
        raw: { [key: string]: any };
        values: { [key: string]: any };
        source: ChartSource;
        replicas: number | undefined;
        leaderElection: boolean;
    },
    issues: OperatorIssues,
): { jobServiceAccount: string } {
    const { args, raw, values, replicas } = o;
    if (replicas !== undefined) set(values, ["replicas"], replicas);
    if (o.leaderElection && raw.strategy === undefined) set(values, ["strategy"], { type: "RollingUpdate" });
    const mappings: [unknown, string[]][] = [
        [args.image?.repository, ["image", "repository"]],
        [args.image?.tag, ["image", "tag"]],
        [args.image?.digest, ["image", "digest"]],
        [args.image?.pullPolicy, ["image", "pullPolicy"]],
        [args.image?.pullSecrets?.map((s) => ({ name: s })), ["imagePullSecrets"]],
        [args.resources, ["operatorPod", "resources"]],
        [args.webhookResources, ["operatorPod", "webhook", "resources"]],
        [args.podSecurityContext, ["podSecurityContext"]],
        [args.operatorSecurityContext, ["operatorSecurityContext"]],
        [args.webhookSecurityContext, ["webhookSecurityContext"]],
        [args.jobServiceAccount?.create, ["jobServiceAccount", "create"]],
        [args.jobServiceAccount?.name, ["jobServiceAccount", "name"]],
        [args.jobServiceAccount?.annotations, ["jobServiceAccount", "annotations"]],
        [args.metricsPort, ["metrics", "port"]],
        [args.nodeSelector, ["operatorPod", "nodeSelector"]],
        [args.tolerations, ["operatorPod", "tolerations"]],
        [args.affinity, ["operatorPod", "affinity"]],
    ];
    for (const [value, keys] of mappings) if (value !== undefined) set(values, keys, value);
    const pinned = pinnedImage(values, o.source);
    if (pinned) {
        set(values, ["image", "repository"], pinned.repository);
        set(values, ["image", "tag"], pinned.tag);
    }
    if (args.metricsPort !== undefined && (!Number.isInteger(args.metricsPort) || args.metricsPort < 1 || args.metricsPort > 65535)) {
        issues.add("metricsPort", OperatorRules.metricsPort, `metricsPort is ${args.metricsPort}; it must be a port number (1-65535).`);
    }
    if (replicas !== undefined && replicas > 1 && args.affinity === undefined && get(raw, ["operatorPod", "affinity"]) === undefined) {
        // Replicas on different nodes where possible, so one node going away leaves a standby.
        set(values, ["operatorPod", "affinity"], {
            podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                    {
                        weight: 100,
                        podAffinityTerm: {
                            topologyKey: "kubernetes.io/hostname",
                            labelSelector: { matchLabels: { [OPERATOR_POD_LABEL_KEY]: chartShortName(raw) } },
                        },
                    },
                ],
            },
        });
    }
    const create = get(values, ["jobServiceAccount", "create"]) ?? true;
    const name = get(values, ["jobServiceAccount", "name"]) ?? DEFAULT_JOB_SERVICE_ACCOUNT;
    return { jobServiceAccount: name ? String(name) : create ? chartFullname(o.source.release.name, raw) : "default" };
}
