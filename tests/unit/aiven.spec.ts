import "../support/aiven-mocks";
import * as assert from "assert";
import * as path from "path";
import { execFileSync } from "child_process";
import * as pulumi from "@pulumi/pulumi";
import { deferredFailure, settleUntil, dependencies, registered, resetRegistered, settle, valueOf, warnings } from "../support/mocks";
import { AIVEN_PASSWORD } from "../support/aiven-mocks";
import { AivenFlink, AivenFlinkArgs, AivenFlinkJarApplication, AivenFlinkSqlApplication, FlinkValidationError } from "../../components";
import { AIVEN_RULES, validateAiven } from "../../components/aiven/validate";
import { cidrError } from "../../components/rules";
import { settleReferenceTargets } from "../../components/base/references";

const FLINK = "aiven:index/flink:Flink";
const SECRET = "kubernetes:core/v1:Secret";

function minimal(extra: Partial<AivenFlinkArgs> = {}): AivenFlinkArgs {
    return { project: "my-aiven-project", plan: "business-4", ...extra };
}

const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A registered input as the mocked engine got it: secrets arrive wrapped, and are unwrapped here after checking. */
function revealed(value: any): any {
    assert.ok(value && value[pulumi.runtime.specialSigKey] === SECRET_SIG, `expected a secret, got ${JSON.stringify(value)}`);
    return value.value;
}

function only(type: string, name?: string) {
    const found = registered.filter((r) => r.type === type && (!name || r.name === name));
    assert.strictEqual(found.length, 1, `expected one ${type}${name ? ` named ${name}` : ""}, got ${found.length}`);
    return found[0];
}

/** The synchronous validation error of a construction. */
function refusal(run: () => void): FlinkValidationError {
    try {
        run();
    } catch (err) {
        assert.ok(err instanceof FlinkValidationError, `expected FlinkValidationError, got ${err}`);
        return err;
    }
    assert.fail("expected the args to be refused");
}

