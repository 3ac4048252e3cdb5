// Mocha root hooks for the e2e suite: tools (built once, cached under ~/.cache) and one shared control plane.
"use strict";
const harness = require("./harness");

exports.mochaHooks = {
    async beforeAll() {
        // A cold toolchain build happens here if `npm run tools` was not run first (up to ~45 min on 2 cores).
        this.timeout(60 * 60 * 1000);
        await harness.setUp();
    },
    async afterAll() {
        this.timeout(60 * 1000);
        await harness.tearDown();
    },
};
