// Jest globalSetup of the end-to-end project: those suites run `node dist/index.js`, so a
// bundle older than src/ would test old code while the diff under review looks tested.
import { recordedHash, sourceHash } from '../../script/source-hash.mjs'

export default function freshBundle() {
  if (recordedHash() !== sourceHash()) {
    const error = new Error('dist/ is older than src/: run npm run bundle')
    error.stack = error.message // one line, not a stack trace into this file
    throw error
  }
}
