// Kept in step with package.json by __tests__/version.test.ts; sent in every User-Agent.
export const ACTION_NAME = 'doorflow-sync-action'
export const ACTION_VERSION = '1.0.0'
export const USER_AGENT = `${ACTION_NAME}/${ACTION_VERSION}`
