import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// vitest runs every test in one process with one zone, so the property "same
// answer in every device zone" needs real child processes with TZ set.
// A string path: under happy-dom the global URL is the DOM's, not Node's.
const here = dirname(fileURLToPath(import.meta.url));
const probe = resolve(here, 'fixtures/tz-probe.ts');
const root = resolve(here, '../../..');

function runIn(tz: string): Promise<{ offset: number; lines: string[] }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', probe],
      { cwd: root, env: { ...process.env, TZ: tz }, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${tz}: ${err.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as { offset: number; lines: string[] });
      },
    );
  });
}

describe('time zone independence', () => {
  it('[CA3] deadlines, working days and clocks are identical under TZ=UTC, Asia/Shanghai and America/New_York', async () => {
    const [utc, shanghai, newYork] = await Promise.all([runIn('UTC'), runIn('Asia/Shanghai'), runIn('America/New_York')]);
    // The zones really differ (January: UTC 0, Beijing −480, New York +300 minutes).
    expect([utc.offset, shanghai.offset, newYork.offset]).toEqual([0, -480, 300]);
    expect(utc.lines.length).toBeGreaterThan(5000);
    expect(shanghai.lines).toEqual(utc.lines);
    expect(newYork.lines).toEqual(utc.lines);
    // Spot-check that the shared answer is the right one, not merely a shared mistake.
    expect(utc.lines).toContain('2025-10-01 false');
    expect(utc.lines).toContain('2025-10-11 true');
    expect(utc.lines).toContain('2025-09 2025-10-07T08:00:00.000Z');
  }, 60_000);
});
