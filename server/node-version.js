// Which Node the server needs, checked before anything else is loaded: below it the
// server would fail later with an obscure "No such built-in module: node:sqlite".
// Plain JavaScript so the oldest Node can run it; the minimum is package.json's `engines.node`.
import fs from 'node:fs';

/**
 * The `>=X.Y.Z` minimum in package.json, as numbers.
 * @param {string} packageJsonPath
 * @returns {number[]}
 */
export function minimumNode(packageJsonPath) {
	const range = JSON.parse(fs.readFileSync(packageJsonPath, 'utf8')).engines?.node ?? '';
	const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
	if (!match) throw new Error(`package.json engines.node should be ">=X.Y.Z", not "${range}"`);
	return match.slice(1, 4).map((part) => Number(part ?? 0));
}

/**
 * Null when `version` (such as process.version, "v24.22.3") is at least `minimum`,
 * else the message that says what to do.
 * @param {string} version
 * @param {number[]} minimum
 * @returns {string | null}
 */
export function unsupportedNode(version, minimum) {
	const have = version.replace(/^v/, '').split('.').map(Number);
	for (let i = 0; i < 3; i++) {
		if ((have[i] ?? 0) > (minimum[i] ?? 0)) return null;
		if ((have[i] ?? 0) < (minimum[i] ?? 0)) {
			return [
				`Plumbline needs Node ${minimum.join('.')} or newer (Node 24 LTS recommended); this is Node ${version.replace(/^v/, '')}.`,
				'Run it through npm (`npm start`): `npm install` puts Node 24 from the npm registry in node_modules/.bin,',
				'and npm scripts use that one. Or install Node 24 and run `node server/launch.js` with it.'
			].join('\n');
		}
	}
	return null;
}
