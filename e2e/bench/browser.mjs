// What the browser benchmarks share: Debian's Chromium launched as the tests launch
// it, a page on the served site that collects browser errors, and importing a lab
// through the Import dialog as a person would.
import { chromium } from "playwright-core";
import { startStaticServer } from "../../scripts/static-server.mjs";

/** Serves `dist` on a free port and starts headless Chromium. */
export async function start(dist) {
  const server = await startStaticServer(dist, { port: 0 });
  const browser = await chromium.launch({
    executablePath: process.env.SGLAB_CHROMIUM ?? "/usr/bin/chromium",
    // The networking flags keep Chromium from calling home on a machine with no internet.
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const close = async () => {
    await browser.close();
    await server.close();
  };
  return { server, browser, close };
}

/** A 1280×800 page on the lab, opened and rendered; `errors` collects what it logs. */
export async function openLab(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(url);
  await page.getByRole("heading", { level: 1 }).waitFor();
  return { page, errors };
}

/** Imports an AWS JSON document as a file through the Import dialog. */
export async function importLab(page, document) {
  await page.getByTestId("import").click();
  await page.getByTestId("import-file").setInputFiles({
    name: "lab.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(document)),
  });
  await page.getByText("The lab was imported").waitFor({ timeout: 120_000 });
}
