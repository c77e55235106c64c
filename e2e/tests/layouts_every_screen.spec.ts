// The lab on a laptop, a tablet held upright and a phone: what each layout gives the
// diagram and the panel, nothing sideways off the screen, the chapter's connections
// and Lesson 1's first steps done at each size, the splitter, and touch.
import type { Page } from "@playwright/test";
import { test, expect } from "../fixtures/lab";
import { DiagramPage, APP_SERVER } from "../fixtures/diagram_page";
import { LessonsPage } from "../fixtures/lessons_page";
import type { LabPage } from "../fixtures/lab_page";

type Box = { x: number; y: number; width: number; height: number };

async function box(page: Page, selector: string): Promise<Box> {
  const b = await page.locator(selector).first().boundingBox();
  expect(b, `${selector} is drawn`).not.toBeNull();
  return b as Box;
}

/** The page scrolls sideways by this much (0 when it fits). */
async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Every visible control whose box is not wholly across the screen's width, or, outside a
 * scrolling panel, not wholly on screen. */
async function controlsOffScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const off: string[] = [];
    const controls = document.querySelectorAll<HTMLElement>(
      'button, input, select, textarea, summary, [role="tab"], [role="separator"], a[href]',
    );
    for (const c of controls) {
      const r = c.getBoundingClientRect();
      const style = getComputedStyle(c);
      if (r.width === 0 || r.height === 0 || style.visibility === "hidden") continue;
      if (c.closest('[aria-hidden="true"], .menu-items')) continue;
      // A panel that scrolls, or the phone's row of tabs that scrolls sideways.
      const inScroller = c.closest(".side-panel-body") !== null;
      const inTabRow = c.closest('[role="tablist"]') !== null && getComputedStyle(c.closest('[role="tablist"]')!).overflowX === "auto";
      if (inTabRow) {
        const row = c.closest('[role="tablist"]')!.getBoundingClientRect();
        if (row.left >= -0.5 && row.right <= window.innerWidth + 0.5) continue;
      }
      const across = r.left >= -0.5 && r.right <= window.innerWidth + 0.5;
      const down = r.top >= -0.5 && r.bottom <= window.innerHeight + 0.5;
      if (!across || (!inScroller && !down)) {
        off.push(`${c.tagName.toLowerCase()} "${(c.getAttribute("aria-label") ?? c.textContent ?? "").trim().slice(0, 30)}" at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`);
      }
    }
    return off;
  });
}

async function fireTheChapter(lab: LabPage) {
  await lab.page.getByRole("tab", { name: "Connections" }).click();
  for (const [n, verdict] of [
    [1, "allowed"],
    [2, "allowed"],
    [3, "denied"],
    [4, "denied"],
  ] as const) {
    await lab.fireButton(n).scrollIntoViewIfNeeded();
    await lab.fire(n);
    await expect(lab.verdict(n)).toHaveAttribute("data-verdict", verdict);
  }
}

/** Lesson 1's first steps: started, read, the connections fired, and on to step 4. */
async function lessonOneFirstSteps(lab: LabPage) {
  const lessons = new LessonsPage(lab.page);
  await lessons.open();
  await lessons.start("01-security-groups", "Lesson 1: Security groups");
  await lessons.nextStep("what-is-a-security-group");
  await fireTheChapter(lab);
  // Steps 2 and 3 ask for those firings: firing them did them.
  await lessons.open();
  await lessons.expectStep("four-connections", "done");
  await lessons.expectStep("connection-4", "done");
  await lessons.expectProgress(3, 9);
}

/** The arrows drawn, each on the screen. */
async function arrowsOnScreen(page: Page) {
  const arrows = page.locator('[data-testid^="flow-"]:not([data-testid="flow-layer"])');
  await expect(arrows).toHaveCount(4);
  const size = page.viewportSize();
  for (const arrow of await arrows.all()) {
    const b = await arrow.boundingBox();
    expect(b).not.toBeNull();
    expect(b!.x).toBeGreaterThanOrEqual(-1);
    expect(b!.x + b!.width).toBeLessThanOrEqual(size!.width + 1);
  }
}

