// A Flink platform on Kubernetes through the generated Go SDK: the Flink Kubernetes Operator, a session cluster
// running two session jobs, an application cluster with high availability, checkpoints and savepoint upgrades, and
// a savepoint of it. What TypeScript passes as resource options (`operator`, `deployment`) is passed here as args,
// OperatorUrn and DeploymentUrn (the components' URNs), with the same ordering and the same preview-time checks.
package main

import (
	"fmt"

	"github.com/pulumi-flink/pulumi-flink/sdk/go/flink"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		// A local chart directory (offline); unset: the chart from the Apache download repository.
		chartPath := cfg.Get("chartPath")
		// The operator's namespace; the Flink resources run there too, the one namespace it watches (the component
		// creates it, so this program needs no Kubernetes SDK).
		namespace := orDefault(cfg.Get("operatorNamespace"), "flink-operator")
		// "cert-manager" (default; cert-manager must be in the cluster) or "disabled".
		webhook := orDefault(cfg.Get("webhook"), "cert-manager")
		// true where nothing runs pods (a bare API server): don't wait for the operator or the jobs to be ready.
		skipAwait := cfg.GetBool("skipAwait")
		// Where HA metadata, checkpoints and savepoints go: a file system every Flink pod can reach.
		storage := orDefault(cfg.Get("storage"), "s3://flink")
		image := orDefault(cfg.Get("image"), "flink:1.20.0")

		hook := flink.OperatorWebhook(webhook)
		operatorArgs := &flink.FlinkOperatorArgs{
			Namespace:       pulumi.StringPtr(namespace),
			WatchNamespaces: pulumi.StringArray{pulumi.String(namespace)},
			Webhook:         &hook,
			SkipAwait:       pulumi.BoolRef(skipAwait),
		}
		if chartPath != "" {
			operatorArgs.ChartPath = pulumi.StringRef(chartPath)
		}
		operator, err := flink.NewFlinkOperator(ctx, "flink-operator", operatorArgs)
		if err != nil {
			return err
		}
		operatorUrn := operator.URN().ToStringOutput()

		resources := flink.ResourceArgs{Memory: pulumi.String("2048m"), Cpu: pulumi.Float64(1)}

		// A session cluster (no job): session jobs are submitted to it.
		sessions, err := flink.NewFlinkDeployment(ctx, "sessions", &flink.FlinkDeploymentArgs{
			Metadata: flink.ObjectMetaArgs{Namespace: pulumi.String(namespace)},
			Spec: flink.FlinkDeploymentSpecArgs{
				Image:        pulumi.String(image),
				FlinkVersion: flink.FlinkVersion_V1_20,
				JobManager:   flink.JobManagerSpecArgs{Resource: resources},
				TaskManager:  flink.TaskManagerSpecArgs{Resource: resources},
			},
			SkipAwait:   pulumi.BoolRef(skipAwait),
			OperatorUrn: operatorUrn,
		})
		if err != nil {
			return err
		}

		examples := "https://repo1.maven.org/maven2/org/apache/flink/flink-examples-streaming/1.20.0"
		// DeploymentUrn: fills spec.deploymentName and the namespace, checks at preview that `sessions` is a
		// session cluster, and creates the job after it.
		var jobs []*flink.FlinkSessionJob
		for _, j := range []struct{ name, jar string }{{"top-speed", "TopSpeedWindowing"}, {"window-join", "WindowJoin"}} {
			job, err := flink.NewFlinkSessionJob(ctx, j.name, &flink.FlinkSessionJobArgs{
				Spec: flink.FlinkSessionJobSpecArgs{
					Job: flink.JobSpecArgs{
						JarURI:      pulumi.String(fmt.Sprintf("%s/flink-examples-streaming-1.20.0-%s.jar", examples, j.jar)),
						Parallelism: pulumi.Int(1),
						UpgradeMode: flink.UpgradeModeStateless,
					},
				},
				SkipAwait:     pulumi.BoolRef(skipAwait),
				DeploymentUrn: sessions.URN().ToStringOutput(),
				OperatorUrn:   operatorUrn,
			})
			if err != nil {
				return err
			}
			jobs = append(jobs, job)
		}

		// An application cluster: two JobManagers (one standby) need Kubernetes HA; upgrades go through a savepoint.
		orders, err := flink.NewFlinkDeployment(ctx, "orders", &flink.FlinkDeploymentArgs{
			Metadata: flink.ObjectMetaArgs{Namespace: pulumi.String(namespace)},
			Spec: flink.FlinkDeploymentSpecArgs{
				Image:        pulumi.String(image),
				FlinkVersion: flink.FlinkVersion_V1_20,
				JobManager:   flink.JobManagerSpecArgs{Replicas: pulumi.Int(2), Resource: resources},
				TaskManager:  flink.TaskManagerSpecArgs{Resource: resources},
				Job: flink.JobSpecArgs{
					JarURI:      pulumi.String("local:///opt/flink/examples/streaming/StateMachineExample.jar"),
					Parallelism: pulumi.Int(2),
					UpgradeMode: flink.UpgradeModeSavepoint,
				},
			},
			HighAvailability: &flink.HighAvailabilityArgs{StorageDir: pulumi.String(storage + "/ha")},
			Checkpoints:      &flink.CheckpointArgs{Dir: pulumi.String(storage + "/checkpoints"), Interval: pulumi.String("60 s")},
			Savepoints:       &flink.SavepointArgs{Dir: pulumi.String(storage + "/savepoints"), PeriodicInterval: pulumi.String("6h")},
			SkipAwait:        pulumi.BoolRef(skipAwait),
			OperatorUrn:      operatorUrn,
		})
		if err != nil {
			return err
		}

		// A savepoint of the application, taken by the operator (into the savepoint directory above).
		snapshot, err := flink.NewFlinkStateSnapshot(ctx, "orders-savepoint", &flink.FlinkStateSnapshotArgs{
			Metadata: flink.ObjectMetaArgs{Namespace: pulumi.String(namespace)},
			Spec: flink.FlinkStateSnapshotSpecArgs{
				JobReference: flink.JobReferenceArgs{Kind: flink.JobKindFlinkDeployment, Name: orders.Name},
				Savepoint:    flink.SavepointSpecArgs{FormatType: flink.SavepointFormatTypeCanonical, DisposeOnDelete: pulumi.Bool(false)},
			},
			SkipAwait:   pulumi.BoolRef(skipAwait),
			OperatorUrn: operatorUrn,
		}, pulumi.DependsOn([]pulumi.Resource{orders}))
		if err != nil {
			return err
		}

		ctx.Export("operatorNamespaceName", operator.Namespace)
		ctx.Export("operatorRelease", operator.ReleaseName)
		ctx.Export("operatorVersion", operator.ChartVersion)
		ctx.Export("operatorStatus", operator.Status)
		ctx.Export("jobServiceAccount", operator.JobServiceAccount)
		ctx.Export("sessionCluster", sessions.Name)
		ctx.Export("sessionRestAddress", sessions.RestAddress)
		ctx.Export("sessionJobs", pulumi.StringArray{jobs[0].Name, jobs[1].Name})
		ctx.Export("sessionJobTarget", jobs[0].DeploymentName)
		ctx.Export("application", orders.Name)
		ctx.Export("applicationRestAddress", orders.RestAddress)
		ctx.Export("applicationLifecycle", orders.LifecycleState)
		ctx.Export("applicationJobState", orders.JobState)
		ctx.Export("savepoint", snapshot.Name)
		ctx.Export("savepointState", snapshot.State)
		ctx.Export("savepointPath", snapshot.Path)
		return nil
	})
}