describe("AivenFlink component", () => {
    beforeEach(resetRegistered);

    it("registers the component, one aiven.Flink and one connection Secret, both children of the component", async () => {
        const svc = new AivenFlink("my-flink", minimal());
        await settle();
        assert.deepStrictEqual(
            registered.map((r) => r.type),
            ["flink:index:AivenFlink", FLINK, SECRET],
        );
        assert.strictEqual(await valueOf(svc.urn), "urn:pulumi:test::test::flink:index:AivenFlink::my-flink");
        assert.strictEqual(only(FLINK).name, "my-flink");
        assert.strictEqual(only(SECRET).name, "my-flink-connection");
    });

    it("passes every input through in @pulumi/aiven's shape", async () => {
        new AivenFlink("my-flink", {
            project: "my-aiven-project",
            plan: "business-4",
            cloudName: "google-europe-west1",
            serviceName: "orders-flink",
            maintenanceWindowDow: "sunday",
            maintenanceWindowTime: "11:00:00",
            terminationProtection: false,
            projectVpcId: "my-aiven-project/2a1b3c4d-0000-1111-2222-333344445555",
            tags: { team: "data", env: "prod" },
            technicalEmails: [{ email: "ops@example.com" }],
            diskSpace: "80GiB",
            userConfig: {
                flinkVersion: "1.20",
                numberOfTaskSlots: 10,
                ipFilter: [{ network: "10.20.0.0/16", description: "vpc" }, { network: "192.168.1.7" }],
                privatelinkAccess: { flink: true, prometheus: false },
                publicAccess: { flink: false },
                customCode: true,
                pekkoAskTimeoutS: 30,
                pekkoFramesizeB: 10485760,
                serviceLog: true,
                staticIps: false,
            },
        });
        await settle();
        const inputs = only(FLINK).inputs;
        assert.strictEqual(inputs.project, "my-aiven-project");
        assert.strictEqual(inputs.plan, "business-4");
        assert.strictEqual(inputs.cloudName, "google-europe-west1");
        assert.strictEqual(inputs.serviceName, "orders-flink");
        assert.strictEqual(inputs.maintenanceWindowDow, "sunday");
        assert.strictEqual(inputs.maintenanceWindowTime, "11:00:00");
        assert.strictEqual(inputs.terminationProtection, false);
        assert.strictEqual(inputs.projectVpcId, "my-aiven-project/2a1b3c4d-0000-1111-2222-333344445555");
        assert.strictEqual(inputs.diskSpace, "80GiB");
        assert.deepStrictEqual(inputs.tags, [
            { key: "team", value: "data" },
            { key: "env", value: "prod" },
        ]);
        assert.deepStrictEqual(inputs.techEmails, [{ email: "ops@example.com" }]);
        assert.deepStrictEqual(inputs.flinkUserConfig, {
            flinkVersion: "1.20",
            numberOfTaskSlots: 10,
            ipFilterObjects: [{ network: "10.20.0.0/16", description: "vpc" }, { network: "192.168.1.7" }],
            privatelinkAccess: { flink: true, prometheus: false },
            publicAccess: { flink: false },
            customCode: true,
            pekkoAskTimeoutS: 30,
            pekkoFramesizeB: 10485760,
            serviceLog: true,
            staticIps: false,
        });
        assert.strictEqual(inputs.serviceIntegrations, undefined);
    });

    it("passes Output values through once resolved and valid", async () => {
        new AivenFlink("my-flink", {
            project: pulumi.output("my-aiven-project"),
            plan: "business-4",
            tags: pulumi.output({ team: "data" }),
            userConfig: pulumi.output({ numberOfTaskSlots: 4, ipFilter: [{ network: "10.0.0.0/8" }] }),
            connInfoSecretTarget: pulumi.output({ name: "flink-secret", prefix: "F_" }),
        });
        await settleUntil(() => registered.some((r) => r.type === FLINK));
        const inputs = only(FLINK).inputs;
        assert.strictEqual(inputs.project, "my-aiven-project");
        assert.deepStrictEqual(inputs.tags, [{ key: "team", value: "data" }]);
        assert.deepStrictEqual(inputs.flinkUserConfig, { numberOfTaskSlots: 4, ipFilterObjects: [{ network: "10.0.0.0/8" }] });
        const secret = only(SECRET).inputs;
        assert.strictEqual(secret.metadata.name, "flink-secret");
        assert.ok("F_PASSWORD" in revealed(secret.stringData));
    });

    it("defaults: serviceName is the resource name, termination protection on, Secret named after the resource with FLINK_ keys", async () => {
        const svc = new AivenFlink("my-flink", minimal());
        await settle();
        const inputs = only(FLINK).inputs;
        assert.strictEqual(inputs.serviceName, "my-flink");
        assert.strictEqual(inputs.terminationProtection, true);
        const secret = only(SECRET).inputs;
        assert.strictEqual(secret.metadata.name, "my-flink");
        assert.strictEqual(secret.metadata.namespace, undefined);
        assert.strictEqual(secret.type, "Opaque");
        assert.deepStrictEqual(Object.keys(revealed(secret.stringData)).sort(), [
            "FLINK_HOST",
            "FLINK_HOSTS",
            "FLINK_PASSWORD",
            "FLINK_PORT",
            "FLINK_URI",
            "FLINK_USER",
        ]);
        assert.strictEqual(await valueOf(svc.connectionSecretName), "my-flink");
    });

    it("writes all six keys with the service's values (PORT included, HOSTS joined with commas)", async () => {
        new AivenFlink("my-flink", minimal());
        await settle();
        const host = "my-flink-my-aiven-project.a.aivencloud.com";
        assert.deepStrictEqual(revealed(only(SECRET).inputs.stringData), {
            FLINK_HOST: host,
            FLINK_PORT: "12693",
            FLINK_USER: "avnadmin",
            FLINK_PASSWORD: AIVEN_PASSWORD,
            FLINK_URI: `https://avnadmin:${AIVEN_PASSWORD}@${host}:12693`,
            FLINK_HOSTS: `${host}:12693,${host}:12694`,
        });
    });

    it("honours connInfoSecretTarget: name, namespace, labels, annotations and prefix (as-is)", async () => {
        const svc = new AivenFlink(
            "my-flink",
            minimal({
                connInfoSecretTarget: { name: "flink-secret", namespace: "apps", prefix: "ORDERS_FLINK_", labels: { baz: "egg" }, annotations: { foo: "bar" } },
            }),
        );
        await settle();
        const secret = only(SECRET).inputs;
        assert.deepStrictEqual(secret.metadata, { name: "flink-secret", namespace: "apps", labels: { baz: "egg" }, annotations: { foo: "bar" } });
        assert.deepStrictEqual(
            Object.keys(revealed(secret.stringData)).sort(),
            ["HOST", "HOSTS", "PASSWORD", "PORT", "URI", "USER"].map((k) => `ORDERS_FLINK_${k}`).sort(),
        );
        assert.strictEqual(revealed(secret.stringData).ORDERS_FLINK_USER, "avnadmin");
        assert.strictEqual(await valueOf(svc.connectionSecretName), "flink-secret");
    });

    it("an empty prefix gives bare keys", async () => {
        new AivenFlink("my-flink", minimal({ connInfoSecretTarget: { name: "s", prefix: "" } }));
        await settle();
        assert.deepStrictEqual(Object.keys(revealed(only(SECRET).inputs.stringData)).sort(), ["HOST", "HOSTS", "PASSWORD", "PORT", "URI", "USER"]);
    });

    it("connInfoSecretTargetDisabled: no Secret, no connectionSecretName", async () => {
        const svc = new AivenFlink("my-flink", minimal({ connInfoSecretTargetDisabled: true }));
        await settle();
        assert.deepStrictEqual(
            registered.map((r) => r.type),
            ["flink:index:AivenFlink", FLINK],
        );
        assert.strictEqual(await valueOf(svc.connectionSecretName), undefined);
        assert.strictEqual(await valueOf(svc.host), "my-flink-my-aiven-project.a.aivencloud.com");
    });

    it("outputs carry the service's connection details", async () => {
        const svc = new AivenFlink("my-flink", minimal({ serviceName: "orders" }));
        await settle();
        const host = "orders-my-aiven-project.a.aivencloud.com";
        assert.strictEqual(await valueOf(svc.serviceName), "orders");
        assert.strictEqual(await valueOf(svc.state), "RUNNING");
        assert.strictEqual(await valueOf(svc.host), host);
        assert.strictEqual(await valueOf(svc.port), 12693);
        assert.strictEqual(await valueOf(svc.user), "avnadmin");
        assert.strictEqual(await valueOf(svc.password), AIVEN_PASSWORD);
        assert.strictEqual(await valueOf(svc.uri), `https://avnadmin:${AIVEN_PASSWORD}@${host}:12693`);
        assert.deepStrictEqual(await valueOf(svc.hosts), [`${host}:12693`, `${host}:12694`]);
    });

    it("password, uri and hosts are secrets; host, port, user and state are not", async () => {
        const svc = new AivenFlink("my-flink", minimal());
        await settle();
        const secret: pulumi.Output<unknown>[] = [svc.password, svc.uri, svc.hosts];
        const plain: pulumi.Output<unknown>[] = [svc.host, svc.port, svc.user, svc.state, svc.serviceName];
        for (const out of secret) assert.strictEqual(await pulumi.isSecret(out), true);
        for (const out of plain) assert.strictEqual(await pulumi.isSecret(out), false);
    });

    it("the Secret's data is sent as a secret, and its outputs are secret", async () => {
        const requests: any[] = [];
        const monitor = (pulumi.runtime as any).getMonitor();
        const register = monitor.registerResource;
        monitor.registerResource = (req: any, cb: any) => {
            requests.push(req);
            return register(req, cb);
        };
        try {
            new AivenFlink("my-flink", minimal());
            await settle();
        } finally {
            monitor.registerResource = register;
        }
        const req = requests.find((r) => r.getType() === SECRET);
        const raw = req.getObject().toJavaScript();
        assert.strictEqual(raw.stringData[pulumi.runtime.specialSigKey], SECRET_SIG, "stringData is serialized as a secret");
        assert.ok(req.getAdditionalsecretoutputsList().includes("stringData"));
        assert.ok(req.getAdditionalsecretoutputsList().includes("data"));
        const flinkReq = requests.find((r) => r.getType() === FLINK);
        for (const field of ["servicePassword", "serviceUri", "flink"]) assert.ok(flinkReq.getAdditionalsecretoutputsList().includes(field), field);
        assert.strictEqual(flinkReq.getDeletebeforereplace(), true, "a fixed service name means delete before replace");
    });

    it("uses the aivenProvider and kubernetesProvider options for its children", async () => {
        const providers: { [name: string]: string } = {};
        const monitor = (pulumi.runtime as any).getMonitor();
        const register = monitor.registerResource;
        monitor.registerResource = (req: any, cb: any) => {
            providers[req.getType()] = req.getProvider();
            return register(req, cb);
        };
        try {
            class TestProvider extends pulumi.ProviderResource {}
            const aivenProvider = new TestProvider("aiven", "my-aiven", {});
            const kubernetesProvider = new TestProvider("kubernetes", "my-k8s", {});
            const svc = new AivenFlink("my-flink", minimal(), { aivenProvider, kubernetesProvider });
            new AivenFlinkSqlApplication("job", { statement: "INSERT INTO a SELECT * FROM b" }, { service: svc });
            await settle();
        } finally {
            monitor.registerResource = register;
        }
        assert.match(providers[FLINK], /pulumi:providers:aiven::my-aiven::/);
        assert.match(providers[SECRET], /pulumi:providers:kubernetes::my-k8s::/);
        assert.match(
            providers["aiven:index/flinkApplication:FlinkApplication"],
            /pulumi:providers:aiven::my-aiven::/,
            "applications inherit the service's Aiven provider",
        );
    });

    it("importing the package loads neither @pulumi/aiven nor @pulumi/kubernetes", () => {
        const entry = path.resolve(__dirname, "../../components/index.js");
        const out = execFileSync(
            process.execPath,
            [
                "-e",
                `require(${JSON.stringify(entry)}); console.log(Object.keys(require.cache).filter((k) => /@pulumi[\\\\/](aiven|kubernetes)[\\\\/]/.test(k)).length)`,
            ],
            { encoding: "utf8" },
        );
        assert.strictEqual(out.trim(), "0");
    });
});

