import "../support/mocks";
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { customResources, deferredFailure, dependencies, mockStatus, registered, resetRegistered, settle, settleUntil, valueOf } from "../support/mocks";
import { applicationDeployment, clone, readManifests, savepointSnapshot, sessionCluster, sessionJob, EXAMPLES_DIR } from "../support/fixtures";
import { FlinkDeployment, FlinkSessionJob, FlinkStateSnapshot, FlinkValidationError } from "../../components";
import * as path from "path";
import { settleReferenceTargets } from "../../components/base/references";

describe("FlinkDeployment component", () => {
    beforeEach(resetRegistered);

    it("registers exactly one FlinkDeployment custom resource parented to the component", async () => {
        const doc = applicationDeployment();
        const dep = new FlinkDeployment("orders", { metadata: doc.metadata, spec: doc.spec });
        await settle();
        const types = registered.map((r) => r.type);
        assert.deepStrictEqual(types, ["flink:index:FlinkDeployment", "kubernetes:flink.apache.org/v1beta1:FlinkDeployment"]);
        const cr = customResources("FlinkDeployment")[0];
        assert.strictEqual(cr.inputs.apiVersion, "flink.apache.org/v1beta1");
        assert.strictEqual(await valueOf(dep.urn), "urn:pulumi:test::test::flink:index:FlinkDeployment::orders");
        assert.strictEqual(cr.inputs.metadata.name, "orders");
    });

    it("passes a manifest's spec through unchanged: nested config maps, numbers and booleans", async () => {
        const [doc] = readManifests(path.join(EXAMPLES_DIR, "snapshot/job-from-savepoint.yaml")).filter((d) => d.kind === "FlinkDeployment");
        doc.spec.flinkConfiguration["pipeline.object-reuse"] = true;
        doc.spec.flinkConfiguration["taskmanager.numberOfTaskSlots"] = 4;
        const expected = clone(doc.spec);
        new FlinkDeployment("example", { metadata: doc.metadata, spec: doc.spec, skipAwait: true });
        await settle();
        assert.deepStrictEqual(customResources("FlinkDeployment")[0].inputs.spec, expected);
        assert.deepStrictEqual(doc.spec, expected, "the caller's object is not mutated");
    });

    it("defaults metadata.name to the resource name and keeps user labels and annotations", async () => {
        const doc = applicationDeployment();
        new FlinkDeployment("orders-prod", {
            metadata: { namespace: "flink", labels: { team: "data" }, annotations: { "pulumi.com/timeoutSeconds": "60" } },
            spec: doc.spec,
        });
        await settle();
        const meta = customResources()[0].inputs.metadata;
        assert.strictEqual(meta.name, "orders-prod");
        assert.deepStrictEqual(meta.labels, { team: "data" });
        assert.strictEqual(meta.annotations["pulumi.com/timeoutSeconds"], "60", "user annotations win over defaults");
    });

    it("waits for the job RUNNING by default, STABLE for session clusters, SUSPENDED when suspended", async () => {
        new FlinkDeployment("app", { spec: applicationDeployment().spec });
        new FlinkDeployment("session", { spec: sessionCluster().spec });
        const suspended = applicationDeployment().spec;
        suspended.job.state = "suspended";
        new FlinkDeployment("paused", { spec: suspended, awaitTimeoutSeconds: 900 });
        await settle();
        const annotations = (name: string) => customResources().find((r) => r.name === name)!.inputs.metadata.annotations;
        assert.strictEqual(annotations("app")["pulumi.com/waitFor"], "jsonpath={.status.jobStatus.state}=RUNNING");
        assert.strictEqual(annotations("app")["pulumi.com/timeoutSeconds"], "600");
        assert.strictEqual(annotations("session")["pulumi.com/waitFor"], "jsonpath={.status.lifecycleState}=STABLE");
        assert.strictEqual(annotations("paused")["pulumi.com/waitFor"], "jsonpath={.status.lifecycleState}=SUSPENDED");
        assert.strictEqual(annotations("paused")["pulumi.com/timeoutSeconds"], "900");
        assert.strictEqual(annotations("app")["pulumi.com/skipAwait"], undefined);
    });

    it("skipAwait turns waiting off", async () => {
        new FlinkDeployment("app", { spec: applicationDeployment().spec, skipAwait: true });
        await settle();
        const annotations = customResources()[0].inputs.metadata.annotations;
        assert.deepStrictEqual(annotations, { "pulumi.com/skipAwait": "true" });
    });

    it("outputs name, namespace, observed status and the REST address", async () => {
        mockStatus.FlinkDeployment = { lifecycleState: "STABLE", jobManagerDeploymentStatus: "READY", jobStatus: { state: "RUNNING" }, error: undefined };
        const doc = applicationDeployment();
        doc.spec.flinkConfiguration["rest.port"] = "9091";
        const dep = new FlinkDeployment("orders", { metadata: doc.metadata, spec: doc.spec });
        assert.strictEqual(await valueOf(dep.name), "orders");
        assert.strictEqual(await valueOf(dep.namespace), "flink");
        assert.strictEqual(await valueOf(dep.lifecycleState), "STABLE");
        assert.strictEqual(await valueOf(dep.jobState), "RUNNING");
        assert.strictEqual(await valueOf(dep.jobManagerDeploymentStatus), "READY");
        assert.strictEqual(await valueOf(dep.error), undefined);
        assert.strictEqual(await valueOf(dep.restAddress), "orders-rest.flink:9091");
        const plain = new FlinkDeployment("plain", { spec: sessionCluster().spec });
        assert.strictEqual(await valueOf(plain.restAddress), "plain-rest.default:8081");
    });

    it("makes each output once per component, on first read, and reads an Output rest.port once it resolves", async () => {
        const doc = applicationDeployment();
        doc.spec.flinkConfiguration["rest.port"] = pulumi.output("9092");
        const dep = new FlinkDeployment("late-port", { metadata: doc.metadata, spec: doc.spec });
        const other = new FlinkDeployment("other", { spec: sessionCluster().spec });
        assert.strictEqual(dep.restAddress, dep.restAddress);
        assert.notStrictEqual(dep.name, other.name);
        assert.strictEqual(await valueOf(dep.restAddress), "orders-rest.flink:9092");
        assert.strictEqual(await valueOf(other.name), "other");
    });

    it("throws before registering anything when plain values break rules, listing every error with its path", async () => {
        const spec = applicationDeployment().spec;
        spec.jobManager.replicas = 0;
        spec.jobManger = { replicas: 1 };
        delete spec.serviceAccount;
        assert.throws(
            () => new FlinkDeployment("bad", { spec }),
            (err: any) => {
                assert.ok(err instanceof FlinkValidationError);
                assert.match(err.message, /FlinkDeployment "bad" is invalid \(3 errors\)/);
                assert.match(err.message, /spec\.jobManager\.replicas: JobManager replicas should not be configured less than one/);
                assert.match(err.message, /spec\.jobManger: .*Did you mean "jobManager"\?/);
                assert.match(err.message, /spec\.serviceAccount: spec\.serviceAccount must be defined/);
                return true;
            },
        );
        await settle();
        assert.deepStrictEqual(
            registered.map((r) => `${r.type}::${r.name}`),
            [],
            "nothing was registered, not even the component",
        );
    });

    it("validates Output values when they resolve, and fails before the custom resource is created", async () => {
        const spec = applicationDeployment().spec;
        spec.jobManager.replicas = pulumi.output(0);
        const err = await deferredFailure(() => new FlinkDeployment("later", { spec }));
        assert.match(String(err.message ?? err), /spec\.jobManager\.replicas: JobManager replicas should not be configured less than one/);
        assert.strictEqual(customResources().length, 0);
    });

    it("accepts valid Output values and registers the resolved spec", async () => {
        const spec = applicationDeployment().spec;
        spec.image = pulumi.output("flink:1.20.1");
        new FlinkDeployment("later", { spec });
        await settle();
        assert.strictEqual(customResources()[0].inputs.spec.image, "flink:1.20.1");
    });

    it("typed helpers add configuration keys; an explicit flinkConfiguration key wins", async () => {
        const spec = sessionCluster().spec;
        spec.flinkConfiguration = { state: { "checkpoints.dir": "s3://mine/checkpoints" } };
        new FlinkDeployment("helped", {
            spec,
            highAvailability: { storageDir: "s3://bucket/ha" },
            checkpoints: { dir: "s3://helper/checkpoints", interval: "60 s" },
            savepoints: { dir: "s3://bucket/savepoints", periodicInterval: "6h" },
        });
        await settle();
        const config = customResources()[0].inputs.spec.flinkConfiguration;
        assert.deepStrictEqual(config, {
            state: { "checkpoints.dir": "s3://mine/checkpoints" },
            "high-availability.type": "kubernetes",
            "high-availability.storageDir": "s3://bucket/ha",
            "execution.checkpointing.interval": "60 s",
            "execution.checkpointing.savepoint-dir": "s3://bucket/savepoints",
            "kubernetes.operator.periodic.savepoint.interval": "6h",
        });
    });

    it("refuses bad component options together with spec errors, before registering anything", async () => {
        const spec = applicationDeployment().spec;
        delete spec.serviceAccount;
        assert.throws(
            () => new FlinkDeployment("opts", { spec, awaitTimeoutSeconds: 0, highAvailability: { storageDir: " " }, skipAwiat: true } as any),
            (err: any) => {
                assert.match(err.message, /is invalid \(4 errors\)/);
                assert.match(err.message, /awaitTimeoutSeconds: must be at least 1 second\. \[component-args\]/);
                assert.match(err.message, /highAvailability\.storageDir: the HA storage directory, e\.g\. s3:\/\/bucket\/flink\/ha, must not be empty/);
                assert.match(
                    err.message,
                    /skipAwiat: not an argument of this component; it takes metadata, spec, highAvailability, checkpoints, savepoints, skipAwait, awaitTimeoutSeconds/,
                );
                assert.match(err.message, /spec\.serviceAccount: /);
                return true;
            },
        );
        assert.throws(
            () => new FlinkSessionJob("opts", { spec: sessionJob().spec, checkpoints: { dir: "s3://x" } } as any),
            /checkpoints: not an argument of this component; it takes metadata, spec, skipAwait, awaitTimeoutSeconds/,
        );
        const snapshot = savepointSnapshot();
        snapshot.spec.checkpoint = {};
        assert.throws(() => new FlinkStateSnapshot("both", { spec: snapshot.spec }), /Exactly one of checkpoint or savepoint/);
        await settle();
        assert.deepStrictEqual(
            registered.map((r) => `${r.type}::${r.name}`),
            [],
            "nothing was registered, not even the components",
        );
    });

    it("the HA helper satisfies the standby JobManager rule", async () => {
        const spec = sessionCluster().spec;
        spec.jobManager.replicas = 2;
        assert.throws(() => new FlinkDeployment("no-ha", { spec }), /High availability should be enabled/);
        new FlinkDeployment("ha", { spec, highAvailability: { storageDir: "s3://bucket/ha" } });
        await settle();
        assert.strictEqual(customResources().length, 1);
    });
});

