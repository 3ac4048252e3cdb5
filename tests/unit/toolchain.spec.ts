/** The toolchain's Go check: the minimum is the Pulumi modules' go directive, patch included. */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const toolchain = require("../../../tools/toolchain.js");

describe("toolchain: the Go version check", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-flink-go-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    const fakeGo = (version: string) => {
        const file = path.join(dir, `go-${version}`);
        fs.writeFileSync(file, `#!/bin/sh\necho ${version}\n`, { mode: 0o755 });
        return file;
    };
    const minimum: string = toolchain.VERSIONS.go.minimum;
    it(`the minimum (${minimum}) is what pulumi pkg/v3 declares, so a CLI build can succeed`, () => {
        assert.match(minimum, /^\d+\.\d+\.\d+$/);
    });
    const cases: [string, boolean][] = [
        ["go1.24.9", false],
        ["go1.25.0", false],
        ["go1.25.10", false],
        [`go${minimum}`, true],
        ["go1.25.12", true],
        ["go1.26.8", true],
        ["go1.26rc1", true],
        ["go2.0.0", true],
        ["devel", false],
    ];
    for (const [version, ok] of cases) {
        it(`${version}: ${ok ? "accepted" : "refused with one line naming the minimum"}`, () => {
            if (ok) assert.strictEqual(toolchain.checkGo(fakeGo(version)), version);
            else assert.throws(() => toolchain.checkGo(fakeGo(version)), new RegExp(`need >= go${minimum.replace(/\./g, "\\.")}`));
        });
    }
});
