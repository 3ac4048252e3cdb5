/**
 * What the operator 1.15.0 does with a FlinkBlueGreenDeployment, as far as validation needs it (read from its source:
 * FlinkBlueGreenDeploymentConfigOptions, BlueGreenUtils.prepareFlinkDeployment, BlueGreenKubernetesService):
 *
 *  - `spec.configuration` is read for three `kubernetes.operator.bluegreen.*` Duration options and nothing else;
 *  - each child is a FlinkDeployment named `<name>-blue` or `<name>-green`, in the parent's namespace, labelled
 *    `flink/blue-green-deployment-type: BLUE|GREEN` (its only label: `spec.template.metadata` is not used), whose spec
 *    is `spec.template.spec` with `ingress.template`, when set, prefixed `blue-`/`green-`. The operator creates it
 *    through the API, so the admission webhook and the FlinkDeployment controller judge it then, not the parent.
 */
import { isUnknown } from "../unknown";

export const BLUE_GREEN_KIND = "FlinkBlueGreenDeployment";

/** The `kubernetes.operator.bluegreen.*` options, with the operator's defaults (Flink durations). */
export const BlueGreenOptions = {
    abortGracePeriod: { key: "kubernetes.operator.bluegreen.abort.grace-period", default: "10 min", defaultMillis: 600_000 },
    reconciliationRescheduleInterval: { key: "kubernetes.operator.bluegreen.reconciliation.reschedule-interval", default: "15 s", defaultMillis: 15_000 },
    deploymentDeletionDelay: { key: "kubernetes.operator.bluegreen.deployment-deletion.delay", default: "0 ms", defaultMillis: 0 },
} as const;

export const BLUE_GREEN_OPTION_PREFIX = "kubernetes.operator.bluegreen.";
export const BLUE_GREEN_OPTION_KEYS: readonly string[] = Object.values(BlueGreenOptions).map((o) => o.key);

/** The child deployment types; the label the operator puts on each child. */
export const BLUE_GREEN_TYPES = ["blue", "green"] as const;
export const BLUE_GREEN_TYPE_LABEL = "flink/blue-green-deployment-type";

/** A FlinkDeployment name is at most 45 characters (the operator's resource-name pattern). */
export const FLINK_DEPLOYMENT_NAME_LIMIT = 45;
/** The longest child suffix, "-green": a FlinkBlueGreenDeployment name leaves room for it. */
export const LONGEST_CHILD_SUFFIX = "-green";
export const BLUE_GREEN_NAME_LIMIT = FLINK_DEPLOYMENT_NAME_LIMIT - LONGEST_CHILD_SUFFIX.length;

/** The name of a child FlinkDeployment. */
export function childName(parentName: string, type: (typeof BLUE_GREEN_TYPES)[number]): string {
    return `${parentName}-${type}`;
}

/** The states of status.blueGreenState in which one child runs undisturbed. */
export const ACTIVE_STATES: readonly string[] = ["ACTIVE_BLUE", "ACTIVE_GREEN"];

/**
 * The FlinkDeployment the operator would create from a FlinkBlueGreenDeployment document, by default its green child
 * (the longer name of the two). Values not known yet stay UNKNOWN. The parent document is not changed.
 */
export function childDeployment(
    doc: { apiVersion?: unknown; metadata?: any; spec?: any },
    type: (typeof BLUE_GREEN_TYPES)[number] = "green",
): {
    apiVersion: unknown;
    kind: "FlinkDeployment";
    metadata: any;
    spec: any;
} {
    const meta = doc.metadata;
    const metaKnown = !isUnknown(meta);
    const name = metaKnown ? meta?.name : meta;
    const namespace = metaKnown ? meta?.namespace : meta;
    const spec = doc.spec;
    const template = isUnknown(spec) ? spec : spec?.template;
    let childSpec = isUnknown(template) ? template : template?.spec;
    const ingress = isUnknown(childSpec) || childSpec === null || typeof childSpec !== "object" ? undefined : childSpec.ingress;
    if (ingress !== null && typeof ingress === "object" && !isUnknown(ingress) && typeof ingress.template === "string") {
        childSpec = { ...childSpec, ingress: { ...ingress, template: `${type}-${ingress.template}` } };
    }
    return {
        apiVersion: doc.apiVersion,
        kind: "FlinkDeployment",
        metadata: {
            name: typeof name === "string" && name !== "" ? childName(name, type) : name,
            ...(namespace === undefined ? {} : { namespace }),
            labels: { [BLUE_GREEN_TYPE_LABEL]: type.toUpperCase() },
        },
        spec: childSpec,
    };
}

export const TEMPLATE_SPEC_PATH = "spec.template.spec";

/** A child's field path as the parent's: `spec.x` is `spec.template.spec.x`. */
export function templatePath(childPath: string): string {
    if (childPath === "spec") return TEMPLATE_SPEC_PATH;
    if (childPath.startsWith("spec.") || childPath.startsWith("spec[")) return TEMPLATE_SPEC_PATH + childPath.slice(4);
    return childPath === "" ? TEMPLATE_SPEC_PATH : childPath;
}

/** A child finding's message with the fields it names given as the parent's (`spec.jobManager` -> `spec.template.spec.jobManager`). */
export function templateMessage(message: string): string {
    return message.replace(/(^|[\s("'`[])spec(?=[.[])/g, `$1${TEMPLATE_SPEC_PATH}`);
}