describe("AivenFlink validation", () => {
    beforeEach(resetRegistered);

    /** One case per constraint: args, the rule and the field path expected. */
    const REFUSED: [string, any, string, string][] = [
        ["project missing", { plan: "business-4" }, "aiven-project", "project"],
        ["project with a dot", minimal({ project: "my.project" }), "aiven-project", "project"],
        ["project longer than 63", minimal({ project: "p".repeat(64) }), "aiven-project", "project"],
        ["plan missing", { project: "p" }, "aiven-plan", "plan"],
        ["plan longer than 128", minimal({ plan: "b".repeat(129) }), "aiven-plan", "plan"],
        ["cloudName longer than 256", minimal({ cloudName: "c".repeat(257) }), "aiven-cloud-name", "cloudName"],
        ["empty serviceName", minimal({ serviceName: "" }), "aiven-service-name", "serviceName"],
        ["maintenanceWindowDow not a day", minimal({ maintenanceWindowDow: "Sunday" }), "aiven-maintenance-window-dow", "maintenanceWindowDow"],
        ["maintenanceWindowTime not HH:mm:ss", minimal({ maintenanceWindowTime: "25:00:00" }), "aiven-maintenance-window-time", "maintenanceWindowTime"],
        ["maintenanceWindowTime without seconds", minimal({ maintenanceWindowTime: "11:00" }), "aiven-maintenance-window-time", "maintenanceWindowTime"],
        ["projectVpcId too long", minimal({ projectVpcId: "x".repeat(37) }), "aiven-project-vpc-id", "projectVpcId"],
        [
            "more than 10 technicalEmails",
            minimal({ technicalEmails: Array.from({ length: 11 }, (_, i) => ({ email: `a${i}@example.com` })) }),
            "aiven-technical-emails",
            "technicalEmails",
        ],
        ["technicalEmails entry not an address", minimal({ technicalEmails: [{ email: "ops" }] }), "aiven-technical-emails", "technicalEmails[0].email"],
        ["diskSpace not a size", minimal({ diskSpace: "80 TB" }), "aiven-disk-space", "diskSpace"],
        ["flinkVersion not a major version", minimal({ userConfig: { flinkVersion: "v1.20" } }), "aiven-flink-version", "userConfig.flinkVersion"],
        ["numberOfTaskSlots 0", minimal({ userConfig: { numberOfTaskSlots: 0 } }), "aiven-task-slots", "userConfig.numberOfTaskSlots"],
        ["numberOfTaskSlots 1025", minimal({ userConfig: { numberOfTaskSlots: 1025 } }), "aiven-task-slots", "userConfig.numberOfTaskSlots"],
        ["numberOfTaskSlots not an integer", minimal({ userConfig: { numberOfTaskSlots: 2.5 } }), "aiven-field-type", "userConfig.numberOfTaskSlots"],
        [
            "ipFilter network not a CIDR",
            minimal({ userConfig: { ipFilter: [{ network: "10.20.0.0/33" }] } }),
            "aiven-ip-filter",
            "userConfig.ipFilter[0].network",
        ],
        ["ipFilter network missing", minimal({ userConfig: { ipFilter: [{ description: "x" } as any] } }), "aiven-ip-filter", "userConfig.ipFilter[0].network"],
        [
            "ipFilter network longer than 43",
            minimal({ userConfig: { ipFilter: [{ network: "2001:0db8:0000:0000:0000:ff00:0042:8329/128x" }] } }),
            "aiven-ip-filter",
            "userConfig.ipFilter[0].network",
        ],
        [
            "ipFilter description longer than 1024",
            minimal({ userConfig: { ipFilter: [{ network: "10.0.0.0/8", description: "d".repeat(1025) }] } }),
            "aiven-ip-filter",
            "userConfig.ipFilter[0].description",
        ],
        [
            "more than 8000 ipFilter entries",
            minimal({ userConfig: { ipFilter: Array.from({ length: 8001 }, () => ({ network: "10.0.0.0/8" })) } }),
            "aiven-ip-filter",
            "userConfig.ipFilter",
        ],
        ["pekkoAskTimeoutS 4", minimal({ userConfig: { pekkoAskTimeoutS: 4 } }), "aiven-pekko-ask-timeout", "userConfig.pekkoAskTimeoutS"],
        ["pekkoAskTimeoutS 61", minimal({ userConfig: { pekkoAskTimeoutS: 61 } }), "aiven-pekko-ask-timeout", "userConfig.pekkoAskTimeoutS"],
        ["pekkoFramesizeB too small", minimal({ userConfig: { pekkoFramesizeB: 1048575 } }), "aiven-pekko-framesize", "userConfig.pekkoFramesizeB"],
        ["pekkoFramesizeB too large", minimal({ userConfig: { pekkoFramesizeB: 52428801 } }), "aiven-pekko-framesize", "userConfig.pekkoFramesizeB"],
        [
            "privatelinkAccess.flink not a boolean",
            minimal({ userConfig: { privatelinkAccess: { flink: "yes" as any } } }),
            "aiven-field-type",
            "userConfig.privatelinkAccess.flink",
        ],
        [
            "publicAccess.flink not a boolean",
            minimal({ userConfig: { publicAccess: { flink: 1 as any } } }),
            "aiven-field-type",
            "userConfig.publicAccess.flink",
        ],
        ["customCode not a boolean", minimal({ userConfig: { customCode: "true" as any } }), "aiven-field-type", "userConfig.customCode"],
        ["terminationProtection not a boolean", minimal({ terminationProtection: "false" as any }), "aiven-field-type", "terminationProtection"],
        ["tags value not a string", minimal({ tags: { n: 1 as any } }), "aiven-field-type", "tags.n"],
        [
            "operator snake_case key in userConfig",
            minimal({ userConfig: { number_of_task_slots: 10 } as any }),
            "aiven-unknown-field",
            "userConfig.number_of_task_slots",
        ],
        ["unknown top-level field", minimal({ powered: true } as any), "aiven-unknown-field", "powered"],
        [
            "serviceIntegrations",
            minimal({ serviceIntegrations: [{ integrationType: "read_replica", sourceServiceName: "other" }] }),
            "aiven-service-integrations",
            "serviceIntegrations",
        ],
        [
            "connInfoSecretTarget without name",
            minimal({ connInfoSecretTarget: { prefix: "X_" } as any }),
            "aiven-conn-info-secret-target",
            "connInfoSecretTarget.name",
        ],
        [
            "connInfoSecretTarget name not a Kubernetes name",
            minimal({ connInfoSecretTarget: { name: "Flink_Secret" } }),
            "aiven-conn-info-secret-target",
            "connInfoSecretTarget.name",
        ],
        [
            "connInfoSecretTarget namespace not a Kubernetes name",
            minimal({ connInfoSecretTarget: { name: "s", namespace: "Apps" } }),
            "aiven-conn-info-secret-target",
            "connInfoSecretTarget.namespace",
        ],
        [
            "connInfoSecretTarget prefix with a space",
            minimal({ connInfoSecretTarget: { name: "s", prefix: "MY FLINK_" } }),
            "aiven-conn-info-secret-target",
            "connInfoSecretTarget.prefix",
        ],
        [
            "connInfoSecretTargetDisabled an Output",
            minimal({ connInfoSecretTargetDisabled: pulumi.output(true) as any }),
            "aiven-conn-info-secret-disabled-known",
            "connInfoSecretTargetDisabled",
        ],
    ];

    for (const [title, args, rule, fieldPath] of REFUSED) {
        it(`refuses ${title} (${rule} at ${fieldPath}) before registering anything`, async () => {
            const err = refusal(() => new AivenFlink("my-flink", args));
            const match = err.findings.find((f) => f.rule === rule && f.path === fieldPath);
            assert.ok(match, `expected ${rule} at ${fieldPath}, got ${JSON.stringify(err.findings)}`);
            assert.strictEqual(match.kind, "AivenFlink");
            assert.strictEqual(match.name, "my-flink");
            assert.ok(err.message.includes(`${fieldPath}: `), err.message);
            await settle();
            assert.deepStrictEqual(registered, [], "nothing is registered");
        });
    }

    it("refuses a default Secret name that is not a Kubernetes name, unless the Secret is disabled", async () => {
        const err = refusal(() => new AivenFlink("My_Flink", minimal()));
        assert.ok(err.findings.some((f) => f.rule === "aiven-conn-info-secret-target" && /connInfoSecretTarget\.name/.test(f.message)));
        new AivenFlink("My_Flink", minimal({ connInfoSecretTargetDisabled: true }));
        await settle();
        assert.strictEqual(only(FLINK).inputs.serviceName, "My_Flink");
    });

    it("lists every problem in one error", () => {
        const err = refusal(
            () =>
                new AivenFlink("my-flink", {
                    project: "bad.project",
                    plan: "",
                    maintenanceWindowDow: "sun",
                    userConfig: { numberOfTaskSlots: 0, pekkoAskTimeoutS: 100 },
                } as any),
        );
        assert.deepStrictEqual(err.findings.map((f) => f.path).sort(), [
            "maintenanceWindowDow",
            "plan",
            "project",
            "userConfig.numberOfTaskSlots",
            "userConfig.pekkoAskTimeoutS",
        ]);
        assert.match(err.message, /^AivenFlink "my-flink" is invalid \(5 errors\); fix these and run again:/);
    });

    it("accepts the boundaries", async () => {
        new AivenFlink(
            "a",
            minimal({ project: "p".repeat(63), plan: "b".repeat(128), userConfig: { numberOfTaskSlots: 1, pekkoAskTimeoutS: 5, pekkoFramesizeB: 1048576 } }),
        );
        new AivenFlink(
            "b",
            minimal({
                userConfig: { numberOfTaskSlots: 1024, pekkoAskTimeoutS: 60, pekkoFramesizeB: 52428800 },
                maintenanceWindowTime: "23:59:59",
                projectVpcId: "2a1b3c4d-0000-1111-2222-333344445555",
                technicalEmails: Array.from({ length: 10 }, (_, i) => ({ email: `a${i}@example.com` })),
            }),
        );
        new AivenFlink("c", minimal({ userConfig: { ipFilter: [{ network: "2001:db8::/32" }, { network: "10.0.0.1" }] }, serviceIntegrations: [] }));
        await settle();
        assert.strictEqual(registered.filter((r) => r.type === FLINK).length, 3);
    });

    it("validates Output values on resolution, before the service is created", async () => {
        const err = await deferredFailure(
            () => new AivenFlink("my-flink", minimal({ project: pulumi.output("bad.project"), userConfig: { numberOfTaskSlots: pulumi.output(0) } })),
        );
        assert.ok(err instanceof FlinkValidationError, String(err));
        assert.deepStrictEqual((err as FlinkValidationError).findings.map((f) => f.path).sort(), ["project", "userConfig.numberOfTaskSlots"]);
        await settle();
        assert.strictEqual(registered.filter((r) => r.type === FLINK || r.type === SECRET).length, 0, "neither the service nor the Secret is created");
    });

    it("warns on an ipFilter open to every address, without refusing it", async () => {
        const messages = await warnings(
            () => new AivenFlink("my-flink", minimal({ userConfig: { ipFilter: [{ network: "0.0.0.0/0" }, { network: "::/0" }] } })),
        );
        assert.strictEqual(messages.filter((m) => m.includes("[aiven-ip-filter-open]")).length, 2, messages.join("\n"));
        assert.ok(messages[0].startsWith("userConfig.ipFilter[0].network: "));
        assert.strictEqual(registered.filter((r) => r.type === FLINK).length, 1);
    });

    it("warns on an open ipFilter given as an Output once it resolves", async () => {
        const messages = await warnings(() => new AivenFlink("my-flink", minimal({ userConfig: { ipFilter: pulumi.output([{ network: "0.0.0.0/0" }]) } })));
        await settleUntil(() => messages.some((m) => m.includes("[aiven-ip-filter-open]")));
        assert.strictEqual(messages.filter((m) => m.includes("[aiven-ip-filter-open]")).length, 1, messages.join("\n"));
    });

    it("warns on the deprecated Flink 1.16 and on a Secret target that is disabled", async () => {
        const messages = await warnings(
            () =>
                new AivenFlink(
                    "my-flink",
                    minimal({ userConfig: { flinkVersion: "1.16" }, connInfoSecretTarget: { name: "s" }, connInfoSecretTargetDisabled: true }),
                ),
        );
        assert.ok(
            messages.some((m) => m.includes("[aiven-flink-version-deprecated]")),
            messages.join("\n"),
        );
        assert.ok(
            messages.some((m) => m.includes("[aiven-conn-info-secret-disabled]")),
            messages.join("\n"),
        );
    });

    it("the rule table: unique kebab-case ids with descriptions; findings in the engine's Finding shape", () => {
        const ids = AIVEN_RULES.map((r) => r.id);
        assert.strictEqual(new Set(ids).size, ids.length);
        for (const r of AIVEN_RULES) {
            assert.match(r.id, /^aiven(-[a-z0-9]+)+$/);
            assert.ok(r.description.length > 10, r.id);
        }
        const { findings, deferred } = validateAiven("AivenFlink", "x", { project: "p", plan: "b", userConfig: { numberOfTaskSlots: 0 } });
        assert.deepStrictEqual(findings, [
            { rule: "aiven-task-slots", severity: "error", path: "userConfig.numberOfTaskSlots", message: findings[0].message, kind: "AivenFlink", name: "x" },
        ]);
        assert.deepStrictEqual(deferred, []);
    });

    it("CIDR parsing", () => {
        for (const ok of ["10.20.0.0/16", "0.0.0.0/0", "1.2.3.4", "2001:db8::/32", "::/0"]) assert.strictEqual(cidrError(ok), undefined, ok);
        for (const bad of ["10.20.0.0/33", "10.20.0/16", "example.com", "10.0.0.0/16/1", "::/129", "1.2.3.4/-1"]) assert.ok(cidrError(bad), bad);
    });
});

