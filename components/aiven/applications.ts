/**
 * Flink applications on an Aiven for Apache Flink service: SQL applications (aiven.FlinkApplication,
 * FlinkApplicationVersion, FlinkApplicationDeployment) and JAR applications (aiven.FlinkJarApplication,
 * FlinkJarApplicationVersion, FlinkJarApplicationDeployment), each one validated component parented to its service.
 *
 * Every child depends on the service's aiven.Flink resource, so on destroy the deployments (and then versions and
 * applications) go before the service: Aiven refuses to delete a service while a deployment is not CANCELED.
 */
import * as pulumi from "@pulumi/pulumi";
import { plainSnapshot } from "../base/snapshot";
import { containsUnknown, isUnknown } from "../core/unknown";
import { FlinkValidationError, issue, refuse } from "../core/issues";
import { AivenFlink, AivenFlinkInternals, Gating, aivenInternals, checkAivenArgs, validationGate, withDefault } from "./flink";
import { AivenKind } from "../rules";
import { AivenFlinkApplicationDeployment, AivenFlinkJarApplicationArgs, AivenFlinkSqlApplicationArgs } from "./types";
import { resolveReference } from "../base/references";
// Types only (@pulumi/aiven is an optional peer, loaded lazily): a field the installed @pulumi/aiven lacks is a
// compile error instead of a value silently dropped.
import type { FlinkApplicationVersionArgs } from "@pulumi/aiven/flinkApplicationVersion";
import type { FlinkApplicationDeploymentArgs } from "@pulumi/aiven/flinkApplicationDeployment";
import type { FlinkJarApplicationVersionArgs } from "@pulumi/aiven/flinkJarApplicationVersion";
import type { FlinkJarApplicationDeploymentArgs } from "@pulumi/aiven/flinkJarApplicationDeployment";

/**
 * Resource options of an application. The service is an option, not an arg (args hold data only, so Pulumi can
 * infer the schema for other languages, where the `serviceUrn` arg does the same).
 */
export interface AivenFlinkApplicationOptions extends pulumi.ComponentResourceOptions {
    /** The service to run on: sets project and serviceName, parents the application to it, and orders destroy. Default parent: this service. */
    service?: AivenFlink;
}

interface Prepared {
    service?: AivenFlinkInternals;
    project: pulumi.Input<string>;
    serviceName: pulumi.Input<string>;
    applicationName: pulumi.Input<string>;
    /** Set when some value is known only later: resolves once they are valid. */
    gate?: pulumi.Output<boolean>;
    componentOpts: pulumi.ComponentResourceOptions;
    warnings: ReturnType<typeof checkAivenArgs>["warnings"];
}

/** Validates an application's args (synchronously where plain) before anything is registered. */
function prepare(
    kind: AivenKind,
    name: string,
    allArgs: { project?: pulumi.Input<string>; serviceName?: pulumi.Input<string>; applicationName?: pulumi.Input<string>; serviceUrn?: pulumi.Input<string> },
    opts: AivenFlinkApplicationOptions | undefined,
): Prepared & { doc: any; deferred: string[]; data: object } {
    const { service: serviceOption, ...rest } = opts ?? {};
    // serviceUrn is the service option by URN (other languages); it is not part of what the rules check.
    const { serviceUrn, ...args } = allArgs ?? {};
    const target = resolveReference<AivenFlink>(`${kind} "${name}"`, "serviceUrn", serviceUrn, serviceOption);
    const service = target ? aivenInternals.get(target) : undefined;
    if (target && !service) refuse(kind, name, "service", "component-reference", "the service option must be an AivenFlink component of this package.");
    // Unset however it arrives (undefined, null, or an Output resolving so): the service's values apply.
    const project = service ? withDefault(args?.project, service.project) : args?.project;
    const serviceName = service ? withDefault(args?.serviceName, service.serviceName) : args?.serviceName;
    const doc: any = { ...(plainSnapshot(args ?? {}) as object), project: plainSnapshot(project), serviceName: plainSnapshot(serviceName) };
    if (service) doc.$service = { name: service.plainServiceName, customCode: service.customCode };
    const { warnings, deferred } = checkAivenArgs(kind, name, doc);
    return {
        service,
        project: project as pulumi.Input<string>,
        serviceName: serviceName as pulumi.Input<string>,
        applicationName: withDefault(args?.applicationName, name),
        componentOpts: { parent: target, ...rest },
        warnings,
        doc,
        deferred,
        data: args,
    };
}

