/**
 * AivenOperatorFlink: Aiven for Apache Flink through the Aiven Kubernetes operator, as its `Flink` custom resource
 * (aiven.io/v1alpha1). The operator owns the service; this component writes the resource, validated by the same rules
 * as AivenFlink (one table: components/rules/rules/aiven/), waits for the operator to report it RUNNING, and reads
 * the connection back from the Secret the operator writes.
 *
 * What the operator writes (v0.44.0): a Secret named by connInfoSecretTarget.name (default: the resource's name) in
 * the resource's namespace, with `<prefix>HOST`, `<prefix>USER`, `<prefix>PASSWORD`, `<prefix>URI` and `<prefix>HOSTS`
 * (prefix default `FLINK_`). Its CRD documents a `FLINK_PORT` too, but the operator does not write it, so this
 * component has no `port` output: the port is in `uri` and in each entry of `hosts` (host:port).
 */
import * as pulumi from "@pulumi/pulumi";
import { plainSnapshot } from "../base/snapshot";
import { containsUnknown } from "../core/unknown";
import { AIVEN_OPERATOR_API_VERSION, AIVEN_OPERATOR_FLINK_KIND, TRANSITION_RULES, displayPath } from "../rules";
import { Gating, checkAivenArgs, mapInput, validationGate, withDefault } from "./flink";
import { AivenFlinkUserConfig, AivenOperatorFlinkArgs } from "./types";

export const AIVEN_OPERATOR_FLINK_TYPE = "flink:index:AivenOperatorFlink";
/** The Kubernetes provider's type token of the resource: what the policy pack matches however it is made. */
export const AIVEN_OPERATOR_FLINK_RESOURCE_TYPE = `kubernetes:${AIVEN_OPERATOR_API_VERSION}:${AIVEN_OPERATOR_FLINK_KIND}`;
export const DEFAULT_OPERATOR_SECRET_PREFIX = "FLINK_";
/** The keys the Aiven operator writes, after the prefix (no PORT: documented by its CRD, not written). */
export const OPERATOR_SECRET_KEYS = ["HOST", "USER", "PASSWORD", "URI", "HOSTS"] as const;
export const DEFAULT_AIVEN_AWAIT_TIMEOUT_SECONDS = 1800;

/** The userConfig keys as the CR spells them. */
const USER_CONFIG_KEYS: { [K in keyof Required<AivenFlinkUserConfig>]: string } = {
    flinkVersion: "flink_version",
    numberOfTaskSlots: "number_of_task_slots",
    ipFilter: "ip_filter",
    privatelinkAccess: "privatelink_access",
    publicAccess: "public_access",
    customCode: "custom_code",
    pekkoAskTimeoutS: "pekko_ask_timeout_s",
    pekkoFramesizeB: "pekko_framesize_b",
    serviceLog: "service_log",
    staticIps: "static_ips",
};

function userConfigToCr(u: AivenFlinkUserConfig | undefined): { [k: string]: unknown } | undefined {
    if (u === undefined || u === null) return undefined;
    const out: { [k: string]: unknown } = {};
    for (const [k, v] of Object.entries(u)) if (v !== undefined && v !== null) out[(USER_CONFIG_KEYS as { [k: string]: string })[k] ?? k] = v;
    return out;
}

