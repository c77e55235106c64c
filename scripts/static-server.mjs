// A tiny static file server for dist/: what `./lab serve` runs and what the
// browser tests start on a free port. No dependencies beyond Node itself.
//
//   node scripts/static-server.mjs <dir> [--port N] [--host H]
//
// Without --port it tries 8080 and falls back to any free port; with --port it
// uses exactly that port or fails. It prints the URL once it listens.

import { createServer } from "node:http";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

/** Resolves a request path inside `root`, or null when it would leave it. */
function fileFor(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath.split("?")[0]);
  } catch {
    return null;
  }
  const candidate = normalize(join(root, decoded));
  return candidate === root || candidate.startsWith(root + sep) ? candidate : null;
}

async function handle(root, request, response) {
  let file = fileFor(root, request.url ?? "/");
  if (file === null) {
    response.writeHead(400).end("bad path");
    return;
  }
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    file = join(file, "index.html");
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) {
    response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
    return;
  }
  response.writeHead(200, {
    "content-type": CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
    "content-length": info.size,
    // Always fresh: the lab is rebuilt in place while a tab stays open.
    "cache-control": "no-cache",
  });
  if (request.method === "HEAD") {
    response.end();
    return;
  }
  createReadStream(file).pipe(response);
}

function listen(server, port, host) {
  return new Promise((resolveListen, rejectListen) => {
    const onError = (error) => {
      server.off("listening", onListening);
      rejectListen(error);
    };
    const onListening = () => {
      server.off("error", onError);
      resolveListen(server.address().port);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}

/**
 * Serves `dir` on `host`. `port` 0 takes any free port; `fallbackToFree` takes
 * any free port when `port` is busy. Resolves to { url, close }.
 */
export async function startStaticServer(dir, { port = 0, host = "127.0.0.1", fallbackToFree = false } = {}) {
  const root = resolve(dir);
  const server = createServer((request, response) => {
    handle(root, request, response).catch((error) => {
      response.writeHead(500).end(String(error));
    });
  });
  let boundPort;
  try {
    boundPort = await listen(server, port, host);
  } catch (error) {
    if (!(fallbackToFree && error.code === "EADDRINUSE")) throw error;
    boundPort = await listen(server, 0, host);
  }
  const shownHost = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${boundPort}/`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

async function main(args) {
  const dir = args[0];
  const option = (name) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
  };
  if (!dir) {
    console.error("usage: static-server.mjs <dir> [--port N] [--host H]");
    process.exit(2);
  }
  const portOption = option("--port");
  const host = option("--host") ?? "127.0.0.1";
  const { url } = await startStaticServer(dir, {
    port: portOption === undefined ? 8080 : Number(portOption),
    host,
    fallbackToFree: portOption === undefined,
  }).catch((error) => {
    console.error(`static-server: cannot listen: ${error.message}`);
    process.exit(1);
  });
  console.log(`SG Lab is served at ${url}  (Ctrl-C stops it)`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main(process.argv.slice(2));
}
