export const id = 912;
export const ids = [912];
export const modules = {

/***/ 9912:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runRoster: () => (/* binding */ runRoster)
});

// UNUSED EXPORTS: APPLY_SCOPES, CANCEL_SYNC_RESERVE_MS, MAX_ANNOTATIONS, annotate, guardPlan, loadRoster, planAgainstDoorFlow, planComments, summaryParts, unmanagedFailure

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 19 modules
var core = __webpack_require__(5321);
// EXTERNAL MODULE: ./src/report.ts
var report = __webpack_require__(665);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/net/retry.ts
var retry = __webpack_require__(7893);
// EXTERNAL MODULE: ./src/doorflow/client.ts
var doorflow_client = __webpack_require__(593);
// EXTERNAL MODULE: ./src/doorflow/operations.ts
var operations = __webpack_require__(4036);
// EXTERNAL MODULE: ./src/untrusted.ts
var untrusted = __webpack_require__(873);
// EXTERNAL MODULE: ./src/sign-in.ts + 1 modules
var sign_in = __webpack_require__(3896);
// EXTERNAL MODULE: ./src/signals.ts
var signals = __webpack_require__(970);
// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
// EXTERNAL MODULE: ./src/doorflow/people.ts
var people = __webpack_require__(8949);
// EXTERNAL MODULE: ./src/net/clock.ts
var net_clock = __webpack_require__(2881);
// EXTERNAL MODULE: ./src/net/json.ts
var net_json = __webpack_require__(4457);
// EXTERNAL MODULE: ./src/net/failure.ts
var failure = __webpack_require__(1333);
// EXTERNAL MODULE: ./src/net/errors.ts
var errors = __webpack_require__(3688);
// EXTERNAL MODULE: ./src/net/retry-policy.ts
var retry_policy = __webpack_require__(7124);
;// CONCATENATED MODULE: ./src/roster/plan.ts
/**
 * Whether a change **revokes**: it narrows someone's access in any way (a removal, `enabled:
 * false`, a lost group or role, a changed validity date), so the apply writes it, and waits for
 * DoorFlow's answer, before the first grant. Broader than guard.ts's `locksOut`, which is what
 * max-removals counts: a move from one group to another revokes but locks nobody out.
 */
function revokes(change) {
    if (change.kind === 'remove')
        return true;
    if (change.kind === 'create')
        return false;
    const m = change.memberships;
    const disables = change.fields.some(f => f.field === 'enabled' && f.to === false);
    const narrows = change.fields.some(f => f.field === 'valid_to' || f.field === 'valid_from');
    return disables || narrows || (m !== undefined && (m.groupsLost.length > 0 || m.rolesLost.length > 0));
}

;// CONCATENATED MODULE: ./src/roster/pool.ts
/**
 * A shared rate-limit gate: when DoorFlow answers one write with a 429, no write of the pool
 * starts until the time it named. Writes already in flight finish as they will (a 429 among
 * them only pushes the gate further). The gate never waits into a certain failure: a write
 * that would have to wait past the time left (`left`, the step's budget) is refused at once.
 */
class Gate {
    clock;
    left;
    until = 0;
    /** The answer that set `until`. */
    shutBy;
    constructor(clock, 
    /** Ms left of the step's budget; a wait as long is refused rather than slept. */
    left = () => Infinity) {
        this.clock = clock;
        this.left = left;
    }
    /**
     * Keeps every new write back until `at` (ms), because of `answer` (DoorFlow's 429); returns
     * how much longer than before the gate now stays shut.
     */
    close(at, answer) {
        const before = Math.max(this.until, this.clock.now());
        if (at <= before)
            return 0;
        this.until = at;
        this.shutBy = answer;
        return at - before;
    }
    /** When the gate opens again (ms); at or before now when it is open. */
    get opensAt() {
        return this.until;
    }
    /**
     * Resolves with undefined once the gate is open (or `signal` aborts); a gate closed further
     * while waiting is waited out too. When the gate stays shut for at least the time left, it
     * resolves at once with the answer that shut it, for the caller to take as this write's own:
     * DoorFlow has asked every write to wait longer than the step may run, so the write fails
     * now, naming DoorFlow's figure, instead of sleeping until the runner kills the step.
     */
    async pass(signal) {
        for (let wait = this.until - this.clock.now(); wait > 0 && !signal?.aborted; wait = this.until - this.clock.now()) {
            if (wait >= this.left())
                return this.shutBy;
            await this.clock.sleep(wait, signal);
        }
        return undefined;
    }
}
/**
 * Runs `work` on every item with at most `concurrency` at once, in the items' order of
 * starting. Before each start `stop()` is asked; once it names a reason no further item
 * starts (those in flight finish). Returns the indexes that never started.
 */
