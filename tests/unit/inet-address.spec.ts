/**
 * jar-uri-host as java.net.InetAddress sees hosts: every spelling of each address class (a table), generated
 * spellings of random addresses (properties), the operator's switch to turn the check off, and credentials that must
 * never reach a message whatever the URI's form.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { validate } from "../../components/rules";
import { isRestrictedBytes, parseInetLiteral, restrictedAddress } from "../../components/core/java/inet-address";
import { maskCredentials } from "../../components/core/java/uri";
import { main } from "../../components/cli/main";
import { sessionCluster, sessionJob } from "../support/fixtures";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";

/** Every host of a class, in as many spellings as java.net.InetAddress.getByName reads. */
const SPELLINGS: { [klass: string]: string[] } = {
    loopback: [
        "127.0.0.1",
        "127.1",
        "127.0.1",
        "2130706433",
        "127.255.255.254",
        "127.000.000.001",
        "[::1]",
        "[0::1]",
        "[0:0:0:0:0:0:0:1]",
        "[0000::0001]",
        "[::0:1]",
        "[0:0::1]",
        "[0000:0000:0000:0000:0000:0000:0000:0001]",
        "[::ffff:127.0.0.1]",
        "[::ffff:7f00:1]",
        "[0:0:0:0:0:ffff:127.0.0.1]",
        "[::FFFF:7F00:0001]",
        "[0:0:0:0:0:FFFF:7f00:1]",
        "[::1%1]",
        "[::1%lo]",
        "[0::1%eth0]",
        "localhost",
        "LOCALHOST",
        "localhost.",
        "api.localhost",
        "Api.LocalHost.",
    ],
    any: ["0.0.0.0", "0", "0.0", "[::]", "[0::]", "[0:0:0:0:0:0:0:0]", "[::0]", "[0000::]", "[::ffff:0.0.0.0]", "[::ffff:0:0]"],
    linkLocal: [
        "169.254.169.254",
        "169.254.0.1",
        "169.254.43518",
        "2851995905",
        "[::ffff:a9fe:a9fe]",
        "[::ffff:169.254.169.254]",
        "[0:0:0:0:0:ffff:a9fe:a9fe]",
        "[fe80::1]",
        "[FE80::1%eth0]",
        "[fe80:0:0:0:0:0:0:1]",
        "[febf::1]",
        "[fe80::1%25]",
    ],
    siteLocal: [
        "10.0.0.1",
        "10.1",
        "10.255.255.255",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "192.168.0.0",
        "167772161",
        "[::ffff:10.0.0.1]",
        "[::ffff:a00:1]",
        "[::ffff:ac10:1]",
        "[::ffff:c0a8:101]",
        "[fec0::1]",
        "[FEFF::1]",
        "[fec0:0:0:0:0:0:0:1]",
    ],
    multicast: ["224.0.0.1", "239.255.255.255", "230.1.2.3", "[ff02::1]", "[FF00::]", "[::ffff:224.0.0.1]", "[::ffff:e000:1]"],
    allowed: [
        "8.8.8.8",
        "1.2.3.4",
        "172.15.255.255",
        "172.32.0.1",
        "192.169.0.1",
        "169.255.0.1",
        "240.0.0.1",
        "223.255.255.255",
        "0.1.2.3", // Java: only 0.0.0.0 is the any address
        "[2001:db8::1]",
        "[2001:DB8:0:0:0:0:0:1]",
        "[::ffff:8.8.8.8]",
        "[::2]",
        "[fc00::1]",
        "[fd12:3456::1]", // unique-local: not site-local for Java
        "[::127.0.0.1]",
        "[::a9fe:a9fe]", // IPv4-compatible: Java keeps them IPv6, and not loopback
        "example.com",
        "localhost.example.com",
        "mylocalhost",
        "repo.example.com.",
    ],
};

