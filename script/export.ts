/**
 * `npm run export -- --out DIR`: a DoorFlow account as roster files whose plan against it changes
 * nobody's data or access (people without a system_id are adoptions that only give them one), to start door access as code from the building you have. Reads only; nothing is
 * written to DoorFlow. From another repository: `npm --prefix <clone of the action> run export
 * -- …`, the directory read from where it is run (terminal.ts). Token and API root come from the
 * environment, never from the command line, so they stay out of shell history.
 */
import { parseArgs } from 'node:util'
import { headcount, plural } from '../src/format.js'
import { realClock, stepContext } from '../src/net/context.js'
import { httpLog, httpProxy } from '../src/net/http.js'
import { PeopleClient, readAccount } from '../src/doorflow/people.js'
import { checkIdTemplate, DEFAULT_ID_TEMPLATE, exportRoster, SPLIT_KEYS, type SplitKey } from '../src/export/export.js'
import { leftOutLines, writeExportFiles } from '../src/export/run.js'
import { doorflowFromEnv, errorLine, exportPath, npmRun, runDirectory, runWhenStarted, shellWord } from './terminal.js'

const USAGE = `Usage: DOORFLOW_TOKEN=… npm run export -- --out DIR [options]
  from another repository: npm --prefix PATH_TO_THE_ACTION run export -- --out DIR
  (paths are read from the directory you run it in; absolute paths are taken too)

  --out DIR             a new or empty directory for the files (created when missing)
  --split KEY           department (default), group (each person's first group by name)
                        or none (one file, roster.yaml)
  --id-template TEXT    the system_id of a person without one; {id} is their DoorFlow id
                        (default ${DEFAULT_ID_TEMPLATE}); they also get doorflow_id, which
                        adopts them on the first apply

Environment:
  DOORFLOW_TOKEN     an access token with account.person.readonly, account.group.readonly
                     and account.role.readonly
  DOORFLOW_BASE_URL  the API root (default https://api.doorflow.com)

People whose DoorFlow data the roster refuses are left out and named (by DoorFlow id) on stderr.
Exit status: 0 exported, 1 DoorFlow or the directory failed, 2 usage.`

class UsageError extends Error {}

export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
  out: (line: string) => void,
  err: (line: string) => void = out
): Promise<number> {
  let values: { out?: string; split?: string; 'id-template'?: string; help?: boolean }
  try {
    values = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        split: { type: 'string' },
        'id-template': { type: 'string' },
        help: { type: 'boolean', short: 'h' }
      }
    }).values
    if (values.help) {
      out(USAGE)
      return 0
    }
    if (!values.out?.trim()) throw new UsageError('--out is required.')
    if (values.split && !SPLIT_KEYS.includes(values.split as SplitKey))
      throw new UsageError(`--split must be one of ${SPLIT_KEYS.join(', ')}.`)
    const template = values['id-template'] ?? DEFAULT_ID_TEMPLATE
    const why = checkIdTemplate(template)
    if (why) throw new UsageError(`--id-template ${why}`)
  } catch (e) {
    err(errorLine(e instanceof Error ? e.message : String(e)))
    err('')
    err(USAGE)
    return 2
  }
  const doorflow = doorflowFromEnv(env)
  if (!doorflow.ok) {
    err(errorLine(doorflow.message))
    return 2
  }
  const { token, baseUrl } = doorflow
  const base = runDirectory(env)
  const dir = exportPath(values.out, base)
  httpLog.debug = () => {}
  httpProxy.variables = name => env[name] // requests go by this terminal's proxy variables
  const limits = { maxAttempts: 5, timeoutMs: 300_000, requestTimeoutMs: 30_000 }
  const startedAt = Date.now()
  const ctx = stepContext(limits, startedAt, realClock, line => err(errorLine(line)))
  const read = await readAccount(ctx, new PeopleClient(baseUrl, token))
  if (!read.ok) {
    err(errorLine(`${read.message} No roster file was written.`))
    return 1
  }
  const { account } = read
  const result = exportRoster(account, {
    split: (values.split ?? 'department') as SplitKey,
    idTemplate: values['id-template'] ?? DEFAULT_ID_TEMPLATE
  })
  // Named one a line, capped: the rest are counted.
  for (const line of leftOutLines(result, 500)) err(errorLine(line))
  const written = writeExportFiles(dir.path, dir.workspace, result, '--out')
  if (!written.ok) {
    err(errorLine(`${written.message} Nothing was written.`))
    return 1
  }
  // Where the person can open them: relative to where they ran the command, or absolute as given.
  for (const path of written.paths) out(errorLine(dir.shown(path)))
  err(
    errorLine(
      `Exported ${result.people.toLocaleString('en-US')} of ${headcount(account.people.length)} to ${plural(written.paths.length, 'file')} ` +
        `(${account.requests} requests, ${Date.now() - startedAt} ms; ${result.leftOut.length} left out). ` +
        `Nothing was written to DoorFlow. Next: ${npmRun('plan', base)} -- --roster ${shellWord(values.out)} (it should plan no change but adoptions).`
    )
  )
  return 0
}

runWhenStarted(import.meta.url, main)