function finish(self: pulumi.ComponentResource, kind: AivenKind, name: string, args: object, p: ReturnType<typeof prepare>): Prepared {
    for (const w of p.warnings) pulumi.log.warn(`${w.path}: ${w.message} [${w.rule}]`, self);
    const { $service, ...userDoc } = p.doc;
    if (containsUnknown(userDoc)) {
        p.gate = validationGate(kind, name, { ...args, project: p.project, serviceName: p.serviceName }, p.deferred, self);
    }
    return p;
}

function deploymentInputs(
    d: AivenFlinkApplicationDeployment | undefined,
): Pick<Partial<FlinkApplicationDeploymentArgs> & Partial<FlinkJarApplicationDeploymentArgs>, "parallelism" | "restartEnabled" | "startingSavepoint"> {
    return { parallelism: d?.parallelism, restartEnabled: d?.restartEnabled, startingSavepoint: d?.startingSavepoint };
}

/** The three Aiven resource types of one kind of application, and what its version and deployment add. */
interface ApplicationFlavour {
    app: string;
    version: string;
    deployment: string;
    versionInputs: { [key: string]: unknown };
    deploymentInputs: { [key: string]: unknown };
}

/**
 * The application, one version and, unless `noDeployment`, a deployment: all parented to `self`, all after the
 * service, so that on destroy the deployment goes first. Returns the component's outputs.
 */
function buildApplication(
    self: pulumi.ComponentResource,
    kind: AivenKind,
    name: string,
    p: Prepared,
    noDeployment: pulumi.Input<boolean> | undefined,
    deployment: AivenFlinkApplicationDeployment | undefined,
    flavour: ApplicationFlavour,
) {
    const dependsOn = p.service ? [p.service.service] : [];
    // Only inputs that depend on values not known yet wait for validation: known ones (project, serviceName and
    // name force a replacement) stay known at preview.
    const gating = new Gating(p.gate);
    const base = { project: gating.input(p.project), serviceName: gating.input(p.serviceName) };
    const load = (module: string) => {
        const mod = require(`@pulumi/aiven/${module.charAt(0).toLowerCase()}${module.slice(1)}`);
        return mod[module] as new (name: string, args: any, opts: pulumi.CustomResourceOptions) => any;
    };
    const App = load(flavour.app);
    const Version = load(flavour.version);
    const app = new App(name, { ...base, name: gating.input(p.applicationName) }, { parent: self, dependsOn });
    const versionInputs = Object.fromEntries(Object.entries(flavour.versionInputs).map(([k, v]) => [k, gating.input(v)]));
    const deploymentInputsGated = Object.fromEntries(
        Object.entries({ ...flavour.deploymentInputs, ...deploymentInputs(deployment) }).map(([k, v]) => [k, gating.input(v)]),
    );
    // Nothing sent depends on the unknown values: the version (a new one per change anyway) still waits for validation.
    if (p.gate !== undefined && !gating.used) versionInputs.applicationId = gating.always(app.applicationId);
    const version = new Version(`${name}-version`, { ...base, applicationId: app.applicationId, ...versionInputs }, { parent: self, dependsOn });
    let deploymentId: pulumi.Output<string | undefined> = pulumi.output(undefined as string | undefined);
    // Whether to deploy is decided now, from the plain value: only `true` skips the deployment. A value not known
    // yet is not set (unset is unset); should it resolve to true, the deployment is refused before it is created.
    const plainNoDeployment = plainSnapshot(noDeployment);
    if (plainNoDeployment !== true) {
        const Deployment = load(flavour.deployment);
        const versionId = isUnknown(plainNoDeployment)
            ? pulumi.all([noDeployment, version.applicationVersionId]).apply(([no, id]) => {
                  if (no === true) {
                      throw new FlinkValidationError(kind, name, [
                          issue(
                              kind,
                              name,
                              "noDeployment",
                              "aiven-no-deployment-known",
                              "noDeployment resolved to true after the deployment was planned (it was an Output not known when the program ran); pass a plain true to skip the deployment.",
                          ),
                      ]);
                  }
                  return id as string;
              })
            : version.applicationVersionId;
        deploymentId = new Deployment(
            `${name}-deployment`,
            {
                ...base,
                applicationId: app.applicationId,
                versionId,
                ...deploymentInputsGated,
            },
            { parent: self, dependsOn: [...dependsOn, version] },
        ).deploymentId;
    }
    return { applicationId: app.applicationId as pulumi.Output<string>, versionId: version.applicationVersionId as pulumi.Output<string>, deploymentId };
}

