import { BundledCatalog } from '../lib/adapters/snapshot/bundled-catalog.ts'
import { InvalidInputError, UnknownInstanceTypeError } from '../lib/errors.ts'
import { createInstanceTypesService } from '../lib/services/instance-types.ts'
import { createMaxPodsService } from '../lib/services/max-pods.ts'
import { type Command, parseCommand } from './grammar.ts'
import { renderInstanceTypes, renderMaxPods, renderNodeGroup } from './render.ts'
import { USAGE } from './usage.ts'

/** Exit status for a user's mistake (bad flag, unknown type), as documented in the README. */
export const EXIT_USAGE = 2

export async function run(tokens: readonly string[]): Promise<string> {
  const command = parseCommand(tokens)
  const instanceTypes = createInstanceTypesService(new BundledCatalog())
  const maxPods = createMaxPodsService(instanceTypes)
  return execute(command, instanceTypes, maxPods)
}

async function execute(
  command: Command,
  instanceTypes: ReturnType<typeof createInstanceTypesService>,
  maxPods: ReturnType<typeof createMaxPodsService>,
): Promise<string> {
  switch (command.name) {
    case 'help':
      return USAGE
    case 'version':
      return (await import('../package.json', { with: { type: 'json' } })).default.version
    case 'instance-types':
      return renderInstanceTypes(await instanceTypes.list({ family: command.family }), command.output)
    case 'max-pods': {
      const { selection, settings, output, explain } = command
      if (selection.kind === 'node-group') {
        return renderNodeGroup(await maxPods.forNodeGroup(selection.instanceTypes, settings), output, explain)
      }
      const results =
        selection.kind === 'all'
          ? await maxPods.forAll(settings)
          : await maxPods.forInstanceTypes(selection.instanceTypes, settings)
      return renderMaxPods(results, output, explain)
    }
  }
}

export async function main(tokens: readonly string[]): Promise<number> {
  try {
    process.stdout.write(`${await run(tokens)}\n`)
    return 0
  } catch (error) {
    if (error instanceof InvalidInputError || error instanceof UnknownInstanceTypeError) {
      process.stderr.write(`eks-ip-capacity: ${error.message}\n`)
      return EXIT_USAGE
    }
    process.stderr.write(`eks-ip-capacity: internal error: ${(error as Error).message}\n`)
    return 1
  }
}