describe("jar-uri-host: restricted addresses as java.net.InetAddress reads them", () => {
    for (const [klass, hosts] of Object.entries(SPELLINGS)) {
        for (const host of hosts) {
            const restricted = klass !== "allowed";
            it(`${klass}: ${host} is ${restricted ? "refused" : "allowed"}`, () => {
                assert.strictEqual(restrictedAddress(host), restricted);
                const job = sessionJob();
                job.spec.job.jarURI = `https://${host}/jobs/x.jar`;
                const findings = validate([{ doc: job }, { doc: sessionCluster() }]).findings.filter((f) => f.rule === "jar-uri-host");
                assert.strictEqual(findings.length, restricted ? 1 : 0, JSON.stringify(findings));
                // Short IPv4 forms (127.1) are addresses to InetAddress but not hosts to java.net.URI: refused as hostless.
                const expected = /^\d+(\.\d+){1,2}$/.test(host)
                    ? "jarURI must include a host for http/https schemes"
                    : `jarURI host '${host}' resolves to a restricted address. `;
                if (restricted) assert.ok(findings[0].message.startsWith(expected), findings[0].message);
            });
        }
    }

    const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
    const hex4 = (n: number, upper: boolean, pad: boolean) => {
        const h = n.toString(16);
        const t = pad ? h.padStart(4, "0") : h;
        return upper ? t.toUpperCase() : t;
    };
    /** A random valid spelling of 16 bytes: any zero run compressed or not, padded or not, upper or lower case. */
    function spell(bytes: number[], choice: { upper: boolean; pad: boolean; compress: number; dotted: boolean }): string {
        const groups = Array.from({ length: 8 }, (_, i) => (bytes[2 * i] << 8) | bytes[2 * i + 1]);
        const words = groups.map((g) => hex4(g, choice.upper, choice.pad));
        let tailQuad: string | undefined;
        if (choice.dotted) tailQuad = `${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
        const head = tailQuad ? words.slice(0, 6) : words;
        // Runs of zero groups that could be compressed; pick one by `compress`.
        const runs: [number, number][] = [];
        for (let i = 0; i < head.length; i++) {
            if (groups[i] !== 0) continue;
            let j = i;
            while (j < head.length && groups[j] === 0) j++;
            runs.push([i, j]);
            i = j;
        }
        let text: string;
        if (runs.length && choice.compress % (runs.length + 1) !== runs.length) {
            const [a, b] = runs[choice.compress % (runs.length + 1)];
            text = `${head.slice(0, a).join(":")}::${head.slice(b).join(":")}`;
            if (tailQuad) text += (text.endsWith("::") ? "" : ":") + tailQuad;
        } else {
            text = head.join(":") + (tailQuad ? `:${tailQuad}` : "");
        }
        return `[${text}]`;
    }
    const choice = fc.record({ upper: fc.boolean(), pad: fc.boolean(), compress: fc.nat(5), dotted: fc.boolean() });

    it("every IPv6 spelling of an IPv4-mapped address is classified as that IPv4 address (property)", () => {
        fc.assert(
            fc.property(ipv4, choice, (v4, c) => {
                const bytes = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4];
                const host = spell(bytes, c);
                assert.deepStrictEqual(parseInetLiteral(host), v4, host);
                assert.strictEqual(restrictedAddress(host), restrictedAddress(v4.join(".")), host);
            }),
            { numRuns: 2000 },
        );
    });

    it("every spelling of a random IPv6 address parses to its bytes and classifies like them (property)", () => {
        // Zero-heavy addresses so that :: compression and the special classes come up often.
        const byte = fc.oneof(fc.constant(0), fc.constant(0), fc.constant(0xfe), fc.constant(0xff), fc.constant(1), fc.nat(255));
        fc.assert(
            fc.property(fc.array(byte, { minLength: 16, maxLength: 16 }), choice, (bytes, c) => {
                const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
                if (mapped) return; // covered above: Java turns it into IPv4
                const host = spell(bytes, c);
                assert.deepStrictEqual(parseInetLiteral(host), bytes, host);
                assert.strictEqual(restrictedAddress(host), isRestrictedBytes(bytes), host);
            }),
            { numRuns: 3000 },
        );
    });

    it("an operator with kubernetes.operator.user.artifacts.disallow-restricted-hosts: false allows them (config, option, CLI)", () => {
        const job = sessionJob();
        job.spec.job.jarURI = "http://10.0.0.5:8080/jobs/x.jar";
        const docs = [{ doc: job }, { doc: sessionCluster() }];
        const hostFindings = (options: object) => validate(docs, { allowedJarSchemes: ["http"], ...options }).findings.filter((f) => f.rule === "jar-uri-host");
        assert.strictEqual(hostFindings({}).length, 1, "refused by default");
        for (const value of ["false", "FALSE", false]) {
            assert.strictEqual(
                hostFindings({ defaultConfiguration: { "kubernetes.operator.user.artifacts.disallow-restricted-hosts": value } }).length,
                0,
                `config ${value}`,
            );
        }
        assert.strictEqual(
            hostFindings({ defaultConfiguration: { kubernetes: { operator: { user: { artifacts: { "disallow-restricted-hosts": "true" } } } } } }).length,
            1,
            "nested true keeps it",
        );
        assert.strictEqual(hostFindings({ disallowRestrictedHosts: false }).length, 0, "engine option");
        assert.strictEqual(
            hostFindings({ disallowRestrictedHosts: false, defaultConfiguration: { "kubernetes.operator.user.artifacts.disallow-restricted-hosts": "true" } })
                .length,
            0,
            "the option wins",
        );

        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-flink-hosts-"));
        try {
            fs.writeFileSync(path.join(dir, "job.yaml"), [job, sessionCluster()].map((d) => YAML.stringify(d)).join("---\n"));
            const cli = (args: string[]) => main(["validate", "--jar-schemes", "http", ...args, dir], { out: () => undefined, err: () => undefined });
            assert.strictEqual(cli([]), 1);
            assert.strictEqual(cli(["--allow-restricted-hosts"]), 0);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("jarURI messages never carry credentials, queries or fragments", () => {
    // Secrets with the characters that break naive masking: '@', ':', '/', '#', '?', '%'.
    const secret = fc.stringMatching(/^[A-Za-z0-9@:%!$&'()*+,;=~._-]{6,24}$/).filter((s) => /[A-Za-z0-9]{4}/.test(s));
    const forms: ((user: string, pw: string, token: string) => string)[] = [
        (u, p, t) => `https://${u}:${p}@repo.example.com/x.jar?sig=${t}`,
        (u, p, t) => `//${u}:${p}@repo.example.com/x.jar#${t}`,
        (u, p, t) => `jar:https://${u}:${p}@repo.example.com/x.jar!/a?token=${t}`,
        (u, p, t) => `https://${u}:${p}@10.0.0.1/x.jar#${t}`,
        (u, p, t) => `https://${u}:${p}@[::1]:8443/x jar?${t}`,
        (u, p, t) => `https://${u}:${p}@repo_x.example.com/x.jar?${t}`,
        (u, p, t) => `s3://${u}:${p}@bucket/x.jar#${t}`,
    ];
    it("whatever the URI's form and whatever the credentials contain (property)", () => {
        fc.assert(
            fc.property(secret, secret, secret, fc.nat(forms.length - 1), (user, pw, token, form) => {
                const job = sessionJob();
                job.spec.job.jarURI = forms[form](user, pw, token);
                const messages = validate([{ doc: job }, { doc: sessionCluster() }], { allowedJarSchemes: ["https"] })
                    .findings.map((f) => f.message)
                    .join("\n");
                for (const s of [pw, token]) {
                    const core = s.match(/[A-Za-z0-9]{4,}/g)!.sort((a, b) => b.length - a.length)[0];
                    assert.ok(!messages.includes(s), `secret ${s} in: ${messages}`);
                    if (core.length >= 6) assert.ok(!messages.includes(core), `part ${core} of ${s} in: ${messages}`);
                }
            }),
            { numRuns: 1500 },
        );
    });
    it("maskCredentials keeps what locates the problem", () => {
        assert.strictEqual(maskCredentials("https://u:p@ss@repo.example.com/x.jar?sig=1#frag"), "https://***@repo.example.com/x.jar?***#***");
        assert.strictEqual(maskCredentials("jar:https://u:pw@h/x.jar!/y"), "jar:https://***@h/x.jar!/y");
        assert.strictEqual(maskCredentials("//u:pw@h/x.jar"), "//***@h/x.jar");
        assert.strictEqual(maskCredentials("u:p@ss@h"), "***@h");
        assert.strictEqual(maskCredentials("https://repo.example.com/x.jar"), "https://repo.example.com/x.jar");
    });
});
