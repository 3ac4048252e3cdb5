/**
 * AivenFlink: an Aiven for Apache Flink service (@pulumi/aiven's `aiven.Flink`) with validated args in the shape of
 * the Aiven operator's `Flink` CRD, and the operator's connection Secret in Kubernetes.
 *
 * @pulumi/aiven and @pulumi/kubernetes are required inside the constructor, not imported: @pulumi/aiven is an optional
 * peer dependency and large, and programs that only use the Flink operator components should not pay for it.
 */
import * as pulumi from "@pulumi/pulumi";
import { plainSnapshot } from "../base/snapshot";
import { FlinkValidationError } from "../core/issues";
import { containsUnknown, isUnknown } from "../core/unknown";
import { AivenKind } from "../rules";
import { validateAiven } from "./validate";
import { AivenFlinkArgs, AivenFlinkOptions, AivenFlinkUserConfig } from "./types";
import { registerReferenceTarget } from "../base/references";
import { redact, redactFindings, secretLeaves, withRedaction } from "../base/secrets";
// Types only: @pulumi/aiven stays an optional peer, loaded in the constructor. A field missing from the installed
// @pulumi/aiven is then a compile error here instead of a value silently dropped.
import type { FlinkArgs } from "@pulumi/aiven/flink";
import type * as aivenInputs from "@pulumi/aiven/types/input";
type AivenFlinkUserConfigInput = aivenInputs.FlinkFlinkUserConfig;

export const AIVEN_FLINK_TYPE = "flink:index:AivenFlink";
/** Default prefix of the connection Secret's keys, as the Aiven operator's. */
export const DEFAULT_SECRET_PREFIX = "FLINK_";
/** The six keys of the connection Secret, after the prefix. */
export const SECRET_KEYS = ["HOST", "PORT", "USER", "PASSWORD", "URI", "HOSTS"] as const;

/** What the application components need of a service. Kept outside the class: class properties become schema outputs. */
export interface AivenFlinkInternals {
    /** The aiven.Flink resource (typed loosely so this package's declarations never name @pulumi/aiven). */
    service: pulumi.CustomResource;
    project: pulumi.Input<string>;
    serviceName: pulumi.Input<string>;
    /** Plain value of userConfig.customCode, UNKNOWN when not known yet. */
    customCode: unknown;
    /** Plain service name for messages, UNKNOWN when not known yet. */
    plainServiceName: unknown;
}
export const aivenInternals = new WeakMap<pulumi.Resource, AivenFlinkInternals>();

/**
 * Validates a snapshot of args: throws FlinkValidationError listing every error, and returns the warnings (to be
 * logged once the component exists) and the ids of rules that wait for unknown values.
 */
export function checkAivenArgs(kind: AivenKind, name: string, doc: unknown): { warnings: ReturnType<typeof validateAiven>["findings"]; deferred: string[] } {
    const { findings, deferred } = validateAiven(kind, name, doc);
    if (findings.some((f) => f.severity === "error")) throw new FlinkValidationError(kind, name, findings);
    return { warnings: findings.filter((f) => f.severity === "warning"), deferred };
}

/**
 * An Output that resolves to true once every arg is known and valid; it fails the deployment (before the gated
 * resources are created) when a value known only now breaks a rule. Warnings of rules deferred at construction are
 * logged then.
 */
export function validationGate(
    kind: AivenKind,
    name: string,
    args: pulumi.Input<any>,
    deferred: readonly string[],
    parent: pulumi.Resource,
): pulumi.Output<boolean> {
    const deferredIds = new Set(deferred);
    // Values from secret Outputs are redacted from whatever this validation logs or throws.
    return pulumi.unsecret(
        pulumi.all([pulumi.output(args), secretLeaves(args)]).apply(([resolved, secrets]) =>
            withRedaction(secrets, () => {
                const findings = redactFindings(validateAiven(kind, name, resolved).findings, secrets, resolved);
                if (findings.some((f) => f.severity === "error")) throw new FlinkValidationError(kind, name, findings);
                for (const w of findings) if (deferredIds.has(w.rule)) pulumi.log.warn(redact(`${w.path}: ${w.message} [${w.rule}]`, secrets), parent);
                return true;
            }),
        ),
    );
}

