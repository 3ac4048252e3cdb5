/**
 * The rule table: every rule the engine runs, in the order the operator evaluates them where it has one.
 * Add a rule by writing it in ./rules/ and listing it here.
 */
import { Rule, defineKind } from "./engine";
import { AIVEN_KIND_MODELS, AIVEN_RULE_TABLE } from "./rules/aiven";
import * as metadata from "./rules/metadata";
import * as schema from "./rules/schema";
import * as version from "./rules/flink-version";
import * as config from "./rules/config";
import * as ingress from "./rules/ingress";
import * as logs from "./rules/log-configuration";
import * as job from "./rules/job";
import * as resources from "./rules/resources";
import * as serviceAccount from "./rules/service-account";
import * as autoscaler from "./rules/autoscaler";
import * as sessionJob from "./rules/session-job";
import * as jarUri from "./rules/jar-uri";
import * as snapshot from "./rules/snapshot";
import * as image from "./rules/image";
import * as blueGreen from "./rules/blue-green";

export const RULES: readonly Rule[] = [
    metadata.apiVersion,
    metadata.metadataName,
    schema.unknownField,
    schema.fieldType,
    schema.fieldEnum,
    schema.requiredField,
    // FlinkDeployment, in the operator's order
    metadata.deploymentName,
    version.flinkVersionRequired,
    version.flinkVersionSupported,
    version.flinkVersionDeprecated,
    config.forbiddenConfigKey,
    config.rollbackRequiresHa,
    config.healthCheckRequiresRecovery,
    config.haStorageDirRequired,
    ingress.ingressTemplateRequired,
    ingress.ingressTemplateValid,
    logs.logConfigKey,
    job.checkpointDirRequired,
    job.savepointDirRequired,
    job.jobParallelism,
    resources.jobManagerMemoryRequired,
    resources.taskManagerMemoryRequired,
    resources.resourceQuantityFormat,
    resources.cpuPositive,
    resources.jobManagerReplicas,
    resources.taskManagerReplicas,
    resources.standbyJobManagersRequireHa,
    serviceAccount.serviceAccountRequired,
    autoscaler.autoscalerOptionRanges,
    autoscaler.autoscalerExcludedPeriods,
    image.imageTagPinned,
    // FlinkSessionJob
    sessionJob.sessionJobDeploymentName,
    sessionJob.sessionJobJobRequired,
    jarUri.jarUriValid,
    jarUri.jarUriSchemeAllowed,
    jarUri.jarUriHost,
    sessionJob.sessionJobTargetsSessionCluster,
    // FlinkStateSnapshot
    snapshot.snapshotExactlyOneType,
    snapshot.snapshotJobReferenceRequired,
    // FlinkBlueGreenDeployment (its spec.template.spec also gets every FlinkDeployment rule: engine.ts validateTemplate)
    blueGreen.blueGreenName,
    blueGreen.blueGreenTemplateRequired,
    blueGreen.blueGreenConfiguration,
    blueGreen.blueGreenConfigurationScope,
    blueGreen.blueGreenTiming,
    blueGreen.blueGreenIngress,
    blueGreen.blueGreenTemplateMetadata,
    blueGreen.blueGreenTemplateIngressScheme,
    blueGreen.blueGreenSavepointDirRequired,
    // Aiven for Apache Flink: the components' args and the Aiven operator's Flink resource (./rules/aiven/)
    ...AIVEN_RULE_TABLE,
];

// The Aiven kinds, as data: where their fields start and how they are spelled.
for (const model of AIVEN_KIND_MODELS) defineKind(model);

export function ruleById(id: string): Rule | undefined {
    return RULES.find((r) => r.id === id);
}
