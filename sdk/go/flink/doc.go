// Apache Flink as code with Pulumi: typed, validated Flink Kubernetes Operator resources, the operator itself, and Aiven for Apache Flink.
package flink
