import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { TempProject } from '../helpers/project.js';

/** The commands (and aliases) `smig --help` lists: a completion script must name each one. */
function helpCommands(p: TempProject): string[] {
  const help = p.smig(['--help']).stdout;
  const section = help.slice(help.indexOf('Commands:'));
  return [...section.matchAll(/^ {2}([a-z|-]+)/gm)]
    .flatMap((m) => m[1]!.split('|'))
    .filter((c) => c !== 'help');
}

describe('smig completion', () => {
  const p = new TempProject('smig-completion-');
  afterAll(() => p.remove());
  const script = (shell: string) => {
    const r = p.smig(['completion', shell]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    return r.stdout;
  };

  it.each(['bash', 'zsh', 'fish'])('the %s script names every command and their options', (shell) => {
    const text = script(shell);
    const commands = helpCommands(p);
    expect(commands).toEqual(
      expect.arrayContaining(['new', 'push', 'migrate', 'sync', 'completion', 'mermaid']),
    );
    for (const command of commands) expect(text).toMatch(new RegExp(`\\b${command}\\b`));
    // Options of the program and of commands, spelled as each shell spells them.
    const option = (name: string) => (shell === 'fish' ? `-l ${name}` : `--${name}`);
    for (const name of [
      'allow-data-loss',
      'exit-code',
      'dry-run',
      'rolled-back',
      'detail',
      'url',
      'json',
      'watch',
    ])
      expect(text).toContain(option(name));
    // Choices of an option's value.
    expect(text).toContain('root namespace database');
  });

  it('the bash script parses, and completes commands, options and values', () => {
    const text = script('bash');
    expect(spawnSync('bash', ['-n'], { input: text }).status).toBe(0);
    const complete = (...words: string[]) => {
      const r = spawnSync(
        'bash',
        [
          '-c',
          `${text}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _smig_completion; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { encoding: 'utf8' },
      );
      expect(r.stderr).toBe('');
      return r.stdout.split('\n').filter((l) => l !== '');
    };
    expect(complete('smig', 'ro')).toEqual(['rollback']);
    expect(complete('smig', 'push', '--allow-d').sort()).toEqual(['--allow-data-loss', '--allow-drift']);
    expect(complete('smig', '--auth-level', 'd')).toEqual(['database']);
    expect(complete('smig', 'completion', '')).toEqual(['bash', 'zsh', 'fish']);
    // Options of another command are not offered.
    expect(complete('smig', 'status', '--dr')).toEqual([]);
  });

  it('an unknown or missing shell is a usage error', () => {
    const unknown = p.smig(['completion', 'ksh']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/'ksh' is invalid.*bash, zsh, fish/);
    expect(unknown.stdout).toBe('');
    expect(p.smig(['completion']).code).toBe(1);
  });
});
