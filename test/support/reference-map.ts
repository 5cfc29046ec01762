/**
 * The reference a test compares a CLI process against: the map `repomap build --no-cache <args>`
 * prints in `cwd`, computed in the test's own process. The flags go through the CLI's own parser
 * and option resolution, then the same pipeline (buildRepoMap); only the process start is saved
 * (~1.5 s of CPU per reference, of which a test may need a dozen).
 */
import { createProgram } from '../../src/cli/main.js';
import { resolveBuildOptions, type RawBuildFlags } from '../../src/options/build-options.js';
import { buildRepoMap } from '../../src/session/build-map.js';

export async function noCacheMap(cwd: string, args: string[] = []): Promise<string> {
  const program = createProgram();
  const build = program.commands.find((command) => command.name() === 'build');
  if (!build) throw new Error('the CLI has no build command');
  let parsed: { paths: string[]; flags: RawBuildFlags } | undefined;
  build.action((paths: string[], flags: RawBuildFlags) => {
    parsed = { paths, flags };
  });
  await program.parseAsync(['build', '--no-cache', ...args], { from: 'user' });
  if (!parsed) throw new Error(`build ${args.join(' ')}: the arguments were not parsed`);
  const options = resolveBuildOptions(parsed.paths, parsed.flags, cwd);
  if (options.format !== 'text' || options.output) throw new Error('noCacheMap gives the text map on stdout only');
  const result = await buildRepoMap(options.build);
  if (result.text === '') throw new Error(`build --no-cache ${args.join(' ')} in ${cwd}: an empty map`);
  return result.text;
}
