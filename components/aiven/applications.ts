/**
 * Flink applications on an Aiven for Apache Flink service: SQL applications (aiven.FlinkApplication,
 * FlinkApplicationVersion, FlinkApplicationDeployment) and JAR applications (aiven.FlinkJarApplication,
 * FlinkJarApplicationVersion, FlinkJarApplicationDeployment), each one validated component parented to its service.
 *
 * Every child depends on the service's aiven.Flink resource, so on destroy the deployments (and then versions and
 * applications) go before the service: Aiven refuses to delete a service while a deployment is not CANCELED.
 */
import * as pulumi from "@pulumi/pulumi";
import { plainSnapshot } from "../flink/resource";
import { containsUnknown } from "../rules/unknown";
import { AivenFlink, AivenFlinkInternals, aivenInternals, checkAivenArgs, gated, validationGate } from "./flink";
import { AivenKind } from "./rules";
import { AivenFlinkApplicationDeploymentArgs, AivenFlinkJarApplicationArgs, AivenFlinkSqlApplicationArgs } from "./types";

/**
 * Resource options of an application. The service is an option, not an arg (args hold data only, so Pulumi can
 * infer the schema for other languages, where `project` + `serviceName` + `dependsOn` do the same).
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
function prepare(kind: AivenKind, name: string, args: { project?: pulumi.Input<string>; serviceName?: pulumi.Input<string>; applicationName?: pulumi.Input<string> }, opts: AivenFlinkApplicationOptions | undefined): Prepared & { doc: any; deferred: string[] } {
    const { service: target, ...rest } = opts ?? {};
    const service = target ? aivenInternals.get(target) : undefined;
    if (target && !service) throw new Error(`${kind} "${name}": the service option must be an AivenFlink component of this package.`);
    const project = args?.project ?? service?.project;
    const serviceName = args?.serviceName ?? service?.serviceName;
    const doc: any = { ...(plainSnapshot(args ?? {}) as object), project: plainSnapshot(project), serviceName: plainSnapshot(serviceName) };
    if (service) doc.$service = { name: service.plainServiceName, customCode: service.customCode };
    const { warnings, deferred } = checkAivenArgs(kind, name, doc);
    return {
        service,
        project: project as pulumi.Input<string>,
        serviceName: serviceName as pulumi.Input<string>,
        applicationName: args?.applicationName ?? name,
        componentOpts: { parent: target, ...rest },
        warnings,
        doc,
        deferred,
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

function deploymentInputs(d: AivenFlinkApplicationDeploymentArgs | undefined): { parallelism?: pulumi.Input<number>; restartEnabled?: pulumi.Input<boolean>; startingSavepoint?: pulumi.Input<string> } {
    return { parallelism: d?.parallelism, restartEnabled: d?.restartEnabled, startingSavepoint: d?.startingSavepoint };
}

/**
 * A Flink SQL application on an Aiven for Apache Flink service: the application, one version (statement, source and
 * sink tables; a change creates a new version) and, unless `noDeployment`, a deployment of it.
 *
 * Uses @pulumi/aiven 6.51's `sink` / `source` lists of FlinkApplicationVersion (`sinks` / `sources` are deprecated there).
 */
export class AivenFlinkSqlApplication extends pulumi.ComponentResource {
    /** The application's id. */
    public readonly applicationId: pulumi.Output<string>;
    /** The deployed version's id. */
    public readonly versionId: pulumi.Output<string>;
    /** The deployment's id; unset with noDeployment. */
    public readonly deploymentId: pulumi.Output<string | undefined>;

