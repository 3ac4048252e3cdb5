/**
 * Hand-built CrossGuard arguments (the pattern of Pulumi's own policy repos): ResourceValidationArgs and
 * StackValidationArgs with a collecting reportViolation. `preview` wraps props in @pulumi/policy's real
 * unknown-checking proxy, as the pack's server does, and UNKNOWN_VALUE is the sentinel it uses for unknown values.
 */
import type { Policy, PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
// Internal module of @pulumi/policy (its .d.ts is empty): the proxy the pack's server wraps props in.
const policyProxy = require("@pulumi/policy/proxy");

/** What the engine sends for a value unknown at preview (proxy.js: unknownStringValue). */
export const UNKNOWN_VALUE: string = policyProxy.unknownStringValue;

export interface ResourceInput {
    type: string;
    props: Record<string, any>;
    name?: string;
    stack?: string;
    config?: object;
    /** Wrap props in the real unknown-checking proxy (reading an unknown through it throws). */
    preview?: boolean;
    provider?: ProviderInput;
}

/** A provider resource as CrossGuard passes it (default providers have URNs like any other). */
export interface ProviderInput {
    type: string;
    props: Record<string, any>;
    urn?: string;
}

export function resourceArgs(input: ResourceInput): ResourceValidationArgs {
    const name = input.name ?? "res";
    const props = input.preview ? policyProxy.unknownCheckingProxy(input.props) : input.props;
    const args: ResourceValidationArgs = {
        type: input.type,
        props,
        urn: `urn:pulumi:${input.stack ?? "dev"}::proj::${input.type}::${name}`,
        name,
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        stackTags: new Map(),
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => (input.config ?? {}) as T,
        notApplicable: (reason?: string): never => {
            throw new Error(`notApplicable: ${reason}`);
        },
    };
    if (input.provider) args.provider = { type: input.provider.type, props: input.provider.props, urn: input.provider.urn ?? "urn:provider", name: "provider" };
    return args;
}

/** Runs every validateResource of the policy; returns the violations' messages. */
export async function violations(policy: Policy, input: ResourceInput): Promise<string[]> {
    const p = policy as ResourceValidationPolicy;
    const found: string[] = [];
    const fns = Array.isArray(p.validateResource) ? p.validateResource : p.validateResource ? [p.validateResource] : [];
    if (fns.length === 0) throw new Error(`${policy.name} has no validateResource`);
    for (const fn of fns) await fn(resourceArgs(input), (message) => found.push(message));
    return found;
}

/**
 * Runs every policy of `pack` on one resource, as the pack's server does: each resource policy's validateResource,
 * and each stack policy over a stack of just that resource. Returns "policy-name: message" per violation.
 */
export async function packViolations(pack: readonly Policy[], input: ResourceInput): Promise<string[]> {
    const found: string[] = [];
    for (const policy of pack) {
        if ("validateStack" in policy) {
            const stack = await stackViolations(
                policy,
                [{ type: input.type, props: input.props, name: input.name ?? "res" }],
                input.config ?? {},
                input.preview,
            );
            found.push(...stack.map((v) => `${policy.name}: ${v.message}`));
        } else {
            found.push(...(await violations(policy, input)).map((m) => `${policy.name}: ${m}`));
        }
    }
    return found;
}

export async function remediate(policy: Policy, input: ResourceInput): Promise<Record<string, any> | undefined> {
    const p = policy as ResourceValidationPolicy;
    if (!p.remediateResource) throw new Error(`${policy.name} has no remediateResource`);
    return (await p.remediateResource(resourceArgs(input))) ?? undefined;
}

export interface StackResourceInput {
    type: string;
    props: Record<string, any>;
    name: string;
    provider?: ProviderInput;
}

export async function stackViolations(
    policy: Policy,
    resources: StackResourceInput[],
    config: object = {},
    preview = false,
): Promise<{ message: string; urn?: string }[]> {
    const p = policy as StackValidationPolicy;
    const found: { message: string; urn?: string }[] = [];
    const list: PolicyResource[] = resources.map((r) => ({
        type: r.type,
        props: preview ? policyProxy.unknownCheckingProxy(r.props) : r.props,
        urn: `urn:pulumi:dev::proj::${r.type}::${r.name}`,
        name: r.name,
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
        ...(r.provider ? { provider: { type: r.provider.type, props: r.provider.props, urn: r.provider.urn ?? "urn:provider", name: "provider" } } : {}),
    }));
    await p.validateStack(
        {
            resources: list,
            stackTags: new Map(),
            getConfig: <T extends object>() => config as T,
            notApplicable: (reason?: string): never => {
                throw new Error(`notApplicable: ${reason}`);
            },
        },
        (message, urn) => found.push({ message, urn }),
    );
    return found;
}

export function clone<T>(value: T): T {
    return JSON.parse(JSON.stringify(value));
}

/** A compliant aiven.Flink's inputs. */
export function aivenFlink(): Record<string, any> {
    return {
        project: "acme",
        serviceName: "flink-prod",
        plan: "business-8",
        cloudName: "google-europe-west1",
        terminationProtection: true,
        maintenanceWindowDow: "sunday",
        maintenanceWindowTime: "03:00:00",
        flinkUserConfig: { flinkVersion: "1.20", ipFilterObjects: [{ network: "10.0.0.0/8", description: "VPC" }] },
    };
}

/** A compliant operator chart release's inputs. */
export function operatorRelease(): Record<string, any> {
    return {
        chart: "/charts/flink-kubernetes-operator",
        name: "flink-operator",
        namespace: "flink-operator",
        values: {
            replicas: 2,
            image: { tag: "1.15.0" },
            defaultConfiguration: {
                "flink-conf.yaml":
                    "kubernetes.operator.reconcile.interval: 15 s\nkubernetes.operator.leader-election.enabled: true\nkubernetes.operator.leader-election.lease-name: flink-operator-lease\n",
            },
        },
    };
}

/** Leader election lines of a compliant operator configuration (flat flink-conf.yaml form). */
export const LEADER_ELECTION_CONF = "kubernetes.operator.leader-election.enabled: true\nkubernetes.operator.leader-election.lease-name: flink-operator-lease\n";

/**
 * The operator Deployment as the 1.15.0 chart renders it (templates/controller/deployment.yaml) with replicas 2, a
 * pinned image and the webhook on: what helm.v3.Chart / helm.v4.Chart register as kubernetes:apps/v1:Deployment.
 */
export function operatorDeployment(): Record<string, any> {
    const image = "ghcr.io/apache/flink-kubernetes-operator:1.15.0";
    const labels = {
        "app.kubernetes.io/name": "flink-kubernetes-operator",
        "app.kubernetes.io/version": "1.15.0",
        "app.kubernetes.io/managed-by": "Helm",
        "helm.sh/chart": "flink-kubernetes-operator-1.15.0",
    };
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "flink-kubernetes-operator", namespace: "flink-operator", labels },
        spec: {
            replicas: 2,
            strategy: { type: "Recreate" },
            selector: { matchLabels: { "app.kubernetes.io/name": "flink-kubernetes-operator" } },
            template: {
                metadata: {
                    labels: { "app.kubernetes.io/name": "flink-kubernetes-operator" },
                    annotations: { "kubectl.kubernetes.io/default-container": "flink-kubernetes-operator" },
                },
                spec: {
                    securityContext: { runAsGroup: 9999, runAsUser: 9999 },
                    serviceAccountName: "flink-operator",
                    containers: [
                        {
                            name: "flink-kubernetes-operator",
                            image,
                            imagePullPolicy: "IfNotPresent",
                            command: ["/docker-entrypoint.sh", "operator"],
                            env: [
                                { name: "OPERATOR_NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
                                { name: "OPERATOR_NAME", value: "flink-kubernetes-operator" },
                                { name: "FLINK_CONF_DIR", value: "/opt/flink/conf" },
                                { name: "FLINK_PLUGINS_DIR", value: "/opt/flink/plugins" },
                            ],
                            volumeMounts: [
                                { name: "flink-operator-config-volume", mountPath: "/opt/flink/conf" },
                                { name: "flink-artifacts-volume", mountPath: "/opt/flink/artifacts" },
                            ],
                        },
                        {
                            name: "flink-webhook",
                            image,
                            command: ["/docker-entrypoint.sh", "webhook"],
                            env: [{ name: "FLINK_CONF_DIR", value: "/opt/flink/conf" }],
                            volumeMounts: [
                                { name: "keystore", mountPath: "/certs", readOnly: true },
                                { name: "flink-operator-config-volume", mountPath: "/opt/flink/conf" },
                            ],
                        },
                    ],
                    volumes: [
                        {
                            name: "flink-operator-config-volume",
                            configMap: {
                                name: "flink-operator-config",
                                items: [
                                    { key: "flink-conf.yaml", path: "flink-conf.yaml" },
                                    { key: "log4j-operator.properties", path: "log4j-operator.properties" },
                                    { key: "log4j-console.properties", path: "log4j-console.properties" },
                                ],
                            },
                        },
                        { name: "flink-artifacts-volume", emptyDir: {} },
                        { name: "keystore", secret: { secretName: "webhook-server-cert", items: [{ key: "keystore.p12", path: "keystore.p12" }] } },
                    ],
                },
            },
        },
    };
}

/** The chart's ConfigMap (templates/controller/configmap.yaml) with leader election in flink-conf.yaml. */
export function operatorConfigMap(): Record<string, any> {
    const chartConf = "taskmanager.numberOfTaskSlots: 1\nparallelism.default: 1\n";
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
            name: "flink-operator-config",
            namespace: "flink-operator",
            labels: { "app.kubernetes.io/name": "flink-kubernetes-operator", "helm.sh/chart": "flink-kubernetes-operator-1.15.0" },
        },
        data: {
            "config.yaml": chartConf,
            "flink-conf.yaml": chartConf + LEADER_ELECTION_CONF,
            "log4j-operator.properties": "rootLogger.level = INFO\n",
            "log4j-console.properties": "rootLogger.level = INFO\n",
        },
    };
}