test.describe("a laptop, 1024×700", () => {
  test.use({ viewport: { width: 1024, height: 700 } });

  test("diagram and panel side by side, the panel one width on every tab", async ({ lab }) => {
    await lab.goto();
    const widths = new Set<number>();
    for (const name of ["Connections", "Security groups", "Network ACLs", "Details", "Who can reach", "Lessons"]) {
      await lab.page.getByRole("tab", { name }).click();
      widths.add(Math.round((await box(lab.page, ".side-panel")).width));
      expect(await sidewaysOverflow(lab.page)).toBe(0);
      expect(await controlsOffScreen(lab.page)).toEqual([]);
    }
    expect([...widths]).toHaveLength(1);
    const canvas = await box(lab.page, ".canvas");
    const panel = await box(lab.page, ".side-panel");
    expect(canvas.x + canvas.width).toBeLessThanOrEqual(panel.x);
    // Who can reach's grid has every column in the panel.
    await lab.page.getByRole("tab", { name: "Who can reach" }).click();
    const grid = lab.page.getByTestId("reach-grid");
    if ((await grid.count()) > 0) {
      const g = (await grid.boundingBox())!;
      expect(g.x + g.width).toBeLessThanOrEqual(panel.x + panel.width + 1);
    }
    await fireTheChapter(lab);
    await arrowsOnScreen(lab.page);
  });

  test("the splitter resizes the panel, the diagram refits, and the width is kept", async ({ lab }) => {
    await lab.goto();
    const splitter = lab.page.getByRole("separator", { name: "Side panel width" });
    const before = await box(lab.page, ".side-panel");
    const zoomBefore = await lab.page.getByTestId("zoom-level").textContent();
    const s = (await splitter.boundingBox())!;
    await lab.page.mouse.move(s.x + s.width / 2, s.y + 200);
    await lab.page.mouse.down();
    await lab.page.mouse.move(s.x + s.width / 2 - 150, s.y + 200, { steps: 5 });
    await lab.page.mouse.up();
    const after = await box(lab.page, ".side-panel");
    expect(after.width - before.width).toBeGreaterThan(140);
    // The diagram has less room, and is fitted to it.
    await expect(lab.page.getByTestId("zoom-level")).not.toHaveText(zoomBefore!);
    await expect(splitter).toHaveAttribute("aria-valuenow", String(Math.round(after.width)));

    // From the keyboard too.
    await splitter.focus();
    await lab.page.keyboard.press("ArrowLeft");
    await expect.poll(async () => Math.round((await box(lab.page, ".side-panel")).width)).toBe(Math.round(after.width) + 24);

    await lab.page.reload();
    await lab.title.waitFor();
    expect(Math.round((await box(lab.page, ".side-panel")).width)).toBe(Math.round(after.width) + 24);
  });
});

