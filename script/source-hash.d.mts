/** Types of source-hash.mjs, for the TypeScript scripts that check the bundle is fresh. */
export declare const ROOT: string
export declare const HASH_FILE: string
export declare function sourceHash(root?: string): string
export declare function recordedHash(root?: string): string | undefined
