/**
 * Every rule, failing and passing: a valid fixture mutated one field at a time. The last test checks that the
 * table covers every registered rule both ways.
 */
import * as assert from "assert";
import { EngineOptions, RULES, SourcedDocument, UNKNOWN, validate } from "../../components/rules";
import { applicationDeployment, deploymentWithoutStateDirs, savepointSnapshot, sessionCluster, sessionJob } from "../support/fixtures";

type Doc = any;
interface Case {
    rule: string;
    title: string;
    base: () => Doc;
    mutate: (doc: Doc) => void;
    /** Other documents in the same set (cross-document rules). */
    with?: () => Doc[];
    /** Engine options for this case (merged over the defaults). */
    options?: EngineOptions;
    path?: string;
    message?: RegExp;
}

const app = applicationDeployment;
const session = sessionCluster;
const job = sessionJob;
const snapshot = savepointSnapshot;
const cfg = (d: Doc) => (d.spec.flinkConfiguration ??= {});

const failing: Case[] = [
    { rule: "api-version", title: "wrong apiVersion", base: app, mutate: (d) => (d.apiVersion = "flink.apache.org/v1alpha1"), path: "apiVersion", message: /set apiVersion: flink\.apache\.org\/v1beta1/ },
    { rule: "metadata-name", title: "no name", base: snapshot, mutate: (d) => delete d.metadata.name, path: "metadata.name" },
    { rule: "schema-unknown-field", title: "typo jobManger", base: app, mutate: (d) => (d.spec.jobManger = { replicas: 1 }), path: "spec.jobManger", message: /Did you mean "jobManager"/ },
    { rule: "schema-unknown-field", title: "unknown field in a pod template", base: app, mutate: (d) => (d.spec.podTemplate = { spec: { containers: [{ name: "flink-main-container", imagePullPolicy: "Always", volumeMount: [] }] } }), path: "spec.podTemplate.spec.containers[0].volumeMount", message: /volumeMounts/ },
    { rule: "schema-unknown-field", title: "fields in checkpoint", base: snapshot, mutate: (d) => { delete d.spec.savepoint; d.spec.checkpoint = { type: "full" }; }, path: "spec.checkpoint.type", message: /takes no fields/ },
    { rule: "schema-unknown-field", title: "unknown top-level field", base: app, mutate: (d) => (d.specs = {}), path: "specs" },
    { rule: "schema-type", title: "replicas as a string", base: app, mutate: (d) => (d.spec.jobManager.replicas = "2"), path: "spec.jobManager.replicas", message: /Expected an integer, got the string "2"/ },
    { rule: "schema-type", title: "numeric label value", base: app, mutate: (d) => (d.metadata.labels = { version: 2 }), path: "metadata.labels.version", message: /Expected a string/ },
    { rule: "schema-type", title: "fractional parallelism", base: app, mutate: (d) => (d.spec.job.parallelism = 1.5), path: "spec.job.parallelism" },
    { rule: "schema-enum", title: "unknown upgradeMode", base: app, mutate: (d) => (d.spec.job.upgradeMode = "stateful"), path: "spec.job.upgradeMode", message: /"last-state", "savepoint", "stateless"/ },
    { rule: "schema-enum", title: "unknown flinkVersion", base: app, mutate: (d) => (d.spec.flinkVersion = "1.20"), path: "spec.flinkVersion" },
    { rule: "schema-enum", title: "unknown jobReference kind", base: snapshot, mutate: (d) => (d.spec.jobReference.kind = "Deployment"), path: "spec.jobReference.kind" },
    { rule: "schema-required", title: "no spec", base: app, mutate: (d) => delete d.spec, path: "spec" },
    { rule: "schema-required", title: "null spec", base: snapshot, mutate: (d) => (d.spec = null), path: "spec" },
    { rule: "deployment-name", title: "upper case name", base: app, mutate: (d) => (d.metadata.name = "Orders"), path: "metadata.name", message: /The FlinkDeployment name: Orders is invalid/ },
    { rule: "deployment-name", title: "46 characters", base: app, mutate: (d) => (d.metadata.name = "a".repeat(46)), path: "metadata.name" },
    { rule: "flink-version-required", title: "no flinkVersion", base: app, mutate: (d) => delete d.spec.flinkVersion, path: "spec.flinkVersion", message: /Flink Version must be defined/ },
    { rule: "flink-version-supported", title: "v1_14", base: app, mutate: (d) => (d.spec.flinkVersion = "v1_14"), path: "spec.flinkVersion", message: /Flink version v1_14 is not supported by this operator version/ },
    { rule: "flink-version-deprecated", title: "v1_17", base: app, mutate: (d) => (d.spec.flinkVersion = "v1_17"), path: "spec.flinkVersion", message: /deprecated/ },
    { rule: "forbidden-config-key", title: "kubernetes.cluster-id", base: app, mutate: (d) => (cfg(d)["kubernetes.cluster-id"] = "x"), path: "spec.flinkConfiguration", message: /Forbidden Flink config key: kubernetes\.cluster-id/ },
    { rule: "forbidden-config-key", title: "nested kubernetes.namespace", base: app, mutate: (d) => (cfg(d).kubernetes = { namespace: "x" }), path: "spec.flinkConfiguration", message: /kubernetes\.namespace/ },
    { rule: "rollback-requires-ha", title: "rollback without HA", base: session, mutate: (d) => (cfg(d)["kubernetes.operator.deployment.rollback.enabled"] = true), path: "spec.flinkConfiguration", message: /HA must be enabled for rollback support/ },
    { rule: "health-check-requires-recovery", title: "health check without recovery", base: session, mutate: (d) => Object.assign(cfg(d), { "kubernetes.operator.cluster.health-check.enabled": "true", "kubernetes.operator.jm-deployment-recovery.enabled": "false" }), path: "spec.flinkConfiguration", message: /Deployment recovery/ },
    { rule: "ha-storage-dir-required", title: "HA type without storageDir", base: app, mutate: (d) => delete cfg(d)["high-availability.storageDir"], path: "spec.flinkConfiguration", message: /high-availability\.storageDir is not set/ },
    { rule: "ha-storage-dir-required", title: "deprecated nested HA key without storageDir", base: session, mutate: (d) => (cfg(d)["high-availability"] = "kubernetes"), path: "spec.flinkConfiguration" },
    { rule: "ingress-template-required", title: "ingress without template", base: app, mutate: (d) => (d.spec.ingress = { className: "nginx" }), path: "spec.ingress.template", message: /Ingress template must be defined/ },
    { rule: "ingress-template-valid", title: "port that is not a number (upstream's case)", base: app, mutate: (d) => (d.spec.ingress = { template: "example.com:port" }), path: "spec.ingress.template", message: /^Unable to process the Ingress template\(example\.com:port\)\. Error: Error at index 0 in: "port"\./ },
    { rule: "ingress-template-valid", title: "bracketed host that is not an IPv6 literal", base: app, mutate: (d) => (d.spec.ingress = { template: "[1::2::3]/{{name}}" }), path: "spec.ingress.template", message: /Error: Invalid host: \[1::2::3\]/ },
    { rule: "ingress-template-valid", title: "negative port", base: app, mutate: (d) => (d.spec.ingress = { template: "https://flink.example.com:-8/{{namespace}}" }), path: "spec.ingress.template", message: /Invalid port number :-8/ },
    { rule: "log-config-key", title: "unknown log file", base: app, mutate: (d) => (d.spec.logConfiguration = { "log4j.properties": "x" }), path: "spec.logConfiguration", message: /Invalid log config key: log4j\.properties/ },
    { rule: "checkpoint-dir-required", title: "savepoint mode without checkpoint dir", base: app, mutate: (d) => delete cfg(d)["execution.checkpointing.dir"], path: "spec.flinkConfiguration", message: /Checkpoint directory\[execution\.checkpointing\.dir\] must be defined/ },
    { rule: "checkpoint-dir-required", title: "session job in last-state on a known cluster", base: job, with: () => [session()], mutate: (d) => (d.spec.job.upgradeMode = "last-state"), path: "spec.flinkConfiguration" },
    { rule: "savepoint-dir-required", title: "savepoint mode without savepoint dir", base: app, mutate: (d) => delete cfg(d)["execution.checkpointing.savepoint-dir"], path: "spec.flinkConfiguration", message: /Job could not be upgraded with savepoint while config key\[execution\.checkpointing\.savepoint-dir\] is not set/ },
    { rule: "savepoint-dir-required", title: "savepoint trigger nonce", base: app, mutate: (d) => { d.spec.job.upgradeMode = "last-state"; delete cfg(d)["execution.checkpointing.savepoint-dir"]; d.spec.job.savepointTriggerNonce = 1; }, message: /Savepoint could not be manually triggered/ },
    { rule: "savepoint-dir-required", title: "periodic savepoints", base: app, mutate: (d) => { d.spec.job.upgradeMode = "last-state"; delete cfg(d)["execution.checkpointing.savepoint-dir"]; cfg(d)["kubernetes.operator.periodic.savepoint.interval"] = "1h"; }, message: /Periodic savepoints cannot be enabled/ },
    { rule: "savepoint-dir-required", title: "max checkpoint age", base: app, mutate: (d) => { d.spec.job.upgradeMode = "last-state"; delete cfg(d)["execution.checkpointing.savepoint-dir"]; cfg(d)["kubernetes.operator.job.upgrade.last-state.max.allowed.checkpoint.age"] = "1h"; }, message: /max-checkpoint age/ },
    { rule: "job-parallelism", title: "parallelism 0", base: app, mutate: (d) => (d.spec.job.parallelism = 0), path: "spec.job.parallelism", message: /Job parallelism must be larger than 0/ },
    { rule: "job-parallelism", title: "parallelism unset", base: app, mutate: (d) => delete d.spec.job.parallelism, path: "spec.job.parallelism" },
    { rule: "job-parallelism", title: "application taskManager.replicas 0", base: app, mutate: (d) => (d.spec.taskManager.replicas = 0), path: "spec.taskManager.replicas", message: /TaskManager replicas must be larger than 0/ },
    { rule: "job-parallelism", title: "session job parallelism 0 on a known cluster", base: job, with: () => [session()], mutate: (d) => (d.spec.job.parallelism = 0), path: "spec.job.parallelism" },
    { rule: "jobmanager-memory-required", title: "no JobManager memory", base: app, mutate: (d) => delete d.spec.jobManager.resource.memory, path: "spec.jobManager.resource.memory", message: /JobManager resource memory must be defined/ },
    { rule: "taskmanager-memory-required", title: "no TaskManager memory", base: app, mutate: (d) => delete d.spec.taskManager.resource, path: "spec.taskManager.resource.memory" },
    { rule: "resource-quantity-format", title: "unparsable memory", base: app, mutate: (d) => (d.spec.jobManager.resource.memory = "2 gigs"), path: "spec.jobManager.resource.memory", message: /JobManager resource memory parse error/ },
    { rule: "resource-quantity-format", title: "unparsable ephemeral storage", base: app, mutate: (d) => (d.spec.taskManager.resource.ephemeralStorage = "lots"), path: "spec.taskManager.resource.ephemeralStorage", message: /TaskManager resource ephemeral storage parse error/ },
    { rule: "cpu-positive", title: "negative CPU", base: app, mutate: (d) => (d.spec.taskManager.resource.cpu = -1), path: "spec.taskManager.resource.cpu" },
    { rule: "jobmanager-replicas", title: "0 JobManagers", base: app, mutate: (d) => (d.spec.jobManager.replicas = 0), path: "spec.jobManager.replicas", message: /JobManager replicas should not be configured less than one/ },
    { rule: "taskmanager-replicas", title: "session cluster with 0 TaskManagers", base: session, mutate: (d) => (d.spec.taskManager.replicas = 0), path: "spec.taskManager.replicas" },
    { rule: "standby-jobmanagers-require-ha", title: "2 JobManagers without HA", base: session, mutate: (d) => (d.spec.jobManager.replicas = 2), path: "spec.jobManager.replicas", message: /High availability should be enabled when starting standby JobManagers/ },
    { rule: "standby-jobmanagers-require-ha", title: "HA type NONE", base: app, mutate: (d) => (cfg(d)["high-availability.type"] = "NONE"), path: "spec.jobManager.replicas" },
    { rule: "service-account-required", title: "no service account", base: app, mutate: (d) => delete d.spec.serviceAccount, path: "spec.serviceAccount" },
    { rule: "autoscaler-option-ranges", title: "utilization target above 1", base: app, mutate: (d) => Object.assign(cfg(d), { "job.autoscaler.enabled": "true", "job.autoscaler.utilization.target": "1.5" }), message: /job\.autoscaler\.utilization\.target is invalid, it should be a value within the range \[0, 1\]/ },
    { rule: "autoscaler-option-ranges", title: "unparsable factor", base: app, mutate: (d) => Object.assign(cfg(d), { "job.autoscaler.enabled": true, "job.autoscaler.scale-up.max-factor": "fast" }), message: /Invalid value in the autoscaler config job\.autoscaler\.scale-up\.max-factor/ },
    { rule: "autoscaler-option-ranges", title: "max below target", base: app, mutate: (d) => Object.assign(cfg(d), { job: { autoscaler: { enabled: true, utilization: { target: 0.8, max: 0.5 } } } }), message: /utilization\.max is invalid/ },
    { rule: "autoscaler-option-ranges", title: "legacy kubernetes.operator.job.autoscaler.* keys (still read as fallbacks)", base: app, mutate: (d) => Object.assign(cfg(d), { "kubernetes.operator.job.autoscaler.enabled": "true", "kubernetes.operator.job.autoscaler.utilization.target": "5" }), message: /The AutoScalerOption job\.autoscaler\.utilization\.target is invalid, it should be a value within the range \[0, 1\]; it is 5/ },
    { rule: "autoscaler-excluded-periods", title: "legacy excluded periods key", base: app, mutate: (d) => Object.assign(cfg(d), { "job.autoscaler.enabled": "true", "kubernetes.operator.job.autoscaler.excluded.periods": "weekends" }), message: /in the autoscaler config job\.autoscaler\.excluded\.periods, the value is neither/ },
    { rule: "autoscaler-excluded-periods", title: "garbage period", base: app, mutate: (d) => Object.assign(cfg(d), { "job.autoscaler.enabled": "true", "job.autoscaler.excluded.periods": "weekends" }), message: /neither a valid daily expression nor a valid cron expression/ },
    { rule: "autoscaler-excluded-periods", title: "two daily expressions", base: app, mutate: (d) => Object.assign(cfg(d), { "job.autoscaler.enabled": "true", "job.autoscaler.excluded.periods": "9:00-10:00 && 11:00-12:00" }), message: /can not be configured as dailyExpression && dailyExpression/ },
    { rule: "image-tag", title: "untagged image", base: app, mutate: (d) => (d.spec.image = "registry.example.com:5000/flink"), path: "spec.image", message: /has no tag/ },
    { rule: "image-tag", title: "latest image", base: app, mutate: (d) => (d.spec.image = "flink:latest"), path: "spec.image", message: /:latest/ },
    { rule: "session-job-deployment-name", title: "invalid deploymentName", base: job, mutate: (d) => (d.spec.deploymentName = "Sessions"), path: "spec.deploymentName", message: /The FlinkDeployment name: Sessions is invalid/ },
    { rule: "session-job-deployment-name", title: "missing deploymentName", base: job, mutate: (d) => delete d.spec.deploymentName, path: "spec.deploymentName" },
    { rule: "session-job-job-required", title: "no job", base: job, mutate: (d) => delete d.spec.job, path: "spec.job", message: /The job spec should not be empty/ },
    { rule: "jar-uri-valid", title: "no scheme", base: job, mutate: (d) => (d.spec.job.jarURI = "/opt/flink/job.jar"), path: "spec.job.jarURI", message: /jarURI must include a scheme/ },
    { rule: "jar-uri-valid", title: "unparsable", base: job, mutate: (d) => (d.spec.job.jarURI = "https://exa mple.com/x.jar"), path: "spec.job.jarURI", message: /jarURI is not a valid URI/ },
    { rule: "jar-uri-valid", title: "space in the path (WHATWG URL encodes it, java.net.URI refuses it)", base: job, mutate: (d) => (d.spec.job.jarURI = "https://repo.example.com/my job.jar"), path: "spec.job.jarURI", message: /^jarURI is not a valid URI: Illegal character in path at index 27: https:\/\/repo\.example\.com\/my job\.jar\. Percent-encode the space as %20\.$/ },
    ...[...'"<>\\^`{|}'].map((c): Case => ({ rule: "jar-uri-valid", title: `unescaped ${c} in the path`, base: job, mutate: (d) => (d.spec.job.jarURI = `https://repo.example.com/jobs/a${c}b.jar`), path: "spec.job.jarURI", message: new RegExp(`Illegal character in path at index 31: .* as %${c.charCodeAt(0).toString(16).toUpperCase()} `) })),
    { rule: "jar-uri-valid", title: "space in the query", base: job, mutate: (d) => (d.spec.job.jarURI = "https://repo.example.com/x.jar?tag=a b"), message: /Illegal character in query/ },
    { rule: "jar-uri-valid", title: "bare percent sign", base: job, mutate: (d) => (d.spec.job.jarURI = "https://repo.example.com/50%.jar"), message: /Malformed escape pair at index 27: .*Write a literal '%' as %25/ },
    { rule: "jar-uri-valid", title: "scheme-less path with a space", base: job, mutate: (d) => (d.spec.job.jarURI = "/opt/my job.jar"), message: /jarURI is not a valid URI: Illegal character in path at index 7/ },
    { rule: "jar-uri-scheme-allowed", title: "http not allowed by default", base: job, mutate: (d) => (d.spec.job.jarURI = "http://repo.example.com/x.jar"), path: "spec.job.jarURI", message: /jarURI scheme 'http' is not in the allowlist \[https\]/ },
    { rule: "jar-uri-scheme-allowed", title: "local scheme for a session job", base: job, mutate: (d) => (d.spec.job.jarURI = "local:///opt/flink/x.jar"), message: /'local'/ },
    { rule: "jar-uri-host", title: "loopback", base: job, mutate: (d) => (d.spec.job.jarURI = "https://127.0.0.1/x.jar"), message: /jarURI host '127\.0\.0\.1' resolves to a restricted address/ },
    { rule: "jar-uri-host", title: "link-local metadata address", base: job, mutate: (d) => (d.spec.job.jarURI = "https://169.254.169.254/latest"), message: /restricted address/ },
    { rule: "jar-uri-host", title: "IPv6 loopback", base: job, mutate: (d) => (d.spec.job.jarURI = "https://[::1]:8443/x.jar"), message: /restricted address/ },
    { rule: "jar-uri-host", title: "private 172.16/12", base: job, mutate: (d) => (d.spec.job.jarURI = "https://172.20.1.1/x.jar"), message: /restricted address/ },
    { rule: "jar-uri-host", title: "localhost", base: job, mutate: (d) => (d.spec.job.jarURI = "https://localhost/x.jar"), message: /restricted address/ },
    { rule: "jar-uri-host", title: "empty authority https:///", base: job, mutate: (d) => (d.spec.job.jarURI = "https:///x.jar"), path: "spec.job.jarURI", message: /^jarURI must include a host for http\/https schemes: write it as https:\/\/<host>\/<path>/ },
    { rule: "jar-uri-host", title: "no authority https:host/path (opaque)", base: job, mutate: (d) => (d.spec.job.jarURI = "https:repo.example.com/x.jar"), path: "spec.job.jarURI", message: /jarURI must include a host for http\/https schemes/ },
    { rule: "jar-uri-host", title: "underscore: a registry authority, no host for java.net.URI", base: job, mutate: (d) => (d.spec.job.jarURI = "https://repo_jobs.example.com/x.jar"), message: /must include a host for http\/https schemes: 'repo_jobs\.example\.com' is not a host/ },
    { rule: "jar-uri-host", title: "loopback as a decimal number, as InetAddress reads it", base: job, mutate: (d) => (d.spec.job.jarURI = "https://2130706433/x.jar"), message: /jarURI host '2130706433' resolves to a restricted address/ },
    { rule: "session-job-target-session-cluster", title: "targets an application cluster in the set", base: job, with: () => [{ ...app(), metadata: { name: "sessions", namespace: "flink" } }], mutate: () => {}, path: "spec.deploymentName", message: /Can not submit session job to application cluster/ },
    { rule: "session-job-target-session-cluster", title: "in default, targeting an application cluster that names no namespace (it lands in default too)", base: job, with: () => [{ ...app(), metadata: { name: "sessions" } }], mutate: (d) => (d.metadata.namespace = "default"), path: "spec.deploymentName", message: /Can not submit session job to application cluster/ },
    { rule: "session-job-target-session-cluster", title: "naming no namespace, targeting an application cluster in default", base: job, with: () => [{ ...app(), metadata: { name: "sessions", namespace: "default" } }], mutate: (d) => delete d.metadata.namespace, path: "spec.deploymentName", message: /Can not submit session job to application cluster/ },
    { rule: "snapshot-exactly-one-type", title: "neither", base: snapshot, mutate: (d) => delete d.spec.savepoint, path: "spec" },
    { rule: "snapshot-exactly-one-type", title: "both", base: snapshot, mutate: (d) => (d.spec.checkpoint = {}), path: "spec" },
    { rule: "snapshot-job-reference-required", title: "no jobReference", base: snapshot, mutate: (d) => delete d.spec.jobReference, path: "spec.jobReference", message: /Job reference must be supplied/ },
    { rule: "snapshot-job-reference-required", title: "target missing from a complete set", base: snapshot, mutate: () => undefined, options: { completeSet: true }, path: "spec.jobReference", message: /^Target for snapshot flink\/orders was not found\./ },
    { rule: "snapshot-job-reference-required", title: "target in another namespace of a complete set", base: snapshot, mutate: () => undefined, with: () => [{ ...app(), metadata: { name: "orders", namespace: "other" } }], options: { completeSet: true }, path: "spec.jobReference", message: /Target for snapshot flink\/orders was not found/ },
    { rule: "resource-quantity-format", title: "fractional bytes (1.5Gi): the operator refuses it", base: app, mutate: (d) => (d.spec.jobManager.resource.memory = "1.5Gi"), path: "spec.jobManager.resource.memory", message: /JobManager resource memory parse error: "1\.5Gi" is 1610612736\.0 bytes/ },
    { rule: "resource-quantity-format", title: "ephemeral storage in lower case", base: app, mutate: (d) => (d.spec.jobManager.resource.ephemeralStorage = "10gi"), path: "spec.jobManager.resource.ephemeralStorage", message: /JobManager resource ephemeral storage parse error: .*Character g is neither a decimal digit number/ },
    { rule: "jobmanager-memory-required", title: "blank memory", base: app, mutate: (d) => (d.spec.jobManager.resource.memory = "  "), path: "spec.jobManager.resource.memory", message: /JobManager resource memory must be defined/ },
    { rule: "taskmanager-memory-required", title: "memory in flinkConfiguration that Flink cannot read", base: app, mutate: (d) => { delete d.spec.taskManager.resource.memory; cfg(d)["taskmanager.memory.process.size"] = "2gi"; }, path: "spec.taskManager.resource.memory" },
    { rule: "autoscaler-excluded-periods", title: "daily period ending before it starts (upstream's case)", base: app, mutate: (d) => Object.assign(cfg(d), { "job.autoscaler.enabled": "true", "job.autoscaler.excluded.periods": "12:00-10:00" }), message: /^Invalid value 12:00-10:00 in the autoscaler config job\.autoscaler\.excluded\.periods, the value is neither .*Invalid time range: 12:0:0:0 - 10:0:0:0/ },
    { rule: "autoscaler-excluded-periods", title: "empty daily period", base: app, mutate: (d) => Object.assign(cfg(d), { "job.autoscaler.enabled": "true", "job.autoscaler.excluded.periods": "10:00-10:00" }), message: /Invalid time range/ },
    { rule: "autoscaler-excluded-periods", title: "hour 25 in a cron expression", base: app, mutate: (d) => Object.assign(cfg(d), { "job.autoscaler.enabled": "true", "job.autoscaler.excluded.periods": "* * 25 * * ?" }), message: /as a cron expression: Hour values must be between 0 and 23/ },
    { rule: "autoscaler-excluded-periods", title: "day-of-month 32", base: app, mutate: (d) => Object.assign(cfg(d), { "job.autoscaler.enabled": "true", "job.autoscaler.excluded.periods": "* * * 32 * ?" }), message: /Day of month values must be between 1 and 31/ },
    { rule: "autoscaler-excluded-periods", title: "both day fields set", base: app, mutate: (d) => Object.assign(cfg(d), { "job.autoscaler.enabled": "true", "job.autoscaler.excluded.periods": "0 0 9 * * MON" }), message: /Support for specifying both a day-of-week AND a day-of-month parameter is not implemented/ },
    { rule: "autoscaler-excluded-periods", title: "empty item between two semicolons", base: app, mutate: (d) => Object.assign(cfg(d), { "job.autoscaler.enabled": "true", "job.autoscaler.excluded.periods": "9:00-10:00;;* * 9-11 * * ?" }), message: /Invalid value  in the autoscaler config .*Unexpected end of expression/ },
];

