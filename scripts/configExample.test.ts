/**
 * config/ops-center-config.json is what the RPM installs as %config(noreplace)
 * /etc/ovirt-engine/ui-plugins/ops-center-config.json. Installed as shipped it must change
 * nothing (the engine's reading of descriptor + override equals its reading of the descriptor
 * alone), and each documented setting must work when its line is uncommented, as the file says.
 * (A scripts/ test because it uses the engine stand-in's reader in dev/.)
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlugin, parseJsonWithComments } from '../dev/webadmin/descriptor';
import { CONFIG_RULES, DEFAULT_CONFIG, readConfig } from '../src/plugin-api/config';
import { DESCRIPTOR_SOURCE } from '../vite.config';

const EXAMPLE = resolve(import.meta.dirname, '../config/ops-center-config.json');
const example = readFileSync(EXAMPLE, 'utf8');
const descriptor = readFileSync(DESCRIPTOR_SOURCE, 'utf8');

/** The example's commented-out settings: `// "key": value` lines (with or without a comma). */
function commentedSettings(text: string): { line: number; key: string; value: unknown }[] {
  const out: { line: number; key: string; value: unknown }[] = [];
  text.split('\n').forEach((line, index) => {
    const m = /^\s*\/\/ ("[A-Za-z]+": .+?),?\s*$/.exec(line);
    if (!m?.[1]) return;
    const entry = JSON.parse(`{${m[1]}}`) as Record<string, unknown>;
    const [key, value] = Object.entries(entry)[0] ?? [];
    if (key !== undefined) out.push({ line: index, key, value });
  });
  return out;
}

function uncomment(text: string, line: number): string {
  const lines = text.split('\n');
  lines[line] = (lines[line] ?? '').replace('// ', '');
  return lines.join('\n');
}

describe('config/ops-center-config.json, the shipped override example', () => {
  it('loads exactly like no override file at all', () => {
    const withExample = loadPlugin(descriptor, example);
    const without = loadPlugin(descriptor, null);
    expect(withExample.problems).toEqual([]);
    expect(withExample.definition).not.toBeNull();
    expect(withExample.definition).toEqual(without.definition);
    expect(withExample.order).toBe(without.order);
    expect(readConfig(withExample.definition?.config)).toEqual({
      config: DEFAULT_CONFIG,
      warnings: [],
    });
  });

  it('sets nothing: no top-level key but an empty "config"', () => {
    // Explicit defaults would pin today's values in an edited copy that upgrades keep.
    const value = JSON.parse(
      example.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, ''),
    ) as unknown;
    expect(value).toEqual({ config: {} });
  });

  it('documents every setting, commented out, with its default', () => {
    const settings = commentedSettings(example);
    const inConfig = settings.filter((s) => s.key in CONFIG_RULES);
    expect(inConfig.map((s) => s.key).sort()).toEqual(Object.keys(CONFIG_RULES).sort());
    for (const s of inConfig) {
      expect(s.value, s.key).toBe(CONFIG_RULES[s.key as keyof typeof CONFIG_RULES].default);
    }
    expect(settings.map((s) => s.key)).toEqual(expect.arrayContaining(['enabled', 'order']));
  });

  it('each setting takes effect when its line is uncommented, with no other edit', () => {
    for (const s of commentedSettings(example)) {
      const text = uncomment(example, s.line);
      const loaded = loadPlugin(descriptor, text);
      expect(loaded.problems, s.key).toEqual([]);
      if (s.key === 'enabled') expect(loaded.definition?.enabled).toBe(s.value);
      else if (s.key === 'order') expect(loaded.order).toBe(s.value);
      else {
        // The override itself now carries the key (the merged value equals the default anyway).
        const { value } = parseJsonWithComments(text);
        expect(value, s.key).toMatchObject({ config: { [s.key]: s.value } });
        expect(Object.keys((value as { config: object }).config), s.key).toEqual([s.key]);
        expect(readConfig(loaded.definition?.config).warnings, s.key).toEqual([]);
      }
    }
  });
});