/** The outputs of an application component, set and registered in one place for both kinds. */
interface ApplicationOutputs {
    applicationId: pulumi.Output<string>;
    versionId: pulumi.Output<string>;
    deploymentId: pulumi.Output<string | undefined>;
}

/** The part of both application components after `super`: validation gate, children, outputs. */
function construct(
    self: pulumi.ComponentResource & ApplicationOutputs,
    register: (outputs: ApplicationOutputs) => void,
    kind: AivenKind,
    name: string,
    args: { noDeployment?: pulumi.Input<boolean>; deployment?: AivenFlinkApplicationDeployment },
    prepared: ReturnType<typeof prepare>,
    flavour: ApplicationFlavour,
): void {
    const p = finish(self, kind, name, prepared.data, prepared);
    const outputs = buildApplication(self, kind, name, p, args.noDeployment, args.deployment, flavour);
    self.applicationId = outputs.applicationId;
    self.versionId = outputs.versionId;
    self.deploymentId = outputs.deploymentId;
    register(outputs);
}

/**
 * A Flink SQL application on an Aiven for Apache Flink service: the application, one version (statement, source and
 * sink tables; a change creates a new version) and, unless `noDeployment`, a deployment of it.
 *
 * Uses @pulumi/aiven 6.51's `sink` / `source` lists of FlinkApplicationVersion (`sinks` / `sources` are deprecated there).
 */
export class AivenFlinkSqlApplication extends pulumi.ComponentResource {
    /** The application's id. */
    public readonly applicationId!: pulumi.Output<string>;
    /** The deployed version's id. */
    public readonly versionId!: pulumi.Output<string>;
    /** The deployment's id; unset with noDeployment. */
    public readonly deploymentId!: pulumi.Output<string | undefined>;

    constructor(name: string, args: AivenFlinkSqlApplicationArgs, opts?: AivenFlinkApplicationOptions) {
        const prepared = prepare("AivenFlinkSqlApplication", name, args, opts);
        super("flink:index:AivenFlinkSqlApplication", name, {}, prepared.componentOpts);
        construct(this, (o) => this.registerOutputs(o), "AivenFlinkSqlApplication", name, args, prepared, {
            app: "FlinkApplication",
            version: "FlinkApplicationVersion",
            deployment: "FlinkApplicationDeployment",
            versionInputs: { statement: args.statement, source: args.sources, sink: args.sinks } satisfies Partial<FlinkApplicationVersionArgs>,
            deploymentInputs: {} satisfies Partial<FlinkApplicationDeploymentArgs>,
        });
    }
}

/**
 * A Flink JAR application on an Aiven for Apache Flink service (the service needs `userConfig.customCode: true`):
 * the application, one version uploading the local jar at `jarPath`, and, unless `noDeployment`, a deployment.
 */
export class AivenFlinkJarApplication extends pulumi.ComponentResource {
    /** The application's id. */
    public readonly applicationId!: pulumi.Output<string>;
    /** The deployed version's id. */
    public readonly versionId!: pulumi.Output<string>;
    /** The deployment's id; unset with noDeployment. */
    public readonly deploymentId!: pulumi.Output<string | undefined>;

    constructor(name: string, args: AivenFlinkJarApplicationArgs, opts?: AivenFlinkApplicationOptions) {
        const prepared = prepare("AivenFlinkJarApplication", name, args, opts);
        super("flink:index:AivenFlinkJarApplication", name, {}, prepared.componentOpts);
        construct(this, (o) => this.registerOutputs(o), "AivenFlinkJarApplication", name, args, prepared, {
            app: "FlinkJarApplication",
            version: "FlinkJarApplicationVersion",
            deployment: "FlinkJarApplicationDeployment",
            versionInputs: { source: args.jarPath } satisfies Partial<FlinkJarApplicationVersionArgs>,
            deploymentInputs: { entryClass: args.entryClass, programArgs: args.programArgs } satisfies Partial<FlinkJarApplicationDeploymentArgs>,
        });
    }
}
