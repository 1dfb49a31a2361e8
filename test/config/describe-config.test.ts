import { describe, expect, it } from 'vitest';
import { describeConfig, loadConfig, maskUrlPassword } from '../../src/config/index.js';
import { project } from './helpers.js';

describe('describeConfig', () => {
  it('masks the password and a password inside the URL', async () => {
    const dir = project({
      'smig.config.json': '{ "url": "ws://root:hunter2@localhost:8000", "password": "s3cret" }',
    });
    const config = await loadConfig({ cwd: dir, env: {} });
    const settings = describeConfig(config, { showSecrets: false });
    const text = JSON.stringify(settings);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('s3cret');
    expect(settings.find((s) => s.name === 'url')).toEqual({
      name: 'url',
      value: 'ws://root:********@localhost:8000',
      source: 'config',
    });
    expect(settings.find((s) => s.name === 'password')?.value).toBe('********');
  });

  it('shows secrets on request', async () => {
    const config = await loadConfig({ cwd: project(), env: { SMIG_PASSWORD: 's3cret' } });
    const password = describeConfig(config, { showSecrets: true }).find((s) => s.name === 'password');
    expect(password).toEqual({ name: 'password', value: 's3cret', source: 'environment' });
  });

  it('leaves an unset password unset', async () => {
    const config = await loadConfig({ cwd: project(), env: {} });
    expect(describeConfig(config).find((s) => s.name === 'password')).toEqual({
      name: 'password',
      value: undefined,
      source: 'default',
    });
  });

  it.each([
    ['ws://localhost:8000', 'ws://localhost:8000'],
    ['ws://root@localhost', 'ws://root@localhost'],
    ['https://a:b@host/x', 'https://a:********@host/x'],
  ])('maskUrlPassword(%s)', (url, masked) => {
    expect(maskUrlPassword(url)).toBe(masked);
  });
});