/** `input` once `gate` is true. */
export function gated<T>(gate: pulumi.Output<boolean> | undefined, input: pulumi.Input<T>): pulumi.Input<T> {
    return gate ? pulumi.all([gate, input]).apply(([, v]) => v as T) : input;
}

/**
 * Gates only inputs that depend on a value not known yet: a known input (a replace-forcing `project`, say) stays
 * known at preview, so the preview shows no replacement. `gating.used` records whether any input was gated, so the
 * caller can make sure the gate is awaited somewhere.
 */
export class Gating {
    used = false;
    constructor(readonly gate: pulumi.Output<boolean> | undefined) {}
    /** The input, gated when it holds a value not known yet (an Input of the same type: the gate adds no value). */
    input<I>(input: I): I {
        if (this.gate === undefined || input === undefined || !containsUnknown(plainSnapshot(input))) return input;
        this.used = true;
        return gated(this.gate, input as pulumi.Input<unknown>) as unknown as I;
    }
    /** Gates `input` whatever it holds (the fallback when nothing else depends on the unknown values). */
    always<T>(input: pulumi.Input<T>): pulumi.Input<T> {
        if (this.gate === undefined) return input;
        this.used = true;
        return gated(this.gate, input);
    }
}

/** Whether `v` is unset: undefined or null. */
function unset(v: unknown): v is undefined | null {
    return v === undefined || v === null;
}

/**
 * `input`, or `fallback` where it is unset: undefined or null given directly, or an Output or Promise resolving to
 * undefined or null. Defaults apply to resolved values, not to the raw input (an Output is never `undefined`).
 */
export function withDefault<T>(input: pulumi.Input<T | undefined | null> | undefined | null, fallback: pulumi.Input<T>): pulumi.Input<T> {
    if (unset(input)) return fallback;
    if (pulumi.Output.isInstance(input) || typeof (input as any).then === "function") {
        return pulumi.all([input as pulumi.Input<T | undefined | null>, fallback]).apply(([v, f]) => (unset(v) ? f : v) as T) as pulumi.Output<T>;
    }
    return input as pulumi.Input<T>;
}

/**
 * Applies `f` to a plain value directly (keeping Outputs nested inside it), or on resolution. An unset value (given
 * as such or resolved so) gives `onUnset`'s result: undefined by default, `f(undefined)` where f supplies defaults.
 */
export function mapInput<T, U>(input: pulumi.Input<T> | undefined | null, f: (v: T | undefined) => U, mapUnset = false): pulumi.Input<U> | undefined {
    if (unset(input)) return mapUnset ? f(undefined) : undefined;
    if (containsUnknown(plainSnapshot(input)))
        return pulumi.output(input).apply((v) => (unset(v) ? (mapUnset ? f(undefined) : undefined) : f(v as T))) as pulumi.Output<U>;
    return f(input as T);
}

/** The operator's userConfig as @pulumi/aiven's flinkUserConfig (ipFilter becomes ipFilterObjects). */
function toFlinkUserConfig(u: AivenFlinkUserConfig): AivenFlinkUserConfigInput {
    return {
        flinkVersion: u.flinkVersion,
        numberOfTaskSlots: u.numberOfTaskSlots,
        ipFilterObjects: u.ipFilter,
        privatelinkAccess: u.privatelinkAccess,
        publicAccess: u.publicAccess,
        customCode: u.customCode,
        pekkoAskTimeoutS: u.pekkoAskTimeoutS,
        pekkoFramesizeB: u.pekkoFramesizeB,
        serviceLog: u.serviceLog,
        staticIps: u.staticIps,
    };
}

/** Adds providers given as named options to the component's `providers`, so every child inherits them. */
export function withProviders(
    opts: pulumi.ComponentResourceOptions,
    extra: { [pkg: string]: pulumi.ProviderResource | undefined },
): pulumi.ComponentResourceOptions {
    const entries = Object.entries(extra).filter((e): e is [string, pulumi.ProviderResource] => e[1] !== undefined);
    if (entries.length === 0) return opts;
    const providers = opts.providers;
    if (Array.isArray(providers)) return { ...opts, providers: [...providers, ...entries.map(([, p]) => p)] };
    return { ...opts, providers: { ...(providers as { [pkg: string]: pulumi.ProviderResource } | undefined), ...Object.fromEntries(entries) } };
}