describe("FlinkSessionJob component", () => {
    beforeEach(resetRegistered);

    it("takes deploymentName and namespace from a FlinkDeployment object and is created after it", async () => {
        const cluster = sessionCluster();
        const dep = new FlinkDeployment("sessions", { metadata: cluster.metadata, spec: cluster.spec, skipAwait: true });
        const spec = sessionJob().spec;
        delete spec.deploymentName;
        const job = new FlinkSessionJob("clicks", { spec, skipAwait: true }, { deployment: dep });
        await settle();
        const cr = customResources("FlinkSessionJob")[0];
        assert.strictEqual(cr.inputs.spec.deploymentName, "sessions");
        assert.strictEqual(cr.inputs.metadata.namespace, "flink");
        assert.strictEqual(await valueOf(job.deploymentName), "sessions");
        const jobDependencies = dependencies.get("clicks")!.filter((urn) => urn.includes("FlinkSessionJob") === false);
        assert.ok(
            jobDependencies.some((urn) => urn.endsWith("kubernetes:flink.apache.org/v1beta1:FlinkDeployment::sessions")),
            `session job depends on the cluster's custom resource: ${jobDependencies}`,
        );
    });

    it("refuses a FlinkDeployment object that is an application cluster, at construction", async () => {
        const app = new FlinkDeployment("orders", { spec: applicationDeployment().spec, skipAwait: true });
        const spec = sessionJob().spec;
        delete spec.deploymentName;
        assert.throws(
            () => new FlinkSessionJob("clicks", { spec }, { deployment: app }),
            /spec\.deploymentName: Can not submit session job to application cluster/,
        );
    });

    it("refuses a FlinkDeployment object whose spec is an Output once it resolves to an application cluster", async () => {
        const spec = sessionJob().spec;
        delete spec.deploymentName;
        const err = await deferredFailure(() => {
            const app = new FlinkDeployment("orders", {
                metadata: { name: "orders", namespace: "flink" },
                spec: pulumi.output(applicationDeployment().spec),
                skipAwait: true,
            });
            new FlinkSessionJob("clicks", { spec }, { deployment: app });
        });
        assert.match(String(err.message ?? err), /spec\.deploymentName: Can not submit session job to application cluster/);
        assert.strictEqual(customResources("FlinkSessionJob").length, 0);
    });

    it("accepts a FlinkDeployment object whose spec is an Output resolving to a session cluster", async () => {
        const spec = sessionJob().spec;
        delete spec.deploymentName;
        const cluster = new FlinkDeployment("sessions", { metadata: { namespace: "flink" }, spec: pulumi.output(sessionCluster().spec), skipAwait: true });
        new FlinkSessionJob("clicks", { spec, skipAwait: true }, { deployment: cluster });
        await settleUntil(() => customResources("FlinkSessionJob").length > 0);
        assert.strictEqual(customResources("FlinkSessionJob")[0].inputs.spec.deploymentName, "sessions");
    });

    it("refuses a deploymentName naming an application cluster of the same program, even one declared later", async () => {
        const doc = sessionJob();
        doc.spec.deploymentName = "late-app";
        const err = await deferredFailure(() => {
            new FlinkSessionJob("clicks", { metadata: doc.metadata, spec: doc.spec });
            new FlinkDeployment("late-app", { metadata: { namespace: "flink" }, spec: applicationDeployment().spec });
        });
        assert.match(String(err.message ?? err), /Can not submit session job to application cluster/);
        assert.strictEqual(customResources("FlinkSessionJob").length, 0);
    });

    it("waits for an application cluster's namespace before judging a session job naming it", async () => {
        const namespace = pulumi.output("default");
        const err = await deferredFailure(() => {
            new FlinkDeployment("orders-app", { metadata: { name: "orders-app", namespace }, spec: applicationDeployment().spec, skipAwait: true });
            // Not refused at construction: the cluster could be in another namespace.
            new FlinkSessionJob("clicks", { metadata: { namespace: "default" }, spec: { ...sessionJob().spec, deploymentName: "orders-app" } });
        });
        assert.match(String(err.message ?? err), /Can not submit session job to application cluster/);
        const other = pulumi.output("elsewhere");
        new FlinkDeployment("orders-other", { metadata: { name: "orders-other", namespace: other }, spec: applicationDeployment().spec, skipAwait: true });
        new FlinkSessionJob("clicks-2", {
            metadata: { namespace: "default" },
            spec: { ...sessionJob().spec, deploymentName: "orders-other" },
            skipAwait: true,
        });
        await settleUntil(() => customResources("FlinkSessionJob").some((r) => r.name === "clicks-2"));
        assert.ok(
            customResources("FlinkSessionJob").some((r) => r.name === "clicks-2"),
            "a cluster of that name in another namespace is not the target",
        );
    });

    it("accepts a deploymentName outside the program", async () => {
        const doc = sessionJob();
        doc.spec.deploymentName = "managed-elsewhere";
        new FlinkSessionJob("clicks", { metadata: doc.metadata, spec: doc.spec });
        await settle();
        assert.strictEqual(customResources("FlinkSessionJob").length, 1);
    });

    it("refuses a spec.deploymentName that contradicts the deployment object", () => {
        const dep = new FlinkDeployment("sessions", { spec: sessionCluster().spec, skipAwait: true });
        assert.throws(
            () => new FlinkSessionJob("clicks", { spec: { ...sessionJob().spec, deploymentName: "other" } }, { deployment: dep }),
            /spec\.deploymentName is "other" but the deployment option is FlinkDeployment "sessions"/,
        );
    });

    it("waits for RUNNING and outputs the observed job state", async () => {
        mockStatus.FlinkSessionJob = { lifecycleState: "STABLE", jobStatus: { state: "RUNNING" } };
        const doc = sessionJob();
        const job = new FlinkSessionJob("clicks", { metadata: doc.metadata, spec: doc.spec });
        assert.strictEqual(await valueOf(job.jobState), "RUNNING");
        assert.strictEqual(await valueOf(job.lifecycleState), "STABLE");
        await settle();
        assert.strictEqual(
            customResources("FlinkSessionJob")[0].inputs.metadata.annotations["pulumi.com/waitFor"],
            "jsonpath={.status.jobStatus.state}=RUNNING",
        );
    });

    it("refuses a jarURI on a private address", () => {
        const doc = sessionJob();
        doc.spec.job.jarURI = "https://10.0.0.5/jobs/x.jar";
        assert.throws(
            () => new FlinkSessionJob("clicks", { metadata: doc.metadata, spec: doc.spec }),
            /spec\.job\.jarURI: jarURI host '10\.0\.0\.5' resolves to a restricted address/,
        );
    });
});

