/**
 * The core layer's public entry: facts and parsers every other layer reads. The CLI and the policy pack import core
 * from here only, never a file inside it. (Others add what they need here: keep additions additive.)
 */
export { UNKNOWN, Unknown, isUnknown, containsUnknown } from "./unknown";
export { isPlainObject, isBlank, isNonBlank, readSegments, readPath } from "./values";
export { Issue, Severity, formatIssues, hasErrorIssues, FlinkValidationError, issue } from "./issues";
export {
    ConfigOption,
    ConfigValue,
    FlinkConfig,
    FlinkOptions,
    OperatorOptions,
    OPERATOR_DEFAULTS,
    FORBIDDEN_CONFIG_KEYS,
    autoscalerOption,
    flattenFlinkConfiguration,
    parseLegacyFlinkConf,
    isHighAvailabilityType,
} from "./flink/config";
export * from "./flink/types";
export {
    OPERATOR_CHART_NAME,
    LEADER_ELECTION,
    DEFAULT_LEASE_NAME,
    CHART_DEFAULT_FLINK_CONF,
    CHART_DEFAULTS,
    OPERATOR_CONF_DIR,
    OPERATOR_CONFIG_MAP,
} from "./operator/chart";
export { parseFlatConf, parseStandardConf, legacyConfProblem, renderFlatConf, renderStandardConf } from "./operator/flink-conf";
export { CidrRange, IpFamily, OpenFilter, cidrReadings, isOpenToAll, coversAll, openFilters, familyText } from "./cidr";
export {
    BLUE_GREEN_KIND,
    BlueGreenOptions,
    BLUE_GREEN_OPTION_KEYS,
    BLUE_GREEN_TYPE_LABEL,
    BLUE_GREEN_NAME_LIMIT,
    ACTIVE_STATES,
    childDeployment,
    childName,
    templateMessage,
    templatePath,
} from "./flink/blue-green";
export { parseFlinkDuration } from "./java/duration";
