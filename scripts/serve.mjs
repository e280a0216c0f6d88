// A tiny static file server for www/ on 127.0.0.1 (no dependencies).
//   node scripts/serve.mjs [ROOT] [PORT]       PORT 0 picks a free port
// Also importable (the e2e tests use it):
//   const { server, url } = await serve(root, port, { onRequest, mapFile })
// `onRequest(url)` sees every request; `mapFile(path, file)` may serve another file for a path.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export async function serve(root = 'www', port = 0, { onRequest = () => {}, mapFile = (_path, file) => file } = {}) {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    onRequest(req.url);
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(base, path));
      if (file !== base && !file.startsWith(base + sep)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      file = mapFile(path, file);
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] || 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  return { server, url: `http://127.0.0.1:${server.address().port}/` };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [root = 'www', port = '8000'] = process.argv.slice(2);
  const { url } = await serve(root, Number(port));
  console.log(`newsmark page on ${url} (Ctrl-C to stop)`);
}
