"""A Flink platform on Kubernetes through the generated Python SDK: the Flink Kubernetes Operator, a session cluster
running two session jobs, an application cluster with high availability, checkpoints and savepoint upgrades, and a
savepoint of it. What TypeScript passes as resource options (`operator`, `deployment`) is passed here as args:
operator_urn=operator.urn, deployment_urn=sessions.urn, with the same ordering and the same preview-time checks."""
import pulumi
import pulumi_flink as flink

config = pulumi.Config()
# A local chart directory (offline); unset: the chart from the Apache download repository.
chart_path = config.get("chartPath")
# The operator's namespace; the Flink resources run there too, the one namespace it watches (the component creates
# it, so this program needs no Kubernetes SDK).
namespace = config.get("operatorNamespace") or "flink-operator"
# "cert-manager" (default; cert-manager must be in the cluster) or "disabled".
webhook = config.get("webhook") or "cert-manager"
# True where nothing runs pods (a bare API server): don't wait for the operator or the Flink jobs to be ready.
skip_await = config.get_bool("skipAwait") or False
# Where HA metadata, checkpoints and savepoints go: a file system every Flink pod can reach.
storage = config.get("storage") or "s3://flink"
image = config.get("image") or "flink:1.20.0"

operator = flink.FlinkOperator(
    "flink-operator",
    namespace=namespace,
    chart_path=chart_path,
    watch_namespaces=[namespace],
    webhook=webhook,
    skip_await=skip_await,
)

resources = {"memory": "2048m", "cpu": 1}

# A session cluster (no job): session jobs are submitted to it.
sessions = flink.FlinkDeployment(
    "sessions",
    metadata={"namespace": namespace},
    spec={
        "image": image,
        "flink_version": "v1_20",
        "job_manager": {"resource": resources},
        "task_manager": {"resource": resources},
    },
    skip_await=skip_await,
    operator_urn=operator.urn,
)

EXAMPLES = "https://repo1.maven.org/maven2/org/apache/flink/flink-examples-streaming/1.20.0"


def session_job(name: str, jar: str) -> flink.FlinkSessionJob:
    # deployment_urn: fills spec.deploymentName and the namespace, checks at preview that `sessions` is a session
    # cluster, and creates the job after it.
    return flink.FlinkSessionJob(
        name,
        spec={"job": {"jar_uri": f"{EXAMPLES}/flink-examples-streaming-1.20.0-{jar}.jar", "parallelism": 1, "upgrade_mode": "stateless"}},
        skip_await=skip_await,
        deployment_urn=sessions.urn,
        operator_urn=operator.urn,
    )


top_speed = session_job("top-speed", "TopSpeedWindowing")
window_join = session_job("window-join", "WindowJoin")

# An application cluster: two JobManagers (one standby) need Kubernetes HA; upgrades go through a savepoint.
orders = flink.FlinkDeployment(
    "orders",
    metadata={"namespace": namespace},
    spec={
        "image": image,
        "flink_version": "v1_20",
        "job_manager": {"replicas": 2, "resource": resources},
        "task_manager": {"resource": resources},
        "job": {"jar_uri": "local:///opt/flink/examples/streaming/StateMachineExample.jar", "parallelism": 2, "upgrade_mode": "savepoint"},
    },
    high_availability={"storage_dir": f"{storage}/ha"},
    checkpoints={"dir": f"{storage}/checkpoints", "interval": "60 s"},
    savepoints={"dir": f"{storage}/savepoints", "periodic_interval": "6h"},
    skip_await=skip_await,
    operator_urn=operator.urn,
)

# A savepoint of the application, taken by the operator (into the savepoint directory above).
snapshot = flink.FlinkStateSnapshot(
    "orders-savepoint",
    metadata={"namespace": namespace},
    spec={
        "job_reference": {"kind": "FlinkDeployment", "name": orders.name},
        "savepoint": {"format_type": "CANONICAL", "dispose_on_delete": False},
    },
    skip_await=skip_await,
    operator_urn=operator.urn,
    opts=pulumi.ResourceOptions(depends_on=[orders]),
)

pulumi.export("operatorNamespaceName", operator.namespace)
pulumi.export("operatorRelease", operator.release_name)
pulumi.export("operatorVersion", operator.chart_version)
pulumi.export("operatorStatus", operator.status)
pulumi.export("jobServiceAccount", operator.job_service_account)
pulumi.export("sessionCluster", sessions.name)
pulumi.export("sessionRestAddress", sessions.rest_address)
pulumi.export("sessionJobs", [top_speed.name, window_join.name])
pulumi.export("sessionJobTarget", top_speed.deployment_name)
pulumi.export("application", orders.name)
pulumi.export("applicationRestAddress", orders.rest_address)
pulumi.export("applicationLifecycle", orders.lifecycle_state)
pulumi.export("applicationJobState", orders.job_state)
pulumi.export("savepoint", snapshot.name)
pulumi.export("savepointState", snapshot.state)
pulumi.export("savepointPath", snapshot.path)