describe("Aiven Flink applications", () => {
    beforeEach(resetRegistered);

    it("an SQL application: application, version and deployment, parented to the service, after the service", async () => {
        const svc = new AivenFlink("my-flink", minimal({ serviceName: "orders" }));
        const app = new AivenFlinkSqlApplication(
            "enrich",
            {
                statement: "INSERT INTO sink SELECT * FROM source",
                sources: [{ createTable: "CREATE TABLE source (...)", integrationId: "int-1" }],
                sinks: [{ createTable: "CREATE TABLE sink (...)" }],
                deployment: { parallelism: 4, restartEnabled: true, startingSavepoint: "s3://sp/1" },
            },
            { service: svc },
        );
        await settle();
        only("flink:index:AivenFlinkSqlApplication");
        assert.strictEqual(await valueOf(app.urn), "urn:pulumi:test::test::flink:index:AivenFlink$flink:index:AivenFlinkSqlApplication::enrich");
        const application = only("aiven:index/flinkApplication:FlinkApplication").inputs;
        assert.deepStrictEqual(application, { project: "my-aiven-project", serviceName: "orders", name: "enrich" });
        const version = only("aiven:index/flinkApplicationVersion:FlinkApplicationVersion").inputs;
        assert.strictEqual(version.applicationId, "app-enrich");
        assert.strictEqual(version.statement, "INSERT INTO sink SELECT * FROM source");
        assert.deepStrictEqual(version.source, [{ createTable: "CREATE TABLE source (...)", integrationId: "int-1" }]);
        assert.deepStrictEqual(version.sink, [{ createTable: "CREATE TABLE sink (...)" }]);
        const deployment = only("aiven:index/flinkApplicationDeployment:FlinkApplicationDeployment").inputs;
        assert.deepStrictEqual(deployment, {
            project: "my-aiven-project",
            serviceName: "orders",
            applicationId: "app-enrich",
            versionId: "ver-enrich-version",
            parallelism: 4,
            restartEnabled: true,
            startingSavepoint: "s3://sp/1",
        });
        assert.strictEqual(await valueOf(app.deploymentId), "dep-enrich-deployment");
        assert.strictEqual(await valueOf(app.versionId), "ver-enrich-version");
        // Destroy order follows dependencies: the deployment depends on the service, so it goes first.
        const flinkUrn = "urn:pulumi:test::test::flink:index:AivenFlink$aiven:index/flink:Flink::my-flink";
        assert.ok(dependencies.get("enrich-deployment")!.includes(flinkUrn), JSON.stringify(dependencies.get("enrich-deployment")));
        assert.ok(dependencies.get("enrich")!.includes(flinkUrn));
    });

    it("a JAR application: application, version uploading the jar, and deployment with entry class and args", async () => {
        const svc = new AivenFlink("my-flink", minimal({ userConfig: { customCode: true } }));
        const messages = await warnings(
            () =>
                new AivenFlinkJarApplication(
                    "wordcount",
                    {
                        applicationName: "word-count",
                        jarPath: "build/wordcount.jar",
                        entryClass: "org.example.WordCount",
                        programArgs: ["--input", "x"],
                        deployment: { parallelism: 128 },
                    },
                    { service: svc },
                ),
        );
        assert.deepStrictEqual(messages, []);
        assert.deepStrictEqual(only("aiven:index/flinkJarApplication:FlinkJarApplication").inputs, {
            project: "my-aiven-project",
            serviceName: "my-flink",
            name: "word-count",
        });
        assert.strictEqual(only("aiven:index/flinkJarApplicationVersion:FlinkJarApplicationVersion").inputs.source, "build/wordcount.jar");
        const deployment = only("aiven:index/flinkJarApplicationDeployment:FlinkJarApplicationDeployment").inputs;
        assert.deepStrictEqual(deployment, {
            project: "my-aiven-project",
            serviceName: "my-flink",
            applicationId: "jarapp-wordcount",
            versionId: "jarver-wordcount-version",
            entryClass: "org.example.WordCount",
            programArgs: ["--input", "x"],
            parallelism: 128,
        });
        assert.ok(dependencies.get("wordcount-deployment")!.some((u) => u.endsWith("aiven:index/flink:Flink::my-flink")));
    });

    it("a JAR application warns when its service does not enable customCode", async () => {
        const svc = new AivenFlink("my-flink", minimal());
        const messages = await warnings(() => new AivenFlinkJarApplication("wc", { jarPath: "a.jar" }, { service: svc }));
        assert.ok(
            messages.some((m) => m.includes("[aiven-jar-custom-code]")),
            messages.join("\n"),
        );
    });

    it("without the service option: project and serviceName from args; noDeployment skips the deployment", async () => {
        const app = new AivenFlinkSqlApplication("q", { project: "p", serviceName: "s", statement: "SELECT 1", noDeployment: true });
        await settle();
        assert.deepStrictEqual(
            registered.map((r) => r.type),
            [
                "flink:index:AivenFlinkSqlApplication",
                "aiven:index/flinkApplication:FlinkApplication",
                "aiven:index/flinkApplicationVersion:FlinkApplicationVersion",
            ],
        );
        assert.strictEqual(await valueOf(app.deploymentId), undefined);
    });

    const APP_REFUSED: [string, () => void, string, string][] = [
        [
            "SQL parallelism 0",
            () => new AivenFlinkSqlApplication("a", { project: "p", serviceName: "s", statement: "SELECT 1", deployment: { parallelism: 0 } }),
            "aiven-deployment-parallelism",
            "deployment.parallelism",
        ],
        [
            "SQL parallelism 129",
            () => new AivenFlinkSqlApplication("a", { project: "p", serviceName: "s", statement: "SELECT 1", deployment: { parallelism: 129 } }),
            "aiven-deployment-parallelism",
            "deployment.parallelism",
        ],
        [
            "JAR parallelism 129",
            () => new AivenFlinkJarApplication("a", { project: "p", serviceName: "s", jarPath: "a.jar", deployment: { parallelism: 129 } }),
            "aiven-deployment-parallelism",
            "deployment.parallelism",
        ],
        [
            "parallelism not an integer",
            () => new AivenFlinkJarApplication("a", { project: "p", serviceName: "s", jarPath: "a.jar", deployment: { parallelism: 1.5 } }),
            "aiven-field-type",
            "deployment.parallelism",
        ],
        ["no statement", () => new AivenFlinkSqlApplication("a", { project: "p", serviceName: "s", statement: " " }), "aiven-sql-statement", "statement"],
        [
            "a sink without CREATE TABLE",
            () => new AivenFlinkSqlApplication("a", { project: "p", serviceName: "s", statement: "SELECT 1", sinks: [{ createTable: "" }] }),
            "aiven-sql-statement",
            "sinks[0].createTable",
        ],
        ["no jarPath", () => new AivenFlinkJarApplication("a", { project: "p", serviceName: "s" } as any), "aiven-jar-path", "jarPath"],
        [
            "neither service option nor project",
            () => new AivenFlinkSqlApplication("a", { serviceName: "s", statement: "SELECT 1" }),
            "aiven-application-service",
            "project",
        ],
        [
            "neither service option nor serviceName",
            () => new AivenFlinkJarApplication("a", { project: "p", jarPath: "a.jar" }),
            "aiven-application-service",
            "serviceName",
        ],
    ];
    for (const [title, run, rule, fieldPath] of APP_REFUSED) {
        it(`refuses ${title} (${rule} at ${fieldPath})`, async () => {
            const err = refusal(run);
            assert.ok(
                err.findings.some((f) => f.rule === rule && f.path === fieldPath),
                JSON.stringify(err.findings),
            );
            await settle();
            assert.deepStrictEqual(registered, []);
        });
    }

    describe("serviceUrn: the service option by URN, for other languages", () => {
        it("an SQL application takes project and serviceName from the service, is parented to it and created after it", async () => {
            const svc = new AivenFlink("my-flink", minimal({ serviceName: "orders" }));
            const app = new AivenFlinkSqlApplication("enrich", { statement: "INSERT INTO sink SELECT * FROM source", serviceUrn: svc.urn });
            await settle();
            assert.strictEqual(await valueOf(app.urn), "urn:pulumi:test::test::flink:index:AivenFlink$flink:index:AivenFlinkSqlApplication::enrich");
            assert.deepStrictEqual(only("aiven:index/flinkApplication:FlinkApplication").inputs, {
                project: "my-aiven-project",
                serviceName: "orders",
                name: "enrich",
            });
            const flinkUrn = "urn:pulumi:test::test::flink:index:AivenFlink$aiven:index/flink:Flink::my-flink";
            assert.ok(dependencies.get("enrich-deployment")!.includes(flinkUrn), JSON.stringify(dependencies.get("enrich-deployment")));
            assert.ok(dependencies.get("enrich")!.includes(flinkUrn));
        });

        it("a JAR application from a URN string (as the component provider passes it) gets the service's checks too", async () => {
            const svc = new AivenFlink("my-flink", minimal());
            const urn = await valueOf(svc.urn);
            await settleReferenceTargets(); // what the provider does before it builds a component given a URN string
            resetRegistered();
            const messages = await warnings(() => new AivenFlinkJarApplication("wc", { jarPath: "a.jar", serviceUrn: urn }));
            assert.ok(
                messages.some((m) => m.includes("[aiven-jar-custom-code]")),
                messages.join("\n"),
            );
            assert.deepStrictEqual(only("aiven:index/flinkJarApplication:FlinkJarApplication").inputs, {
                project: "my-aiven-project",
                serviceName: "my-flink",
                name: "wc",
            });
            assert.ok(dependencies.get("wc-deployment")!.some((u) => u.endsWith("aiven:index/flink:Flink::my-flink")));
        });

        it("refuses the option and the arg together, and the URN of anything but an AivenFlink of this program, before registering anything", async () => {
            const svc = new AivenFlink("my-flink", minimal());
            await settle();
            resetRegistered();
            assert.throws(
                () => new AivenFlinkSqlApplication("both", { statement: "SELECT 1", serviceUrn: svc.urn }, { service: svc }),
                /AivenFlinkSqlApplication "both" is invalid[\s\S]*\n {2}serviceUrn: both the `service` option and serviceUrn are given; they name the same AivenFlink: keep one of them\./,
            );
            assert.throws(
                () => new AivenFlinkJarApplication("wrong", { jarPath: "a.jar", serviceUrn: "urn:pulumi:test::test::flink:index:FlinkOperator::never-built" }),
                /AivenFlinkJarApplication "wrong" is invalid[\s\S]*\n {2}serviceUrn: "urn:pulumi:test::test::flink:index:FlinkOperator::never-built" is the URN of a flink:index:FlinkOperator, not of an AivenFlink\. Pass the `urn` output of an AivenFlink declared in the same program \(e\.g\. serviceUrn: service\.urn; in Python service_urn=service\.urn\)/,
            );
            assert.throws(
                () => new AivenFlinkSqlApplication("derived", { statement: "SELECT 1", serviceUrn: svc.urn.apply((u) => u) }),
                /serviceUrn is an Output that is not the `urn` of an AivenFlink built in this program/,
            );
            await settle();
            assert.deepStrictEqual(registered, []);
        });
    });

    it("validates parallelism given as an Output before the deployment is created", async () => {
        const err = await deferredFailure(
            () => new AivenFlinkSqlApplication("a", { project: "p", serviceName: "s", statement: "SELECT 1", deployment: { parallelism: pulumi.output(200) } }),
        );
        assert.ok(err instanceof FlinkValidationError && err.findings[0].rule === "aiven-deployment-parallelism", String(err));
        await settle();
        // Only what depends on the late value waits for its validation (issue 12: known replace-forcing inputs of
        // the application and version stay known at preview); the deployment that carries it is never created.
        assert.strictEqual(registered.filter((r) => r.type.startsWith("aiven:index/flinkApplicationDeployment:")).length, 0);
    });
});
