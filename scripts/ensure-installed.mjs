// Runs before `npm start` and `npm test`: on a fresh clone (or after package-lock.json changed) it
// installs the dependencies first, so the README's two commands are all a new user needs.
import { execSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'

const installed = 'node_modules/.package-lock.json'
const stale = !existsSync(installed) || statSync(installed).mtimeMs < statSync('package-lock.json').mtimeMs
if (stale) {
  console.log('installing dependencies (npm ci)…')
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' })
}