describe("FlinkStateSnapshot component", () => {
    beforeEach(resetRegistered);

    it("registers the snapshot, waits for COMPLETED and outputs state and path", async () => {
        mockStatus.FlinkStateSnapshot = { state: "COMPLETED", path: "s3://bucket/savepoints/sp-1" };
        const doc = savepointSnapshot();
        const snap = new FlinkStateSnapshot("orders-sp", { metadata: doc.metadata, spec: doc.spec });
        assert.strictEqual(await valueOf(snap.state), "COMPLETED");
        assert.strictEqual(await valueOf(snap.path), "s3://bucket/savepoints/sp-1");
        await settle();
        const cr = customResources("FlinkStateSnapshot")[0];
        assert.deepStrictEqual(cr.inputs.spec, doc.spec);
        assert.strictEqual(cr.inputs.metadata.annotations["pulumi.com/waitFor"], "jsonpath={.status.state}=COMPLETED");
    });

    it("refuses a snapshot with both savepoint and checkpoint", () => {
        const doc = savepointSnapshot();
        doc.spec.checkpoint = {};
        assert.throws(() => new FlinkStateSnapshot("both", { spec: doc.spec }), /spec: Exactly one of checkpoint or savepoint configurations has to be set/);
    });
});

describe("FlinkSessionJob deploymentUrn: the deployment option by URN, for other languages", () => {
    beforeEach(resetRegistered);

    const jobSpec = () => {
        const spec = sessionJob().spec;
        delete spec.deploymentName;
        return spec;
    };

    it("takes deploymentName and namespace from the FlinkDeployment whose urn it is, and is created after it", async () => {
        const cluster = sessionCluster();
        const dep = new FlinkDeployment("sessions", { metadata: cluster.metadata, spec: cluster.spec, skipAwait: true });
        const job = new FlinkSessionJob("clicks", { spec: jobSpec(), skipAwait: true, deploymentUrn: dep.urn });
        await settle();
        const cr = customResources("FlinkSessionJob")[0];
        assert.strictEqual(cr.inputs.spec.deploymentName, "sessions");
        assert.strictEqual(cr.inputs.metadata.namespace, "flink");
        assert.strictEqual(cr.inputs.deploymentUrn, undefined, "the arg is not part of the manifest");
        assert.strictEqual(await valueOf(job.deploymentName), "sessions");
        assert.ok(
            dependencies.get("clicks")!.some((urn) => urn.endsWith("kubernetes:flink.apache.org/v1beta1:FlinkDeployment::sessions")),
            String(dependencies.get("clicks")),
        );
    });

    it("takes the URN as a string, as the component provider passes it once resolved", async () => {
        const dep = new FlinkDeployment("sessions", { metadata: { namespace: "streams" }, spec: sessionCluster().spec, skipAwait: true });
        const urn = await valueOf(dep.urn);
        await settleReferenceTargets(); // what the provider does before it builds a component given a URN string
        new FlinkSessionJob("clicks", { spec: jobSpec(), skipAwait: true, deploymentUrn: urn });
        await settle();
        const cr = customResources("FlinkSessionJob")[0];
        assert.strictEqual(cr.inputs.spec.deploymentName, "sessions");
        assert.strictEqual(cr.inputs.metadata.namespace, "streams");
        assert.ok(dependencies.get("clicks")!.some((u) => u.endsWith("FlinkDeployment::sessions")));
    });

    it("refuses at construction, before anything is registered, a deploymentUrn naming an application cluster", async () => {
        const app = new FlinkDeployment("orders", { spec: applicationDeployment().spec, skipAwait: true });
        await settle();
        resetRegistered();
        assert.throws(
            () => new FlinkSessionJob("clicks", { spec: jobSpec(), deploymentUrn: app.urn }),
            (err: Error) =>
                err instanceof FlinkValidationError &&
                /FlinkSessionJob "clicks" is invalid \(1 error\)[\s\S]*spec\.deploymentName: Can not submit session job to application cluster/.test(
                    err.message,
                ),
        );
        await settle();
        assert.deepStrictEqual(registered, []);
    });

    it("says so when a spec.deploymentName contradicts the deploymentUrn", () => {
        const dep = new FlinkDeployment("sessions", { spec: sessionCluster().spec, skipAwait: true });
        assert.throws(
            () => new FlinkSessionJob("clicks", { spec: { ...sessionJob().spec, deploymentName: "other" }, deploymentUrn: dep.urn }),
            /spec\.deploymentName is "other" but deploymentUrn is FlinkDeployment "sessions"/,
        );
    });

    it("refuses the option and the arg together, and URNs that are not of a FlinkDeployment of this program, naming the arg and what to pass", async () => {
        const dep = new FlinkDeployment("sessions", { spec: sessionCluster().spec, skipAwait: true });
        const snap = new FlinkStateSnapshot("snap", { spec: savepointSnapshot().spec, skipAwait: true });
        const refused: [pulumi.Input<string>, RegExp][] = [
            [
                dep.urn.apply((u) => u),
                /FlinkSessionJob "clicks" is invalid[\s\S]*\n {2}deploymentUrn: deploymentUrn is an Output that is not the `urn` of a FlinkDeployment built in this program \(or is derived from one/,
            ],
            [
                "urn:pulumi:test::test::flink:index:FlinkDeployment::elsewhere",
                /deploymentUrn: no FlinkDeployment with URN "urn:pulumi:test::test::flink:index:FlinkDeployment::elsewhere" was built in this program/,
            ],
            [
                "urn:pulumi:test::test::flink:index:AivenFlink::svc",
                /deploymentUrn: "urn:pulumi:test::test::flink:index:AivenFlink::svc" is the URN of a flink:index:AivenFlink, not of a FlinkDeployment/,
            ],
            [
                "sessions",
                /deploymentUrn: "sessions" is not a Pulumi URN\. Pass the `urn` output of a FlinkDeployment declared in the same program \(e\.g\. deploymentUrn: sessions\.urn; in Python deployment_urn=sessions\.urn\)/,
            ],
            [snap.urn, /deploymentUrn is an Output that is not the `urn` of a FlinkDeployment built in this program/],
        ];
        for (const [urn, message] of refused) assert.throws(() => new FlinkSessionJob("clicks", { spec: jobSpec(), deploymentUrn: urn }), message);
        assert.throws(
            () => new FlinkSessionJob("clicks", { spec: jobSpec(), deploymentUrn: dep.urn }, { deployment: dep }),
            /FlinkSessionJob "clicks" is invalid[\s\S]*\n {2}deploymentUrn: both the `deployment` option and deploymentUrn are given; they name the same FlinkDeployment: keep one of them\./,
        );
    });
});
