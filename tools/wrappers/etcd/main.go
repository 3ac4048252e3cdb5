// The etcd server as a binary of its own: etcdmain.Main is what the upstream etcd binary runs.
// Built by tools/toolchain.js in a wrapper module that requires go.etcd.io/etcd/server/v3 at tools/versions.json etcd.version.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