/** Drops unset fields (undefined, null) so the resource carries only what was given. */
function compact<T extends object>(o: T): Partial<T> {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

/** The connection read from the operator's Secret (its `data`, base64): host and user plain, the rest for secrets. */
export function connectionFromSecret(
    data: { [k: string]: string } | undefined,
    prefix: string,
): { host?: string; user?: string; password?: string; uri?: string; hosts?: string[] } {
    const get = (key: string) => {
        const v = data?.[`${prefix}${key}`];
        return typeof v === "string" ? Buffer.from(v, "base64").toString("utf8") : undefined;
    };
    const hosts = get("HOSTS");
    return {
        host: get("HOST"),
        user: get("USER"),
        password: get("PASSWORD"),
        uri: get("URI"),
        hosts: hosts === undefined ? undefined : hosts.split(",").filter((h) => h !== ""),
    };
}

// ---------------------------------------------------------------------------------------------------------------
// Guards: a dynamic resource whose `check` sees the previous inputs at preview (the CRD's CEL transition rules need
// the old object, which a program never sees), and whose `delete` refuses while termination protection is on (the
// operator's webhook refuses deleting the resource; without the operator, nothing else would). The provider code is
// self-contained (it is serialized into the deployment): the rules arrive as data in its inputs.

interface GuardInputs {
    role: "transitions" | "protection";
    /** The resource the guard stands for: namespace/name (a new one is a new resource: no transition). */
    resource: string;
    /** transitions: the fields the CEL rules read, by model path, and the rules as data. */
    fields?: { [path: string]: unknown };
    rules?: { path: string; display: string; cel: string; celMessage: string; hint: string; presence: boolean }[];
    /** protection: the applied terminationProtection. */
    terminationProtection?: boolean;
    kind?: string;
}

export const operatorGuardProvider: pulumi.dynamic.ResourceProvider = {
    async check(olds: any, news: any) {
        const failures: { property: string; reason: string }[] = [];
        if (news.role === "transitions" && olds && olds.resource === news.resource && olds.fields && news.fields) {
            const set = (v: unknown) => v !== undefined && v !== null;
            for (const r of news.rules || []) {
                const a = olds.fields[r.path];
                const b = news.fields[r.path];
                const broken = r.presence ? set(a) !== set(b) : set(a) && set(b) && JSON.stringify(a) !== JSON.stringify(b);
                if (!broken) continue;
                // No values in the message: they may come from secrets.
                const change = r.presence ? (set(b) ? "is set after creation" : "is removed after creation") : "changes after creation";
                failures.push({
                    property: r.display,
                    reason: `${news.kind} ${news.resource}: ${r.display} ${change}, and the Aiven operator's CRD refuses that (${r.cel}: "${r.celMessage}"); ${r.hint}. [aiven-immutable-field]`,
                });
            }
        }
        return { inputs: news, failures };
    },
    async diff(_id: string, olds: any, news: any) {
        return {
            changes: JSON.stringify(olds) !== JSON.stringify(news),
            replaces: olds.resource !== news.resource ? ["resource"] : [],
            deleteBeforeReplace: false,
        };
    },
    async create(inputs: any) {
        return { id: `${inputs.role}:${inputs.resource}`, outs: inputs };
    },
    async update(_id: string, _olds: any, news: any) {
        return { outs: news };
    },
    async delete(_id: string, props: any) {
        if (props.role === "protection" && props.terminationProtection !== false) {
            const refusal = new Error(
                `cannot delete Flink service ${props.resource}: terminationProtection is on (the Aiven operator's webhook refuses it too: "cannot delete Flink service, termination protection is on"). To delete the service on purpose: set terminationProtection: false and run pulumi up, then remove the resource or run pulumi destroy.`,
            );
            // A refusal, not a crash: the runtime prints the stack beside the message, so it names the guard instead.
            refusal.stack = "refused by AivenOperatorFlink's termination-protection guard";
            throw refusal;
        }
    },
};

class Guard extends pulumi.dynamic.Resource {
    constructor(name: string, inputs: { [K in keyof GuardInputs]: pulumi.Input<GuardInputs[K]> }, opts: pulumi.CustomResourceOptions) {
        super(operatorGuardProvider, name, inputs, opts);
    }
}

/**
 * Aiven for Apache Flink through the Aiven Kubernetes operator: its `Flink` resource (aiven.io/v1alpha1), with the
 * args and validation of AivenFlink where they share a field, readiness when the operator reports RUNNING, and the
 * connection read from the operator's Secret (password, uri and hosts as secrets; no port: the operator writes none).
 *
 * - `terminationProtection` defaults to **true**: destroy or removal is refused (by the component; the operator's
 *   webhook refuses it too). Set it to false and `pulumi up` first.
 * - Fields the CRD makes immutable (project, connInfoSecretTarget.name, connInfoSecretTargetDisabled,
 *   userConfig.flinkVersion and customCode) are refused at preview when they change: the component compares with
 *   what it last applied, as the CRD's CEL rules compare with the stored object.
 * - Use AivenFlink (@pulumi/aiven) when no Aiven operator runs; use this when the operator owns the service (GitOps).
 */
export class AivenOperatorFlink extends pulumi.ComponentResource {
    /** Name of the Flink resource: the Aiven service's name. */
    public readonly serviceName: pulumi.Output<string>;
    /** Namespace of the Flink resource and of its connection Secret. */
    public readonly namespace: pulumi.Output<string>;
    /** The service state the operator reports (status.state), e.g. RUNNING. */
    public readonly state: pulumi.Output<string | undefined>;
    /** Host of the Flink service (from the operator's Secret); unset with skipAwait or connInfoSecretTargetDisabled. */
    public readonly host: pulumi.Output<string | undefined>;
    /** User name (from the operator's Secret). */
    public readonly user: pulumi.Output<string | undefined>;
    /** Password (secret). */
    public readonly password: pulumi.Output<string | undefined>;
    /** Service URI with credentials (secret). */
    public readonly uri: pulumi.Output<string | undefined>;
    /** host:port of every Flink server (secret). */
    public readonly hosts: pulumi.Output<string[] | undefined>;
    /** Name of the connection Secret the operator writes; unset with connInfoSecretTargetDisabled. */
    public readonly connectionSecretName: pulumi.Output<string | undefined>;

    constructor(name: string, args: AivenOperatorFlinkArgs, opts?: pulumi.ComponentResourceOptions) {
        const kind = "AivenOperatorFlink";
        const doc = plainSnapshot(args ?? {});
        const { warnings, deferred } = checkAivenArgs(kind, name, doc);
        super(AIVEN_OPERATOR_FLINK_TYPE, name, {}, opts);
        for (const w of warnings) pulumi.log.warn(`${w.path}: ${w.message} [${w.rule}]`, this);
        const gating = new Gating(containsUnknown(doc) ? validationGate(kind, name, args, deferred, this) : undefined);
        const plain = doc as { [k: string]: any };

        const resourceName = withDefault(args.serviceName, name);
        const disabled = plain.connInfoSecretTargetDisabled === true;
        const target = args.connInfoSecretTarget;
        const spec = compact({
            project: args.project,
            plan: args.plan,
            cloudName: args.cloudName,
            maintenanceWindowDow: args.maintenanceWindowDow,
            maintenanceWindowTime: args.maintenanceWindowTime,
            terminationProtection: withDefault(args.terminationProtection, true),
            // aiven.ProjectVpc's id is "<project>/<vpc id>": the CR takes the VPC id.
            projectVpcId: mapInput(args.projectVpcId, (v) => (typeof v === "string" ? v.slice(v.lastIndexOf("/") + 1) : v)),
            projectVPCRef: args.projectVpcRef,
            tags: args.tags,
            technicalEmails: args.technicalEmails,
            disk_space: args.diskSpace,
            userConfig: mapInput(args.userConfig, userConfigToCr),
            powered: args.powered,
            authSecretRef: args.authSecretRef,
            connInfoSecretTarget: target,
            connInfoSecretTargetDisabled: args.connInfoSecretTargetDisabled,
        });
        const readiness: { [k: string]: string } = args.skipAwait
            ? { "pulumi.com/skipAwait": "true" }
            : {
                  "pulumi.com/waitFor": "jsonpath={.status.state}=RUNNING",
                  "pulumi.com/timeoutSeconds": String(args.awaitTimeoutSeconds ?? DEFAULT_AIVEN_AWAIT_TIMEOUT_SECONDS),
              };
        const annotations = mapInput(args.annotations, (a) => ({ ...readiness, ...(a ?? {}) }), true);
        const metadata = compact({ name: resourceName, namespace: args.namespace, labels: args.labels, annotations });
        const identity = pulumi.interpolate`${args.namespace ?? "(provider namespace)"}/${resourceName}`;

        // The CEL transition rules: the fields they read, compared by the guard with what was last applied.
        const rules = TRANSITION_RULES.map((r) => ({
            path: r.path,
            display: displayPath(kind, r.path),
            cel: r.cel,
            celMessage: r.celMessage,
            hint: r.hint,
            presence: r.cel.startsWith("has("),
        }));
        const fields = Object.fromEntries([...new Set(rules.map((r) => r.path))].map((p) => [p, readInput(args, p)]));
        const transitions = new Guard(`${name}-transitions`, { role: "transitions", resource: identity, kind, fields: fields as any, rules }, { parent: this });

        const { CustomResource } =
            require("@pulumi/kubernetes/apiextensions/customResource") as typeof import("@pulumi/kubernetes/apiextensions/customResource");
        const cr = new CustomResource(
            name,
            {
                apiVersion: AIVEN_OPERATOR_API_VERSION,
                kind: AIVEN_OPERATOR_FLINK_KIND,
                metadata: metadata as any,
                spec: gating.always(spec as any),
                // Declared so the live object's status (state, conditions) becomes an output.
                status: undefined,
            } as any,
            { parent: this, dependsOn: [transitions] },
        );
        const status = (cr as any).status as pulumi.Output<any>;
        // Deleted before the resource (it depends on it): refuses while protection is on, so the resource stays.
        new Guard(
            `${name}-protection`,
            { role: "protection", resource: identity, kind, terminationProtection: withDefault(args.terminationProtection, true) },
            { parent: this, dependsOn: [cr] },
        );

        this.serviceName = cr.metadata.apply((m: any) => m.name as string);
        this.namespace = cr.metadata.apply((m: any) => m.namespace as string);
        this.state = status.apply((s: any) => s?.state as string | undefined);

        const none = <T>() => pulumi.output(undefined as T | undefined);
        let conn: {
            host: pulumi.Output<string | undefined>;
            user: pulumi.Output<string | undefined>;
            password: pulumi.Output<string | undefined>;
            uri: pulumi.Output<string | undefined>;
            hosts: pulumi.Output<string[] | undefined>;
        } = { host: none<string>(), user: none<string>(), password: none<string>(), uri: none<string>(), hosts: none<string[]>() };
        if (disabled) {
            this.connectionSecretName = none<string>();
        } else {
            const secretName = mapInput(target, (t) => (t?.name === undefined || t?.name === null ? resourceName : t.name), true) as pulumi.Input<string>;
            this.connectionSecretName = pulumi.output(secretName);
            // With skipAwait the Secret may not exist yet, so it is not read (the connection outputs stay unset).
            if (!args.skipAwait) {
                const prefix = mapInput(
                    target,
                    (t) => (t?.prefix === undefined || t?.prefix === null ? DEFAULT_OPERATOR_SECRET_PREFIX : t.prefix),
                    true,
                ) as pulumi.Input<string>;
                const { Secret } = require("@pulumi/kubernetes/core/v1/secret") as typeof import("@pulumi/kubernetes/core/v1/secret");
                // Read once the resource is RUNNING (the operator writes the Secret before it reports RUNNING).
                const id = pulumi.all([cr.metadata, secretName, status]).apply(([m, s]: any[]) => `${m.namespace}/${s}`);
                const secret = Secret.get(`${name}-connection`, id, { parent: this, dependsOn: [cr] });
                const read = pulumi.all([secret.data, prefix]).apply(([data, p]) => connectionFromSecret(data as any, p));
                conn = {
                    host: pulumi.unsecret(read.apply((c) => c.host)),
                    user: pulumi.unsecret(read.apply((c) => c.user)),
                    password: pulumi.secret(read.apply((c) => c.password)),
                    uri: pulumi.secret(read.apply((c) => c.uri)),
                    hosts: pulumi.secret(read.apply((c) => c.hosts)),
                };
            }
        }
        this.host = conn.host;
        this.user = conn.user;
        this.password = conn.password;
        this.uri = conn.uri;
        this.hosts = conn.hosts;
        this.registerOutputs({
            serviceName: this.serviceName,
            namespace: this.namespace,
            state: this.state,
            host: this.host,
            user: this.user,
            password: this.password,
            uri: this.uri,
            hosts: this.hosts,
            connectionSecretName: this.connectionSecretName,
        });
    }
}

/** An arg at a model path, as an Input (the guard compares resolved values; unknown ones at preview are skipped by the engine). */
function readInput(args: any, path: string): pulumi.Input<unknown> {
    const [head, ...rest] = path.split(".");
    const top = args?.[head];
    if (rest.length === 0) return top;
    if (top === undefined || top === null) return undefined;
    return pulumi.output(top).apply((v: any) => rest.reduce((o, k) => (o === undefined || o === null ? undefined : o[k]), v));
}