    constructor(name: string, args: AivenFlinkSqlApplicationArgs, opts?: AivenFlinkApplicationOptions) {
        const prepared = prepare("AivenFlinkSqlApplication", name, args, opts);
        super("flink:index:AivenFlinkSqlApplication", name, {}, prepared.componentOpts);
        const p = finish(this, "AivenFlinkSqlApplication", name, args, prepared);
        const dependsOn = p.service ? [p.service.service] : [];
        const base = { project: gated(p.gate, p.project), serviceName: p.serviceName };

        const { FlinkApplication } = require("@pulumi/aiven/flinkApplication") as typeof import("@pulumi/aiven/flinkApplication");
        const { FlinkApplicationVersion } = require("@pulumi/aiven/flinkApplicationVersion") as typeof import("@pulumi/aiven/flinkApplicationVersion");
        const app = new FlinkApplication(name, { ...base, name: p.applicationName }, { parent: this, dependsOn });
        const version = new FlinkApplicationVersion(`${name}-version`, {
            ...base,
            applicationId: app.applicationId,
            statement: args.statement,
            source: args.sources,
            sink: args.sinks,
        }, { parent: this, dependsOn });
        this.applicationId = app.applicationId;
        this.versionId = version.applicationVersionId;
        if (args.noDeployment) {
            this.deploymentId = pulumi.output(undefined as string | undefined);
        } else {
            const { FlinkApplicationDeployment } = require("@pulumi/aiven/flinkApplicationDeployment") as typeof import("@pulumi/aiven/flinkApplicationDeployment");
            const deployment = new FlinkApplicationDeployment(`${name}-deployment`, {
                ...base,
                applicationId: app.applicationId,
                versionId: version.applicationVersionId,
                ...deploymentInputs(args.deployment),
            }, { parent: this, dependsOn: [...dependsOn, version] });
            this.deploymentId = deployment.deploymentId;
        }
        this.registerOutputs({ applicationId: this.applicationId, versionId: this.versionId, deploymentId: this.deploymentId });
    }
}

/**
 * A Flink JAR application on an Aiven for Apache Flink service (the service needs `userConfig.customCode: true`):
 * the application, one version uploading the local jar at `jarPath`, and, unless `noDeployment`, a deployment.
 */
export class AivenFlinkJarApplication extends pulumi.ComponentResource {
    /** The application's id. */
    public readonly applicationId: pulumi.Output<string>;
    /** The deployed version's id. */
    public readonly versionId: pulumi.Output<string>;
    /** The deployment's id; unset with noDeployment. */
    public readonly deploymentId: pulumi.Output<string | undefined>;

    constructor(name: string, args: AivenFlinkJarApplicationArgs, opts?: AivenFlinkApplicationOptions) {
        const prepared = prepare("AivenFlinkJarApplication", name, args, opts);
        super("flink:index:AivenFlinkJarApplication", name, {}, prepared.componentOpts);
        const p = finish(this, "AivenFlinkJarApplication", name, args, prepared);
        const dependsOn = p.service ? [p.service.service] : [];
        const base = { project: gated(p.gate, p.project), serviceName: p.serviceName };

        const { FlinkJarApplication } = require("@pulumi/aiven/flinkJarApplication") as typeof import("@pulumi/aiven/flinkJarApplication");
        const { FlinkJarApplicationVersion } = require("@pulumi/aiven/flinkJarApplicationVersion") as typeof import("@pulumi/aiven/flinkJarApplicationVersion");
        const app = new FlinkJarApplication(name, { ...base, name: p.applicationName }, { parent: this, dependsOn });
        const version = new FlinkJarApplicationVersion(`${name}-version`, {
            ...base,
            applicationId: app.applicationId,
            source: args.jarPath,
        }, { parent: this, dependsOn });
        this.applicationId = app.applicationId;
        this.versionId = version.applicationVersionId;
        if (args.noDeployment) {
            this.deploymentId = pulumi.output(undefined as string | undefined);
        } else {
            const { FlinkJarApplicationDeployment } = require("@pulumi/aiven/flinkJarApplicationDeployment") as typeof import("@pulumi/aiven/flinkJarApplicationDeployment");
            const deployment = new FlinkJarApplicationDeployment(`${name}-deployment`, {
                ...base,
                applicationId: app.applicationId,
                versionId: version.applicationVersionId,
                entryClass: args.entryClass,
                programArgs: args.programArgs,
                ...deploymentInputs(args.deployment),
            }, { parent: this, dependsOn: [...dependsOn, version] });
            this.deploymentId = deployment.deploymentId;
        }
        this.registerOutputs({ applicationId: this.applicationId, versionId: this.versionId, deploymentId: this.deploymentId });
    }
}
