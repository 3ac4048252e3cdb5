/** The Aiven rules of the one engine, in table order (listed in ../../registry.ts). */
import * as schema from "./schema";
import * as service from "./service";
import * as userConfig from "./user-config";
import * as secret from "./secret";
import * as operator from "./operator";
import * as applications from "./applications";

export const AIVEN_RULE_TABLE = [
    schema.unknownField,
    schema.fieldType,
    service.projectRequired,
    service.planRequired,
    service.cloudName,
    service.serviceName,
    service.maintenanceWindowDow,
    service.maintenanceWindowTime,
    service.projectVpcId,
    service.technicalEmails,
    service.diskSpace,
    userConfig.flinkVersion,
    userConfig.flinkVersionDeprecated,
    userConfig.taskSlots,
    userConfig.ipFilter,
    userConfig.ipFilterOpen,
    userConfig.pekkoAskTimeout,
    userConfig.pekkoFramesize,
    service.serviceIntegrationsRefused,
    secret.secretTarget,
    secret.secretTargetDisabled,
    secret.secretDisabledKnown,
    operator.authSecretRef,
    operator.projectVpc,
    operator.operatorResourceName,
    applications.applicationService,
    applications.sqlStatement,
    applications.jarPath,
    applications.jarCustomCode,
    applications.deploymentParallelism,
] as const;

export {
    AIVEN_KIND_MODELS,
    AIVEN_KINDS,
    AivenKind,
    SHAPES as AIVEN_SHAPES,
    Shape as AivenShape,
    COMPONENT_API_VERSION,
    AIVEN_OPERATOR_API_VERSION,
    AIVEN_OPERATOR_FLINK_KIND,
    componentDocument,
    displayPath,
    operatorSpecPath,
} from "./kinds";
export { cidrError } from "./util";
export { DEPRECATED_AIVEN_FLINK_VERSIONS } from "./user-config";
export { TRANSITION_RULES, TransitionIssue, TransitionRule, transitionIssues } from "./operator";