test.describe("a tablet upright, 820×1180, touch", () => {
  test.use({ viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: true });

  test("the diagram has the whole width and most of the height; the panel is a sheet under it", async ({ lab }) => {
    await lab.goto();
    const canvas = await box(lab.page, ".canvas");
    expect(canvas.width).toBeGreaterThan(815);
    expect(canvas.height).toBeGreaterThan(1180 * 0.45);
    const panel = await box(lab.page, ".side-panel");
    expect(panel.y).toBeGreaterThanOrEqual(canvas.y + canvas.height - 1);
    expect(await sidewaysOverflow(lab.page)).toBe(0);
    expect(await controlsOffScreen(lab.page)).toEqual([]);
    const zoom = parseFloat((await lab.page.getByTestId("zoom-level").textContent()) ?? "0");
    expect(zoom).toBeGreaterThanOrEqual(60);

    // The sheet folds to its tabs, giving the diagram the room, and opens from a tab.
    await lab.page.getByTestId("sheet-toggle").tap();
    await expect(lab.page.locator("#side-panel-body")).toBeHidden();
    expect((await box(lab.page, ".canvas")).height).toBeGreaterThan(canvas.height + 200);
    await lab.page.getByRole("tab", { name: "Connections" }).tap();
    await expect(lab.page.locator("#side-panel-body")).toBeVisible();

    await lessonOneFirstSteps(lab);
    await arrowsOnScreen(lab.page);
    expect(await sidewaysOverflow(lab.page)).toBe(0);
    expect(await controlsOffScreen(lab.page)).toEqual([]);
  });

  test("two fingers pinch to zoom, one finger drags a resource", async ({ lab }) => {
    await lab.goto();
    const d = new DiagramPage(lab.page);
    const cdp = await lab.page.context().newCDPSession(lab.page);
    const touch = (type: string, points: { x: number; y: number }[]) =>
      cdp.send("Input.dispatchTouchEvent", {
        type,
        touchPoints: points.map((p, id) => ({ x: p.x, y: p.y, id, radiusX: 4, radiusY: 4, force: 1 })),
      });
    const canvas = await box(lab.page, ".canvas");
    const zoom = async () => parseFloat((await lab.page.getByTestId("zoom-level").textContent()) ?? "0");

    // Pinch apart on an empty part of the canvas: zoomed in.
    const before = await zoom();
    const cy = canvas.y + canvas.height - 60;
    const cx = canvas.x + canvas.width / 2;
    await touch("touchStart", [{ x: cx - 40, y: cy }, { x: cx + 40, y: cy }]);
    for (let i = 1; i <= 8; i++) {
      await touch("touchMove", [{ x: cx - 40 - i * 15, y: cy }, { x: cx + 40 + i * 15, y: cy }]);
    }
    await touch("touchEnd", []);
    expect(await zoom()).toBeGreaterThan(before * 2);

    // Back to the fitted view, then one finger drags the App Server.
    await lab.page.getByRole("button", { name: "Fit to view" }).tap();
    const node = d.node(APP_SERVER);
    const start = await d.position(node);
    const b = (await node.locator(".node-halo").boundingBox())!;
    const from = { x: b.x + b.width / 2, y: b.y + b.height / 2 };
    await touch("touchStart", [from]);
    for (let i = 1; i <= 6; i++) await touch("touchMove", [{ x: from.x - i * 8, y: from.y + i * 6 }]);
    await touch("touchEnd", []);
    await expect.poll(async () => (await d.position(node)).x).toBeLessThan(start.x - 10);

    // A tap selects.
    await node.locator(".node-halo").tap();
    await expect(node).toHaveAttribute("aria-pressed", "true");
  });
});

test.describe("a phone, 390×844, touch", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("one of diagram and panel at a time, a clear switch, nothing off the screen", async ({ lab }) => {
    await lab.goto();
    expect(await sidewaysOverflow(lab.page)).toBe(0);
    expect(await controlsOffScreen(lab.page)).toEqual([]);
    // The panel first, over the whole width; the switch shows the diagram.
    const body = lab.page.locator("#side-panel-body");
    await expect(body).toBeVisible();
    const toggle = lab.page.getByTestId("sheet-toggle");
    await expect(toggle).toHaveAccessibleName("Diagram");
    await toggle.tap();
    await expect(body).toBeHidden();
    const canvas = await box(lab.page, ".canvas");
    expect(canvas.width).toBeGreaterThan(385);
    expect(canvas.height).toBeGreaterThan(844 * 0.5);
    expect(await controlsOffScreen(lab.page)).toEqual([]);

    // Any tab brings the panel back.
    await lab.page.getByRole("tab", { name: "Lessons" }).tap();
    await expect(body).toBeVisible();
    await lessonOneFirstSteps(lab);
    expect(await sidewaysOverflow(lab.page)).toBe(0);
    expect(await controlsOffScreen(lab.page)).toEqual([]);
    await toggle.tap();
    await arrowsOnScreen(lab.page);
  });
});