/**
 * An Aiven for Apache Flink service: @pulumi/aiven's `aiven.Flink`, with args validated before anything is
 * registered, connection details as outputs (password, uri and hosts as secrets) and, unless disabled, the Aiven
 * operator's connection Secret in Kubernetes (keys `FLINK_HOST`, `FLINK_PORT`, `FLINK_USER`, `FLINK_PASSWORD`,
 * `FLINK_URI`, `FLINK_HOSTS`).
 *
 * - Changing `userConfig.flinkVersion` or `userConfig.customCode` (or `project`, `serviceName`) **replaces the
 *   service**: Aiven deletes the old one (endpoints and password change; applications are recreated). With
 *   termination protection on, such a replacement fails until protection is turned off.
 * - `terminationProtection` defaults to **true**: `pulumi destroy` then fails with Aiven's refusal ("Service is
 *   protected against termination and shutdown"). To remove a service on purpose, in two steps:
 *   1. set `terminationProtection: false` and run `pulumi up` (only the flag changes);
 *   2. remove the component from the program and run `pulumi up`, or run `pulumi destroy`.
 *   Application deployments (AivenFlinkSqlApplication, AivenFlinkJarApplication) are deleted before the service.
 * - Providers: pass `aivenProvider` / `kubernetesProvider` as resource options, or the usual `providers`.
 */
export class AivenFlink extends pulumi.ComponentResource {
    /** Name of the Aiven service. */
    public readonly serviceName: pulumi.Output<string>;
    /** Service state: POWEROFF, REBALANCING, REBUILDING or RUNNING. */
    public readonly state: pulumi.Output<string>;
    /** Host of the Flink service (web UI and REST API). */
    public readonly host: pulumi.Output<string>;
    /** Port of the Flink service. */
    public readonly port: pulumi.Output<number>;
    /** User name for the Flink service. */
    public readonly user: pulumi.Output<string>;
    /** Password for the Flink service (secret). */
    public readonly password: pulumi.Output<string>;
    /** Service URI with credentials (secret). */
    public readonly uri: pulumi.Output<string>;
    /** host:port of every Flink server (secret). */
    public readonly hosts: pulumi.Output<string[]>;
    /** Name of the connection Secret; unset when connInfoSecretTargetDisabled. */
    public readonly connectionSecretName: pulumi.Output<string | undefined>;