const passing: Case[] = [
    { rule: "api-version", title: "a canary (checked, unlike by other rules) with the served version", base: app, mutate: (d) => (d.metadata.labels = { "flink.apache.org/canary": "true" }) },
    { rule: "metadata-name", title: "a dotted snapshot name (only FlinkDeployment names are restricted further)", base: snapshot, mutate: (d) => (d.metadata.name = "orders.sp-2024-06") },
    { rule: "schema-enum", title: "standalone mode, a suspended last-state job", base: app, mutate: (d) => { d.spec.mode = "standalone"; d.spec.job.state = "suspended"; d.spec.job.upgradeMode = "last-state"; } },
    { rule: "schema-enum", title: "a NATIVE savepoint of a session job", base: snapshot, mutate: (d) => { d.spec.jobReference = { kind: "FlinkSessionJob", name: "clicks" }; d.spec.savepoint.formatType = "NATIVE"; } },
    { rule: "schema-required", title: "no image: the CRDs require nothing inside spec", base: session, mutate: (d) => delete d.spec.image },
    { rule: "schema-required", title: "an operator canary without spec", base: app, mutate: (d) => { delete d.spec; d.metadata.labels = { "flink.apache.org/canary": "true" }; } },
    { rule: "flink-version-required", title: "not known yet (an Output)", base: app, mutate: (d) => (d.spec.flinkVersion = UNKNOWN) },
    { rule: "flink-version-supported", title: "v1_15, deprecated but still accepted", base: app, mutate: (d) => { d.spec.flinkVersion = "v1_15"; d.spec.image = "flink:1.15"; } },
    { rule: "forbidden-config-key", title: "other kubernetes.* and high-availability.* keys, nested", base: app, mutate: (d) => Object.assign(cfg(d), { kubernetes: { "rest-service": { exposed: { type: "ClusterIP" } }, "jobmanager.annotations": "team:data" }, "high-availability.kubernetes.leader-election.lease-duration": "15 s" }) },
    { rule: "rollback-requires-ha", title: "rollback with Kubernetes HA", base: app, mutate: (d) => (cfg(d)["kubernetes.operator.deployment.rollback.enabled"] = "true") },
    { rule: "rollback-requires-ha", title: "rollback with HA by the deprecated high-availability key", base: session, mutate: (d) => Object.assign(cfg(d), { "kubernetes.operator.deployment.rollback.enabled": true, "high-availability": "kubernetes", "high-availability.storageDir": "s3://x" }) },
    { rule: "health-check-requires-recovery", title: "health check with recovery left at its default (on)", base: session, mutate: (d) => (cfg(d)["kubernetes.operator.cluster.health-check.enabled"] = "true") },
    { rule: "health-check-requires-recovery", title: "health check with recovery TRUE (case-insensitive)", base: session, mutate: (d) => Object.assign(cfg(d), { "kubernetes.operator.cluster.health-check.enabled": "true", "kubernetes.operator.jm-deployment-recovery.enabled": "TRUE" }) },
    { rule: "ingress-template-required", title: "ingress with only a template", base: app, mutate: (d) => (d.spec.ingress = { template: "{{name}}.{{namespace}}.flink.example.com" }) },
    { rule: "jobmanager-replicas", title: "1 JobManager", base: session, mutate: (d) => (d.spec.jobManager.replicas = 1) },
    { rule: "taskmanager-replicas", title: "session cluster with 1 TaskManager", base: session, mutate: (d) => (d.spec.taskManager.replicas = 1) },
    { rule: "service-account-required", title: "from a ServiceAccount of the same program, not known yet", base: app, mutate: (d) => (d.spec.serviceAccount = UNKNOWN) },
    { rule: "session-job-deployment-name", title: "45 characters", base: job, mutate: (d) => (d.spec.deploymentName = "sessions-" + "a".repeat(36)) },
    { rule: "session-job-job-required", title: "a minimal job: jarURI and parallelism", base: job, mutate: (d) => (d.spec.job = { jarURI: "https://repo.example.com/jobs/clicks.jar", parallelism: 1 }) },
    { rule: "jar-uri-valid", title: "percent-encoded space", base: job, mutate: (d) => (d.spec.job.jarURI = "https://repo.example.com/jobs/my%20job.jar") },
    { rule: "jar-uri-valid", title: "local:/// (empty authority)", base: job, mutate: (d) => (d.spec.job.jarURI = "local:///opt/flink/usrlib/x.jar") },
    { rule: "jar-uri-valid", title: "s3://bucket/key", base: job, mutate: (d) => (d.spec.job.jarURI = "s3://bucket/jobs/x.jar") },
    { rule: "jar-uri-valid", title: "file:///", base: job, mutate: (d) => (d.spec.job.jarURI = "file:///opt/flink/x.jar") },
    { rule: "jar-uri-valid", title: "port, query with brackets, fragment, non-ASCII path", base: job, mutate: (d) => (d.spec.job.jarURI = "https://repo.example.com:8443/jobs/größe.jar?tag[]=a&v=1#main") },
    { rule: "jar-uri-host", title: "public IPv6 literal with a port", base: job, mutate: (d) => (d.spec.job.jarURI = "https://[2001:db8::1]:8443/x.jar") },
    { rule: "jar-uri-host", title: "no host needed outside http(s)", base: job, mutate: (d) => (d.spec.job.jarURI = "file:///opt/flink/x.jar") },
    { rule: "schema-type", title: "int-or-string port given as a name", base: app, mutate: (d) => (d.spec.podTemplate = { spec: { containers: [{ name: "c", livenessProbe: { httpGet: { port: "http" } } }] } }) },
    { rule: "schema-unknown-field", title: "anything inside flinkConfiguration", base: app, mutate: (d) => (cfg(d).whatever = { deeply: { nested: 1 } }) },
    { rule: "deployment-name", title: "45 characters", base: app, mutate: (d) => (d.metadata.name = "a".repeat(45)) },
    { rule: "flink-version-deprecated", title: "v1_19", base: app, mutate: (d) => (d.spec.flinkVersion = "v1_19") },
    { rule: "ha-storage-dir-required", title: "deprecated storage key", base: app, mutate: (d) => { delete cfg(d)["high-availability.storageDir"]; cfg(d)["high-availability.zookeeper.storageDir"] = "s3://x"; } },
    { rule: "checkpoint-dir-required", title: "deprecated state.checkpoints.dir, nested", base: app, mutate: (d) => { delete cfg(d)["execution.checkpointing.dir"]; cfg(d).state = { checkpoints: { dir: "s3://x" } }; } },
    { rule: "checkpoint-dir-required", title: "stateless needs none", base: app, mutate: (d) => { delete cfg(d)["execution.checkpointing.dir"]; d.spec.job.upgradeMode = "stateless"; } },
    { rule: "checkpoint-dir-required", title: "session job whose cluster is not in the set", base: job, mutate: (d) => (d.spec.job.upgradeMode = "last-state") },
    { rule: "checkpoint-dir-required", title: "session job inherits the cluster's directory", base: job, with: () => { const s = session(); s.spec.flinkConfiguration = { "state.checkpoints.dir": "s3://x" }; return [s]; }, mutate: (d) => (d.spec.job.upgradeMode = "last-state") },
    { rule: "savepoint-dir-required", title: "deprecated state.savepoints.dir", base: app, mutate: (d) => { delete cfg(d)["execution.checkpointing.savepoint-dir"]; cfg(d)["state.savepoints.dir"] = "s3://x"; } },
    { rule: "job-parallelism", title: "taskManager.replicas instead of parallelism", base: app, mutate: (d) => { delete d.spec.job.parallelism; d.spec.taskManager.replicas = 2; } },
    { rule: "jobmanager-memory-required", title: "memory from flinkConfiguration", base: app, mutate: (d) => { delete d.spec.jobManager.resource.memory; cfg(d)["jobmanager.memory.process.size"] = "2g"; } },
    { rule: "taskmanager-memory-required", title: "task heap plus managed memory", base: app, mutate: (d) => { delete d.spec.taskManager.resource.memory; Object.assign(cfg(d), { "taskmanager.memory.task.heap.size": "1g", "taskmanager.memory.managed.size": "1g" }); } },
    { rule: "resource-quantity-format", title: "Kubernetes and Flink notations", base: app, mutate: (d) => { d.spec.jobManager.resource.memory = "1536Mi"; d.spec.taskManager.resource.memory = "2 gb"; d.spec.taskManager.resource.ephemeralStorage = "10G"; } },
    { rule: "cpu-positive", title: "fractional CPU", base: app, mutate: (d) => (d.spec.taskManager.resource.cpu = 0.25) },
    { rule: "standby-jobmanagers-require-ha", title: "factory class HA", base: session, mutate: (d) => { d.spec.jobManager.replicas = 2; cfg(d)["high-availability.type"] = "com.example.MyHaFactory"; cfg(d)["high-availability.storageDir"] = "s3://x"; } },
    { rule: "autoscaler-option-ranges", title: "options ignored while the autoscaler is off", base: app, mutate: (d) => (cfg(d)["job.autoscaler.utilization.target"] = "5") },
    { rule: "autoscaler-option-ranges", title: "the current key wins over the legacy one", base: app, mutate: (d) => Object.assign(cfg(d), { "job.autoscaler.enabled": "true", "job.autoscaler.utilization.target": "0.6", "kubernetes.operator.job.autoscaler.utilization.target": "5" }) },
    { rule: "autoscaler-excluded-periods", title: "daily && cron, and two entries", base: app, mutate: (d) => Object.assign(cfg(d), { "job.autoscaler.enabled": "true", "job.autoscaler.excluded.periods": "9:30-10:50 && * * * ? * 2-6; * * 9-11,14-16 * * ?" }) },
    { rule: "image-tag", title: "digest", base: app, mutate: (d) => (d.spec.image = "flink@sha256:" + "a".repeat(64)) },
    { rule: "image-tag", title: "registry port and tag", base: app, mutate: (d) => (d.spec.image = "registry.example.com:5000/flink:1.20") },
    { rule: "jar-uri-host", title: "public host name (no DNS look-up)", base: job, mutate: (d) => (d.spec.job.jarURI = "https://artifacts.internal.example.com/x.jar") },
    { rule: "jar-uri-scheme-allowed", title: "s3 when allowed", base: job, mutate: (d) => (d.spec.job.jarURI = "s3://bucket/x.jar") },
    { rule: "session-job-target-session-cluster", title: "targets a session cluster in the set", base: job, with: () => [session()], mutate: () => {} },
    { rule: "session-job-target-session-cluster", title: "same name in another namespace", base: job, with: () => [{ ...app(), metadata: { name: "sessions", namespace: "other" } }], mutate: () => {} },
    { rule: "session-job-target-session-cluster", title: "a cluster of that name whose namespace is not known yet (decided later)", base: job, with: () => [{ ...app(), metadata: { name: "sessions", namespace: UNKNOWN } }], mutate: (d) => (d.metadata.namespace = "default") },
    { rule: "snapshot-job-reference-required", title: "already existing savepoint", base: snapshot, mutate: (d) => { delete d.spec.jobReference; d.spec.savepoint = { alreadyExists: true, path: "s3://x" }; } },
    { rule: "snapshot-exactly-one-type", title: "checkpoint only", base: snapshot, mutate: (d) => { delete d.spec.savepoint; d.spec.checkpoint = {}; } },
    { rule: "log-config-key", title: "logback", base: app, mutate: (d) => (d.spec.logConfiguration = { "logback-console.xml": "<configuration/>" }) },
    { rule: "ingress-template-valid", title: "path template", base: app, mutate: (d) => (d.spec.ingress = { template: "flink.example.com/{{namespace}}/{{name}}(/|$)(.*)", className: "nginx" }) },
    { rule: "ingress-template-valid", title: "unknown placeholder and upper-case ones (java.net.URL accepts them)", base: app, mutate: (d) => (d.spec.ingress = { template: "{{NAME}}.{{Namespace}}.{{cluster}}.example.com" }) },
    { rule: "ingress-template-valid", title: "a space in the host (java.net.URL accepts it)", base: app, mutate: (d) => (d.spec.ingress = { template: "flink example.com/{{name}}" }) },
    { rule: "resource-quantity-format", title: "memory spelled 2gi, 2GiB, 2 Gi, 512mib (the operator folds case, spaces and B)", base: app, mutate: (d) => { d.spec.jobManager.resource.memory = "2gi"; d.spec.taskManager.resource.memory = "2 GiB"; d.spec.jobManager.resource.ephemeralStorage = "1.5Gi"; } },
    { rule: "resource-quantity-format", title: "memory 512mib", base: app, mutate: (d) => (d.spec.taskManager.resource.memory = "512mib") },
    { rule: "jobmanager-memory-required", title: "blank memory with memory in flinkConfiguration", base: app, mutate: (d) => { d.spec.jobManager.resource.memory = " "; cfg(d)["jobmanager.memory.process.size"] = "2 gb"; } },
    { rule: "snapshot-job-reference-required", title: "target present in a complete set", base: snapshot, mutate: () => undefined, with: () => [app()], options: { completeSet: true } },
    { rule: "snapshot-job-reference-required", title: "target missing but the set not declared complete", base: snapshot, mutate: () => undefined },
    { rule: "snapshot-job-reference-required", title: "target missing from a complete set, snapshot past TRIGGER_PENDING", base: snapshot, mutate: (d) => (d.status = { state: "COMPLETED" }), options: { completeSet: true } },
    { rule: "autoscaler-excluded-periods", title: "daily with seconds and millis, signs, and a trailing '-' (Quartz and String.split accept them)", base: app, mutate: (d) => Object.assign(cfg(d), { "job.autoscaler.enabled": "true", "job.autoscaler.excluded.periods": "09:13:17-11:15:18;+9:30-10:00:00:500;10:00-11:00-" }) },
    { rule: "autoscaler-excluded-periods", title: "Quartz forms: L, W, #, names, steps, year, quoted item", base: app, mutate: (d) => Object.assign(cfg(d), { "job.autoscaler.enabled": "true", "job.autoscaler.excluded.periods": "0 0 12 LW * ?; 0 15 10 ? JAN-MAR MON#2 2025-2030; */5 0-30/10 22-2 ? * sat,sun; '0 0 9 L-3 * ?'; 9:00-17:00 && 0 0 0 ? * 2-6" }) },
];

