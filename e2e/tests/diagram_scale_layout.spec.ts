import { test, expect } from "../fixtures/lab";
import { DiagramPage } from "../fixtures/diagram_page";
import { realisticLab } from "../bench/realistic_lab.mjs";

const WEB_A = "subnet-00000000000000000";
const APP_A = "subnet-00000000000000002";

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  a.x + 0.5 < b.x + b.width && b.x + 0.5 < a.x + a.width && a.y + 0.5 < b.y + b.height && b.y + 0.5 < a.y + a.height;
const inside = (a: Box, b: Box) =>
  a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.width <= b.x + b.width + 0.5 && a.y + a.height <= b.y + b.height + 0.5;

test("an imported lab of 1000 interfaces is drawn with every node on its own, inside its subnet, and subnets apart", async ({ lab }) => {
  test.setTimeout(120_000);
  const doc = realisticLab(1000);
  const subnetOf = new Map<string, string>(
    doc.SgLab.Resources.map((r: any) => [r.Id, doc.NetworkInterfaces.find((e: any) => e.NetworkInterfaceId === r.NetworkInterfaceIds[0]).SubnetId]),
  );
  await lab.goto();
  const d = new DiagramPage(lab.page);
  await d.importFile(doc);

  // The two crowded subnets (web-a, 100 servers; app-a, 200) opened; admin's are open already.
  await d.subnetToggle(WEB_A).click();
  await d.subnetToggle(APP_A).click();
  await expect(lab.page.locator('g.node[data-testid^="node-"]')).toHaveCount(100 + 200 + 50);
  await lab.page.getByRole("button", { name: "Fit to view" }).click();
  // Fit to view shows all of it.
  const canvas = (await lab.page.locator("svg.diagram").boundingBox())!;
  const vpcAtFit = (await lab.page.locator(".vpc-box").boundingBox())!;
  expect(inside(vpcAtFit, canvas)).toBe(true);

  // Zoomed in until names are drawn (at the fitting zoom they would be too small to
  // read, and only icons are drawn), so that the boxes below hold the labels too.
  const zoomIn = lab.page.getByRole("button", { name: "Zoom in" });
  while ((await lab.page.locator('g.node[data-testid^="node-"] .node-name').count()) === 0) await zoomIn.click();
  await expect(lab.page.locator('g.node[data-testid^="node-"] .node-name')).toHaveCount(350);

  // Every drawn node's box (icon, name, addresses and group badges) and every subnet's.
  const drawn = await lab.page.evaluate(() => {
    const box = (e: Element) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    return {
      nodes: [...document.querySelectorAll('g.node[data-testid^="node-"]')].map((e) => ({
        id: e.getAttribute("data-testid")!.slice("node-".length),
        box: box(e),
      })),
      subnets: [...document.querySelectorAll('g.subnet[data-testid^="subnet-"]')].map((e) => ({
        id: e.getAttribute("data-testid")!.slice("subnet-".length),
        box: box(e.querySelector(".subnet-box")!),
      })),
      vpc: box(document.querySelector(".vpc-box")!),
    };
  });
  expect(drawn.nodes).toHaveLength(350);
  expect(drawn.subnets).toHaveLength(10);
  const subnetBox = new Map(drawn.subnets.map((s) => [s.id, s.box]));

  for (const [i, a] of drawn.nodes.entries()) {
    expect(inside(a.box, subnetBox.get(subnetOf.get(a.id)!)!), `${a.id} inside its subnet`).toBe(true);
    for (const b of drawn.nodes.slice(i + 1)) {
      if (overlap(a.box, b.box)) throw new Error(`${a.id} and ${b.id} overlap: ${JSON.stringify([a.box, b.box])}`);
    }
  }
  for (const [i, a] of drawn.subnets.entries()) {
    expect(inside(a.box, drawn.vpc), `${a.id} inside the VPC`).toBe(true);
    for (const b of drawn.subnets.slice(i + 1)) expect(overlap(a.box, b.box), `${a.id} and ${b.id}`).toBe(false);
  }

});

test("a lab too big to read at the fitting zoom is drawn as icons; zooming in writes names, addresses and badges again", async ({ lab }) => {
  test.setTimeout(120_000);
  await lab.goto();
  const d = new DiagramPage(lab.page);
  await d.importFile(realisticLab(1000));
  await d.subnetToggle(WEB_A).click();
  const nodes = lab.page.locator('g.node[data-testid^="node-"]');
  const labels = lab.page.locator("g.node .node-name, g.node .node-ip, g.node .sg-badge");
  await lab.page.getByRole("button", { name: "Fit to view" }).click();
  expect(await nodes.count()).toBeGreaterThan(100);
  await expect(labels).toHaveCount(0);
  // A node still says what it is to a screen reader.
  await expect(nodes.first()).toHaveAttribute("aria-label", /\d+\.\d+\.\d+\.\d+/);

  const zoomIn = lab.page.getByRole("button", { name: "Zoom in" });
  while ((await lab.page.locator('g.node[data-testid^="node-"] .node-name').count()) === 0) await zoomIn.click();
  expect(await lab.page.locator('g.node[data-testid^="node-"] .node-name').count()).toBe(await nodes.count());
  expect(await lab.page.locator('g.node[data-testid^="node-"] .node-ip').count()).toBeGreaterThanOrEqual(await nodes.count());
  const zoom = Number((await lab.page.getByTestId("zoom-level").textContent())!.replace("%", ""));
  expect(zoom).toBeGreaterThanOrEqual(40);
});