    constructor(name: string, args: AivenFlinkArgs, opts?: AivenFlinkOptions) {
        // Plain values are checked before anything (this component included) is registered.
        const doc = plainSnapshot(args ?? {});
        const { warnings, deferred } = checkAivenArgs("AivenFlink", name, doc);
        const { aivenProvider, kubernetesProvider, ...componentOpts } = opts ?? {};
        super(AIVEN_FLINK_TYPE, name, {}, withProviders(componentOpts, { aiven: aivenProvider, kubernetes: kubernetesProvider }));
        registerReferenceTarget("AivenFlink", this);
        for (const w of warnings) pulumi.log.warn(`${w.path}: ${w.message} [${w.rule}]`, this);

        // Values known only later: validated on resolution, before the service is created.
        // Only inputs that depend on those values wait for the gate: known ones (project, replace-forcing) stay known.
        const gating = new Gating(containsUnknown(doc) ? validationGate("AivenFlink", name, args, deferred, this) : undefined);
        const serviceName: pulumi.Input<string> = withDefault(args.serviceName, name);

        const { Flink } = require("@pulumi/aiven/flink") as typeof import("@pulumi/aiven/flink");
        const flinkArgs: FlinkArgs = {
            project: gating.input(args.project),
            plan: gating.input(args.plan),
            serviceName: gating.input(serviceName),
            cloudName: gating.input(args.cloudName),
            maintenanceWindowDow: gating.input(args.maintenanceWindowDow),
            maintenanceWindowTime: gating.input(args.maintenanceWindowTime),
            terminationProtection: gating.input(withDefault(args.terminationProtection, true)),
            projectVpcId: gating.input(args.projectVpcId),
            diskSpace: gating.input(args.diskSpace),
            tags: gating.input(mapInput(args.tags, (tags) => Object.entries(tags ?? {}).map(([key, value]) => ({ key, value })))),
            techEmails: gating.input(args.technicalEmails),
            flinkUserConfig: gating.input(mapInput(args.userConfig, (u) => toFlinkUserConfig(u!))),
        };
        // The unknown value reaches no input of the service (connInfoSecretTarget, say): the service still waits for
        // validation, through an input whose change is an in-place update (never a replacement).
        if (gating.gate !== undefined && !gating.used)
            flinkArgs.maintenanceWindowDow = gating.always(flinkArgs.maintenanceWindowDow) as FlinkArgs["maintenanceWindowDow"];
        const flink = new Flink(name, flinkArgs, {
            parent: this,
            provider: aivenProvider,
            // The service name is fixed, so a replacement (flinkVersion, customCode) must delete the old service first.
            deleteBeforeReplace: true,
            additionalSecretOutputs: ["servicePassword", "serviceUri", "flink"],
        });

        const userConfig = (doc as any)?.userConfig;
        aivenInternals.set(this, {
            service: flink,
            project: args.project,
            serviceName,
            customCode: isUnknown(userConfig) ? userConfig : userConfig?.customCode,
            plainServiceName: plainSnapshot(serviceName),
        });

        this.serviceName = flink.serviceName;
        this.state = flink.state;
        this.host = flink.serviceHost;
        this.port = flink.servicePort;
        this.user = flink.serviceUsername;
        this.password = pulumi.secret(flink.servicePassword);
        this.uri = pulumi.secret(flink.serviceUri);
        this.hosts = pulumi.secret(flink.flink.apply((f) => f?.hostPorts ?? []));

        const disabled = (doc as any)?.connInfoSecretTargetDisabled === true;
        if (disabled) {
            this.connectionSecretName = pulumi.output(undefined as string | undefined);
        } else {
            const target = args.connInfoSecretTarget;
            const prefix = mapInput(target, (t) => (unset(t?.prefix) ? DEFAULT_SECRET_PREFIX : t!.prefix), true) as pulumi.Input<string>;
            const stringData = pulumi.secret(
                pulumi
                    .all([prefix, flink.serviceHost, flink.servicePort, flink.serviceUsername, flink.servicePassword, flink.serviceUri, flink.flink])
                    .apply(([p, host, port, user, password, uri, info]) => ({
                        [`${p}HOST`]: host ?? "",
                        [`${p}PORT`]: port === undefined || port === null ? "" : String(port),
                        [`${p}USER`]: user ?? "",
                        [`${p}PASSWORD`]: password ?? "",
                        [`${p}URI`]: uri ?? "",
                        [`${p}HOSTS`]: (info?.hostPorts ?? []).join(","),
                    })),
            );
            const metadata = gating.input(
                mapInput(
                    target,
                    (t) => ({
                        name: unset(t?.name) ? name : t!.name,
                        namespace: t?.namespace ?? undefined,
                        labels: t?.labels ?? undefined,
                        annotations: t?.annotations ?? undefined,
                    }),
                    true,
                )!,
            );
            const { Secret } = require("@pulumi/kubernetes/core/v1/secret") as typeof import("@pulumi/kubernetes/core/v1/secret");
            const secret = new Secret(
                `${name}-connection`,
                { metadata, type: "Opaque", stringData },
                {
                    parent: this,
                    provider: kubernetesProvider,
                    additionalSecretOutputs: ["data", "stringData"],
                },
            );
            this.connectionSecretName = secret.metadata.apply((m) => m.name);
        }

        this.registerOutputs({
            serviceName: this.serviceName,
            state: this.state,
            host: this.host,
            port: this.port,
            user: this.user,
            password: this.password,
            uri: this.uri,
            hosts: this.hosts,
            connectionSecretName: this.connectionSecretName,
        });
    }
}
