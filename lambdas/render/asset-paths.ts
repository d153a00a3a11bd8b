import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUNTIME_ENV } from '../config/runtime-environment.js';

/**
 * Where chart rendering finds its files.
 *
 * Deployed (FUNNEL_REVIEW_ASSET_DIR set, e.g. `<bundle>/assets`), the folder must hold:
 *   <assetDir>/index_bg.wasm                 copied from node_modules/@resvg/resvg-wasm/index_bg.wasm
 *   <assetDir>/fonts/Inter_400Regular.ttf    copied from the repo's assets/fonts/
 *   <assetDir>/fonts/Inter_700Bold.ttf
 * Locally (variable unset), fonts come from the repo's assets/fonts/ (found by walking up from this
 * module and from the working directory) and the wasm from node_modules.
 */
export const ASSET_LAYOUT = {
  wasm: 'index_bg.wasm',
  fonts: ['fonts/Inter_400Regular.ttf', 'fonts/Inter_700Bold.ttf'],
} as const;

export interface RenderAssetPaths {
  readonly wasm: string;
  readonly fonts: readonly string[];
}

export class RenderAssetNotFoundError extends Error {
  override readonly name = 'RenderAssetNotFoundError';
}

const WASM_MODULE = '@resvg/resvg-wasm/index_bg.wasm';

const repoRoots = (moduleUrl: string, cwd: string): string[] => {
  const roots: string[] = [];
  for (let dir = path.dirname(fileURLToPath(moduleUrl)); ; dir = path.dirname(dir)) {
    roots.push(dir);
    if (path.dirname(dir) === dir) break;
  }
  return [...roots, cwd];
};

const requireExisting = (file: string, what: string): string => {
  if (!existsSync(file)) throw new RenderAssetNotFoundError(`${what} not found at ${file}`);
  return file;
};

export const resolveRenderAssets = (
  env: Readonly<Record<string, string | undefined>> = process.env,
  moduleUrl: string = import.meta.url,
  cwd: string = process.cwd(),
): RenderAssetPaths => {
  const assetDir = env[RUNTIME_ENV.assetDir];
  if (assetDir) {
    const where = `${RUNTIME_ENV.assetDir}=${assetDir}`;
    return {
      wasm: requireExisting(path.join(assetDir, ASSET_LAYOUT.wasm), `resvg wasm (${where})`),
      fonts: ASSET_LAYOUT.fonts.map((font) => requireExisting(path.join(assetDir, font), `chart font (${where})`)),
    };
  }
  const roots = repoRoots(moduleUrl, cwd);
  const root = roots.find((dir) => existsSync(path.join(dir, 'assets', ASSET_LAYOUT.fonts[0])));
  if (!root) throw new RenderAssetNotFoundError(`chart fonts (assets/${ASSET_LAYOUT.fonts[0]}) not found above ${roots[0]} or in ${cwd}; set ${RUNTIME_ENV.assetDir}`);
  let wasm: string | undefined;
  try {
    wasm = createRequire(moduleUrl).resolve(WASM_MODULE);
  } catch {
    // Not resolvable from this module (bundled code): fall back to the repo's node_modules below.
    wasm = undefined;
  }
  return {
    wasm: requireExisting(wasm ?? path.join(root, 'node_modules', WASM_MODULE), 'resvg wasm'),
    fonts: ASSET_LAYOUT.fonts.map((font) => requireExisting(path.join(root, 'assets', font), 'chart font')),
  };
};
