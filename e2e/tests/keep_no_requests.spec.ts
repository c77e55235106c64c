import { test, expect } from "../fixtures/lab";
import { GroupsPage } from "../fixtures/groups_page";
import { KeepPage } from "../fixtures/keep_page";

test("the page asks for nothing but its own static files, under a policy with no inline script", async ({ lab, siteUrl }) => {
  const requested: string[] = [];
  lab.page.on("request", (r) => requested.push(r.url()));
  await lab.page.addInitScript(() => {
    (window as any).__violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await lab.goto();

  // Use the lab as a person would: fire, edit, share, export.
  await lab.fire(1);
  await expect(lab.verdict(1)).toHaveAttribute("data-verdict", "allowed");
  const groups = new GroupsPage(lab.page);
  await groups.open();
  await groups.create("no-requests", "Made offline", [{ type: "HTTPS", sourceType: "Anywhere-IPv4" }]);
  await new KeepPage(lab.page).copyLink();
  for (const item of ["export-aws", "export-terraform", "export-svg", "export-png"]) {
    await lab.page.getByTestId("export").click();
    const download = lab.page.waitForEvent("download");
    await lab.page.getByTestId(item).click();
    await download;
  }

  const origin = new URL(siteUrl).origin;
  const elsewhere = requested.filter((url) => !url.startsWith(origin) && !url.startsWith("blob:") && !url.startsWith("data:"));
  expect(elsewhere).toEqual([]);
  expect(await lab.page.evaluate(() => (window as any).__violations)).toEqual([]);

  // The policy is in the page, and the page has no inline script for it to allow.
  const policy = (await lab.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content")) ?? "";
  expect(policy).toContain("default-src 'self'");
  expect(policy).toContain("connect-src 'self'");
  const scriptSrc = policy.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src")) ?? "";
  expect(scriptSrc).not.toContain("unsafe-inline");
  const html = await (await lab.page.request.get(siteUrl)).text();
  for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) {
    expect(tag, "every script is a file").toMatch(/^<script\b[^>]*\bsrc=[^>]*>\s*<\/script>$/);
  }
});