async function runPool(items, concurrency, work, stop = () => undefined) {
    let next = 0;
    const worker = async () => {
        while (next < items.length && stop() === undefined) {
            const index = next++;
            await work(items[index], index);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
    return Array.from({ length: items.length - next }, (_, i) => next + i);
}

;// CONCATENATED MODULE: ./src/roster/apply.ts
/**
 * Applying a plan: every change becomes one write to DoorFlow's people API, sent under the
 * project's retry policy by a small pool that shares one rate-limit gate. Revocations are
 * written, and answered, before any grant starts. A create is never blindly repeated: when
 * its answer is lost, the person is looked up by system_id first. Nothing here reads inputs
 * or fails the step: the caller gets every change's result and decides.
 */











/** Pure: the request for a change, exactly as the plan describes it. */
function writeFor(change) {
    switch (change.kind) {
        case 'create': {
            const body = { ...change.fields, system_id: change.systemId };
            body.group_ids = change.groups.map(g => g.id);
            body.role_ids = change.roles.map(r => r.id);
            return { method: 'POST', body };
        }
        case 'update':
        case 'adopt': {
            const body = change.kind === 'adopt' ? { system_id: change.systemId } : {};
            for (const f of change.fields)
                body[f.field] = f.to;
            if (change.memberships) {
                body.group_ids = change.memberships.groupIds;
                body.role_ids = change.memberships.roleIds;
            }
            return { method: 'PUT', personId: change.personId, body };
        }
        case 'remove':
            return change.mode === 'delete'
                ? { method: 'DELETE', personId: change.personId }
                : { method: 'PUT', personId: change.personId, body: { enabled: false } };
    }
}
/**
 * Time kept back from the writes, from the first one on, for the sync that carries them to the
 * doors: enough for a sync request, a retry after the 1 s backoff, and a third try when DoorFlow
 * answers in a second or two. Never more than a third of the budget, so a short budget still writes.
 */
const SYNC_RESERVE_MS = 10_000;
function syncReserveMs(timeoutMs) {
    return Math.max(0, Math.min(SYNC_RESERVE_MS, Math.floor(timeoutMs / 3)));
}
/** Writes and time needed before a pace is worth telling. */
const PACE_MIN_WRITES = 10;
const PACE_MIN_MS = 2000;
/**
 * Pure: the pace, from `done` writes finished in `applyingMs`, with `remaining` still to write and
 * `leftMs` before the sync reserve. `stepElapsedMs` (since the step began) and `reserveMs` size the
 * timeout-seconds to suggest, with a quarter kept spare for a slower DoorFlow.
 */
function pace(p) {
    if (p.done < PACE_MIN_WRITES || p.applyingMs < PACE_MIN_MS)
        return undefined;
    const perSecond = (p.done * 1000) / p.applyingMs;
    const etaMs = Math.ceil((p.remaining * 1000) / perSecond);
    if (etaMs <= p.leftMs)
        return { perSecond, etaMs, fits: true };
    const needMs = p.stepElapsedMs + etaMs * 1.25 + p.reserveMs;
    return { perSecond, etaMs, fits: false, timeoutSeconds: Math.ceil(needMs / 60_000) * 60 };
}
const PERSON_SCOPE = 'The token needs scope account.person to change people: re-authorize with it (npm run authorize) and store the new token.';
/** Carries out `plan` through `writer`: revocations first, then grants, each at most `concurrency` at a time. */
async function applyPlan(ctx, plan, writer, options) {
    const { clock, budget } = ctx;
    const startedAt = clock.now();
    const results = plan.changes.map(change => ({ change, status: 'not-attempted', log: [] }));
    const reserveMs = syncReserveMs(budget.timeoutMs);
    // Writes end `reserveMs` before the budget does: a request's timeout is cut to it, and no write
    // starts after it, so the sync after them always has its time.
    const outer = ctx.limit;
    const writeCtx = {
        ...ctx,
        limit: () => Math.min(outer ? outer() : Infinity, budget.timeoutMs - (clock.now() - budget.startedAt) - reserveMs)
    };
    const gate = new Gate(clock, () => (0,net_clock/* timeLeft */.f$)(writeCtx));
    const progress = new Progress(writeCtx, plan.changes.length, options.progressEveryMs ?? 10_000, reserveMs, options.warn);
    const stats = { requests: 0, rateLimited: 0, waitMs: 0 };
    let stopped;
    /** Wraps one request: waits for the gate, sends, and closes the gate for everyone on a 429. */
    const through = (request) => async (timeoutMs, signal) => {
        // A gate shut past the time for writes answers for DoorFlow at once: the write fails naming DoorFlow's wait.
        const refused = await gate.pass(signal);
        if (refused)
            return refused;
        const outcome = await request(Math.max(1, Math.min(timeoutMs, (0,net_clock/* timeLeft */.f$)(writeCtx))), signal);
        stats.requests++;
        if (outcome.kind === 'response' && outcome.status === 429) {
            stats.rateLimited++;
            const { hintMs, hintSource } = (0,retry_policy/* rateLimitHint */.Zh)(outcome.headers, outcome.body, clock.now());
            const longer = gate.close(clock.now() + (hintMs ?? 1000), outcome);
            stats.waitMs += longer;
            progress.rateLimited(longer, gate.opensAt - clock.now(), hintSource);
        }
        return outcome;
    };
    const stop = () => {
        if (stopped)
            return stopped;
        stopped = options.stop?.();
        if (stopped)
            return stopped;
        const reserved = `writes stop ${(0,format/* seconds */.YA)(reserveMs)} before timeout-seconds runs out, keeping that time for the sync that carries them to the doors`;
        if ((0,net_clock/* timeLeft */.f$)(writeCtx) <= 0) {
            stopped = (0,net_clock/* timeLeft */.f$)(ctx) <= 0 ? 'the time budget (timeout-seconds) ran out' : reserved;
        }
        else if (gate.opensAt - clock.now() >= (0,net_clock/* timeLeft */.f$)(writeCtx)) {
            stopped = `DoorFlow asked to wait ${(0,format/* seconds */.YA)(gate.opensAt - clock.now())}, longer than the time left for writes (${reserved})`;
        }
        return stopped;
    };
    const apply = async (index) => {
        const result = results[index];
        const log = (line) => result.log.push(line);
        Object.assign(result, await applyOne({ ...writeCtx, log }, result.change, writer, through, (0,format/* personLabel */.Cf)(result.change)));
        // A refused token refuses every write alike: the rest are left unattempted rather than sent to fail.
        if (result.httpStatus === 401 || result.httpStatus === 403)
            stopped ??= result.message;
        progress.finished(result.status);
    };
    // Revocations first: every one is answered before the first grant is sent.
    const order = plan.changes.map((change, index) => ({ change, index }));
    for (const phase of [order.filter(c => revokes(c.change)), order.filter(c => !revokes(c.change))]) {
        await runPool(phase, options.concurrency, ({ index }) => apply(index), stop);
    }
    for (const r of results)
        if (r.status === 'not-attempted' && stopped)
            r.log.push(`Not attempted: ${stopped}.`);
    const counts = { created: 0, updated: 0, removed: 0, adopted: 0, failed: 0, notAttempted: 0 };
    for (const r of results) {
        if (r.status === 'failed')
            counts.failed++;
        else if (r.status === 'not-attempted')
            counts.notAttempted++;
        else if (r.change.kind === 'create')
            counts.created++;
        else if (r.change.kind === 'update')
            counts.updated++;
        else if (r.change.kind === 'adopt')
            counts.adopted++;
        else
            counts.removed++;
    }
    const elapsedMs = clock.now() - startedAt;
    progress.summary(counts, stats.rateLimited, stats.waitMs, elapsedMs);
    const applied = results.length - counts.failed - counts.notAttempted;
    return {
        wrote: applied > 0 || results.some(r => r.maybeWritten),
        reserveMs,
        results,
        counts,
        requests: stats.requests,
        rateLimited: stats.rateLimited,
        rateLimitWaitMs: stats.waitMs,
        stopped,
        elapsedMs
    };
}
async function applyOne(ctx, change, writer, through, who) {
    const write = writeFor(change);
    const verb = { create: 'Creating', update: 'Updating', adopt: 'Adopting', remove: 'Removing' }[change.kind];
    const operation = (0,operations/* doorflowOperation */.qv)(`${verb} ${who}`, PERSON_SCOPE);
    let settled;
    if (write.method === 'POST') {
        settled = await create(ctx, operation, write.body, change.systemId, writer, through);
    }
    else {
        const send = write.method === 'PUT'
            ? (t, signal) => writer.updatePerson(write.personId, write.body, t, signal)
            : (t, signal) => writer.deletePerson(write.personId, t, signal);
        const r = await (0,retry/* withRetries */.L)(ctx, operation, through(send), { idempotent: true });
        if (r.cancelled)
            return interrupted(operation, r);
        // A DELETE repeated after an answer was lost finds the person already gone: that is the goal reached.
        const gone = write.method === 'DELETE' && r.attempts > 1 && statusOf(r.outcome) === 404;
        settled = r.ok || gone ? { status: 'applied', personId: write.personId } : apply_failure(operation, r);
    }
    const how = { POST: 'POST /api/3/people', PUT: 'PUT /api/3/people/', DELETE: 'DELETE /api/3/people/' }[write.method];
    const target = write.method === 'POST' ? '' : String(write.personId);
    ctx.log(settled.status === 'applied'
        ? `✓ ${operation.label}: ${how}${target} done${settled.personId !== undefined ? ` (person ${settled.personId})` : ''}.`
        : `✗ ${settled.message}`);
    return settled;
}
/**
 * POST under the retry policy, repeated at once only when it certainly did not arrive. When
 * the answer is lost (timeout, dropped connection, a gateway's 502/504), DoorFlow may have
 * created the person: it is looked up by system_id, and only when absent is the POST sent again.
 */
async function create(ctx, operation, body, systemId, writer, through) {
    // The roster's text, gated like every other word a log line takes from it.
    const shown = (0,untrusted/* untrusted */.bp)(systemId, 120);
    const lookUp = (0,operations/* doorflowOperation */.qv)(`Looking up ${shown} by system_id`, PERSON_SCOPE);
    for (let round = 1;; round++) {
        const r = await (0,retry/* withRetries */.L)(ctx, operation, through((t, signal) => writer.createPerson(body, t, signal)), {
            mayRepeat: retry_policy/* notProcessed */.gI
        });
        if (r.ok)
            return { status: 'applied', personId: personIdIn(r.outcome) };
        if (r.cancelled)
            return interrupted(operation, r);
        if (!answerLost(r.outcome))
            return apply_failure(operation, r);
        ctx.log(`${operation.label}: ${(0,failure/* describeOutcome */.SS)(r.outcome)}; the person may exist now, looking up ${shown}.`);
        const found = await (0,retry/* withRetries */.L)(ctx, lookUp, through((t, signal) => writer.findBySystemId(systemId, t, signal)), {
            idempotent: true
        });
        if (!found.ok) {
            return {
                status: 'failed',
                maybeWritten: true,
                message: `${operation.label} failed: ${(0,failure/* describeOutcome */.SS)(r.outcome)}, and looking the person up failed too (${found.message}). ` +
                    'The person may or may not exist: run again, and the plan will show which.'
            };
        }
        const id = matchingPerson(found.outcome, systemId);
        if (id !== undefined) {
            ctx.log(`${operation.label}: DoorFlow has person ${id} with system_id ${shown}: created, not sent again.`);
            return { status: 'applied', personId: id };
        }
        const transient = r.verdict?.kind === 'transient' || r.verdict?.kind === 'rate-limited';
        if (!transient || round >= ctx.budget.maxAttempts || (0,net_clock/* timeLeft */.f$)(ctx) <= 0)
            return apply_failure(operation, r);
        ctx.log(`${operation.label}: no person with system_id ${shown}, so the create did not happen; sending it again.`);
    }
}
/** Whether a request may have been carried out although no answer told so. */
function answerLost(outcome) {
    if (!outcome || (0,retry_policy/* notProcessed */.gI)(outcome))
        return false;
    if (outcome.kind === 'error')
        return !errors/* FATAL_REASONS */.Lm.has(outcome.reason);
    return outcome.status === 408 || outcome.status >= 500;
}
/** A write the job's cancel cut short: it may or may not have reached DoorFlow. */
function interrupted(operation, r) {
    const sent = r.outcome?.kind === 'error' && r.outcome.reason === 'cancelled';
    return {
        status: 'failed',
        maybeWritten: sent || answerLost(r.outcome),
        message: `${operation.label}: cancelled${sent ? ' while the request was under way (DoorFlow may have received it)' : ''}. Run again: the plan shows what is still missing.`
    };
}
function apply_failure(operation, r) {
    const status = statusOf(r.outcome);
    if (status === 422 && r.outcome?.kind === 'response') {
        return {
            status: 'failed',
            httpStatus: status,
            message: `${operation.label} failed: DoorFlow rejected the data (HTTP 422: ${validationText(r.outcome.body)}). Fix the person in the roster and run again.`
        };
    }
    if (status === 404) {
        return {
            status: 'failed',
            httpStatus: status,
            message: `${operation.label} failed: DoorFlow has no such person any more (HTTP 404). Run again: the plan is made afresh from DoorFlow's people.`
        };
    }
    return {
        status: 'failed',
        httpStatus: status,
        maybeWritten: answerLost(r.outcome),
        message: r.message ?? `${operation.label} failed.`
    };
}
/** DoorFlow's words from a 422, gated: its error text, then each field's errors ("email: has already been taken"). */
function validationText(body) {
    const json = (0,net_json/* parseJsonObject */.w)(body);
    const errors = json?.['errors'];
    const fields = errors && typeof errors === 'object' && !Array.isArray(errors)
        ? Object.entries(errors).map(([field, list]) => {
            const texts = (Array.isArray(list) ? list : [list]).filter(t => typeof t === 'string');
            return `${(0,untrusted/* untrusted */.bp)(field, 40)}: ${(0,untrusted/* untrusted */.bp)(texts.join(', '), 200)}`;
        })
        : [];
    return (0,untrusted/* untrusted */.bp)([(0,failure/* serverSays */.mJ)(body), ...fields].filter(Boolean).join('; '), 400) || 'no reason given';
}
function statusOf(outcome) {
    return outcome?.kind === 'response' ? outcome.status : undefined;
}
function personIdIn(outcome) {
    const id = outcome?.kind === 'response' ? (0,net_json/* parseJsonObject */.w)(outcome.body)?.['id'] : undefined;
    return typeof id === 'number' ? id : undefined;
}
/** The id of the person whose system_id is exactly `systemId` in a GET /api/3/people answer. */
function matchingPerson(outcome, systemId) {
    if (outcome?.kind !== 'response')
        return undefined;
    let list;
    try {
        list = JSON.parse(outcome.body);
    }
    catch {
        return undefined;
    }
    if (!Array.isArray(list))
        return undefined;
    const person = list.find(p => typeof p === 'object' && p !== null && p['system_id'] === systemId && typeof p['id'] === 'number');
    return person?.['id'];
}
/**
 * Progress lines a person can follow during a long apply: at most one per `everyMs` (with the
 * pace and the time still needed), one for each long wait, and one early warning when the plan
 * cannot fit the budget at the pace measured.
 */
class Progress {
    ctx;
    total;
    everyMs;
    reserveMs;
    warn;
    applied = 0;
    failed = 0;
    lastAt;
    startedAt;
    warned = false;
    /** Rate-limit answers and time the pool stood still since the last line. */
    limited = 0;
    waitedMs = 0;
    constructor(ctx, total, everyMs, reserveMs, warn = ctx.log) {
        this.ctx = ctx;
        this.total = total;
        this.everyMs = everyMs;
        this.reserveMs = reserveMs;
        this.warn = warn;
        this.lastAt = this.startedAt = ctx.clock.now();
    }
    finished(status) {
        if (status === 'applied')
            this.applied++;
        else if (status === 'failed')
            this.failed++;
        const now = this.pace();
        if (now && !now.fits && !this.warned) {
            this.warned = true;
            const done = this.applied + this.failed;
            this.warn(`At ${now.perSecond.toFixed(1)} writes/s, the ${this.total - done} changes left need about ${(0,format/* duration */.p0)(now.etaMs)}, ` +
                `but ${(0,format/* duration */.p0)(Math.max(0, (0,net_clock/* timeLeft */.f$)(this.ctx)))} are left for writes in timeout-seconds: the rest will be left for a re-run. ` +
                `To apply this plan in one run, set timeout-seconds: ${now.timeoutSeconds}.`);
        }
        if (this.due())
            this.line('');
    }
    pace() {
        const { clock, budget } = this.ctx;
        const done = this.applied + this.failed;
        return pace({
            done,
            applyingMs: clock.now() - this.startedAt,
            remaining: this.total - done,
            leftMs: Math.max(0, (0,net_clock/* timeLeft */.f$)(this.ctx)),
            stepElapsedMs: clock.now() - budget.startedAt,
            reserveMs: this.reserveMs
        });
    }
    /** A 429 that kept the pool back `longerMs` more, until `waitMs` from now. */
    rateLimited(longerMs, waitMs, source) {
        this.limited++;
        this.waitedMs += longerMs;
        if (longerMs === 0 || !(waitMs >= this.everyMs || this.due()))
            return;
        this.line(`; DoorFlow is rate limiting writes: every write waits ${(0,format/* seconds */.YA)(waitMs)}${source ? ` (${source})` : ''}`);
    }
    summary(counts, rateLimited, waitMs, elapsedMs) {
        const limited = rateLimited ? `; ${rateLimited} rate-limit answers, ${(0,format/* seconds */.YA)(waitMs)} waited for them` : '';
        const skipped = counts.notAttempted ? `, ${counts.notAttempted} not attempted` : '';
        this.ctx.log(`Applied ${this.applied} of ${this.total} changes in ${(0,format/* seconds */.YA)(elapsedMs)} (${counts.created} created, ${counts.updated} updated, ` +
            `${counts.adopted} adopted, ${counts.removed} removed; ${counts.failed} failed${skipped})${limited}.`);
    }
    due() {
        return this.ctx.clock.now() - this.lastAt >= this.everyMs;
    }
    line(now) {
        const remaining = this.total - this.applied - this.failed;
        const since = this.limited
            ? `; ${this.limited} rate-limit answers since the last line, ${(0,format/* seconds */.YA)(this.waitedMs)} waited`
            : '';
        const p = this.pace();
        const eta = p ? `; ${p.perSecond.toFixed(1)} writes/s, about ${(0,format/* duration */.p0)(p.etaMs)} to go` : '';
        this.ctx.log(`Applying: ${this.applied} applied, ${this.failed} failed, ${remaining} remaining${eta}${now || since}.`);
        this.lastAt = this.ctx.clock.now();
        this.limited = 0;
        this.waitedMs = 0;
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/roster/digest.ts
/**
 * The plan's fingerprint, so that what a reviewer approved can be told from what a merge applies:
 * a SHA-256 over a canonical JSON of the change list (keys sorted, so the same changes always
 * hash alike), shown as its first 12 hex digits. Each change has its own short hash too; the
 * pull-request comment carries them in a hidden line, and the apply after the merge reads them
 * back to name the changes nobody reviewed.
 */

/** Hex digits shown of a digest or a change's hash (48 bits: no two plans of one roster collide by chance). */
const DIGEST_CHARS = 12;
/** JSON with every object's keys in sorted order, at every depth. */
function canonicalJson(value) {
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(',')}]`;
    if (value !== null && typeof value === 'object') {
        const entries = Object.entries(value)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
    }
    return JSON.stringify(value) ?? 'null';
}
const sha256 = (text) => (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex').slice(0, DIGEST_CHARS);
/**
 * What a change writes, without the run's notes about it: `drift` depends on which files the
 * event changed (a pull request's diff, then the merge's), not on what is applied.
 */
function written(change) {
    const { drift: _drift, ...rest } = change;
    return rest;
}
/** One change's short hash. */
function changeHash(change) {
    return sha256(canonicalJson(written(change)));
}
/** The plan's digest: over its change list, in order (an empty plan has one too). */
function planDigest(plan) {
    return sha256(canonicalJson(plan.changes.map(written)));
}
/**
 * The full SHA-256 of everything the guard reads of a plan: its changes as written, the unchanged
 * and managed counts, and the lock-outs. A guard verdict carries it (guard.ts), and the apply
 * refuses a plan whose fingerprint differs: another plan, or this one changed after it was judged.
 */
function guardedFingerprint(plan) {
    const { changes, unchanged, managedCount, lockOuts } = plan;
    const judged = { changes: changes.map(written), unchanged, managedCount, lockOuts };
    return (0,external_node_crypto_.createHash)('sha256').update(canonicalJson(judged)).digest('hex');
}
const HIDDEN = /<!-- doorflow-plan-digest ([0-9a-f]{12}) changes (-|[0-9a-f ]*) -->/;
/**
 * At most this many change hashes go into the comment (13 characters each, ~20 kB of the 65,536 a
 * comment holds); a bigger plan carries its digest only, and a differing digest then cannot name
 * which changes are new.
 */
const MAX_HIDDEN_CHANGES = 1500;
/**
 * The hidden line the comment carries: the digest and each change's hash, hex only, so it stays
 * inert whatever the roster says.
 */
function hiddenDigestLine(plan, max = MAX_HIDDEN_CHANGES) {
    const hashes = plan.changes.length > max ? '-' : plan.changes.map(changeHash).join(' ');
    return `<!-- doorflow-plan-digest ${planDigest(plan)} changes ${hashes} -->`;
}
/**
 * What a comment says was reviewed; undefined when it carries no digest line (or a malformed
 * one). `changes` is undefined when the comment carried the digest only.
 */
function reviewedDigest(body) {
    const m = HIDDEN.exec(body);
    if (!m)
        return undefined;
    if (m[2] === '-')
        return { digest: m[1] };
    return { digest: m[1], changes: new Set(m[2].split(' ').filter(h => /^[0-9a-f]{12}$/.test(h))) };
}
/** The changes of `plan` whose hash is not among those reviewed. */
function unreviewedChanges(plan, reviewed) {
    return plan.changes.filter(c => !reviewed.has(changeHash(c)));
}

;// CONCATENATED MODULE: ./src/roster/guard.ts


/**
 * The guard rails checked before any write: a roster file that lost most of its people (a bad
 * merge, a truncated file, a wrong `roster` path), or that empties their groups or closes their
 * dates, must not lock a building out. Pure: `now` (ms since the epoch) is the caller's clock.
 */
/** 10 people or 10 % of the managed people, whichever is smaller — but at least 1, so one leaver is never refused. */
function defaultMaxRemovals(managedCount) {
    return Math.min(10, Math.max(1, Math.floor(managedCount / 10)));
}
/**
 * Whether a person can open at least one door at `now`: enabled, in at least one group, and
 * inside their validity window (`valid_from` ≤ now < `valid_to`; a missing bound is open). A date
 * DoorFlow wrote that does not parse is taken as no bound, so doubt counts as access.
 */
function hasDoorAccess(person, now) {
    if (!person.enabled || person.groups.length === 0)
        return false;
    const from = instant(person.valid_from);
    const to = instant(person.valid_to);
    return (from === undefined || from <= now) && (to === undefined || to > now);
}
function instant(value) {
    if (!value)
        return undefined;
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
}
/**
 * How a change **locks a person out**: it leaves them with no door access that they had at
 * `now` in DoorFlow before the change (see hasDoorAccess). This is what `max-removals` counts.
 * Not the same as plan.ts's `revokes` (any narrowing, written before the grants): a move from one
 * group to another revokes but does not lock out. A create never locks anyone out. Undefined when
 * the person keeps some access, or had none.
 */
function locksOut(change, before, now) {
    if (change.kind === 'create' || !hasDoorAccess(before, now))
        return undefined;
    if (change.kind === 'remove')
        return 'removed';
    const after = {
        enabled: before.enabled,
        groups: change.memberships ? change.memberships.groupIds : before.groups,
        valid_from: before.valid_from,
        valid_to: before.valid_to
    };
    for (const f of change.fields) {
        if (f.field === 'enabled')
            after.enabled = f.to === true;
        if (f.field === 'valid_from' || f.field === 'valid_to')
            after[f.field] = typeof f.to === 'string' ? f.to : null;
    }
    if (!after.enabled)
        return 'disabled';
    if (after.groups.length === 0)
        return 'no-groups';
    const to = instant(after.valid_to);
    if (to !== undefined && to <= now)
        return 'valid-to';
    const from = instant(after.valid_from);
    if (from !== undefined && from > now)
        return 'valid-from';
    return undefined;
}
/** How a lock-out reads in a message. */
const LOCK_OUT_WORDS = {
    removed: 'removed',
    disabled: 'disabled',
    'no-groups': 'every group taken away',
    'valid-to': 'valid_to in the past',
    'valid-from': 'valid_from in the future'
};
/** How many people the roster lists: every change but a removal is one of them, and so is every unchanged person. */
function rosterSize(plan) {
    return plan.unchanged + plan.changes.filter(c => c.kind !== 'remove').length;
}
/** A locked-out person in a message: name, system_id and how, through the untrusted() gate. */
function lockOutLabel(l) {
    return (0,format/* personLabel */.Cf)(l, undefined, LOCK_OUT_WORDS[l.how]);
}
/**
 * The guard's verdict on a plan. `maxRemovals`: the workflow's `max-removals`, undefined for the
 * default. A refusal's `reason` is one sentence that names the first `shown` people locked out;
 * the caller says "Refusing to apply: …" (apply) or "The apply would be refused: …" (dry run).
 */
function guard(plan, maxRemovals, shown = 10) {
    const limit = maxRemovals ?? defaultMaxRemovals(plan.managedCount);
    const limitSource = maxRemovals === undefined ? 'default' : 'max-removals';
    const lockOuts = plan.lockOuts ?? assumedLockOuts(plan.changes);
    const count = lockOuts.length;
    const removals = plan.changes.filter(c => c.kind === 'remove');
    const base = { lockOuts: count, limit, limitSource };
    // An emptied or mistyped file must not remove anyone, whatever max-removals says.
    if (removals.length > 0 && rosterSize(plan) === 0) {
        const who = listed(removals.map(c => (0,format/* personLabel */.Cf)(c)), shown);
        return {
            ...base,
            refused: true,
            reason: `the roster lists no people, and applying it would remove or disable ${(0,format/* people */.c0)(removals.length)}: ${who}. ` +
                'An empty roster never removes anyone, whatever max-removals says: check the roster path and the file.'
        };
    }
    if (count <= limit)
        return { ...base, refused: false };
    const why = maxRemovals === undefined
        ? `the default: 10 people or 10 % of the ${plan.managedCount} managed, whichever is smaller`
        : 'set by the workflow';
    return {
        ...base,
        refused: true,
        reason: `the plan locks ${(0,format/* people */.c0)(count)} out of every door they can open now, more than max-removals (${limit}, ${why}): ${listed(lockOuts.map(lockOutLabel), shown)}. ` +
            'If that is intended, raise max-removals for this run; otherwise fix the roster.'
    };
}
/** The guard's verdict on `plan` with this run's max-removals (undefined for the default), for the apply. */
function judgePlan(plan, maxRemovals) {
    const verdict = { report: guard(plan, maxRemovals), fingerprint: guardedFingerprint(plan) };
    return verdict;
}
/** Whether `verdict` was made for `plan` as it is now (not another plan, nor this one changed since). */
function verdictFits(verdict, plan) {
    return verdict.fingerprint === guardedFingerprint(plan);
}
/**
 * For a plan without `lockOuts` (not from the planner): every change that could lock someone out
 * is taken to, as if each person had access before: removed, disabled, left with no group, or
 * given any validity date.
 */
function assumedLockOuts(changes) {
    const open = { enabled: true, groups: [0], valid_from: null, valid_to: null };
    const out = [];
    for (const c of changes) {
        if (c.kind === 'create')
            continue;
        // At the start of time any valid_from closes the window; at its end, any valid_to does.
        const how = locksOut(c, open, Number.NEGATIVE_INFINITY) ?? locksOut(c, open, Number.POSITIVE_INFINITY);
        if (how)
            out.push({ systemId: c.systemId, name: c.name, personId: c.personId, how });
    }
    return out;
}
function listed(labels, shown) {
    const names = labels.slice(0, shown).join(', ');
    return labels.length > shown ? `${names} and ${labels.length - shown} more` : names;
}

;// CONCATENATED MODULE: ./src/roster/render.ts
/**
 * The plan in words a reviewer reads: one line per person ("Ada Lovelace gains Night Shift,
 * loses Loading Dock; valid to 2027-03-31"), revocations first, as plain text for logs and the
 * terminal and as Markdown for the job summary and the pull-request comment. Every name comes
 * from the roster or from DoorFlow, so each passes the untrusted() gate, and in Markdown is
 * HTML-escaped with @-mentions defused.
 */




const plain = text => (0,untrusted/* untrusted */.bp)(text, 120);
/** A value inline in Markdown (a table cell, a sentence): only ever text. */
const markdown = text => (0,untrusted/* inertMarkdown */.Ic)(text, 120);
/** "2 creates, 1 update, 1 removal (disable), 40 unchanged". */
function planCounts(plan) {
    const count = (kind) => plan.changes.filter(c => c.kind === kind).length;
    const parts = [
        count('create') && (0,format/* plural */.LS)(count('create'), 'create'),
        count('update') && (0,format/* plural */.LS)(count('update'), 'update'),
        count('adopt') && (0,format/* plural */.LS)(count('adopt'), 'adoption'),
        count('remove') && `${(0,format/* plural */.LS)(count('remove'), 'removal')} (${plan.prune})`
    ].filter(Boolean);
    return `${parts.length ? parts.join(', ') : 'no changes'}; ${plan.unchanged} unchanged`;
}
/** One change in words, names gated by `esc`. */
function describeChange(change, esc = plain) {
    const who = (0,format/* personLabel */.Cf)(change, esc);
    const names = (list) => list.map(n => esc(n.name)).join(', ');
    switch (change.kind) {
        case 'create': {
            const parts = [
                change.groups.length ? `groups ${names(change.groups)}` : 'no groups',
                ...(change.roles.length ? [`roles ${names(change.roles)}`] : []),
                ...Object.entries(change.fields)
                    .filter(([field]) => field !== 'first_name' && field !== 'last_name' && field !== 'enabled')
                    .map(([field, value]) => fieldWords({ field: field, from: null, to: value }, esc)),
                ...(change.fields.enabled === false ? ['disabled'] : [])
            ];
            return `${who} is created: ${parts.join('; ')}`;
        }
        case 'remove': {
            const had = change.groups.length ? `; had ${names(change.groups)}` : '';
            return `${who} is ${change.mode === 'delete' ? 'deleted' : 'disabled'} (not in the roster${had})`;
        }
        case 'update':
        case 'adopt': {
            const parts = [];
            const m = change.memberships;
            if (m) {
                const access = [
                    m.groupsGained.length ? `gains ${names(m.groupsGained)}` : '',
                    m.groupsLost.length ? `loses ${names(m.groupsLost)}` : '',
                    m.rolesGained.length ? `gains role ${names(m.rolesGained)}` : '',
                    m.rolesLost.length ? `loses role ${names(m.rolesLost)}` : ''
                ].filter(Boolean);
                if (access.length)
                    parts.push(access.join(', '));
            }
            parts.push(...change.fields.map(f => fieldWords(f, esc)));
            const adopt = change.kind === 'adopt'
                ? ` is adopted (DoorFlow person ${change.personId}, matched by ${change.matchedBy === 'doorflow_id' ? 'doorflow_id' : 'email'}, gets system_id ${esc(change.systemId)})`
                : '';
            return parts.length ? `${who}${adopt}${adopt ? ': ' : ' '}${parts.join('; ')}` : `${who}${adopt}`;
        }
    }
}
function fieldWords(f, esc) {
    const label = f.field.replace(/_/g, ' ');
    if (f.field === 'enabled')
        return f.to ? 'is enabled again' : 'is disabled';
    if (f.to === null)
        return `${label} cleared`;
    const value = (v) => esc(displayValue(f.field, v));
    return f.from === null || f.from === '' ? `${label} ${value(f.to)}` : `${label} ${value(f.from)} → ${value(f.to)}`;
}
/** A roster date shows as the date it was written as: start of day for valid_from, last second for valid_to. */
function displayValue(field, v) {
    if (typeof v !== 'string')
        return String(v);
    if (field === 'valid_from' || field === 'valid_to') {
        const ms = Date.parse(v);
        if (Number.isNaN(ms))
            return v;
        const iso = new Date(ms).toISOString();
        if (field === 'valid_from' && iso.endsWith('T00:00:00.000Z'))
            return iso.slice(0, 10);
        if (field === 'valid_to' && iso.endsWith('T23:59:59.000Z'))
            return iso.slice(0, 10);
        return iso.replace('.000Z', 'Z');
    }
    return v;
}
/**
 * The guard's word on the plan, in one line (names already gated): "The apply would be refused:
 * …", or who is locked out within max-removals, or that nobody is. Undefined for a plan without
 * a verdict (not from the planner).
 */
function guardLine(plan) {
    const g = plan.guard;
    if (!g)
        return undefined;
    if (g.refused)
        return `The apply would be refused: ${g.reason ?? ''}`;
    const limit = `max-removals ${g.limit}${g.limitSource === 'default' ? ', the default' : ''}`;
    if (!g.lockOuts)
        return `Nobody loses all door access (${limit}).`;
    const labels = (plan.lockOuts ?? []).map(lockOutLabel);
    const names = labels.slice(0, 10).join(', ') + (labels.length > 10 ? ` and ${labels.length - 10} more` : '');
    return `Locks ${(0,format/* people */.c0)(g.lockOuts)} out of every door, within ${limit}: ${names}.`;
}
/** The plan as lines for a log or a terminal: counts, then one line per change, revocations first, then the guard's line. */
function planText(plan, { withGuard = true, withNotes = true } = {}) {
    const lines = [`Plan: ${planCounts(plan)}.`];
    for (const change of plan.changes)
        lines.push(`  ${changeSymbol(change)} ${describeChange(change)}${driftMark(change)}`);
    if (plan.manages === undefined)
        lines.push('  (no manages in the roster: nobody is ever removed)');
    const guarded = withGuard ? guardLine(plan) : undefined;
    if (guarded)
        lines.push(guarded);
    if (withNotes)
        lines.push(...driftLines(plan), ...unmanagedLines(plan));
    return lines;
}
/** A GitHub comment holds 65,536 characters; each part stays well under. */
const PART_MAX = 60_000;
const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const byId = (a, b) => natural.compare(a.systemId, b.systemId) || (a.systemId < b.systemId ? -1 : a.systemId > b.systemId ? 1 : 0);
/** `+` create, `-` remove or disable, `~` any other update: the first character of a change's line. */
function changeSymbol(change) {
    if (change.kind === 'create')
        return '+';
    if (change.kind === 'remove')
        return '-';
    return change.fields.some(f => f.field === 'enabled' && f.to === false) ? '-' : '~';
}
/** Whether a change gives someone access: a create, a gained group or role, or being enabled again. */
function grants(change) {
    if (change.kind === 'create')
        return true;
    if (change.kind === 'remove')
        return false;
    const m = change.memberships;
    return ((m !== undefined && (m.groupsGained.length > 0 || m.rolesGained.length > 0)) ||
        change.fields.some(f => f.field === 'enabled' && f.to === true));
}
/** ✅ nothing taken away, ⚠ access is taken away, ❌ the apply would refuse the plan. */
function planVerdict(plan) {
    const revoking = plan.changes.filter(revokes).length;
    if (plan.guard?.refused)
        return { mark: '❌', words: 'the apply would be refused' };
    if (revoking)
        return { mark: '⚠', words: `takes access away from ${(0,format/* people */.c0)(revoking)}` };
    if (!plan.changes.length)
        return { mark: '✅', words: 'nothing to change' };
    return { mark: '✅', words: 'takes no access away' };
}
/** The sections of a plan, in the order a reviewer needs them: access taken away, access given, the rest. */
function sections(plan) {
    const sorted = [...plan.changes].sort(byId);
    const line = (c) => `${changeSymbol(c)} ${describeChange(c)}${driftMark(c)}`;
    const taken = sorted.filter(revokes);
    const given = sorted.filter(c => !revokes(c) && grants(c));
    const rest = sorted.filter(c => !revokes(c) && !grants(c));
    const adoptions = rest.filter(c => c.kind === 'adopt');
    const other = rest.filter(c => c.kind !== 'adopt');
    const examples = adoptions.slice(0, 3).map(c => (0,format/* personLabel */.Cf)(c, markdown));
    const adoptedById = adoptions.filter(c => c.kind === 'adopt' && c.matchedBy === 'doorflow_id').length;
    const matched = adoptedById === 0
        ? 'matched by email'
        : adoptedById === adoptions.length
            ? 'matched by doorflow_id'
            : 'matched by email or doorflow_id';
    return [
        { title: `Access taken away, applied first (${(0,format/* people */.c0)(taken.length)})`, lines: taken.map(line) },
        { title: `Access given (${(0,format/* people */.c0)(given.length)})`, lines: given.map(line) },
        { title: `Other changes (${(0,format/* people */.c0)(other.length)})`, lines: other.map(line) },
        {
            title: `Adopted: already in DoorFlow, ${matched}, given their roster id; no access change (${(0,format/* people */.c0)(adoptions.length)})`,
            // A plain adoption is only a new system_id: one short line each, the section's title says the rest.
            lines: adoptions.map(c => c.kind === 'adopt' && !c.fields.length && !c.memberships
                ? `~ ${(0,format/* personLabel */.Cf)(c, plain)}: DoorFlow person ${c.personId}`
                : line(c)),
            folded: `${(0,format/* people */.c0)(adoptions.length)} already in DoorFlow, ${matched}, get their roster id, e.g. ` +
                `${examples.join(', ')}${adoptions.length > examples.length ? ', …' : '.'}`
        }
    ].filter(s => s.lines.length > 0);
}
function commitWords(commit) {
    const short = (sha) => (sha && /^[0-9a-f]{7,64}$/i.test(sha) ? sha.slice(0, 7) : undefined);
    const sha = short(commit?.sha);
    const head = short(commit?.head);
    if (!sha && !head)
        return undefined;
    if (head && sha && head !== sha)
        return `planned at ${head} (the pull request's head; merge commit ${sha})`;
    return `planned at ${head ?? sha}`;
}
/**
 * The plan as Markdown, in parts of at most `maxChars` characters each, for the pull request's comments and the job
 * summary. The first part opens with the verdict, the counts, the guard's word and the commit, then every access
 * change that fits: taken away first, then given, by person in natural id order (EMP-2 before EMP-10); then other
 * changes, then adoptions (folded to a count in the first part when there is more to show). Every change of the plan
 * is in some part; when there is more than one, the first lines say so. Changes are lines of a `diff` block, which
 * GitHub shows as text (never links, mentions or HTML): each starts with the action's own symbol, so no value can
 * end the block; every other value goes through `inertMarkdown`.
 */
function planMarkdownParts(plan, options) {
    const max = Math.max(2000, options.maxChars ?? PART_MAX);
    const { mark, words } = planVerdict(plan);
    const files = options.files.map(f => (0,untrusted/* inertMarkdown */.Ic)(f, 200)).join(', ');
    const where = [
        commitWords(options.commit),
        `roster ${files}`,
        `prune: ${plan.prune}`,
        plan.manages === undefined ? 'no `manages`: nobody is ever removed' : `manages ${(0,untrusted/* inertMarkdown */.Ic)(plan.manages, 400)}`
    ].filter(Boolean);
    const guarded = guardLine(plan);
    const guardText = guarded ? (0,untrusted/* inertMarkdown */.Ic)(guarded, 4000) : undefined;
    // DoorFlow people with door access that no roster manages: a count and what to do, then one per line.
    const unmanaged = unmanagedLines(plan, markdown);
    const head = (count) => [
        `### ${mark} DoorFlow roster plan: ${words}`,
        '',
        `**${planCounts(plan)}**`,
        ...(guardText ? ['', plan.guard?.refused ? `> ❌ **Guard:** ${guardText}` : `**Guard:** ${guardText}`] : []),
        ...(count > 1
            ? [
                '',
                `> **This plan is in ${count} parts** (it does not fit in one): this part shows the access changes first; ` +
                    `the rest is in parts 2–${count}${options.restAt ? ` ${options.restAt}` : ''}.`,
                ...(folded ? ['', folded] : [])
            ]
            : []),
        ...driftLines(plan).flatMap(l => ['', `> ${l}`]),
        ...(unmanaged.length ? ['', `> ⚠️ ${unmanaged[0]}`, ...unmanaged.slice(1).map(l => `> - ${l.trim()}`)] : []),
        '',
        where.join(' · '),
        ''
    ];
    const tail = options.footer ? ['', options.footer] : [];
    const all = sections(plan);
    // In a plan of several parts, the adoptions (last) are folded to a count with examples in the first lines.
    const folded = all.find(s => s.folded !== undefined)?.folded;
    if (!plan.changes.length)
        return [[...head(1), 'Nothing to change: DoorFlow already matches the roster.', ...tail].join('\n')];
    // Pack the lines into parts; the first part's head is reserved at its longest (a 3-digit part count).
    const size = (lines) => lines.reduce((n, l) => n + l.length + 1, 0);
    const reserve = size(head(999)) + size(tail) + 64;
    const parts = [[]];
    let used = reserve;
    for (const section of all) {
        const title = `#### ${section.title}`;
        // A section starts in the part at hand when its title and first line fit, else in a new part.
        if (used + title.length + (section.lines[0]?.length ?? 0) + 24 > max) {
            parts.push([]);
            used = 200;
        }
        parts[parts.length - 1].push(title, '', '```diff');
        used += title.length + 12;
        for (const l of section.lines) {
            // untrusted() caps every value, so a line is a few thousand characters at most; a longer one is cut.
            const text = l.length > max - 400 ? `${l.slice(0, max - 420)}…` : l;
            if (used + text.length + 8 > max) {
                parts[parts.length - 1].push('```', '');
                parts.push([`${title} (continued)`, '', '```diff']);
                used = 200 + title.length;
            }
            parts[parts.length - 1].push(text);
            used += text.length + 1;
        }
        parts[parts.length - 1].push('```', '');
    }
    const count = parts.length;
    return parts.map((lines, i) => {
        const top = i === 0 ? head(count) : [`### DoorFlow roster plan, part ${i + 1} of ${count}`, ''];
        return [...top, ...lines, ...(i === count - 1 ? tail : [])].join('\n').replace(/\n+$/, '\n');
    });
}
/** The plan's first part (see planMarkdownParts): all of it when it fits in `maxChars`. */
function planMarkdown(plan, options) {
    return planMarkdownParts(plan, options)[0];
}
/** The label of a change DoorFlow made outside the roster (drift.ts marks them). */
const DRIFT_LABEL = 'drift: changed in DoorFlow, not in this commit';
function driftMark(change) {
    return change.drift ? ` (${DRIFT_LABEL})` : '';
}
/** "3 of the 5 changes are drift: …", or nothing when none is (or the run could not tell). */
function driftLines(plan) {
    if (!plan.drift)
        return [];
    return [
        `${(0,format/* plural */.LS)(plan.drift, 'change')} of ${plan.changes.length} ${(0,format/* verb */.w3)(plan.drift, 'is', 'are')} drift: DoorFlow was changed outside the roster, and applying puts the roster's values back.`
    ];
}
/**
 * The unmanaged people (planner.ts's `unmanagedPeople`): a headline with the count and what to
 * do, then one line per person named (DoorFlow id and name, gated by `esc`). Nothing when there are
 * none or the report is off.
 */
function unmanagedLines(plan, esc = plain) {
    const u = plan.unmanaged;
    if (!u?.count)
        return [];
    const more = u.count > u.first.length ? ` (the first ${u.first.length} below)` : '';
    return [
        `${(0,format/* people */.c0)(u.count)} in DoorFlow ${(0,format/* verb */.w3)(u.count, 'has', 'have')} door access that no roster manages${more}: add them to a roster (npm run export writes entries for them), or disable them in DoorFlow.`,
        ...u.first.map(p => `    DoorFlow person ${p.personId}: ${esc(p.name || '(no name)')}${p.systemId === null ? ', no system_id' : `, system_id ${esc(p.systemId)}`}`)
    ];
}

;// CONCATENATED MODULE: ./src/roster/apply-step.ts
/**
 * The apply step of a roster run: the writes, refused before the first one unless the guard's
 * verdict on this very plan lets them through, and what the log, the outputs and the job summary
 * say of them. It returns a verdict; main.ts alone fails the step.
 */








/** The summary lists at most this many changes (failures first); the log has them all. */
const SUMMARY_ROWS = 200;
/**
 * Apply `plan`, which `guarded` (the run's guard step, guard.ts's judgePlan) must have judged as it
 * is now and let through: otherwise nothing is written. `stop` names a reason to start no more
 * writes (a cancelled job); those in flight run until ctx.signal aborts them, and the caller syncs
 * what was applied. Whether a sync was accepted is the caller's to say: no message here claims one.
 */
async function applyRoster(ctx, plan, guarded, writer, settings, stop) {
    if (!verdictFits(guarded, plan)) {
        return {
            ok: false,
            refused: true,
            wrote: false,
            message: "Refusing to apply: the guard's verdict was made for another plan (or this one changed after it was judged). Nothing was written; run again to plan and guard afresh."
        };
    }
    const verdict = guarded.report;
    if (verdict.refused) {
        return {
            ok: false,
            refused: true,
            wrote: false,
            message: `Refusing to apply: ${verdict.reason} Nothing was written.`
        };
    }
    if (plan.changes.length === 0) {
        core/* info */.pq('The plan is empty: DoorFlow already matches the roster, nothing to write.');
        return { ok: true, refused: false, wrote: false };
    }
    const revocations = plan.changes.filter(revokes).length;
    core/* info */.pq(`Applying ${plan.changes.length} changes (${revocations} that take access away first), up to ${settings.writeConcurrency} writes at a time; ` +
        `${(0,format/* people */.c0)(verdict.lockOuts)} locked out, max-removals ${verdict.limit}.`);
    const result = await applyPlan(ctx, plan, writer, {
        concurrency: settings.writeConcurrency,
        stop,
        warn: line => core/* warning */.$e(line, { title: 'Roster apply' })
    });
    const { counts } = result;
    core/* startGroup */.Oh(`Each change, person by person (${applied(counts)} applied, ${counts.failed} failed)`);
    for (const r of result.results)
        for (const line of r.log)
            core/* info */.pq(line);
    core/* endGroup */.N4();
    const { wrote } = result;
    if (counts.failed === 0 && counts.notAttempted === 0)
        return { ok: true, refused: false, wrote, result };
    return { ok: false, refused: false, wrote, result, message: failureMessage(result) };
}
function applied(counts) {
    return counts.created + counts.updated + counts.adopted + counts.removed;
}
/** One line: how far the apply got, the first failures, and what to do next (the sync's fate is added by the caller). */
function failureMessage(result) {
    const { counts } = result;
    const total = result.results.length;
    const failed = result.results.filter(r => r.status === 'failed');
    const first = failed
        .slice(0, 3)
        .map(r => r.message)
        .join(' ');
    const more = failed.length > 3 ? ` (and ${failed.length - 3} more failures, listed in the job summary)` : '';
    const skipped = counts.notAttempted ? ` ${counts.notAttempted} not attempted: ${result.stopped}.` : '';
    return (`The roster was applied in part: ${applied(counts)} of ${total} changes applied, ${counts.failed} failed${counts.failed ? `: ${first}${more}` : '.'}` +
        `${skipped} Fix what failed and run again: a re-run plans afresh and writes only what is still missing.`);
}
const NOTHING_APPLIED = {
    created: 0,
    updated: 0,
    removed: 0,
    adopted: 0,
    failed: 0,
    notAttempted: 0
};
/** The apply's outputs: counts of created, updated, removed, adopted and failed; '' when the apply did not run. */
function setApplyOutputs(counts) {
    const count = (n) => (counts ? String(n) : '');
    core/* setOutput */.uH('created', count(counts?.created ?? 0));
    core/* setOutput */.uH('updated', count(counts?.updated ?? 0));
    core/* setOutput */.uH('removed', count(counts?.removed ?? 0));
    core/* setOutput */.uH('adopted', count(counts?.adopted ?? 0));
    core/* setOutput */.uH('failed', count(counts?.failed ?? 0));
}
/** Rows of the summary's table of changes: failures first, then the unattempted, then the applied. */
function applyRows(result, max = SUMMARY_ROWS) {
    const order = ['failed', 'not-attempted', 'applied'];
    const sorted = order.flatMap(status => result.results.filter(r => r.status === status));
    const cell = (r) => {
        if (r.status === 'applied')
            return '✅ applied';
        if (r.status === 'not-attempted')
            return '⏸ not attempted';
        return `❌ failed: ${(0,untrusted/* inertMarkdown */.Ic)(r.message, 400)}`;
    };
    const rows = sorted.slice(0, max).map((r) => [describeChange(r.change, markdown), cell(r)]);
    const omittedBy = { failed: 0, 'not-attempted': 0, applied: 0 };
    for (const r of sorted.slice(max))
        omittedBy[r.status]++;
    return { rows, omitted: Math.max(0, sorted.length - max), omittedBy };
}
/** The apply's verdict in a few words, from what happened: "Applied 12 of 12 changes", "Refused: …". */
function applyHeadline(verdict) {
    if (verdict.refused)
        return '❌ Refused: the roster was not applied, nothing was written';
    const result = verdict.result;
    if (!result)
        return '✅ Nothing to apply: DoorFlow already matches the roster';
    const { counts } = result;
    const total = result.results.length;
    const done = `Applied ${applied(counts)} of ${(0,format/* plural */.LS)(total, 'change')}`;
    if (counts.failed === 0 && counts.notAttempted === 0)
        return `✅ ${done}`;
    const rest = [
        counts.failed ? `${counts.failed} failed` : '',
        counts.notAttempted ? `${counts.notAttempted} not attempted` : ''
    ].filter(Boolean);
    return `❌ ${done}, ${rest.join(', ')}`;
}
/**
 * Adds the apply's section to the job summary (written with the rest by main.ts): its first line is the verdict of
 * what happened, then the failure (once), the counts, and the table of changes, failures first. Markdown, with a
 * blank line before it, so that its heading renders after whatever HTML block came before.
 */
function addApplySummary(verdict) {
    const lines = ['', `### ${applyHeadline(verdict)}`, ''];
    if (verdict.message)
        lines.push((0,untrusted/* inertMarkdown */.Ic)(verdict.message, 4000), '');
    const result = verdict.result;
    if (verdict.refused || !result) {
        core/* summary */.z.addRaw(lines.join('\n'), true);
        return;
    }
    const { counts } = result;
    const limited = result.rateLimited
        ? `; DoorFlow rate-limited ${result.rateLimited} requests, ${(0,format/* seconds */.YA)(result.rateLimitWaitMs)} waited`
        : '';
    lines.push(`${counts.created} created, ${counts.updated} updated, ${counts.adopted} adopted, ${counts.removed} removed; ` +
        `${counts.failed} failed, ${counts.notAttempted} not attempted; in ${(0,format/* seconds */.YA)(result.elapsedMs)}${limited}.`, '');
    const { rows, omitted, omittedBy } = applyRows(result);
    core/* summary */.z.addRaw(lines.join('\n'), true);
    core/* summary */.z.addTable([
        [
            { data: 'Change', header: true },
            { data: 'Result', header: true }
        ],
        ...rows
    ]);
    if (omitted) {
        const which = [
            omittedBy.failed ? `${omittedBy.failed} failed` : '',
            omittedBy['not-attempted'] ? `${omittedBy['not-attempted']} not attempted` : '',
            omittedBy.applied ? `${omittedBy.applied} applied` : ''
        ].filter(Boolean);
        core/* summary */.z.addRaw(`\n${(0,format/* plural */.LS)(omitted, 'more change')} (${which.join(', ')}) are listed in the log.\n`, true);
    }
}

// EXTERNAL MODULE: ./src/roster/parse.ts
var parse = __webpack_require__(7888);
// EXTERNAL MODULE: ./src/roster/email.ts
var roster_email = __webpack_require__(5803);
// EXTERNAL MODULE: ./src/roster/roster.ts
var roster_roster = __webpack_require__(2768);
;// CONCATENATED MODULE: ./src/roster/planner.ts





/** Roster and DoorFlow text inside a message: one line, capped (see untrusted.ts). */
const t = (text) => (0,untrusted/* untrusted */.bp)(text, 80);
const DATE_FIELDS = new Set(['valid_from', 'valid_to']);
function planRoster(roster, account, prune, options) {
    const problems = [];
    const groups = resolver('group', account.groups, problems);
    const roles = resolver('role', account.roles, problems);
    const bySystemId = new Map();
    const exactEmail = new Map();
    const foldedEmail = new Map();
    // People a created person could be a second record of: no system_id and no email, so not adoptable.
    const unreachable = new Map();
    const add = (map, key, p) => map.set(key, [...(map.get(key) ?? []), p]);
    const byDoorFlowId = new Map();
    for (const p of account.people) {
        byDoorFlowId.set(p.id, p);
        if (p.system_id !== null) {
            const other = bySystemId.get(p.system_id);
            if (other) {
                problems.push({
                    message: `DoorFlow has more than one person with system_id ${t(p.system_id)} (ids ${other.id} and ${p.id}): give each a unique system_id in DoorFlow, or delete the duplicate, before planning.`
                });
            }
            else
                bySystemId.set(p.system_id, p);
        }
        if (p.email) {
            add(exactEmail, p.email, p);
            add(foldedEmail, (0,roster_email/* asciiLower */.F)(p.email), p);
        }
        else if (p.system_id === null)
            add(unreachable, nameKey(p.first_name, p.last_name), p);
    }
    const rosterIds = new Set(roster.people.map(p => p.id));
    // DoorFlow people a roster entry adopts by doorflow_id: no other entry adopts them by email.
    const claimed = new Map();
    for (const p of roster.people)
        if (p.doorflowId !== undefined)
            claimed.set(p.doorflowId, p);
    const rosterEmails = new Map(roster.people.map(p => [p.id, p.fields.email]));
    /** Whether the roster gives DoorFlow person `p` (one of its own) another email or none: their address is freed. */
    const movesAway = (p, email) => {
        if (p.system_id === null || !rosterIds.has(p.system_id))
            return false;
        const next = rosterEmails.get(p.system_id);
        return next === null || (typeof next === 'string' && !(0,roster_email/* sameEmail */.P)(next, email));
    };
    const changes = [];
    const before = new Map();
    let unchanged = 0;
    for (const person of roster.people) {
        const groupIds = groups.resolve(person.groups, person.groupsAt);
        const roleIds = person.roles === undefined ? undefined : roles.resolve(person.roles, person.rolesAt);
        const name = `${String(person.fields.first_name ?? '')} ${String(person.fields.last_name ?? '')}`.trim();
        const email = typeof person.fields.email === 'string' ? person.fields.email : undefined;
        const emailAt = person.fieldsAt?.email ?? person.at;
        let existing = bySystemId.get(person.id);
        let adopting = false;
        let matchedBy = 'email';
        if (person.doorflowId !== undefined) {
            // By DoorFlow's own id: exact, and only a person without a system_id (or already this one).
            const target = byDoorFlowId.get(person.doorflowId);
            const at = person.doorflowIdAt ?? person.at;
            if (existing && existing.id !== person.doorflowId) {
                problems.push({
                    message: `${t(person.id)}: doorflow_id ${person.doorflowId} names another DoorFlow person than the one with system_id ${t(person.id)} (${describe(existing)}). Remove doorflow_id (this entry already matches by its id), or fix it.`,
                    at
                });
                continue;
            }
            if (!existing && !target) {
                problems.push({
                    message: `${t(person.id)}: doorflow_id ${person.doorflowId}: DoorFlow has no person with that id (deleted, or a typo). Remove doorflow_id to create the person, or give the id of the DoorFlow person to adopt.`,
                    at
                });
                continue;
            }
            if (!existing && target && target.system_id !== null) {
                problems.push({
                    message: `${t(person.id)}: doorflow_id ${person.doorflowId} names ${describe(target)}, who already has system_id ${t(target.system_id)}; adopting would take them from that id. Use id ${t(target.system_id)} in this entry and remove doorflow_id, or fix doorflow_id.`,
                    at
                });
                continue;
            }
            if (!existing && target) {
                existing = target;
                adopting = true;
                matchedBy = 'doorflow_id';
            }
        }
        else if (!existing && email) {
            // Exact first; only when nobody has it exactly, ignoring ASCII case. One candidate or none: never a guess.
            const candidates = exactEmail.get(email) ?? foldedEmail.get((0,roster_email/* asciiLower */.F)(email)) ?? [];
            if (candidates.length > 1) {
                problems.push({
                    message: `${t(person.id)}: email ${t(email)} matches ${candidates.length} DoorFlow people (${candidates.map(describe).join('; ')}), so which one to adopt is ambiguous. Give each their own email in DoorFlow, or give the right one system_id ${t(person.id)}, then plan again.`,
                    at: emailAt
                });
                continue;
            }
            if (candidates.length === 1 && candidates[0].system_id === null) {
                const other = claimed.get(candidates[0].id);
                if (other) {
                    problems.push({
                        message: `${t(person.id)}: email ${t(email)} matches DoorFlow person ${describe(candidates[0])}, whom ${t(other.id)} adopts by doorflow_id. Give one of them another email, or fix doorflow_id.`,
                        at: emailAt
                    });
                    continue;
                }
                existing = candidates[0];
                adopting = true;
            }
        }
        const fields = existing ? fieldChanges(person, existing) : [];
        // An email DoorFlow already gives someone else would make the write fail (emails are unique).
        const writesEmail = email !== undefined && (!existing || fields.some(f => f.field === 'email'));
        const owners = writesEmail
            ? (foldedEmail.get((0,roster_email/* asciiLower */.F)(email)) ?? []).filter(o => o !== existing && !movesAway(o, email))
            : [];
        for (const owner of owners) {
            problems.push({
                message: `${t(person.id)}: email ${t(email)} already belongs to DoorFlow person ${describe(owner)}; DoorFlow keeps emails unique. Fix the email, or give that person this id.`,
                at: emailAt
            });
        }
        if (!existing) {
            const twins = unreachable.get(nameKey(person.fields.first_name, person.fields.last_name)) ?? [];
            if (twins.length) {
                const ids = twins.map(p => p.id).join(', ');
                const adopt = twins.length === 1
                    ? `adopt them with \`doorflow_id: ${twins[0].id}\` in this entry`
                    : `adopt the right one with \`doorflow_id: N\` in this entry (N one of ${ids})`;
                problems.push({
                    message: `${t(person.id)}: DoorFlow already has ${t(name)} without a system_id or an email (DoorFlow person ${ids}), who would keep their door access beside the person this creates. If that is this person, ${adopt}, then plan again; if it is someone else, give them their own email in DoorFlow.`,
                    at: person.at
                });
            }
            const fields = {};
            for (const [field, value] of Object.entries(person.fields))
                if (value !== null)
                    fields[field] = value;
            changes.push({
                kind: 'create',
                systemId: person.id,
                name,
                fields,
                groups: groups.named(groupIds),
                roles: roles.named(roleIds ?? [])
            });
            continue;
        }
        const memberships = membershipChanges(existing, groupIds, roleIds, groups, roles);
        const target = existing;
        const push = (change) => {
            changes.push(change);
            before.set(change, target);
        };
        if (adopting) {
            push({
                kind: 'adopt',
                systemId: person.id,
                name,
                personId: existing.id,
                ...(matchedBy === 'doorflow_id' ? { matchedBy } : {}),
                fields,
                ...(memberships ? { memberships } : {})
            });
        }
        else if (fields.length || memberships) {
            push({
                kind: 'update',
                systemId: person.id,
                name,
                personId: existing.id,
                fields,
                ...(memberships ? { memberships } : {})
            });
        }
        else
            unchanged++;
    }
    const managed = (0,roster_roster/* managesMatcher */.Xc)(roster.manages);
    let managedCount = 0;
    if (managed) {
        for (const p of account.people) {
            if (p.system_id === null || !managed(p.system_id))
                continue;
            managedCount++;
            if (rosterIds.has(p.system_id) || prune === 'off')
                continue;
            if (prune === 'disable' && !p.enabled)
                continue;
            const change = {
                kind: 'remove',
                systemId: p.system_id,
                name: `${p.first_name} ${p.last_name}`.trim(),
                personId: p.id,
                mode: prune,
                groups: groups.named(p.groups)
            };
            changes.push(change);
            before.set(change, p);
        }
    }
    const sorted = ordered(changes);
    const lockOuts = [];
    for (const change of sorted) {
        const was = before.get(change);
        const how = was && change.kind !== 'create' ? locksOut(change, was, options.now) : undefined;
        if (how && change.kind !== 'create')
            lockOuts.push({ systemId: change.systemId, name: change.name, personId: change.personId, how });
    }
    const planned = { changes: sorted, unchanged, managedCount, lockOuts };
    return {
        plan: {
            version: 1,
            manages: roster.manages.length ? roster.manages.join(', ') : undefined,
            prune,
            ...planned,
            // Filled by the run's guard step (run.ts's guardPlan); the slot keeps the plan file's order of keys.
            guard: undefined,
            unmanaged: unmanagedPeople(roster, account)
        },
        problems
    };
}
/** How many unmanaged people a plan names; the count covers them all. */
const UNMANAGED_SHOWN = 10;
/**
 * DoorFlow people who can open a door and whom no roster manages: enabled, in at least one
 * group, not adopted by a roster's doorflow_id, and with no system_id (unless a roster email
 * adopts them) or a system_id that no `manages` pattern matches and no roster lists. They keep
 * their access whatever the roster says, so every plan names them. Pure; the first
 * UNMANAGED_SHOWN by DoorFlow id.
 */
function unmanagedPeople(roster, account) {
    const listed = new Set(roster.people.map(p => p.id));
    const emails = new Set(roster.people.flatMap(p => (typeof p.fields.email === 'string' ? [(0,roster_email/* asciiLower */.F)(p.fields.email)] : [])));
    const adopted = new Set(roster.people.flatMap(p => (p.doorflowId === undefined ? [] : [p.doorflowId])));
    const managed = (0,roster_roster/* managesMatcher */.Xc)(roster.manages);
    const found = account.people.filter(p => {
        if (!p.enabled || !p.groups.length || adopted.has(p.id))
            return false;
        if (p.system_id === null)
            return !(p.email && emails.has((0,roster_email/* asciiLower */.F)(p.email)));
        return !listed.has(p.system_id) && !managed?.(p.system_id);
    });
    const first = [...found]
        .sort((a, b) => a.id - b.id)
        .slice(0, UNMANAGED_SHOWN)
        .map(p => ({ personId: p.id, name: `${p.first_name} ${p.last_name}`.trim(), systemId: p.system_id }));
    return { count: found.length, first };
}
/** A DoorFlow person in a message: "202 (Bob Visitor, system_id X)", names through the gate. */
function describe(p) {
    return `${p.id} (${t(`${p.first_name} ${p.last_name}`.trim())}${p.system_id ? `, system_id ${t(p.system_id)}` : ''})`;
}
/** First and last name, trimmed and ignoring ASCII case: the key of a possible second record. */
function nameKey(first, last) {
    const part = (v) => (0,roster_email/* asciiLower */.F)(typeof v === 'string' ? v.trim() : '');
    return `${part(first)}\n${part(last)}`;
}
/** Revocations first: removals, then changes that take access away, then the rest; by system_id within each. */
function ordered(changes) {
    const rank = (c) => (c.kind === 'remove' ? 0 : revokes(c) ? 1 : 2);
    return changes
        .map((c, i) => ({ c, i, r: rank(c) }))
        .sort((a, b) => a.r - b.r || compare(a.c.systemId, b.c.systemId) || a.i - b.i)
        .map(x => x.c);
}
function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
function fieldChanges(person, existing) {
    const changes = [];
    for (const [field, to] of Object.entries(person.fields)) {
        const from = existing[field] ?? null;
        if (!sameValue(field, from, to))
            changes.push({ field, from, to });
    }
    return changes;
}
/** Whether DoorFlow's value already is the roster's: dates as instants, emails ignoring ASCII case (email.ts), '' as null. */
function sameValue(field, from, to) {
    const a = from === '' ? null : from;
    const b = to === '' ? null : to;
    if (a === null || b === null)
        return a === b;
    if (DATE_FIELDS.has(field) && typeof a === 'string' && typeof b === 'string') {
        const x = Date.parse(a);
        const y = Date.parse(b);
        if (!Number.isNaN(x) && !Number.isNaN(y))
            return Math.floor(x / 1000) === Math.floor(y / 1000);
    }
    if (field === 'email' && typeof a === 'string' && typeof b === 'string')
        return (0,roster_email/* sameEmail */.P)(a, b);
    return a === b;
}
function membershipChanges(existing, groupIds, roleIds, groups, roles) {
    const diff = (now, wanted) => ({
        gained: wanted.filter(id => !now.includes(id)),
        lost: now.filter(id => !wanted.includes(id))
    });
    const g = diff(existing.groups, groupIds);
    const r = roleIds === undefined ? { gained: [], lost: [] } : diff(existing.roles, roleIds);
    if (!g.gained.length && !g.lost.length && !r.gained.length && !r.lost.length)
        return undefined;
    return {
        groupIds,
        roleIds: roleIds ?? existing.roles,
        groupsGained: groups.named(g.gained),
        groupsLost: groups.named(g.lost),
        rolesGained: roles.named(r.gained),
        rolesLost: roles.named(r.lost)
    };
}
function resolver(kind, list, problems) {
    const byName = new Map();
    for (const item of list)
        byName.set(item.name, [...(byName.get(item.name) ?? []), item]);
    const byId = new Map(list.map(item => [item.id, item]));
    const names = [...byName.keys()];
    return {
        resolve(wanted, at) {
            const ids = [];
            wanted.forEach((name, i) => {
                const found = byName.get(name);
                if (found?.length === 1) {
                    if (!ids.includes(found[0].id))
                        ids.push(found[0].id);
                    return;
                }
                if (found) {
                    problems.push({
                        message: `DoorFlow has ${found.length} ${kind}s named '${t(name)}' (ids ${found.map(f => f.id).join(', ')}), so the name is ambiguous: rename one in DoorFlow.`,
                        at: at[i]
                    });
                    return;
                }
                const guess = (0,roster_roster/* didYouMean */.au)(name, names);
                problems.push({
                    message: `Unknown ${kind} '${t(name)}': DoorFlow has no ${kind} of that name${guess
                        ? `; did you mean '${t(guess)}'`
                        : ` (it has ${list.length}: ${names
                            .slice(0, 8)
                            .map(n => t(n))
                            .join(', ')}${names.length > 8 ? ', …' : ''})`}${guess ? '?' : '.'} ${kind === 'group' ? 'Groups' : 'Roles'} are created in DoorFlow itself.`,
                    at: at[i]
                });
            });
            return ids;
        },
        named(ids) {
            return ids.map(id => byId.get(id) ?? { id, name: `#${id}` });
        }
    };
}

// EXTERNAL MODULE: ./src/net/http.ts + 2 modules
var http = __webpack_require__(1298);
// EXTERNAL MODULE: ./src/github/request.ts
var request = __webpack_require__(7398);
// EXTERNAL MODULE: ./src/github/operations.ts
var github_operations = __webpack_require__(4845);
;// CONCATENATED MODULE: ./src/github/comments.ts
/**
 * The plan as one comment on the pull request, updated in place on every push. The comment is
 * ours when its author is the identity of the token in use AND its body starts with the hidden
 * marker; only that one is PATCHed, any other (a reviewer's, another bot's, one quoting the
 * marker) is left alone, and without ours a comment is POSTed. A plan too long for one comment
 * takes more (at most MAX_PLAN_COMMENTS): part K has its own marker (partMarker) and the same rule.
 *
 * Who the token is: `GET /user` answers a user's token (a personal access token). An installation
 * token — the workflow's GITHUB_TOKEN, a GitHub App's — gets 403 "Resource not accessible by
 * integration" there; GraphQL's `viewer { login databaseId }` answers it with the app's bot
 * (the GitHub Actions bot for the GITHUB_TOKEN). A comment matches on both the login and the user
 * id. When neither answers, no comment is touched.
 *
 * A failure here never fails the plan: a fork's pull request gets a read-only token, and the
 * plan is still in the job summary. On a push (the apply after a merge) the same rule reads the
 * plan that was reviewed: the merged pull request is found through the commit.
 */








const apiUrlOf = (env) => (env('GITHUB_API_URL') || 'https://api.github.com').replace(/\/+$/, '');
/** The commit this push run is for, from the runner's environment; undefined for any other event. */
function pushOf(env) {
    if (env('GITHUB_EVENT_NAME') !== 'push')
        return undefined;
    const repository = env('GITHUB_REPOSITORY') ?? '';
    const sha = env('GITHUB_SHA') ?? '';
    if (!/^[^/\s]+\/[^/\s]+$/.test(repository) || !/^[0-9a-f]{40}$/i.test(sha))
        return undefined;
    return { apiUrl: apiUrlOf(env), repository, sha };
}
/** The pull request this run is for, from the runner's event; undefined for any other event. */
function pullRequestOf(env) {
    const event = env('GITHUB_EVENT_NAME') ?? '';
    if (event !== 'pull_request' && event !== 'pull_request_target')
        return undefined;
    const path = env('GITHUB_EVENT_PATH');
    const repository = env('GITHUB_REPOSITORY') ?? '';
    if (!path || !/^[^/\s]+\/[^/\s]+$/.test(repository))
        return undefined;
    try {
        const payload = JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8'));
        const number = payload.pull_request?.number ?? payload.number;
        if (typeof number !== 'number' || !Number.isInteger(number) || number < 1)
            return undefined;
        const head = payload.pull_request?.head?.sha;
        const headSha = typeof head === 'string' && /^[0-9a-f]{40}$/i.test(head) ? head : env('GITHUB_SHA');
        return { apiUrl: apiUrlOf(env), repository, number, headSha };
    }
    catch {
        return undefined;
    }
}
/** The hidden marker that finds this action's plan comment (part 1) on a pull request. */
const COMMENT_MARKER = '<!-- doorflow-roster-plan -->';
/** GitHub answering for pr-comment-token: its advice names that input, not github-token. */
const GITHUB = (0,github_operations/* gitHubService */.DL)('pr-comment-token');
const COMMENT = {
    label: 'Commenting the plan on the pull request',
    service: GITHUB,
    forbidden: 'The token may not comment: give the job `permissions: pull-requests: write` (a pull request from a fork only ever gets a read-only token; the plan is in the job summary).'
};
const IDENTITY = {
    label: 'Asking GitHub who the pr-comment-token is',
    service: GITHUB,
    forbidden: 'GitHub would not say who the pr-comment-token is, so no comment can be told to be ours.'
};
const REVIEWED = {
    label: 'Reading the reviewed plan from the merged pull request',
    service: GITHUB,
    forbidden: 'The pr-comment-token may not read pull requests: give the job `permissions: pull-requests: read` on push.'
};
/** Comments read per page, and pages at most (2,000 comments): a page of long comments stays a few MB. */
const COMMENTS_PER_PAGE = 50;
const MAX_COMMENT_PAGES = 40;
const MAX_PAGE_BYTES = 8 * 1024 * 1024;
function caller(ctx, token) {
    // Every request is torn down when the run is cancelled (ctx.signal), as the sync client's are.
    return (method, url, timeoutMs, json, maxBodyBytes) => (0,request/* gitHubRequest */.p)({ signal: ctx.signal, method, url, token, json, timeoutMs, maxBodyBytes });
}
const failed = (message) => ({ ok: false, message: message ?? 'no answer' });
/** `GET /user` for a user's token; on its 403 (an installation token), GraphQL `viewer`. */
async function whoAmI(ctx, apiUrl, token) {
    const call = caller(ctx, token);
    const user = await (0,retry/* withRetries */.L)(ctx, IDENTITY, t => call('GET', `${apiUrl}/user`, t), { idempotent: true });
    const answer = user.outcome?.kind === 'response' ? user.outcome : undefined;
    if (user.ok && answer) {
        const json = (0,net_json/* parseJsonObject */.w)(answer.body);
        if (json && typeof json['login'] === 'string' && typeof json['id'] === 'number')
            return { ok: true, me: { login: json['login'], id: json['id'] } };
        return failed(`${IDENTITY.label} failed: GitHub's answer to GET /user has no login and id.`);
    }
    if (answer?.status !== 403)
        return failed(user.message);
    // An installation token: GET /user is not for it; GraphQL's viewer is its app's bot.
    const graphql = apiUrl.endsWith('/api/v3') ? `${apiUrl.slice(0, -'/v3'.length)}/graphql` : `${apiUrl}/graphql`;
    const viewer = await (0,retry/* withRetries */.L)(ctx, IDENTITY, t => call('POST', graphql, t, { query: 'query { viewer { login databaseId } }' }), { idempotent: true });
    if (!viewer.ok || viewer.outcome?.kind !== 'response')
        return failed(viewer.message);
    const data = (0,net_json/* parseJsonObject */.w)(viewer.outcome.body)?.['data'];
    const v = data?.viewer;
    if (v && typeof v.login === 'string' && typeof v.databaseId === 'number')
        return { ok: true, me: { login: v.login, id: v.databaseId } };
    return failed(`${IDENTITY.label} failed: GitHub's GraphQL viewer answer has no login and databaseId.`);
}
/** Comments one plan takes at most: part 1 and up to 19 more; a longer plan's last parts are in the job summary and log. */
const MAX_PLAN_COMMENTS = 20;
/**
 * The hidden marker of part K (2 and up) of a plan that takes several comments. It never starts
 * with COMMENT_MARKER, so a part is never read as part 1 (the one carrying the reviewed digest).
 */
function partMarker(k) {
    return `<!-- doorflow-roster-plan part ${k} -->`;
}
const PART = /^<!-- doorflow-roster-plan part ([1-9]\d{0,2}) -->/;
/** The part number (2 and up) a comment body's marker says; undefined for part 1 and any other comment. */
function partOf(body) {
    if (typeof body !== 'string')
        return undefined;
    const k = Number(PART.exec(body)?.[1]);
    return k >= 2 ? k : undefined;
}
/** A comment is ours when the token's identity wrote it and it starts with the marker (part 1's, or `marker`). */
function isOurs(comment, me, marker = COMMENT_MARKER) {
    const user = comment.user;
    return (typeof comment.body === 'string' &&
        comment.body.startsWith(marker) &&
        user?.login === me.login &&
        user?.id === me.id);
}
/**
 * Our plan comments on the pull request, read page by page (at most MAX_COMMENT_PAGES); `foreign`
 * counts comments that carry a plan marker but are not ours (left alone). With `all` unset the walk
 * stops at part 1.
 */
async function scanComments(ctx, pr, token, me, operation, all) {
    const call = caller(ctx, token);
    const scan = { ok: true, parts: new Map(), repeats: [], foreign: 0 };
    for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
        const url = `${pr.apiUrl}/repos/${pr.repository}/issues/${pr.number}/comments?per_page=${COMMENTS_PER_PAGE}&page=${page}`;
        const got = await (0,retry/* withRetries */.L)(ctx, operation, t => call('GET', url, t, undefined, MAX_PAGE_BYTES), {
            idempotent: true
        });
        if (!got.ok || got.outcome?.kind !== 'response')
            return failed(got.message);
        if (got.outcome.truncated)
            return failed(`${operation.label} failed: a page of comments is over ${MAX_PAGE_BYTES / 1024 / 1024} MB.`);
        const comments = (0,net_json/* parseJsonArray */.d)(got.outcome.body);
        if (!comments)
            return failed(`${operation.label} failed: GitHub's comment list is not JSON.`);
        for (const c of comments) {
            if (c === null || typeof c !== 'object')
                continue;
            const k = partOf(c.body);
            if (typeof c.id === 'number' && isOurs(c, me)) {
                // A second part 1 of ours (two runs that each found none and posted one) is a repeat:
                // deleted once the first holds the new plan, so no reviewer reads the stale one.
                if (scan.comment)
                    scan.repeats.push(c.id);
                else
                    scan.comment = { id: c.id, body: c.body };
            }
            else if (k !== undefined && typeof c.id === 'number' && isOurs(c, me, partMarker(k))) {
                if (scan.parts.has(k))
                    scan.repeats.push(c.id);
                else
                    scan.parts.set(k, c.id);
            }
            else if (typeof c.body === 'string' && (c.body.startsWith(COMMENT_MARKER) || k !== undefined))
                scan.foreign++;
        }
        const next = /<[^>]+>;\s*rel="next"/.test((0,http/* header */.wx)(got.outcome.headers, 'link') ?? '');
        if ((scan.comment && !all) || !next || comments.length === 0)
            return scan;
    }
    return scan;
}
/**
 * Our plan comment (part 1) on the pull request, read page by page (at most MAX_COMMENT_PAGES);
 * `foreign` counts comments that carry a plan marker but are not ours (left alone).
 */
async function findPlanComment(ctx, pr, token, me, operation = COMMENT) {
    const scan = await scanComments(ctx, pr, token, me, operation, false);
    return scan.ok ? { ok: true, comment: scan.comment, foreign: scan.foreign } : scan;
}
/** A comment's html_url when it is safe to put in a Markdown link. */
function linkOf(body) {
    const url = (0,net_json/* parseJsonObject */.w)(body)?.['html_url'];
    return typeof url === 'string' && url.length <= 300 && /^https?:\/\/[^\s<>()[\]"'`\\]+$/.test(url) ? url : undefined;
}
/**
 * Writes the plan's comments: parts 2.. first (each PATCHed in place when ours exists, else
 * POSTed), then part 1 linking to them, then deletes our parts an earlier, longer plan left (and
 * any repeat of a marker). So part 1 never links to a part not yet written, and a fault at any
 * point leaves comments a re-run updates in place. Each body gets its marker here.
 */
async function upsertPlanComments(ctx, pr, token, plan) {
    const who = await whoAmI(ctx, pr.apiUrl, token);
    if (!who.ok)
        return who;
    const found = await scanComments(ctx, pr, token, who.me, COMMENT, true);
    if (!found.ok)
        return found;
    const call = caller(ctx, token);
    const base = `${pr.apiUrl}/repos/${pr.repository}/issues`;
    const write = (existing, text) => existing === undefined
        ? (0,retry/* withRetries */.L)(ctx, COMMENT, t => call('POST', `${base}/${pr.number}/comments`, t, { body: text }), {
            // A repeated POST that GitHub did process would leave two comments.
            mayRepeat: retry_policy/* notProcessed */.gI
        })
        : (0,retry/* withRetries */.L)(ctx, COMMENT, t => call('PATCH', `${base}/comments/${existing}`, t, { body: text }), {
            idempotent: true
        });
    const rest = plan.rest.slice(0, MAX_PLAN_COMMENTS - 1);
    const parts = { created: 0, updated: 0, deleted: 0, notDeleted: 0 };
    const links = [];
    for (const [i, body] of rest.entries()) {
        const existing = found.parts.get(i + 2);
        const written = await write(existing, `${partMarker(i + 2)}\n${body}`);
        if (!written.ok || written.outcome?.kind !== 'response')
            return failed(`part ${i + 2} of ${rest.length + 1}: ${written.message ?? 'no answer'}`);
        parts[existing === undefined ? 'created' : 'updated']++;
        links.push(linkOf(written.outcome.body));
    }
    const existing = found.comment?.id;
    const written = await write(existing, `${COMMENT_MARKER}\n${plan.first(links)}`);
    if (!written.ok || written.outcome?.kind !== 'response')
        return failed(written.message);
    // Our parts past this plan's last, and repeats: a reviewer must never read a stale part.
    const stale = [...[...found.parts].filter(([k]) => k > rest.length + 1).map(([, id]) => id), ...found.repeats];
    for (const id of stale) {
        const gone = await (0,retry/* withRetries */.L)(ctx, COMMENT, t => call('DELETE', `${base}/comments/${id}`, t), {
            idempotent: true
        });
        // 404: already gone (a repeated DELETE that GitHub did process).
        const status = gone.outcome?.kind === 'response' ? gone.outcome.status : 0;
        parts[gone.ok || status === 404 ? 'deleted' : 'notDeleted']++;
    }
    return {
        ok: true,
        action: existing === undefined ? 'created' : 'updated',
        url: linkOf(written.outcome.body) ?? '',
        foreign: found.foreign,
        parts
    };
}
/** Creates or updates the plan comment (one part: any parts an earlier plan left are deleted). `body` must not carry the marker. */
async function upsertComment(ctx, pr, token, body) {
    return upsertPlanComments(ctx, pr, token, { rest: [], first: () => body });
}
/** At most this many pull requests of one commit are looked at. */
const MAX_PULLS = 20;
/**
 * The plan comment of the pull request merged as `push.sha`: the commit's associated pull
 * requests, the one merged as this commit first (else the one merged most recently), then our
 * comment on it (per whoAmI). Each failure is one line saying what was missing.
 */
async function reviewedPlanComment(ctx, push, token) {
    const call = caller(ctx, token);
    const got = await (0,retry/* withRetries */.L)(ctx, REVIEWED, t => call('GET', `${push.apiUrl}/repos/${push.repository}/commits/${push.sha}/pulls?per_page=${MAX_PULLS}`, t), { idempotent: true });
    if (!got.ok || got.outcome?.kind !== 'response')
        return failed(got.message);
    const pulls = (0,net_json/* parseJsonArray */.d)(got.outcome.body);
    if (!pulls)
        return failed(`${REVIEWED.label} failed: GitHub's list of the commit's pull requests is not JSON.`);
    const merged = pulls
        .slice(0, MAX_PULLS)
        .filter(p => p && typeof p.number === 'number' && typeof p.merged_at === 'string')
        .sort((a, b) => {
        const exact = Number(b.merge_commit_sha === push.sha) - Number(a.merge_commit_sha === push.sha);
        return exact || String(b.merged_at).localeCompare(String(a.merged_at));
    });
    const pull = merged[0];
    if (!pull)
        return failed(`no merged pull request is associated with commit ${push.sha.slice(0, 12)}`);
    const number = pull.number;
    const who = await whoAmI(ctx, push.apiUrl, token);
    if (!who.ok)
        return { ...who, pr: number };
    const pr = { apiUrl: push.apiUrl, repository: push.repository, number };
    const found = await findPlanComment(ctx, pr, token, who.me, REVIEWED);
    if (!found.ok)
        return { ...found, pr: number };
    if (!found.comment)
        return {
            ok: false,
            pr: number,
            message: `pull request #${number} has no plan comment by ${(0,untrusted/* untrusted */.bp)(who.me.login, 100)}${found.foreign ? ` (${found.foreign} by others with the marker were ignored)` : ''}`
        };
    return { ok: true, pr: number, body: found.comment.body, foreign: found.foreign };
}

;// CONCATENATED MODULE: ./src/roster/review.ts
/**
 * What the pull-request comment and the apply's summary say about review: the roster's problems
 * as a list (file and line, inert text), the stamp that dates a comment (commit and UTC time),
 * the plan's digest, and after a merge whether the plan applied is the one reviewed.
 */




/** At most this many problems are listed in a comment or summary; one more line gives the rest's count. */
const MAX_LISTED_PROBLEMS = 50;
/** The problems as a Markdown list, each with its file and line. */
function problemsMarkdown(problems) {
    const lines = problems
        .slice(0, MAX_LISTED_PROBLEMS)
        .map(p => `- ${p.at ? `${(0,untrusted/* inertMarkdown */.Ic)(`${p.at.file}:${p.at.line}`, 200)}: ` : ''}${(0,untrusted/* inertMarkdown */.Ic)(p.message, 500)}`);
    const more = problems.length - MAX_LISTED_PROBLEMS;
    if (more > 0)
        lines.push(`- …and ${(0,format/* plural */.LS)(more, 'more problem')} (${problems.length} in all).`);
    return lines;
}
/** One problem in a line of log: "roster.yaml:4: unknown group …". */
function problemLine(p) {
    return (0,untrusted/* untrusted */.bp)(p.at ? `${p.at.file}:${p.at.line}: ${p.message}` : p.message, 500);
}
/** "commit 1a2b3c4d5e6f · 2026-12-05 18:00 UTC": when and of what a comment was written. */
function stamp(sha, nowMs) {
    const time = new Date(nowMs).toISOString().slice(0, 16).replace('T', ' ');
    const commit = sha && /^[0-9a-f]{7,64}$/i.test(sha) ? `commit \`${sha.slice(0, 12)}\` · ` : '';
    return `${commit}${time} UTC`;
}
/** The comment for a roster that cannot be planned: its problems, no plan. */
function problemsComment(problems, files, note) {
    return [
        '### ❌ DoorFlow roster: not planned',
        '',
        `The roster ${files.length ? files.map(f => (0,untrusted/* inertMarkdown */.Ic)(f, 200)).join(', ') + ' ' : ''}has ${(0,format/* plural */.LS)(problems.length, 'problem')}; ` +
            'there is no plan until they are fixed, and nothing was written to DoorFlow.',
        '',
        ...problemsMarkdown(problems),
        ...(note ? ['', (0,untrusted/* inertMarkdown */.Ic)(note, 1000)] : [])
    ].join('\n');
}
/**
 * Compares the plan about to be applied with the reviewed comment's digest. `body` undefined:
 * no reviewed plan was found (`why` says why).
 */
function compareWithReviewed(plan, body, why, pr) {
    const digest = planDigest(plan);
    const where = pr ? `pull request #${pr}` : 'the merged pull request';
    const reviewed = body === undefined ? undefined : reviewedDigest(body);
    if (!reviewed) {
        const line = body === undefined
            ? `No reviewed plan to compare with (${why}): this plan (digest ${digest}) was not checked against a review.`
            : `The plan comment on ${where} carries no digest: this plan (digest ${digest}) was not checked against a review.`;
        return { same: false, line, summary: [`⚠️ ${(0,untrusted/* inertMarkdown */.Ic)(line, 1000)}`], unreviewed: [] };
    }
    if (reviewed.digest === digest) {
        const line = `This plan (digest ${digest}) is the one reviewed on ${where}.`;
        return { same: true, line, summary: [`✅ ${line}`], unreviewed: [] };
    }
    const unreviewed = reviewed.changes ? unreviewedChanges(plan, reviewed.changes) : [];
    const dropped = reviewed.changes ? countDropped(plan, reviewed.changes) : 0;
    const line = `This plan (digest ${digest}) is not the one reviewed on ${where} (digest ${reviewed.digest}): ` +
        (reviewed.changes
            ? `${(0,format/* plural */.LS)(unreviewed.length, 'change')} not in the reviewed plan` +
                (dropped ? `, ${(0,format/* plural */.LS)(dropped, 'reviewed change')} no longer planned` : '') +
                '. DoorFlow or the roster changed after the review.'
            : 'the reviewed plan was too large to list its changes. DoorFlow or the roster changed after the review.');
    const esc = (text) => (0,untrusted/* inertMarkdown */.Ic)(text, 120);
    return {
        same: false,
        line,
        unreviewed,
        summary: [
            `⚠️ ${line}`,
            ...(unreviewed.length ? ['', '**Not in the reviewed plan:**', ''] : []),
            ...unreviewed.slice(0, 200).map(c => `- ${describeChange(c, esc)}`),
            ...(unreviewed.length > 200 ? [`- …and ${(0,format/* plural */.LS)(unreviewed.length - 200, 'more change')}.`] : [])
        ]
    };
}
/** Reviewed changes that the current plan no longer has. */
function countDropped(plan, reviewed) {
    const hashes = new Set(plan.changes.map(changeHash));
    let n = 0;
    for (const h of reviewed)
        if (!hashes.has(h))
            n++;
    return n;
}

// EXTERNAL MODULE: ./src/roster/sync-after.ts
var sync_after = __webpack_require__(9531);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./src/roster/drift.ts
/**
 * Drift: which changes of a plan put back what someone changed in DoorFlow rather than what this
 * commit changed in the roster. A change is drift when the roster file behind it did not change in
 * the commit (a removal: when no file under the roster path did). Which files the commit changed
 * comes from the push event's payload (every pushed commit), else from git in the workspace (`git
 * diff HEAD^ HEAD`, which needs `fetch-depth: 2`); on a schedule or workflow_dispatch event there
 * is no commit of the run's own, so every change is drift. When neither source answers, nothing is
 * marked and the reason is said once. The marking itself is pure.
 */




/** Most pushed commits read from the event payload (GitHub lists at most 2048). */
const MAX_PAYLOAD_COMMITS = 2048;
/** Largest event payload read, in bytes. */
const MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;
/** Most output read from git, in bytes. */
const MAX_GIT_BYTES = 4 * 1024 * 1024;
/** A path as git and the roster name it: forward slashes, no leading "./". */
function normalPath(path) {
    return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}
/**
 * Marks the plan's drift changes (`drift: true`) and sets `plan.drift` to their count; with the
 * changed files unknown it marks nothing and leaves `plan.drift` unset. Returns the plan.
 */
function markDrift(plan, roster, rosterPath, changed) {
    if (changed.kind === 'unknown')
        return plan;
    const fileOf = new Map(roster.people.map(p => [p.id, normalPath(p.at.file)]));
    const root = normalPath(rosterPath).replace(/\/+$/, '');
    const touched = (file) => changed.kind === 'all' ? false : file !== undefined && changed.files.has(file);
    const rosterTouched = changed.kind === 'files' && [...changed.files].some(f => f === root || f.startsWith(`${root}/`) || root === '.');
    let count = 0;
    for (const change of plan.changes) {
        const drift = change.kind === 'remove' ? changed.kind === 'all' || !rosterTouched : !touched(fileOf.get(change.systemId));
        if (drift) {
            change.drift = true;
            count++;
        }
        else
            delete change.drift;
    }
    plan.drift = count;
    return plan;
}
/**
 * The files a push event's payload lists as added, modified or removed by its commits; undefined
 * when the payload has no commits to read (then git decides). Pure.
 */
function changedFromPayload(text) {
    let payload;
    try {
        payload = JSON.parse(text);
    }
    catch {
        return undefined;
    }
    const commits = payload?.commits;
    if (!Array.isArray(commits) || !commits.length)
        return undefined;
    const files = new Set();
    for (const commit of commits.slice(0, MAX_PAYLOAD_COMMITS)) {
        for (const key of ['added', 'modified', 'removed']) {
            const list = commit?.[key];
            if (!Array.isArray(list))
                continue;
            for (const f of list)
                if (typeof f === 'string')
                    files.add(normalPath(f));
        }
    }
    const n = Math.min(commits.length, MAX_PAYLOAD_COMMITS);
    return { kind: 'files', files, why: `the push event's ${(0,format/* plural */.LS)(n, 'commit')}` };
}
/** Most time git may take, in ms: it runs before the first write, and a cancel must not wait on it for long. */
const GIT_TIMEOUT_MS = 5000;
/** git as a child process that never blocks the event loop (a cancel's signal is handled while it runs). */
const realGit = (args, cwd) => new Promise((resolve, reject) => {
    const child = (0,external_node_child_process_.execFile)('git', args, {
        cwd,
        encoding: 'utf8',
        timeout: GIT_TIMEOUT_MS,
        maxBuffer: MAX_GIT_BYTES,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }
    }, (err, stdout, stderr) => {
        if (err)
            reject(Object.assign(err, { stderr }));
        else
            resolve(stdout);
    });
    child.stdin?.end();
});
/** The files the workspace's last commit changed, from git; unknown (with why) when git or the parent is missing. */
async function changedFromGit(workspace, git = realGit) {
    try {
        const out = await git([
            '-c',
            'core.quotepath=off',
            'diff',
            '--no-ext-diff',
            '--no-textconv',
            '--name-only',
            '--relative',
            '-z',
            'HEAD^',
            'HEAD'
        ], workspace);
        const files = new Set(out.split('\0').filter(Boolean).map(normalPath));
        return { kind: 'files', files, why: 'git diff HEAD^ HEAD' };
    }
    catch (err) {
        const stderr = err.stderr;
        const said = typeof stderr === 'string' && stderr.trim() ? stderr.trim().split('\n')[0] : err.message;
        return {
            kind: 'unknown',
            why: `git could not name the files this commit changed (${(0,untrusted/* untrusted */.bp)(said, 200)}); check out with fetch-depth: 2 so that the commit's parent is there`
        };
    }
}
/** The changed files for this run's event (GITHUB_EVENT_NAME, GITHUB_EVENT_PATH), read within the bounds above. */
async function changedFiles(env, workspace, git) {
    const event = env('GITHUB_EVENT_NAME') ?? '';
    if (event === 'schedule' || event === 'workflow_dispatch')
        return { kind: 'all', why: `a ${event} event has no commit of its own, so every change is drift` };
    const path = env('GITHUB_EVENT_PATH');
    if (event === 'push' && path) {
        try {
            if ((0,external_node_fs_.statSync)(path).size <= MAX_PAYLOAD_BYTES) {
                const fromPayload = changedFromPayload((0,external_node_fs_.readFileSync)(path, 'utf8'));
                if (fromPayload)
                    return fromPayload;
            }
        }
        catch {
            // No readable payload: git decides.
        }
    }
    return changedFromGit(workspace, git);
}

;// CONCATENATED MODULE: ./src/roster/commit.ts
/**
 * The commit a plan was made at, for the plan's first lines: the runner's GITHUB_SHA (for a pull request, the merge
 * commit it tests) and, for pull_request events, the head of the pull request's branch from the event payload. Only
 * hex SHAs are kept: the payload is data, and a value that is not a SHA is not shown.
 */

/** An event payload larger than this is not read for the head SHA (GitHub's payloads are far smaller). */
const EVENT_MAX_BYTES = 25 * 1024 * 1024;
const sha = (value) => typeof value === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(value) ? value : undefined;
function plannedCommitOf(env) {
    const commit = { sha: sha(env('GITHUB_SHA')) };
    const event = env('GITHUB_EVENT_NAME') ?? '';
    const path = env('GITHUB_EVENT_PATH');
    if ((event === 'pull_request' || event === 'pull_request_target') && path) {
        try {
            if ((0,external_node_fs_.statSync)(path).size <= EVENT_MAX_BYTES) {
                const payload = JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8'));
                commit.head = sha(payload.pull_request?.head?.sha);
            }
        }
        catch {
            // No head SHA: the plan shows GITHUB_SHA only.
        }
    }
    return commit;
}

;// CONCATENATED MODULE: ./src/roster/run.ts
/**
 * Door access as code, in the action: the roster pipeline. rosterPipeline is its steps in order:
 * read and parse the roster (every problem annotated on its line, before any request), read
 * DoorFlow (signed in with the scopes the run needs), plan, guard (once: the apply takes that
 * verdict), show the plan (log, outputs, plan file); then a dry run puts it up for review (job
 * summary, pull-request comment), and an apply checks that it is the plan reviewed, applies it,
 * reports what was applied and says whether a sync carries it. The steps come first, their
 * helpers after them. Called from main.ts, which alone fails the step.
 */
























/** What applying needs: writing people (which covers reading them), reading groups and roles, and the sync after. */
const APPLY_SCOPES = [people/* PEOPLE_WRITE_SCOPE */.V_, people/* GROUPS_READ_SCOPE */.te, people/* ROLES_READ_SCOPE */.uq, 'account.sync'];
/** The roster path of the action; a failure is also the job summary's first line. */
async function runRoster(settings, roster, ctx, hold) {
    const outcome = await rosterPipeline({ settings, roster, ctx, hold });
    await summariseFailure(outcome);
    return outcome;
}
/**
 * The pipeline, one named step a line: read and parse the roster, read DoorFlow, plan, guard,
 * show the plan; then a dry run reviews it on the pull request, and an apply checks it was the
 * plan reviewed, applies it under the guard's verdict and says whether a sync carries it. A step
 * that must end the run returns its outcome (a Stop).
 */
async function rosterPipeline(run) {
    const parsed = await readAndParseRoster(run);
    if ('stop' in parsed)
        return parsed.stop;
    const doorflow = await readDoorFlow(run, parsed.roster);
    if ('stop' in doorflow)
        return doorflow.stop;
    const planned = await planAgainstAccount(run, parsed.roster, doorflow.account);
    if ('stop' in planned)
        return planned.stop;
    const verdict = guardPlan(planned.plan, run.settings.maxRemovals);
    const digest = showPlan(run.roster, planned.plan);
    if (run.roster.dryRun)
        return reviewOnPullRequest(run, planned.plan, parsed.roster.files, digest);
    const reviewed = await checkBeforeApply(run, planned.plan);
    if ('stop' in reviewed)
        return reviewed.stop;
    const applied = await applyUnderGuard(run, planned.plan, verdict, doorflow);
    await reportApplied(applied, reviewed.summary);
    return syncAfter(run, planned.plan, applied, doorflow.signedIn);
}
/** Reads and validates the roster's files; on a problem nothing is written, and the run ends (see reportProblems). */
async function readAndParseRoster(run) {
    const { roster } = run;
    const loaded = loadRoster(roster.path, roster.workspace);
    if (loaded.problems.length) {
        annotate(loaded.problems);
        return { stop: await reportProblems(run.settings, roster, run.ctx, run.hold, loaded) };
    }
    core/* info */.pq(`Roster: ${(0,format/* people */.c0)(loaded.roster.people.length)} from ${(0,untrusted/* untrusted */.bp)(loaded.roster.files.join(', '))}; ` +
        (loaded.roster.manages.length
            ? `manages ${(0,untrusted/* untrusted */.bp)(loaded.roster.manages.join(', '))}`
            : 'no manages (nobody is ever removed)') +
        `; prune: ${roster.prune}.`);
    return { roster: loaded.roster };
}
/** Signs in with the scopes the run needs, and reads DoorFlow's groups, roles and people. */
async function readDoorFlow(run, roster) {
    const { settings, ctx } = run;
    const scopes = run.roster.dryRun ? people/* READ_SCOPES */.vk : APPLY_SCOPES;
    const signedIn = await (0,sign_in/* signIn */.Jv)(ctx, settings.auth, settings.baseUrl, run.hold, scopes);
    if (!signedIn.ok)
        return { stop: await notPlanned(ctx, run.roster, roster.files, signedIn.message) };
    const client = new people/* PeopleClient */.Z_(settings.baseUrl, signedIn.accessToken);
    core/* info */.pq(`Reading groups, roles and people from ${settings.baseUrl}.`);
    const read = await (0,people/* readAccount */.GM)(ctx, client);
    if (!read.ok)
        return { stop: await notPlanned(ctx, run.roster, roster.files, read.message) };
    const { account } = read;
    core/* info */.pq(`Read ${(0,format/* people */.c0)(account.people.length)}, ${(0,format/* plural */.LS)(account.groups.length, 'group')} and ${(0,format/* plural */.LS)(account.roles.length, 'role')} in ${(0,format/* plural */.LS)(account.requests, 'request')}.`);
    return { signedIn, client, account };
}
/**
 * Plans the roster against what DoorFlow holds, who can open a door judged at the clock's now; a
 * roster that does not fit DoorFlow ends the run. Then the run's notes on the plan: unmanaged
 * people (unless ignored) and drift.
 */
async function planAgainstAccount(run, parsed, account) {
    const { roster, ctx } = run;
    const { plan, problems } = planRoster(parsed, account, roster.prune, { now: ctx.clock.now() });
    if (problems.length) {
        annotate(problems);
        return { stop: await problemsFound(ctx, roster, parsed.files, problems, []) };
    }
    if (roster.unmanaged === 'ignore')
        delete plan.unmanaged;
    const changed = await changedFiles(name => process.env[name], roster.workspace);
    markDrift(plan, parsed, roster.path, changed);
    if (changed.kind === 'unknown')
        core/* info */.pq(`Drift: no change is marked as drift: ${changed.why}.`);
    else if (changed.kind === 'all')
        core/* info */.pq(`Drift: ${changed.why}.`);
    else if (plan.changes.length)
        core/* info */.pq(`Drift: judged from ${changed.why}.`);
    return { plan };
}
/**
 * The guard, once per run, with the run's max-removals (undefined for the default): its
 * report goes on the plan (the log, summary, comment and plan file show it), and the verdict is
 * what the apply takes; applyRoster refuses a plan that verdict was not made for.
 */
function guardPlan(plan, maxRemovals) {
    const verdict = judgePlan(plan, maxRemovals);
    plan.guard = verdict.report;
    return verdict;
}
/** Shows the plan in the log, the outputs and the plan file; returns its digest. */
function showPlan(roster, plan) {
    const planFile = writePlanFile(plan);
    const digest = planDigest(plan);
    core/* setOutput */.uH('changes', String(plan.changes.length));
    core/* setOutput */.uH('drift', plan.drift === undefined ? '' : String(plan.drift));
    core/* setOutput */.uH('plan-file', planFile);
    const [headline, ...details] = planText(plan, { withGuard: false, withNotes: false });
    const mode = roster.dryRun ? 'Dry run: nothing was written and no sync was sent.' : 'Applying it.';
    core/* info */.pq(`${headline} Digest ${digest}. ${mode} The plan as JSON: ${planFile}`);
    const guarded = guardLine(plan);
    if (guarded && !plan.guard?.refused)
        core/* info */.pq(guarded);
    if (details.length) {
        core/* startGroup */.Oh(`The plan, person by person (${(0,format/* plural */.LS)(plan.changes.length, 'change')})`);
        for (const line of details)
            core/* info */.pq(line);
        core/* endGroup */.N4();
    }
    for (const line of [...driftLines(plan), ...unmanagedLines(plan)])
        core/* info */.pq(line);
    return digest;
}
/**
 * A dry run's last step: the plan for review, in the job summary and on the pull request. A plan
 * the apply would refuse is said here, not first after the merge.
 */
async function reviewOnPullRequest(run, plan, files, digest) {
    const { roster, ctx } = run;
    const unmanaged = unmanagedFailure(roster, plan);
    if (plan.guard?.refused)
        core/* warning */.$e(`The apply would be refused: ${plan.guard.reason ?? ''}`, { title: 'Roster' });
    const commit = plannedCommitOf(name => process.env[name]);
    const body = summaryParts(plan, files, commit);
    if (process.env['GITHUB_STEP_SUMMARY']) {
        await (0,report/* writeSummaryOrWarn */.vV)(core/* summary */.z.addRaw(`${body}\n\nPlan digest \`${digest}\`.\n`, true).write());
    }
    await commentOnPullRequest(ctx, roster, pr => planComments(plan, files, commit, pr, ctx.clock.now()));
    if (unmanaged)
        return { ok: false, message: `${unmanaged} Dry run: nothing was written.`, plan };
    return { ok: true, plan };
}
/**
 * Before an apply: nothing is written when unmanaged: fail finds people no roster manages, or
 * (see checkReviewed) when this plan is not the one reviewed on the merged pull request.
 * `summary`: what the review check says, for the job summary below the apply's verdict.
 */
async function checkBeforeApply(run, plan) {
    const unmanaged = unmanagedFailure(run.roster, plan);
    if (unmanaged)
        return { stop: { ok: false, message: `${unmanaged} Nothing was written.`, plan } };
    const review = await checkReviewed(run.ctx, run.roster, plan);
    return review.stop ? { stop: review.stop } : { summary: review.summary };
}
/**
 * The writes, under the guard's verdict on this plan (applyRoster refuses before the first
 * write unless it lets the plan through). A cancel stops new writes, lets those under way run until
 * the reserve before the kill (then aborts them), and sends one sync at once, so that revocations
 * already written reach the doors before the runner ends the step.
 */
async function applyUnderGuard(run, plan, guarded, doorflow) {
    const { settings, ctx } = run;
    const apply = { writeConcurrency: settings.writeConcurrency };
    let cancelled = false;
    let synced;
    const verdict = await run.hold('applying the roster', async (held) => {
        const stop = () => (held.timeLeft() === Infinity ? undefined : 'the job was cancelled');
        const writes = (0,signals/* heldContext */.BW)(ctx, held, CANCEL_SYNC_RESERVE_MS);
        const done = await applyRoster(writes, plan, guarded, doorflow.client, apply, stop);
        cancelled = stop() !== undefined;
        if (cancelled && done.wrote) {
            core/* info */.pq('Cancelled: sending one sync now, so that the changes already written reach the doors.');
            const client = new doorflow_client/* DoorFlowClient */.o(settings.baseUrl, doorflow.signedIn.accessToken, held.signal());
            const sync = await (0,retry/* withRetries */.L)((0,signals/* heldContext */.BW)(ctx, held), operations/* SYNC */.a9, t => client.sync(t));
            synced = sync.ok
                ? 'DoorFlow accepted a sync that carries what was written to the doors.'
                : `No sync was accepted (${sync.message ?? 'not sent'}): the doors may not have what was written; run again.`;
            core/* info */.pq(synced);
        }
        else if (cancelled) {
            synced = 'Nothing was written, so no sync was sent.';
        }
        return done;
    });
    return { verdict, cancelled, synced };
}
/**
 * Reports the apply: its outputs, and its section of the job summary with the review check below
 * it; after a cancel, one line under it for the cancel and the sync it sent (the section already
 * says what was and was not written, so the run's failure is not said again).
 */
async function reportApplied({ verdict, cancelled, synced }, reviewSummary) {
    setApplyOutputs(verdict.refused ? undefined : (verdict.result?.counts ?? NOTHING_APPLIED));
    addApplySummary(verdict);
    if (cancelled)
        core/* summary */.z.addRaw(`\n### ⏹️ Cancelled while applying the roster\n\n${(0,untrusted/* inertMarkdown */.Ic)(synced ?? '', 500)}\n`, true);
    core/* summary */.z.addRaw(`\n${reviewSummary}\n`, true);
    if (process.env['GITHUB_STEP_SUMMARY']) {
        await (0,report/* writeSummaryOrWarn */.vV)(core/* summary */.z.write());
    }
}
/**
 * The last step of an apply: whether a sync carries what was applied. main.ts sends it, with the token
 * signed in here; nothing to carry when the guard refused, and nothing written syncs only on
 * sync: always (sync-after.ts). A cancelled run already sent its one sync.
 */
function syncAfter(run, plan, applied, signedIn) {
    const { verdict, cancelled, synced } = applied;
    if (cancelled) {
        return {
            ok: false,
            cancelled: true,
            summarised: true,
            wrote: verdict.wrote,
            plan,
            message: `while applying the roster. ${verdict.message ?? ''} ${synced ?? ''}`.replace(/\s+/g, ' ').trim()
        };
    }
    const after = (0,sync_after/* syncAfterApply */.UD)(run.settings.roster?.sync ?? 'auto', verdict);
    return {
        ok: verdict.ok,
        message: verdict.message,
        summarised: true,
        plan,
        wrote: verdict.wrote,
        ...(after.sync ? { sync: signedIn } : { noSync: after.why })
    };
}
/** A failed run's outcome as the job summary's first line, unless the apply's section already says it. */
async function summariseFailure(outcome) {
    if (outcome.ok || outcome.summarised || !process.env['GITHUB_STEP_SUMMARY'])
        return;
    // The blank line first: a heading right after an HTML block (the apply's) would show as text.
    const message = (0,untrusted/* inertMarkdown */.Ic)(outcome.message ?? 'The roster run failed.', 2000);
    await (0,report/* writeSummaryOrWarn */.vV)(core/* summary */.z
        .addRaw(`\n### ❌ DoorFlow roster failed\n\n${message}\n${outcome.details ? `\n${outcome.details}\n` : ''}`, true)
        .write());
}
/** The roster's files, parsed and validated: no request is sent before this says ok. */
function loadRoster(path, workspace) {
    const read = (0,parse/* readRosterFiles */.Vy)(path, workspace);
    if (read.problems.length)
        return { roster: { manages: [], people: [], files: [] }, problems: read.problems };
    return (0,parse/* parseRoster */.Rh)(read.files);
}
/**
 * Reads groups, roles and people, and plans the roster against them, who can open a door judged
 * at the clock's now. The plan has no guard verdict yet: guardPlan gives it one.
 */
async function planAgainstDoorFlow(ctx, client, roster, prune) {
    const read = await (0,people/* readAccount */.GM)(ctx, client);
    if (!read.ok)
        return read;
    const { plan, problems } = planRoster(roster, read.account, prune, { now: ctx.clock.now() });
    return { ok: true, plan, problems, account: read.account };
}
/** At most this many problems become annotations; one more line gives the rest's count. */
const MAX_ANNOTATIONS = 50;
/**
 * One annotation per problem, on its file and line when it has one: the first MAX_ANNOTATIONS,
 * then one line with how many more there are (a file with 100,000 typos is 51 lines of log).
 */
function annotate(problems) {
    for (const p of problems.slice(0, MAX_ANNOTATIONS)) {
        const message = (0,untrusted/* untrusted */.bp)(p.message, 2000);
        if (p.at)
            core/* error */.z3(message, { title: 'Roster', file: p.at.file, startLine: p.at.line, startColumn: p.at.col });
        else
            core/* error */.z3(message, { title: 'Roster' });
    }
    const more = problems.length - MAX_ANNOTATIONS;
    if (more > 0)
        core/* error */.z3(`…and ${(0,format/* plural */.LS)(more, 'more problem')} (${problems.length} in all) not shown; fix these and run again to see the rest.`, { title: 'Roster' });
}
/** Room kept in part 1 for the links to the other parts (MAX_PLAN_COMMENTS - 1 links of up to 300 characters, and a note). */
const LINKS_RESERVE = 7_000;
/**
 * The plan as pull-request comments, each under GitHub's 65,536 characters: part 1 (access changes
 * first, the digest, the hidden change hashes the apply reads) links to parts 2..; each other part
 * names the digest and commit it belongs to, so a reviewer can tell it matches part 1. Past
 * MAX_PLAN_COMMENTS parts, part 1 says where the rest is.
 */
function planComments(plan, files, commit, pr, now) {
    const hidden = hiddenDigestLine(plan);
    const digest = planDigest(plan);
    const parts = planMarkdownParts(plan, {
        files,
        commit,
        restAt: 'on this pull request, linked at the end of this comment',
        maxChars: 60_000 - hidden.length - LINKS_RESERVE,
        footer: `_Planned by the DoorFlow Sync action for ${pr.repository}#${pr.number}; updated on every push._`
    });
    const count = parts.length;
    const tag = `Plan digest \`${digest}\` · ${stamp(pr.headSha, now)}`;
    const rest = parts
        .slice(1, MAX_PLAN_COMMENTS)
        .map((part, i) => [part, '', `Part ${i + 2} of ${count} of the plan with digest \`${digest}\` · ${stamp(pr.headSha, now)}`].join('\n'));
    const first = (links) => {
        if (count === 1)
            return [parts[0], '', tag, hidden].join('\n');
        const named = links.map((url, i) => (url ? `[part ${i + 2}](${url})` : `part ${i + 2} (below)`));
        const over = count > MAX_PLAN_COMMENTS
            ? [
                '',
                `> Parts ${MAX_PLAN_COMMENTS + 1}–${count} are not on the pull request (a plan takes at most ${MAX_PLAN_COMMENTS} comments): every change is in this run's job summary and log (the group "The plan, person by person"), and in the plan-file output.`
            ]
            : [];
        return [parts[0], '', `**The other parts of this plan:** ${named.join(' · ')}`, ...over, '', tag, hidden].join('\n');
    };
    return { rest, first };
}
/** With unmanaged: fail, the failure when DoorFlow has people with door access whom no roster manages. */
function unmanagedFailure(roster, plan) {
    const count = plan.unmanaged?.count ?? 0;
    if (roster.unmanaged !== 'fail' || !count)
        return undefined;
    return `Input unmanaged is fail, and ${(0,format/* people */.c0)(count)} in DoorFlow ${(0,format/* verb */.w3)(count, 'has', 'have')} door access that no roster manages (named above): add them to a roster (npm run export writes entries for them), disable them in DoorFlow, or set unmanaged: report.`;
}
/** A job summary holds 1 MiB: the plan's parts stay under this many bytes, and the rest is in the log. */
const SUMMARY_MAX_BYTES = 900_000;
/** The dry run's job summary: every part of the plan that fits in SUMMARY_MAX_BYTES, in order, access changes first. */
function summaryParts(plan, files, commit) {
    const footer = '_Dry run: nothing was written to DoorFlow._';
    const parts = planMarkdownParts(plan, { files, commit, footer, restAt: 'below' });
    let out = '';
    for (const [i, part] of parts.entries()) {
        if (Buffer.byteLength(out + part) > SUMMARY_MAX_BYTES) {
            const rest = `${parts.length - i} of ${parts.length}`;
            return `${out}\n> The last ${rest} parts of the plan do not fit in a job summary: every change is in the log (the group "The plan, person by person") and in the plan-file output.\n\n${footer}\n`;
        }
        out += `${part}\n`;
    }
    return out;
}
/**
 * The roster file has problems: nothing is written. When DoorFlow can be read, the valid part of
 * the roster is planned against it (read-only scopes), so that unknown groups and taken emails
 * come in the same run as the file's own problems.
 */
async function reportProblems(settings, roster, ctx, hold, loaded) {
    const files = loaded.roster.files;
    let later = [];
    let note;
    if (files.length) {
        const signedIn = await (0,sign_in/* signIn */.Jv)(ctx, settings.auth, settings.baseUrl, hold, people/* READ_SCOPES */.vk);
        if (signedIn.ok) {
            core/* info */.pq(`Checking the valid part of the roster against DoorFlow (${settings.baseUrl}); nothing is written.`);
            const client = new people/* PeopleClient */.Z_(settings.baseUrl, signedIn.accessToken);
            const planned = await planAgainstDoorFlow(ctx, client, loaded.roster, roster.prune);
            if (planned.ok)
                later = planned.problems;
            else
                note = `DoorFlow could not be read (${planned.message}), so the roster was not checked against it.`;
        }
        else
            note = `DoorFlow could not be read (${signedIn.message}), so the roster was not checked against it.`;
    }
    if (later.length)
        annotate(later);
    if (note)
        core/* warning */.$e((0,untrusted/* untrusted */.bp)(note, 2000), { title: 'Roster' });
    const read = files.length > 0 && note === undefined;
    return problemsFound(ctx, roster, files, [...loaded.problems, ...later], loaded.problems, note, read);
}
/** The roster cannot be planned: its problems go to the log, the summary and the pull request. */
async function problemsFound(ctx, roster, files, problems, fileProblems, note, readDoorFlow = true) {
    const against = problems.length - fileProblems.length;
    const split = fileProblems.length && against ? ` (${fileProblems.length} in the file, ${against} against DoorFlow)` : '';
    const where = fileProblems.length
        ? `The roster has ${(0,format/* plural */.LS)(problems.length, 'problem')}${split}`
        : `The roster does not fit DoorFlow: ${(0,format/* plural */.LS)(problems.length, 'problem')}`;
    await commentOnPullRequest(ctx, roster, pr => [problemsComment(problems, files, note), '', stamp(pr.headSha, ctx.clock.now())].join('\n'));
    return {
        ok: false,
        message: `${where}; nothing was ${readDoorFlow ? '' : 'read from or '}written to DoorFlow. First: ${problemLine(problems[0])}`,
        details: problemsMarkdown(problems).join('\n')
    };
}
/** No plan could be made (sign-in or reading DoorFlow failed): said on the pull request too. */
async function notPlanned(ctx, roster, files, message) {
    await commentOnPullRequest(ctx, roster, pr => [
        '### ❌ DoorFlow roster: not planned',
        '',
        `The roster ${files.map(f => (0,untrusted/* inertMarkdown */.Ic)(f, 200)).join(', ')} could not be planned: ${(0,untrusted/* inertMarkdown */.Ic)(message, 2000)}`,
        '',
        stamp(pr.headSha, ctx.clock.now())
    ].join('\n'));
    return { ok: false, message };
}
/**
 * On a push (the apply after a merge): is this plan the one reviewed on the merged pull request?
 * `summary`: Markdown for the job summary, below the apply's verdict. `stop`: the apply must not
 * go on (unreviewed-changes: fail and the plan is not the reviewed one, or that cannot be told).
 */
async function checkReviewed(ctx, roster, plan) {
    const push = pushOf(name => process.env[name]);
    if (!push && process.env['GITHUB_EVENT_NAME'] !== 'push') {
        const line = `Plan digest ${planDigest(plan)}; not a push, so no reviewed plan is compared.`;
        core/* info */.pq(line);
        return { summary: line };
    }
    let check;
    if (!push) {
        // A push whose commit cannot be told has no reviewed plan to find: unreviewed, never "not a push".
        check = compareWithReviewed(plan, undefined, 'GITHUB_REPOSITORY or GITHUB_SHA is missing or malformed, so the merged pull request cannot be found');
    }
    else if (!roster.commentToken) {
        check = compareWithReviewed(plan, undefined, "pr-comment-token is empty, so the merged pull request cannot be read; leave it unset for the workflow's GITHUB_TOKEN, with permissions pull-requests: read");
    }
    else {
        const found = await reviewedPlanComment(ctx, push, roster.commentToken);
        check = found.ok
            ? compareWithReviewed(plan, found.body, '', found.pr)
            : compareWithReviewed(plan, undefined, found.message, found.pr);
    }
    const summary = check.summary.join('\n');
    if (check.same) {
        core/* info */.pq(check.line);
        return { summary };
    }
    // An empty plan writes nothing, so nothing unreviewed can reach DoorFlow: refusing it would fail a
    // run whose doors already have the roster.
    if (!plan.changes.length) {
        core/* info */.pq(`${check.line} The plan is empty: nothing is written, so nothing unreviewed.`);
        return { summary };
    }
    if (roster.unreviewedChanges === 'warn') {
        core/* warning */.$e((0,untrusted/* untrusted */.bp)(check.line, 2000), { title: 'Roster' });
        for (const c of check.unreviewed.slice(0, 50))
            core/* info */.pq(`  unreviewed: ${describeChange(c)}`);
        return { summary };
    }
    const message = `${check.line} unreviewed-changes is fail, so nothing was written. ` +
        'Open a pull request (any change to the roster) to review the current plan and merge it, or set unreviewed-changes: warn.';
    setApplyOutputs(undefined);
    return { summary, stop: { ok: false, plan, message, details: summary } };
}
/**
 * Time kept back from the writes after a cancel, for the one sync that carries what was applied:
 * a sync request that answers within 3 s. Writes in flight are aborted when only this is left
 * before the runner's kill (SIGINT gives 10 s, SIGTERM 2.5 s; see signals.ts).
 */
const CANCEL_SYNC_RESERVE_MS = 3000;
/** The plan as JSON in a new file under RUNNER_TEMP (the plan-file output). */
function writePlanFile(plan) {
    const base = process.env['RUNNER_TEMP'] || (0,external_node_os_.tmpdir)();
    (0,external_node_fs_.mkdirSync)(base, { recursive: true });
    const file = (0,external_node_path_.join)((0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(base, 'doorflow-roster-')), 'plan.json');
    (0,external_node_fs_.writeFileSync)(file, `${JSON.stringify(plan, null, 2)}\n`);
    return file;
}
/**
 * On a pull request (a dry run), comments updated in place: the plan (in parts when it is long), or
 * why there is none (and any part an earlier plan left is deleted). Any failure is a warning only.
 */
async function commentOnPullRequest(ctx, roster, body) {
    if (!roster.dryRun)
        return;
    const pr = pullRequestOf(name => process.env[name]);
    if (!pr)
        return;
    if (!roster.commentToken) {
        core/* info */.pq('No pr-comment-token: the plan is in the job summary only.');
        return;
    }
    const text = body(pr);
    const result = await upsertPlanComments(ctx, pr, roster.commentToken, typeof text === 'string' ? { rest: [], first: () => text } : text);
    if (!result.ok) {
        core/* warning */.$e(`The plan is not on the pull request: ${(0,untrusted/* untrusted */.bp)(result.message, 1000)}`);
        return;
    }
    core/* info */.pq(`Plan comment ${result.action} on pull request #${pr.number}${result.url ? `: ${(0,untrusted/* untrusted */.bp)(result.url, 300)}` : ''}.`);
    const { created, updated, deleted, notDeleted } = result.parts;
    if (created + updated)
        core/* info */.pq(`The plan's parts 2–${created + updated + 1} are further comments on #${pr.number}: ${created} created, ${updated} updated.`);
    if (deleted)
        core/* info */.pq(`${(0,format/* plural */.LS)(deleted, 'plan comment')} left over from an earlier, longer plan deleted.`);
    if (notDeleted)
        core/* warning */.$e(`${(0,format/* plural */.LS)(notDeleted, 'plan comment')} left over from an earlier, longer plan could not be deleted: delete them on #${pr.number}, or re-run.`);
    if (result.foreign)
        core/* info */.pq(`${(0,format/* plural */.LS)(result.foreign, 'other comment')} on #${pr.number} carry the plan's marker but were not written by this token; left alone.`);
}


/***/ })

};
