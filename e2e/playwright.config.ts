// Browser tests of the built site. `./lab test` builds dist/ first and runs
// these; each worker serves dist/ itself on a free port (fixtures/lab.ts).
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "./tests",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Two cores: one worker leaves the other for the browser.
  workers: 1,
  reporter: [["list"]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    browserName: "chromium",
    headless: true,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download cannot be used here.
      executablePath: process.env.SGLAB_CHROMIUM ?? "/usr/bin/chromium",
      // Playwright gives each launch a fresh temporary profile. The networking
      // flags keep Chromium from calling home on a machine with no internet.
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});
