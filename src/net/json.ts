/** The JSON object in an answer's body; undefined when the body is not one (an array, a string, HTML…). */
export function parseJsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body)
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** The JSON array in an answer's body; undefined when the body is not one. */
export function parseJsonArray(body: string): unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(body)
    return Array.isArray(value) ? value : undefined
  } catch {
    return undefined
  }
}
