/** Valid manifests to start tests from, and the operator's own examples. */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

export const SHARED = path.resolve(__dirname, "../../../../shared");
export const OPERATOR = path.join(SHARED, "upstream/flink-kubernetes-operator-1.15.0");
export const EXAMPLES_DIR = path.join(OPERATOR, "examples");
export const CRDS_DIR = path.join(OPERATOR, "helm/flink-kubernetes-operator/crds");

export function yamlFiles(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => {
            const full = path.join(dir, e.name);
            return e.isDirectory() ? yamlFiles(full) : /\.ya?ml$/.test(e.name) ? [full] : [];
        })
        .sort();
}

export function readManifests(file: string): any[] {
    return YAML.parseAllDocuments(fs.readFileSync(file, "utf8"))
        .map((d) => d.toJSON())
        .filter((d) => d);
}

export function clone<T>(value: T): T {
    return JSON.parse(JSON.stringify(value));
}

/** An application cluster that passes every rule. */
export function applicationDeployment(): any {
    return {
        apiVersion: "flink.apache.org/v1beta1",
        kind: "FlinkDeployment",
        metadata: { name: "orders", namespace: "flink" },
        spec: {
            image: "flink:1.20",
            flinkVersion: "v1_20",
            serviceAccount: "flink",
            flinkConfiguration: {
                "taskmanager.numberOfTaskSlots": "2",
                "high-availability.type": "kubernetes",
                "high-availability.storageDir": "s3://bucket/ha",
                "execution.checkpointing.dir": "s3://bucket/checkpoints",
                "execution.checkpointing.savepoint-dir": "s3://bucket/savepoints",
            },
            jobManager: { replicas: 2, resource: { memory: "2048m", cpu: 1 } },
            taskManager: { resource: { memory: "2Gi", cpu: 1 } },
            job: { jarURI: "local:///opt/flink/examples/streaming/StateMachineExample.jar", parallelism: 2, upgradeMode: "savepoint", state: "running" },
        },
    };
}

/** The application cluster without checkpoint and savepoint directories: valid only where someone else sets them. */
export function deploymentWithoutStateDirs(): any {
    const doc = applicationDeployment();
    delete doc.spec.flinkConfiguration["execution.checkpointing.dir"];
    delete doc.spec.flinkConfiguration["execution.checkpointing.savepoint-dir"];
    return doc;
}

/** A session cluster that passes every rule. */
export function sessionCluster(): any {
    return {
        apiVersion: "flink.apache.org/v1beta1",
        kind: "FlinkDeployment",
        metadata: { name: "sessions", namespace: "flink" },
        spec: {
            image: "flink:1.20",
            flinkVersion: "v1_20",
            serviceAccount: "flink",
            jobManager: { resource: { memory: "2048m", cpu: 1 } },
            taskManager: { resource: { memory: "2048m", cpu: 1 } },
        },
    };
}

export function sessionJob(): any {
    return {
        apiVersion: "flink.apache.org/v1beta1",
        kind: "FlinkSessionJob",
        metadata: { name: "clicks", namespace: "flink" },
        spec: {
            deploymentName: "sessions",
            job: { jarURI: "https://repo.example.com/jobs/clicks.jar", parallelism: 2, upgradeMode: "stateless" },
        },
    };
}

export function savepointSnapshot(): any {
    return {
        apiVersion: "flink.apache.org/v1beta1",
        kind: "FlinkStateSnapshot",
        metadata: { name: "orders-sp", namespace: "flink" },
        spec: { jobReference: { kind: "FlinkDeployment", name: "orders" }, savepoint: { formatType: "CANONICAL" }, backoffLimit: 1 },
    };
}
