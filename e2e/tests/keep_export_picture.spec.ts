// The diagram as a picture: the exported SVG holds the whole drawing (every subnet,
// resource and connection inside it, with a margin), none of the page's controls, and
// looks the same in a second renderer (librsvg's rsvg-convert); the PNG is drawn at 2×.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test, expect } from "../fixtures/lab";

test.use({ viewport: { width: 1280, height: 800 } });

test("the exported diagram is the whole drawing, without the page's controls, alike in Chromium and librsvg", async ({
  lab,
  browser,
}) => {
  await lab.page.emulateMedia({ reducedMotion: "reduce" });
  await lab.goto();
  for (const number of [1, 2, 3, 4]) await lab.fire(number);
  // Panned and zoomed in: the picture does not depend on the view.
  for (let i = 0; i < 3; i++) await lab.page.getByRole("button", { name: "Zoom in" }).click();

  const exported = async (item: string) => {
    await lab.page.getByTestId("export").click();
    const download = lab.page.waitForEvent("download");
    await lab.page.getByTestId(item).click();
    return readFileSync(await (await download).path());
  };
  const svg = (await exported("export-svg")).toString("utf8");
  const width = Number(/<svg[^>]* width="(\d+)"/.exec(svg)?.[1]);
  const height = Number(/<svg[^>]* height="(\d+)"/.exec(svg)?.[1]);
  expect(width).toBeGreaterThan(300);
  expect(height).toBeGreaterThan(300);

  const png = await exported("export-png");
  expect(png.readUInt32BE(16)).toBe(width * 2);
  expect(png.readUInt32BE(20)).toBe(height * 2);

  // The picture alone in a page of its own, at its own size.
  const page = await browser.newPage({ viewport: { width, height } });
  await page.setContent(`<!doctype html><body style="margin:0">${svg}</body>`);
  const contents = await page.evaluate(() => {
    const svg = document.querySelector("svg")!;
    const frame = svg.getBoundingClientRect();
    const boxes = Array.from(svg.querySelectorAll('[data-testid^="subnet-"], [data-testid^="node-"], [data-testid^="host-"], [data-testid^="vpc-"], [data-testid^="flow-"]'))
      .filter((e) => !e.getAttribute("data-testid")!.startsWith("flow-layer"))
      .map((e) => {
        const r = e.getBoundingClientRect();
        return { id: e.getAttribute("data-testid"), left: r.left - frame.left, top: r.top - frame.top, right: r.right - frame.left, bottom: r.bottom - frame.top };
      });
    const words = Array.from(svg.querySelectorAll("text")).map((t) => t.textContent);
    return { boxes, words };
  });
  for (const id of ["vpc-vpc-0a1b2c3d4e5f60001", "subnet-subnet-0a1b2c3d4e5f60001", "subnet-subnet-0a1b2c3d4e5f60002", "node-i-0a1b2c3d4e5f60001", "node-chapter-mysql", "flow-0", "flow-3"]) {
    expect(contents.boxes.map((b) => b.id)).toContain(id);
  }
  for (const box of contents.boxes) {
    expect(box.left, box.id!).toBeGreaterThanOrEqual(4);
    expect(box.top, box.id!).toBeGreaterThanOrEqual(4);
    expect(box.right, box.id!).toBeLessThanOrEqual(width - 4);
    expect(box.bottom, box.id!).toBeLessThanOrEqual(height - 4);
  }
  expect(contents.words).not.toContain("Hide");
  expect(contents.words).toContain("App Server");

  // The same picture in librsvg, against Chromium's: few pixels differ.
  const dir = mkdtempSync(join(tmpdir(), "sglab-export-"));
  writeFileSync(join(dir, "diagram.svg"), svg);
  execFileSync("rsvg-convert", ["-w", String(width), "-h", String(height), "-o", join(dir, "rsvg.png"), join(dir, "diagram.svg")]);
  const chromium = await page.screenshot({ clip: { x: 0, y: 0, width, height } });
  const librsvg = readFileSync(join(dir, "rsvg.png"));
  const differing = await page.evaluate(
    async ([a, b]) => {
      const pixels = async (data: string) => {
        const image = new Image();
        image.src = `data:image/png;base64,${data}`;
        await image.decode();
        const canvas = document.createElement("canvas");
        canvas.width = image.width;
        canvas.height = image.height;
        const context = canvas.getContext("2d")!;
        context.drawImage(image, 0, 0);
        return context.getImageData(0, 0, image.width, image.height).data;
      };
      const [x, y] = [await pixels(a), await pixels(b)];
      let differ = 0;
      for (let i = 0; i < x.length; i += 4) {
        const d = Math.max(Math.abs(x[i] - y[i]), Math.abs(x[i + 1] - y[i + 1]), Math.abs(x[i + 2] - y[i + 2]));
        if (d > 96) differ++;
      }
      return differ / (x.length / 4);
    },
    [chromium.toString("base64"), librsvg.toString("base64")],
  );
  expect(differing).toBeLessThan(0.02);
  await page.close();
});