function run(c: Case) {
    const doc = c.base();
    c.mutate(doc);
    const docs: SourcedDocument[] = [{ doc }, ...(c.with?.() ?? []).map((d) => ({ doc: d }))];
    const options = { ...(c.rule === "jar-uri-scheme-allowed" && c.title.includes("when allowed") ? { allowedJarSchemes: ["https", "s3"] } : {}), ...c.options };
    return validate(docs, options).findings.filter((f) => f.rule === c.rule && f.kind === doc.kind && f.name === (doc.metadata?.name ?? "(unnamed)"));
}

describe("rules", () => {
    describe("the valid fixtures", () => {
        for (const [name, fixture] of Object.entries({ app, session, job, snapshot })) {
            it(`${name} has no findings at all`, () => assert.deepStrictEqual(validate([{ doc: fixture() }]).findings, []));
        }
    });

    describe("fail", () => {
        for (const c of failing) {
            it(`${c.rule}: ${c.title}`, () => {
                const findings = run(c);
                assert.ok(findings.length > 0, `expected a ${c.rule} finding`);
                if (c.path !== undefined) assert.strictEqual(findings[0].path, c.path);
                if (c.message) assert.match(findings[0].message, c.message);
            });
        }
    });

    describe("pass", () => {
        for (const c of passing) {
            it(`${c.rule}: ${c.title}`, () => assert.deepStrictEqual(run(c), []));
        }
    });

    it("every registered rule has a failing and a passing case", () => {
        const uncovered = (table: Case[]) => RULES.filter((r) => !table.some((c) => c.rule === r.id)).map((r) => r.id);
        assert.deepStrictEqual(uncovered(failing), [], "rules without a failing case");
        // The valid fixtures pass every rule of their kind without reaching its edges: each rule needs an entry of
        // its own in `passing`, an edge case that stays valid.
        assert.deepStrictEqual(uncovered(passing), [], "rules without a passing case");
        // A misspelt rule id would make its passing case vacuous (no finding can carry it).
        assert.deepStrictEqual([...failing, ...passing].filter((c) => !RULES.some((r) => r.id === c.rule)).map((c) => c.rule), [], "cases for unknown rules");
    });

    it("reports every error, not only the first", () => {
        const doc = app();
        doc.metadata.name = "Bad";
        delete doc.spec.flinkVersion;
        doc.spec.jobManager.replicas = 0;
        delete doc.spec.serviceAccount;
        const rules = validate([{ doc }]).findings.map((f) => f.rule);
        assert.deepStrictEqual(rules, ["deployment-name", "flink-version-required", "jobmanager-replicas", "service-account-required"]);
    });

    it("carries kind, name, namespace and file into findings, with severities", () => {
        const doc = app();
        doc.spec.image = "flink";
        const [finding] = validate([{ doc, file: "apps/orders.yaml" }]).findings;
        assert.deepStrictEqual(finding, { rule: "image-tag", severity: "warning", path: "spec.image", message: finding.message, kind: "FlinkDeployment", name: "orders", namespace: "flink", file: "apps/orders.yaml" });
    });

    it("withholds findings that depend on unknown values and names the deferred rules", () => {
        const doc = app();
        delete doc.spec.flinkConfiguration["execution.checkpointing.dir"];
        doc.spec.flinkConfiguration["state.checkpoints.dir"] = UNKNOWN;
        doc.spec.jobManager.replicas = UNKNOWN;
        doc.spec.taskManager.resource.cpu = -2;
        const result = validate([{ doc }]);
        assert.deepStrictEqual(result.findings.map((f) => f.rule), ["cpu-positive"]);
        assert.ok(result.deferred.includes("FlinkDeployment/orders: standby-jobmanagers-require-ha"));
    });

    it("a wholly unknown flinkConfiguration defers config rules instead of failing them", () => {
        const doc = app();
        doc.spec.flinkConfiguration = UNKNOWN;
        assert.deepStrictEqual(validate([{ doc }]).findings, []);
    });

    it("rule overrides turn rules off or change severity", () => {
        const doc = app();
        doc.spec.image = "flink";
        delete doc.spec.serviceAccount;
        const findings = validate([{ doc }], { rules: { "image-tag": "error", "service-account-required": "off" } }).findings;
        assert.deepStrictEqual(findings.map((f) => [f.rule, f.severity]), [["image-tag", "error"]]);
    });

    describe("the operator's default configuration", () => {
        const storageRules = (doc: any, options = {}) => validate([{ doc }], options).findings.filter((f) => f.severity === "error").map((f) => f.rule);

        it("lies under the spec: directories set only there are not missing (the operator validates the merge)", () => {
            assert.deepStrictEqual(storageRules(deploymentWithoutStateDirs()), ["checkpoint-dir-required", "savepoint-dir-required"]);
            const defaults = { "state.checkpoints.dir": "s3://ops/cp", state: { savepoints: { dir: "s3://ops/sp" } } };
            assert.deepStrictEqual(storageRules(deploymentWithoutStateDirs(), { defaultConfiguration: defaults }), []);
        });

        it("the spec wins over it", () => {
            const doc = app();
            doc.spec.flinkConfiguration["kubernetes.operator.deployment.rollback.enabled"] = "true";
            doc.spec.flinkConfiguration["high-availability.type"] = "NONE";
            delete doc.spec.jobManager.replicas;
            assert.deepStrictEqual(storageRules(doc, { defaultConfiguration: { "high-availability.type": "kubernetes" } }), ["rollback-requires-ha"]);
        });

        it("applies flink-version entries: v1_x+ for that version and newer, exact v1_x for that version only", () => {
            const prefix = "kubernetes.operator.default-configuration.flink-version.";
            const defaults = {
                [`${prefix}v1_19+.execution.checkpointing.dir`]: "s3://ops/cp",
                [`${prefix}v1_18.execution.checkpointing.savepoint-dir`]: "s3://ops/sp-18",
                [`${prefix}v1_20.execution.checkpointing.savepoint-dir`]: "s3://ops/sp-20",
            };
            const on = (version: string) => { const doc = deploymentWithoutStateDirs(); doc.spec.flinkVersion = version; return storageRules(doc, { defaultConfiguration: defaults }); };
            assert.deepStrictEqual(on("v1_20"), []);
            assert.deepStrictEqual(on("v1_19"), ["savepoint-dir-required"]);
            assert.deepStrictEqual(on("v1_18"), ["checkpoint-dir-required"]);
        });

        it("applies namespace entries for the resource's namespace (missing: default), under the version entries", () => {
            const ns = "kubernetes.operator.default-configuration.namespace.";
            const defaults = { [`${ns}flink.execution.checkpointing.dir`]: "s3://flink/cp", [`${ns}default.execution.checkpointing.dir`]: "s3://default/cp", "execution.checkpointing.savepoint-dir": "s3://ops/sp" };
            const inNamespace = (namespace: string | undefined) => { const doc = deploymentWithoutStateDirs(); if (namespace === undefined) delete doc.metadata.namespace; else doc.metadata.namespace = namespace; return storageRules(doc, { defaultConfiguration: defaults }); };
            assert.deepStrictEqual(inNamespace("flink"), []);
            assert.deepStrictEqual(inNamespace(undefined), []);
            assert.deepStrictEqual(inNamespace("team-b"), ["checkpoint-dir-required"]);
        });

        it("waits while the flinkVersion or namespace that selects an entry is not known yet", () => {
            const defaults = { "kubernetes.operator.default-configuration.flink-version.v1_19+.execution.checkpointing.dir": "s3://ops/cp", "execution.checkpointing.savepoint-dir": "s3://ops/sp" };
            const versionLater = deploymentWithoutStateDirs();
            versionLater.spec.flinkVersion = UNKNOWN;
            const result = validate([{ doc: versionLater }], { defaultConfiguration: defaults });
            assert.deepStrictEqual(result.findings.filter((f) => f.severity === "error"), []);
            assert.ok(result.deferred.includes("FlinkDeployment/orders: checkpoint-dir-required"), result.deferred.join(", "));
            const namespaceLater = deploymentWithoutStateDirs();
            namespaceLater.metadata.namespace = UNKNOWN;
            const nsDefaults = { "kubernetes.operator.default-configuration.namespace.flink.execution.checkpointing.dir": "s3://ops/cp", "execution.checkpointing.savepoint-dir": "s3://ops/sp" };
            assert.deepStrictEqual(validate([{ doc: namespaceLater }], { defaultConfiguration: nsDefaults }).findings.filter((f) => f.severity === "error"), []);
            // Without any version-specific entry, an unknown version decides nothing: the general defaults apply.
            assert.deepStrictEqual(validate([{ doc: versionLater }], { defaultConfiguration: { "execution.checkpointing.savepoint-dir": "s3://ops/sp" } }).findings.map((f) => f.rule), ["checkpoint-dir-required"]);
        });

        it("a session job gets it under its session cluster's configuration, by the cluster's flinkVersion", () => {
            const cluster = session();
            cluster.spec.flinkVersion = "v1_19";
            const j = job();
            j.spec.job.upgradeMode = "savepoint";
            const defaults = { "kubernetes.operator.default-configuration.flink-version.v1_19.execution.checkpointing.dir": "s3://ops/cp", "execution.checkpointing.savepoint-dir": "s3://ops/sp" };
            const rules = (options = {}) => validate([{ doc: cluster }, { doc: j }], options).findings.map((f) => f.rule);
            assert.deepStrictEqual(rules(), ["checkpoint-dir-required", "savepoint-dir-required"]);
            assert.deepStrictEqual(rules({ defaultConfiguration: defaults }), []);
        });

        it("gives the jar scheme allowlist unless allowedJarSchemes is passed", () => {
            const j = job();
            j.spec.job.jarURI = "s3://jobs/clicks.jar";
            const defaults = { "kubernetes.operator.user.artifacts.allowed-schemes": "https;s3" };
            assert.deepStrictEqual(validate([{ doc: session() }, { doc: j }]).findings.map((f) => f.rule), ["jar-uri-scheme-allowed"]);
            assert.deepStrictEqual(validate([{ doc: session() }, { doc: j }], { defaultConfiguration: defaults }).findings, []);
            assert.deepStrictEqual(validate([{ doc: session() }, { doc: j }], { defaultConfiguration: defaults, allowedJarSchemes: ["https"] }).findings.map((f) => f.rule), ["jar-uri-scheme-allowed"]);
        });
    });

    it("never repeats a jarURI's credentials or query in a message", () => {
        for (const uri of ["https://deployer:s3cr3t@repo.example.com/my job.jar", "https://repo.example.com/a b.jar?X-Amz-Signature=s3cr3t", "https://deployer:s3cr3t@repo_jobs.example.com/job.jar"]) {
            const doc = job();
            doc.spec.job.jarURI = uri;
            const messages = validate([{ doc: session() }, { doc }]).findings.map((f) => f.message);
            assert.ok(messages.length > 0, uri);
            for (const m of messages) assert.ok(!m.includes("s3cr3t"), m);
        }
    });

    it("skips the operator's canary resources like its webhook does", () => {
        const canary = { apiVersion: "flink.apache.org/v1beta1", kind: "FlinkDeployment", metadata: { name: "canary", labels: { "flink.apache.org/canary": "true" } } };
        assert.deepStrictEqual(validate([{ doc: canary }]).findings, []);
    });

    it("ignores documents of other kinds", () => {
        assert.deepStrictEqual(validate([{ doc: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x" }, data: { a: 1 } } }]).findings, []);
    });
});

describe("README", () => {
    it("lists every rule", () => {
        const readme = require("fs").readFileSync(require("path").resolve(__dirname, "../../../README.md"), "utf8");
        assert.deepStrictEqual(RULES.filter((r) => !readme.includes(`| \`${r.id}\` |`)).map((r) => r.id), []);
    });
});
