export const id = 683;
export const ids = [683,172];
export const modules = {

/***/ 47:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _j: () => (/* binding */ REPOSITORY_ASSOCIATIONS),
/* harmony export */   gZ: () => (/* binding */ unapprovedOf),
/* harmony export */   jo: () => (/* binding */ WRITE_PERMISSIONS),
/* harmony export */   sx: () => (/* binding */ unapprovedWarnings),
/* harmony export */   yc: () => (/* binding */ latestVerdicts)
/* harmony export */ });
/* unused harmony exports MAX_REVIEW_PAGES, unapproved */
/* harmony import */ var _net_retry_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7893);
/* harmony import */ var _net_http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1298);
/* harmony import */ var _net_json_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4457);
/* harmony import */ var _untrusted_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(873);
/* harmony import */ var _request_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7398);
/* harmony import */ var _operations_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4845);






const REVIEWS_PER_PAGE = 100;
/** At most 1,000 reviews are read. */
const MAX_REVIEW_PAGES = 10;
/**
 * The author associations of the repository's own people: its owner, a member of its organization, an
 * invited collaborator. Anyone else (CONTRIBUTOR, FIRST_TIMER, FIRST_TIME_CONTRIBUTOR, MANNEQUIN, NONE)
 * may submit an approving review on a public repository. GitHub's CommentAuthorAssociation:
 * https://docs.github.com/en/graphql/reference/enums#commentauthorassociation (REST's
 * `author_association` takes the same values). An association is no role: WRITE_PERMISSIONS is.
 */
const REPOSITORY_ASSOCIATIONS = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);
/**
 * The repository permissions that may write, as "Get repository permissions for a user" names them
 * (maintain reads as write):
 * https://docs.github.com/en/rest/collaborators/collaborators#get-repository-permissions-for-a-user
 */
const WRITE_PERMISSIONS = new Set(['admin', 'write']);
/** A page of 100 reviews with long bodies; a larger one is not read (and the pull request is not approved). */
const REVIEW_PAGE_BYTES = 16 * 1024 * 1024;
const REVIEWS = {
    label: 'Reading the reviews of the merged pull request',
    service: (0,_operations_js__WEBPACK_IMPORTED_MODULE_4__/* .gitHubService */ .DL)('pr-comment-token'),
    forbidden: 'The pr-comment-token may not read pull requests: give the job `permissions: pull-requests: read` on push.'
};
/**
 * Each reviewer's latest verdict on pull request `number` (their latest review that is not COMMENTED
 * or PENDING, see the file's note), in the order GitHub lists them; or why the reviews could not be
 * read whole.
 */
async function latestVerdicts(ctx, apiUrl, repository, token, number) {
    const where = `pull request #${number}`;
    const latest = new Map();
    for (let page = 1;; page++) {
        if (page > MAX_REVIEW_PAGES)
            return {
                ok: false,
                why: `${where} has more than ${MAX_REVIEW_PAGES * REVIEWS_PER_PAGE} reviews, more than are read, so its approval cannot be told`
            };
        const url = `${apiUrl}/repos/${repository}/pulls/${number}/reviews?per_page=${REVIEWS_PER_PAGE}&page=${page}`;
        const got = await (0,_net_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .withRetries */ .L)(ctx, REVIEWS, t => (0,_request_js__WEBPACK_IMPORTED_MODULE_3__/* .gitHubRequest */ .pv)({
            signal: ctx.signal,
            clock: ctx.clock,
            method: 'GET',
            url,
            token,
            timeoutMs: t,
            maxBodyBytes: REVIEW_PAGE_BYTES
        }), { idempotent: true });
        const cannot = (why) => ({
            ok: false,
            why: `the reviews of ${where} could not be read (${(0,_untrusted_js__WEBPACK_IMPORTED_MODULE_2__/* .untrusted */ .bp)(why, 500)})`
        });
        if (!got.ok || got.outcome?.kind !== 'response')
            return cannot(got.message ?? 'no answer');
        if (got.outcome.truncated)
            return cannot(`a page of reviews is over ${REVIEW_PAGE_BYTES / 1024 / 1024} MiB`);
        const reviews = (0,_net_json_js__WEBPACK_IMPORTED_MODULE_5__/* .parseJsonArray */ .d)(got.outcome.body);
        if (!reviews)
            return cannot("GitHub's list of reviews is not JSON");
        for (const r of reviews) {
            if (r === null || typeof r !== 'object' || typeof r.user?.id !== 'number')
                continue;
            if (r.state === 'COMMENTED' || r.state === 'PENDING')
                continue;
            // A reviewer's later verdict replaces the earlier one, in GitHub's (chronological) order.
            latest.delete(r.user.id);
            latest.set(r.user.id, r);
        }
        const more = /<[^>]+>;\s*rel="next"/.test((0,_net_http_js__WEBPACK_IMPORTED_MODULE_1__/* .header */ .wx)(got.outcome.headers, 'link') ?? '');
        if (!more || reviews.length < REVIEWS_PER_PAGE)
            break;
    }
    return { ok: true, latest: [...latest.values()] };
}
/**
 * Why pull request `pull` is not approved at its final head commit, or undefined when it is (see the
 * file's note). `me`: the pr-comment-token's identity, whose approval never counts. `latest`: the
 * reviewers' latest verdicts (latestVerdicts). Pure.
 */
function unapprovedOf(latest, me, pull) {
    const where = `pull request #${pull.number}`;
    if (!pull.headSha)
        return `GitHub did not say ${where}'s final head commit, so no approval of it can be found`;
    if (pull.authorId === undefined)
        return `GitHub did not say who opened ${where}, so no approval can be told apart from theirs`;
    const head = pull.headSha.toLowerCase();
    for (const r of latest) {
        const id = r.user?.id;
        if (id === pull.authorId || id === me.id || r.user?.type === 'Bot')
            continue;
        if (r.state === 'APPROVED' && typeof r.commit_id === 'string' && r.commit_id.toLowerCase() === head)
            return undefined;
    }
    return `${where} has no approving review of its final head commit ${head.slice(0, 12)} by someone other than its author (a dismissed approval, or one of an earlier commit, does not count)`;
}
/** unapprovedOf, after reading the reviews (latestVerdicts); a pull request whose reviews cannot be read is not approved. */
async function unapproved(ctx, apiUrl, repository, token, me, pull) {
    if (!pull.headSha || pull.authorId === undefined)
        return unapprovedOf([], me, pull);
    const read = await latestVerdicts(ctx, apiUrl, repository, token, pull.number);
    return read.ok ? unapprovedOf(read.latest, me, pull) : read.why;
}
/** The warnings of pull requests whose plan counts although nobody approved them (unreviewed-changes: warn). */
function unapprovedWarnings(found) {
    return found.flatMap(f => f.unapproved && !f.refused
        ? [
            `${f.unapproved.charAt(0).toUpperCase()}${f.unapproved.slice(1)}: its plan counts as reviewed only because unreviewed-changes is warn.`
        ]
        : []);
}


/***/ }),

/***/ 8084:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FE: () => (/* binding */ normalPath),
/* harmony export */   Y_: () => (/* binding */ changedFiles),
/* harmony export */   sb: () => (/* binding */ withDrift),
/* harmony export */   uM: () => (/* binding */ gitIn)
/* harmony export */ });
/* unused harmony exports MAX_PAYLOAD_COMMITS, MAX_GIT_BYTES, changedFromPayload, changedFromEvent, GIT_TIMEOUT_MS, changedFromGit */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _untrusted_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(873);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6264);
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
/** Most output read from git, in bytes. */
const MAX_GIT_BYTES = 4 * 1024 * 1024;
/** A path as git and the roster name it: forward slashes, no leading "./". */
function normalPath(path) {
    return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}
/**
 * The changes with their drift marked (`drift: true`, on new objects), and how many are drift;
 * with the changed files unknown, the changes as they are and no count. The planner calls it
 * before the plan is finished (planner.ts), so the plan is never marked afterwards.
 */
function withDrift(changes, roster, rosterPath, changed) {
    if (changed.kind === 'unknown')
        return { changes };
    const fileOf = new Map(roster.people.map(p => [p.id, normalPath(p.at.file)]));
    const root = normalPath(rosterPath).replace(/\/+$/, '');
    const touched = (file) => changed.kind === 'all' ? false : file !== undefined && changed.files.has(file);
    const rosterTouched = changed.kind === 'files' && [...changed.files].some(f => f === root || f.startsWith(`${root}/`) || root === '.');
    const marked = changes.map(change => {
        const drift = change.kind === 'remove' ? changed.kind === 'all' || !rosterTouched : !touched(fileOf.get(change.systemId));
        return drift ? { ...change, drift: true } : change;
    });
    return { changes: marked, drift: marked.filter(c => c.drift).length };
}
/**
 * The files a push event's payload lists as added, modified or removed by its commits; undefined
 * when the payload has no commits to read (then git decides). Pure.
 */
function changedFromPayload(text) {
    try {
        return changedFromEvent(JSON.parse(text));
    }
    catch {
        return undefined;
    }
}
/** As changedFromPayload, of the payload already parsed (the runner's context holds it). Pure. */
function changedFromEvent(payload) {
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
    return { kind: 'files', files, why: `the push event's ${(0,_format_js__WEBPACK_IMPORTED_MODULE_2__/* .plural */ .LS)(n, 'commit')}` };
}
/** Most time git may take, in ms: it runs before the first write, and a cancel must not wait on it for long. */
const GIT_TIMEOUT_MS = 5000;
/**
 * git as a child process that never blocks the event loop (a cancel's signal is handled while it
 * runs), in `env` (the runner's, runner.ts) and never prompting for credentials.
 */
const gitIn = (env) => (args, cwd) => new Promise((resolve, reject) => {
    const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFile)('git', args, {
        cwd,
        encoding: 'utf8',
        timeout: GIT_TIMEOUT_MS,
        maxBuffer: MAX_GIT_BYTES,
        env: { ...env, GIT_TERMINAL_PROMPT: '0' }
    }, (err, stdout, stderr) => {
        if (err)
            reject(Object.assign(err, { stderr }));
        else
            resolve(stdout);
    });
    child.stdin?.end();
});
/** The files the workspace's last commit changed, from git; unknown (with why) when git or the parent is missing. */
async function changedFromGit(workspace, git) {
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
            why: `git could not name the files this commit changed (${(0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .untrusted */ .bp)(said, 200)}); check out with fetch-depth: 2 so that the commit's parent is there`
        };
    }
}
/** The changed files for this run's event (the runner's event name and payload), within the bounds above. */
async function changedFiles(runner, workspace, git = gitIn(runner.childEnv)) {
    const { event } = runner;
    if (event === 'schedule' || event === 'workflow_dispatch')
        return { kind: 'all', why: `a ${event} event has no commit of its own, so every change is drift` };
    if (event === 'push') {
        const fromPayload = changedFromEvent(runner.payload);
        if (fromPayload)
            return fromPayload;
    }
    return changedFromGit(workspace, git);
}


/***/ }),

/***/ 8436:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ revokes),
/* harmony export */   v: () => (/* binding */ widens)
/* harmony export */ });
/**
 * Whether a change **revokes**: it narrows someone's access in any way (a removal, `enabled:
 * false`, a lost group or role, a validity window that ends sooner or starts later), so the apply
 * writes it, and waits for DoorFlow's answer, before the first grant. Broader than guard.ts's
 * `locksOut`, which is what max-removals counts: a move from one group to another revokes but
 * locks nobody out. A window extended or reopened revokes nothing: it gives access (`widens`).
 */
function revokes(change) {
    if (change.kind === 'remove')
        return true;
    if (change.kind === 'create')
        return false;
    const m = change.memberships;
    const disables = change.fields.some(f => f.field === 'enabled' && f.to === false);
    const narrows = change.fields.some(f => dateMove(f) === 'narrows');
    return disables || narrows || (m !== undefined && (m.groupsLost.length > 0 || m.rolesLost.length > 0));
}
/** Whether a change extends or reopens someone's validity window: a later or cleared `valid_to`, an earlier or cleared `valid_from`. */
function widens(change) {
    return change.kind !== 'create' && change.kind !== 'remove' && change.fields.some(f => dateMove(f) === 'widens');
}
/**
 * Which way a change of `valid_from`/`valid_to` moves the window: `widens` (a bound cleared, `valid_to`
 * later, `valid_from` earlier), `narrows` (a bound set, `valid_to` earlier, `valid_from` later, or a date
 * that does not parse: doubt is written first), or undefined for any other field.
 */
function dateMove(f) {
    if (f.field !== 'valid_from' && f.field !== 'valid_to')
        return undefined;
    const when = (v) => (typeof v === 'string' && v !== '' ? Date.parse(v) : null);
    const from = when(f.from);
    const to = when(f.to);
    if (to === null)
        return from === null ? undefined : 'widens';
    if (from === null || Number.isNaN(from) || Number.isNaN(to))
        return 'narrows';
    if (from === to)
        return undefined;
    return (f.field === 'valid_to') === to > from ? 'widens' : 'narrows';
}


/***/ }),

/***/ 1172:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  recordFitsBeforeKill: () => (/* binding */ recordFitsBeforeKill),
  recordSyncOf: () => (/* binding */ recordSyncOf),
  W: () => (/* binding */ recordTargetOf),
  writeApplyRecord: () => (/* binding */ writeApplyRecord)
});

// UNUSED EXPORTS: RECORD_AFTER_CANCEL_MIN_MS

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 19 modules
var core = __webpack_require__(5321);
// EXTERNAL MODULE: ./src/annotate.ts
var annotate = __webpack_require__(3927);
// EXTERNAL MODULE: ./src/untrusted.ts
var untrusted = __webpack_require__(873);
// EXTERNAL MODULE: ./src/report.ts
var report = __webpack_require__(665);
// EXTERNAL MODULE: ./src/net/retry.ts
var retry = __webpack_require__(7893);
// EXTERNAL MODULE: ./src/net/json.ts
var json = __webpack_require__(4457);
// EXTERNAL MODULE: ./src/net/retry-policy.ts
var retry_policy = __webpack_require__(7124);
// EXTERNAL MODULE: ./src/github/comment-history.ts
var comment_history = __webpack_require__(2439);
// EXTERNAL MODULE: ./src/github/comments.ts
var comments = __webpack_require__(6645);
;// CONCATENATED MODULE: ./src/github/record-comment.ts





const RECORD = {
    label: 'Writing the apply record on the merged pull request',
    service: comments/* GITHUB */.U0,
    forbidden: 'The pr-comment-token may not comment on the merged pull request: give the apply job `permissions: pull-requests: write`, then re-run it to write the record.'
};
/**
 * Writes our comment with `marker` on `pr`: `next` is given our comment's body (without the
 * marker line; undefined when there is none) and answers the new text (without the marker), or
 * undefined to leave the comment as it is.
 */
async function upsertMarkedComment(ctx, pr, token, marker, next) {
    const who = await (0,comments/* whoAmI */.Wc)(ctx, pr.apiUrl, token);
    if (!who.ok)
        return who;
    // The roster key is the marker's own; scanComments reads plan parts beside it, which are ignored here.
    const found = await (0,comments/* scanComments */.yX)(ctx, pr, token, who.me, '', RECORD, false, marker);
    if (!found.ok)
        return found;
    const ours = found.comment;
    if (!ours && !found.complete)
        return { ok: false, message: (0,comments/* stoppedShort */.Av)(RECORD, found) };
    // Anyone with Write access may edit our comment: one last edited by another identity is not read
    // back (comment-history.ts asks GitHub who), and is written over whole.
    const edited = ours
        ? await (0,comment_history/* editedPlanComments */.nN)(ctx, pr.apiUrl, token, who.me, pr.number, [{ part: 1, nodeId: ours.nodeId }])
        : undefined;
    const earlier = ours && !edited ? ours.body.slice(marker.length + 1) : undefined;
    const text = next(earlier);
    // Its words are of a plan's review; here only who edited it (or that GitHub would not say) matters.
    const why = edited
        ?.replace(/, so it is no review$/, '')
        .replace(' after it was planned', '')
        .replace('plan comment', 'comment');
    const distrusted = why ? { distrusted: why } : {};
    if (text === undefined)
        return { ok: true, action: 'unchanged', url: ours?.url, foreign: found.foreign };
    const body = `${marker}\n${text}`;
    if (ours && ours.body === body)
        return { ok: true, action: 'unchanged', url: ours.url, foreign: found.foreign };
    const call = (0,comments/* caller */.mF)(ctx, token);
    const base = `${pr.apiUrl}/repos/${pr.repository}/issues`;
    const written = ours
        ? await (0,retry/* withRetries */.L)(ctx, RECORD, t => call('PATCH', `${base}/comments/${ours.id}`, t, { body }), {
            idempotent: true
        })
        : await (0,retry/* withRetries */.L)(ctx, RECORD, t => call('POST', `${base}/${pr.number}/comments`, t, { body }), {
            // A repeated POST that GitHub did process would leave two records.
            mayRepeat: retry_policy/* notProcessed */.gI
        });
    if (!written.ok || written.outcome?.kind !== 'response')
        return { ok: false, message: written.message ?? 'no answer' };
    const url = (0,comments/* safeLink */.o3)((0,json/* parseJsonObject */.w)(written.outcome.body)?.['html_url']);
    return { ok: true, action: ours ? 'updated' : 'created', url, foreign: found.foreign, ...distrusted };
}

// EXTERNAL MODULE: ./src/roster/apply-record.ts
var apply_record = __webpack_require__(9129);
// EXTERNAL MODULE: ./src/roster/plan.ts
var plan = __webpack_require__(8436);
// EXTERNAL MODULE: ./src/roster/digest.ts
var digest = __webpack_require__(4015);
;// CONCATENATED MODULE: ./src/roster/record-step.ts
/**
 * The apply's last step, after the sync that carries it: its record on each merged pull request
 * whose plan of this roster the review check read (apply-record.ts says what the record holds).
 * main.ts calls it with the sync's report; after a refused apply (guard, unreviewed-changes: fail),
 * with no sync; after a cancel once writes began, held, when the kill leaves it the time. A record
 * GitHub refuses is a warning, never the step's failure: the doors already have the change, and
 * the record then goes into the job summary.
 */








/**
 * The record's target after an apply, from the run's context and the merged pull requests the review
 * check read (`pulls`); undefined when there is none to write on (not a push, no token, no plan of
 * this roster on a merged pull request, said in the log; a cancel before any write). A refused run wrote nothing: all its
 * `planned` changes are not attempted.
 */
function recordTargetOf({ settings: { runner }, rosterSettings, ctx }, pulls, of) {
    const token = rosterSettings.commentToken;
    const roster = (0,digest/* rosterKey */.hU)(rosterSettings.path);
    const appliedAt = ctx.clock.now();
    if (runner.event !== 'push' || !token || !runner.sha || !runner.repository || !runner.api.ok)
        return undefined;
    if (!pulls.length) {
        core/* info */.pq("No merged pull request of this push has this roster's plan: the apply leaves no record on one.");
        return undefined;
    }
    const where = {
        token,
        apiUrl: runner.api.url,
        repository: runner.repository,
        roster,
        commit: runner.sha.toLowerCase(),
        pulls: pulls.map(p => ({ number: p.pr, ...(p.mergedAt === undefined ? {} : { mergedAt: p.mergedAt }) })),
        runUrl: runner.runUrl
    };
    if ('refused' in of) {
        const run = { applied: appliedAt, outcome: of.refused, written: 0, failed: 0, notAttempted: of.planned };
        return { ...where, run: { ...run, revoked: [], revokedMore: 0 } };
    }
    const results = of.stepResult.result?.results ?? [];
    const counts = of.stepResult.result?.counts;
    // Cancelled before its first write, the merge is as unapplied as if no run had started: no row.
    if (of.cancelled && !(counts && counts.created + counts.updated + counts.adopted + counts.removed + counts.failed))
        return undefined;
    const revoked = results
        .filter(r => r.status === 'applied' && (0,plan/* revokes */.S)(r.change) && 'personId' in r.change)
        .map(r => r.change.personId);
    return {
        ...where,
        run: {
            applied: appliedAt,
            ...(of.cancelled ? { outcome: 'cancelled' } : {}),
            written: counts ? counts.created + counts.updated + counts.adopted + counts.removed : 0,
            failed: counts?.failed ?? 0,
            notAttempted: counts?.notAttempted ?? 0,
            revoked: revoked.slice(0, apply_record/* MAX_REVOKED_IDS */.to),
            revokedMore: Math.max(0, revoked.length - apply_record/* MAX_REVOKED_IDS */.to)
        }
    };
}
/**
 * After a cancel the record is written only with at least this long left before the runner's kill
 * (signals.ts): it is a few requests to GitHub, paced (rate-limit.ts's WritePacer), and a record cut
 * off half way helps no one. After SIGINT the runner gives 10 s, so an apply cancelled at once has
 * them; after SIGTERM (2.5 s) it never writes.
 */
const RECORD_AFTER_CANCEL_MIN_MS = 4000;
/** Whether a cancelled run has time left (`timeLeft` ms before the kill, less the exit margin) to write its record. */
function recordFitsBeforeKill(timeLeft) {
    return timeLeft >= RECORD_AFTER_CANCEL_MIN_MS;
}
/** What the sync after the apply came to (main.ts's report; undefined: none was sent), in the record's words. */
function recordSyncOf(report) {
    if (!report)
        return { sync: 'not-sent' };
    if (report.acceptedAt === undefined)
        return { sync: 'failed' };
    return {
        sync: 'accepted',
        synced: report.acceptedAt,
        ...(report.confirmedAt === undefined ? {} : { confirmed: report.confirmedAt })
    };
}
/**
 * Writes the record on each pull request of `target`, one at a time: the earlier record of the same
 * roster and commit (a re-run) keeps its runs and gains this one. A pull request GitHub will not
 * write on gets a warning naming what to do, and the record goes into the job summary instead.
 */
async function writeApplyRecord(ctx, target, sync, summary) {
    const run = { ...target.run, ...sync };
    const marker = (0,apply_record/* recordMarker */.Iy)(target.roster);
    for (const pull of target.pulls) {
        const pr = { apiUrl: target.apiUrl, repository: target.repository, number: pull.number };
        const of = { roster: target.roster, commit: target.commit, merged: pull.mergedAt };
        // What goes into the job summary when GitHub will not take it: this run's record, or the one it read and grew.
        let text = (0,apply_record/* recordComment */.ZC)((0,apply_record/* nextRecord */.Pv)(undefined, of, run), target.runUrl);
        const written = await upsertMarkedComment(ctx, pr, target.token, marker, earlierBody => {
            const earlier = earlierBody === undefined ? undefined : (0,apply_record/* readRecord */.aE)(earlierBody);
            const record = (0,apply_record/* nextRecord */.Pv)(earlier, of, run);
            text = (0,apply_record/* recordComment */.ZC)(record, target.runUrl);
            return earlier && record === earlier ? undefined : text;
        });
        if (written.ok) {
            if (written.distrusted)
                (0,annotate/* annotate */.fz)('warning', `The earlier apply record on pull request #${pull.number} was not read back (${(0,untrusted/* untrusted */.bp)(written.distrusted, 500)}): it now holds this run's only.`, { title: 'Roster' });
            const url = written.url ? `: ${(0,untrusted/* untrusted */.bp)(written.url, 300)}` : '';
            core/* info */.pq(written.action === 'unchanged'
                ? `The apply record on pull request #${pull.number} already says this run's (it wrote nothing and sent no sync); not written again${url}.`
                : `Apply record ${written.action} on pull request #${pull.number}${url}.`);
            continue;
        }
        const why = (0,untrusted/* untrusted */.bp)(written.message, 1000).replace(/\.$/, '');
        // Only a sync DoorFlow accepted carries the apply to the doors: otherwise the record says so, not this line.
        const doors = sync.sync === 'accepted' ? 'The doors have what was applied, so the' : 'The';
        const todo = 'Give the apply job `permissions: pull-requests: write`, then re-run it to write the record.';
        (0,annotate/* annotate */.fz)('warning', `The apply record could not be written on pull request #${pull.number}: ${why}. ` +
            `${doors} step is not failed for it; the record is in the job summary.` +
            (why.toLowerCase().includes(todo.toLowerCase().slice(0, -1)) ? '' : ` ${todo}`), { title: 'Roster' });
        if (summary)
            await (0,report/* writeSummaryOrWarn */.vV)(core/* summary */.z
                .addRaw(`\n### The apply record for pull request #${pull.number} (not written there)\n\n${text}\n`, true)
                .write());
    }
}


/***/ }),

/***/ 6683:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runRoster: () => (/* binding */ runRoster)
});

// UNUSED EXPORTS: APPLY_SCOPES, SYNC_RESERVE_BEFORE_KILL_MS, guardPlan, loadRoster, planTheRoster, unmanagedFailure

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 19 modules
var core = __webpack_require__(5321);
// EXTERNAL MODULE: ./src/report.ts
var report = __webpack_require__(665);
// EXTERNAL MODULE: ./src/annotate.ts
var annotate = __webpack_require__(3927);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
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
// EXTERNAL MODULE: ./src/net/context.ts
var context = __webpack_require__(288);
// EXTERNAL MODULE: ./src/net/json.ts
var net_json = __webpack_require__(4457);
// EXTERNAL MODULE: ./src/net/failure-messages.ts
var failure_messages = __webpack_require__(6202);
// EXTERNAL MODULE: ./src/net/connection-errors.ts
var connection_errors = __webpack_require__(1583);
// EXTERNAL MODULE: ./src/net/retry-policy.ts
var retry_policy = __webpack_require__(7124);
// EXTERNAL MODULE: ./src/roster/plan.ts
var roster_plan = __webpack_require__(8436);
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

;// CONCATENATED MODULE: ./src/roster/progress.ts
/**
 * What a person watching a long apply reads: the pace of the writes (pure, from counts and times),
 * and the progress lines, at most one per interval, with an early warning when the plan cannot fit
 * the budget at the pace measured. writes.ts reports to it as each write finishes.
 */


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
    /** Changes applied so far. */
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
                `but ${(0,format/* duration */.p0)(Math.max(0, (0,context/* timeLeft */.f$)(this.ctx)))} are left for writes in timeout-seconds: the rest will be left for a re-run. ` +
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
            leftMs: Math.max(0, (0,context/* timeLeft */.f$)(this.ctx)),
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

;// CONCATENATED MODULE: ./src/roster/writes.ts
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
                body.group_ids = [...change.memberships.groupIds];
                body.role_ids = [...change.memberships.roleIds];
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
 * Time kept back from the step's time budget (timeout-seconds), from the first write on, for the
 * sync that carries the writes to the doors. 10 s: a sync request, a retry after the 1 s backoff,
 * and a third try when DoorFlow answers in a second or two. Never more than a third of the budget,
 * so a short budget still writes. (A cancel keeps its own reserve: run.ts's SYNC_RESERVE_BEFORE_KILL_MS.)
 */
const SYNC_RESERVE_IN_BUDGET_MS = 10_000;
function syncReserveInBudgetMs(timeoutMs) {
    return Math.max(0, Math.min(SYNC_RESERVE_IN_BUDGET_MS, Math.floor(timeoutMs / 3)));
}
const PERSON_SCOPE = 'The token needs scope account.person to change people: re-authorize with it (npm run authorize) and store the new token.';
/** Carries out `plan` through `writer`: revocations first, then grants, each at most `concurrency` at a time. */
async function applyPlan(ctx, plan, writer, options) {
    const { clock, budget } = ctx;
    const startedAt = clock.now();
    const results = plan.changes.map(change => ({ change, status: 'not-attempted', log: [] }));
    const reserveMs = syncReserveInBudgetMs(budget.timeoutMs);
    // Writes end `reserveMs` before the budget does: a request's timeout is cut to it, and no write
    // starts after it, so the sync after them always has its time.
    const outer = ctx.limit;
    const writeCtx = {
        ...ctx,
        limit: () => Math.min(outer ? outer() : Infinity, budget.timeoutMs - (clock.now() - budget.startedAt) - reserveMs)
    };
    const gate = new Gate(clock, () => (0,context/* timeLeft */.f$)(writeCtx));
    const progress = new Progress(writeCtx, plan.changes.length, options.progressEveryMs ?? 10_000, reserveMs, options.warn);
    const stats = { requests: 0, rateLimited: 0, waitMs: 0 };
    let stopped;
    /** Wraps one request: waits for the gate, sends, and closes the gate for everyone on a 429. */
    const through = (request) => async (timeoutMs, signal) => {
        // A gate shut past the time for writes answers for DoorFlow at once: the write fails naming DoorFlow's wait.
        const refused = await gate.pass(signal);
        if (refused)
            return refused;
        const outcome = await request(Math.max(1, Math.min(timeoutMs, (0,context/* timeLeft */.f$)(writeCtx))), signal);
        stats.requests++;
        if (outcome.kind === 'response' && outcome.status === 429) {
            stats.rateLimited++;
            const { hintMs, hintSource } = (0,operations/* doorflowRateLimit */.ql)(outcome, clock.now()) ?? {};
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
        if ((0,context/* timeLeft */.f$)(writeCtx) <= 0) {
            stopped = (0,context/* timeLeft */.f$)(ctx) <= 0 ? 'the time budget (timeout-seconds) ran out' : reserved;
        }
        else if (gate.opensAt - clock.now() >= (0,context/* timeLeft */.f$)(writeCtx)) {
            stopped = `DoorFlow asked to wait ${(0,format/* seconds */.YA)(gate.opensAt - clock.now())}, longer than the time left for writes (${reserved})`;
        }
        return stopped;
    };
    const apply = async (index) => {
        const result = results[index];
        const log = (line) => result.log.push(line);
        Object.assign(result, await applyOne({ ...writeCtx, log }, result.change, writer, through, (options.label ?? format/* personLabel */.Cf)(result.change)));
        // A refused token refuses every write alike: the rest are left unattempted rather than sent to fail.
        if (result.httpStatus === 401 || result.httpStatus === 403)
            stopped ??= result.message;
        progress.finished(result.status);
    };
    // Revocations first: every one is answered before the first grant is sent.
    const order = plan.changes.map((change, index) => ({ change, index }));
    for (const phase of [order.filter(c => (0,roster_plan/* revokes */.S)(c.change)), order.filter(c => !(0,roster_plan/* revokes */.S)(c.change))]) {
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
    writeCtx.log(appliedLine(progress.applied, plan.changes.length, counts, stats.rateLimited, stats.waitMs, elapsedMs));
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
        const r = await (0,retry/* withRetries */.L)(ctx, operation, through(send), { idempotent: true, gated: true });
        if (r.cancelled)
            return interrupted(operation, r);
        // A DELETE repeated after an answer was lost finds the person already gone: that is the goal reached.
        const gone = write.method === 'DELETE' && r.attempts > 1 && statusOf(r.outcome) === 404;
        settled = r.ok || gone ? { status: 'applied', personId: write.personId } : failure(operation, r);
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
            mayRepeat: retry_policy/* notProcessed */.gI,
            gated: true
        });
        if (r.ok)
            return { status: 'applied', personId: personIdIn(r.outcome) };
        if (r.cancelled)
            return interrupted(operation, r);
        if (!answerLost(r.outcome))
            return failure(operation, r);
        ctx.log(`${operation.label}: ${(0,failure_messages/* describeOutcome */.SS)(r.outcome)}; the person may exist now, looking up ${shown}.`);
        const found = await (0,retry/* withRetries */.L)(ctx, lookUp, through((t, signal) => writer.findBySystemId(systemId, t, signal)), {
            idempotent: true,
            gated: true
        });
        if (!found.ok) {
            return {
                status: 'failed',
                maybeWritten: true,
                message: `${operation.label} failed: ${(0,failure_messages/* describeOutcome */.SS)(r.outcome)}, and looking the person up failed too (${found.message}). ` +
                    'The person may or may not exist: run again, and the plan will show which.'
            };
        }
        const id = matchingPerson(found.outcome, systemId);
        if (id !== undefined) {
            ctx.log(`${operation.label}: DoorFlow has person ${id} with system_id ${shown}: created, not sent again.`);
            return { status: 'applied', personId: id };
        }
        const transient = r.classification?.kind === 'transient' || r.classification?.kind === 'rate-limited';
        if (!transient || round >= ctx.budget.maxAttempts || (0,context/* timeLeft */.f$)(ctx) <= 0)
            return failure(operation, r);
        ctx.log(`${operation.label}: no person with system_id ${shown}, so the create did not happen; sending it again.`);
    }
}
/** Whether a request may have been carried out although no answer told so. */
function answerLost(outcome) {
    if (!outcome || (0,retry_policy/* notProcessed */.gI)(outcome))
        return false;
    if (outcome.kind === 'error')
        return !connection_errors/* FATAL_REASONS */.Lm.has(outcome.reason);
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
function failure(operation, r) {
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
    return (0,untrusted/* untrusted */.bp)([(0,failure_messages/* serverSays */.mJ)(body), ...fields].filter(Boolean).join('; '), 400) || 'no reason given';
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
/** The apply's last line: how many changes were applied of how many, by kind, and the rate limit's cost. */
function appliedLine(applied, total, counts, rateLimited, waitMs, elapsedMs) {
    const limited = rateLimited ? `; ${rateLimited} rate-limit answers, ${(0,format/* seconds */.YA)(waitMs)} waited for them` : '';
    const skipped = counts.notAttempted ? `, ${counts.notAttempted} not attempted` : '';
    return (`Applied ${applied} of ${total} changes in ${(0,format/* seconds */.YA)(elapsedMs)} (${counts.created} created, ${counts.updated} updated, ` +
        `${counts.adopted} adopted, ${counts.removed} removed; ${counts.failed} failed${skipped})${limited}.`);
}

// EXTERNAL MODULE: ./src/roster/digest.ts
var roster_digest = __webpack_require__(4015);
// EXTERNAL MODULE: ./src/github/request.ts
var github_request = __webpack_require__(7398);
// EXTERNAL MODULE: ./src/github/operations.ts
var github_operations = __webpack_require__(4845);
// EXTERNAL MODULE: ./src/github/approvals.ts
var approvals = __webpack_require__(47);
;// CONCATENATED MODULE: ./src/github/removal-approval.ts






/** The line, alone on its line of a review body (spaces at either end aside); the count has no sign, no separators. */
const ALLOW_LINE = /^doorflow: allow ([1-9]\d{0,6}) removals?$/;
/** The line a reviewer writes to allow `count` removals. */
function allowLine(count) {
    return `doorflow: allow ${count} removals`;
}
/** The count a review body allows: every allowance line in it must say the same count; undefined when none does or two differ. */
function allowedIn(body) {
    if (typeof body !== 'string')
        return undefined;
    const counts = new Set();
    for (const line of body.split(/\r?\n/)) {
        const m = ALLOW_LINE.exec(line.trim());
        if (m)
            counts.add(Number(m[1]));
    }
    return counts.size === 1 ? [...counts][0] : undefined;
}
/**
 * Which of the reviewers' latest verdicts (approvals.ts's latestVerdicts) would allow exactly `wanted`
 * removals on pull request `pull`, before GitHub is asked about edits and access; `refused` says, for
 * each review with an allowance line that does not count, why (for the plan comment). Pure.
 */
function allowances(latest, pull, me, wanted) {
    const found = [];
    const refused = [];
    const head = pull.headSha?.toLowerCase();
    for (const r of latest) {
        const count = allowedIn(r.body);
        if (count === undefined || typeof r.user?.id !== 'number')
            continue;
        const who = `@${(0,untrusted/* untrusted */.bp)(typeof r.user.login === 'string' ? r.user.login : String(r.user.id), 100)}`;
        const not = (why) => refused.push(`${who}'s review ${why}`);
        if (r.user.id === pull.authorId)
            not("is by the pull request's author");
        else if (me && r.user.id === me.id)
            not("is by the pr-comment-token's identity");
        else if (r.user.type === 'Bot')
            not('is by a bot');
        else if (r.state !== 'APPROVED')
            not(r.state === 'DISMISSED' ? 'was dismissed' : 'does not approve');
        else if (!head || typeof r.commit_id !== 'string' || r.commit_id.toLowerCase() !== head)
            not(`is of an earlier commit${typeof r.commit_id === 'string' ? ` (${(0,untrusted/* untrusted */.bp)(r.commit_id, 64).slice(0, 12)})` : ''}`);
        else if (count !== wanted)
            not(`allows ${count}, and the plan locks out ${wanted}`);
        else if (typeof r.id !== 'number')
            not('has no id GitHub gave');
        else
            found.push({
                reviewId: r.id,
                nodeId: typeof r.node_id === 'string' ? r.node_id : undefined,
                login: typeof r.user.login === 'string' ? r.user.login : String(r.user.id),
                userId: r.user.id,
                count,
                // The repository's own reviewers' allowances are checked first ("List reviews for a pull request"
                // gives `author_association`), so approvals anyone may submit on a public repository cannot fill the
                // checks before a maintainer's. Only an order: the permission is still asked of GitHub for each.
                insider: approvals/* REPOSITORY_ASSOCIATIONS */._j.has(r.author_association)
            });
    }
    return { found, refused };
}
/** At most this many allowances are checked with GitHub (each costs a request): the first that holds wins. */
const MAX_ALLOWANCES_CHECKED = 5;
const CHECK = {
    label: 'Checking the reviewer who approved the removals',
    service: (0,github_operations/* gitHubService */.DL)('pr-comment-token'),
    forbidden: 'GitHub would not say who may approve the removals, so no approval counts: give the job `permissions: pull-requests: read`.'
};
const REVIEW_QUERY = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on PullRequestReview { id lastEditedAt author { login ... on User { databaseId } } editor { login ... on User { databaseId } ... on Bot { databaseId } } } } }`;
/**
 * The approval of exactly `wanted` removals on pull request `pull` (see the file's note), or why
 * there is none, in one phrase. `latest`: the reviewers' latest verdicts, already read
 * (approvals.ts). Asks GitHub, for the allowances that hold so far, who last edited each (one
 * GraphQL request) and each reviewer's permission (one request each, at most MAX_ALLOWANCES_CHECKED).
 */
async function batchApproval(ctx, apiUrl, repository, token, me, pull, latest, wanted) {
    const line = `\`${allowLine(wanted)}\``;
    const { found, refused } = allowances(latest, pull, me, wanted);
    const none = (more) => {
        const told = [...refused, ...more].slice(0, 5);
        return {
            ok: false,
            why: `no approving review of the last commit carries the line ${line}${told.length ? ` (${told.join('; ')})` : ''}`
        };
    };
    if (!found.length)
        return none([]);
    const checked = [...found.filter(a => a.insider), ...found.filter(a => !a.insider)].slice(0, MAX_ALLOWANCES_CHECKED);
    const request = (method, url, json) => (0,retry/* withRetries */.L)(ctx, CHECK, t => (0,github_request/* gitHubRequest */.pv)({ signal: ctx.signal, clock: ctx.clock, method, url, token, json, timeoutMs: t }), { idempotent: true });
    const edits = await editedBy(request, apiUrl, checked);
    const more = [];
    for (const a of checked) {
        const who = `@${(0,untrusted/* untrusted */.bp)(a.login, 100)}`;
        const edit = edits.get(a.reviewId);
        if (edit) {
            more.push(`${who}'s review ${edit}`);
            continue;
        }
        const url = `${apiUrl}/repos/${repository}/collaborators/${encodeURIComponent(a.login)}/permission`;
        const got = await request('GET', url);
        const answer = got.ok && got.outcome?.kind === 'response' ? (0,net_json/* parseJsonObject */.w)(got.outcome.body) : undefined;
        const permission = answer?.['permission'];
        const user = answer?.['user'];
        if (!answer || typeof permission !== 'string') {
            more.push(`${who}'s access could not be read (${(0,untrusted/* untrusted */.bp)(got.message ?? 'an answer without a permission', 300)})`);
            continue;
        }
        if (user?.id !== a.userId) {
            more.push(`GitHub's answer on ${who}'s access names another account`);
            continue;
        }
        if (!approvals/* WRITE_PERMISSIONS */.jo.has(permission)) {
            more.push(`${who} has ${permission === 'none' ? 'no' : (0,untrusted/* untrusted */.bp)(permission, 20)} access, not Write`);
            continue;
        }
        return { ok: true, approval: { by: a.login, count: a.count, pr: pull.number } };
    }
    return none(more);
}
/**
 * For each allowance whose body someone else may have changed, why it does not count: edited by
 * another account than its reviewer, or GitHub could not say. One GraphQL `nodes(ids:)` request.
 */
async function editedBy(request, apiUrl, checked) {
    const out = new Map();
    const all = (why) => {
        for (const a of checked)
            out.set(a.reviewId, why);
        return out;
    };
    const ids = checked.map(a => a.nodeId);
    if (ids.some(id => id === undefined))
        return all('has no node_id, so who last edited it cannot be asked');
    const got = await request('POST', (0,github_request/* graphqlUrl */.XS)(apiUrl), { query: REVIEW_QUERY, variables: { ids } });
    if (!got.ok || got.outcome?.kind !== 'response')
        return all(`could not be checked for edits (${(0,untrusted/* untrusted */.bp)(got.message ?? 'no answer', 300)})`);
    const answer = (0,net_json/* parseJsonObject */.w)(got.outcome.body);
    const errors = answer?.['errors'];
    const nodes = answer?.['data']?.nodes;
    if ((Array.isArray(errors) && errors.length) || !Array.isArray(nodes) || nodes.length !== ids.length)
        return all('could not be checked for edits (GitHub gave no usable answer)');
    for (const [i, a] of checked.entries()) {
        const node = nodes[i];
        if (node?.__typename !== 'PullRequestReview' || node.id !== a.nodeId) {
            out.set(a.reviewId, 'could not be checked for edits (no answer for it)');
            continue;
        }
        if (node.author?.databaseId !== a.userId) {
            out.set(a.reviewId, 'is not by the account GitHub lists for it');
            continue;
        }
        const edited = node.lastEditedAt !== null && node.lastEditedAt !== undefined;
        if (!edited && (node.editor === null || node.editor === undefined))
            continue;
        if (node.editor?.databaseId !== a.userId) {
            const by = typeof node.editor?.login === 'string' ? `@${(0,untrusted/* untrusted */.bp)(node.editor.login, 100)}` : 'another account';
            out.set(a.reviewId, `was edited by ${by}`);
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./src/roster/guard.ts



/**
 * The guard rails checked before any write: a roster file that lost most of its people (a bad
 * merge, a truncated file, a wrong `roster` path), or that empties their groups or closes their
 * dates, must not lock a building out, now or within the horizon (HORIZON_DAYS). Pure: `now` (ms
 * since the epoch) is the caller's clock.
 */
/** 10 people or 10 % of the managed people, whichever is smaller — but at least 1, so one leaver is never refused. */
function defaultMaxRemovals(managedCount) {
    return Math.min(10, Math.max(1, Math.floor(managedCount / 10)));
}
/**
 * How far ahead of the run the guard judges access: 14 days. A change that ends someone's access
 * later than now but within this horizon (a `valid_to` of today, or of ten minutes from now) is a
 * lock-out as much as one that ends it at once: the building is locked out after the apply, when
 * nobody is watching. Two weeks covers a weekend, a long holiday weekend and the end-of-year
 * break, so a lock-out deferred past them still counts; end dates set further ahead (the end of
 * a contract or a term) stay routine changes. Not an input: a plan that means to end many
 * people's access soon is approved by a reviewer on its pull request (approveGuard).
 */
const HORIZON_DAYS = 14;
const HORIZON_MS = HORIZON_DAYS * 24 * 60 * 60 * 1000;
/**
 * When within [`start`, `end`) the person can open a door, as one span (access is one window:
 * enabled and grouped throughout, from `valid_from` to `valid_to`; a missing bound is open), or
 * undefined when never. A date DoorFlow wrote that does not parse is taken as no bound, so doubt
 * counts as access.
 */
function accessSpan(person, start, end) {
    if (!person.enabled || person.groups.length === 0)
        return undefined;
    const from = Math.max(instant(person.valid_from) ?? start, start);
    const to = Math.min(instant(person.valid_to) ?? end, end);
    return from < to ? { from, to } : undefined;
}
function instant(value) {
    if (!value)
        return undefined;
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
}
/** The person as the change leaves them: DoorFlow's state with the change's fields and groups written over it. */
function afterChange(change, before) {
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
    return after;
}
/**
 * How a change **locks a person out**: it takes away door access they would have had, at any
 * moment from `now` to the end of the horizon (HORIZON_DAYS), in DoorFlow before the change —
 * removed, disabled, every group taken away, a `valid_to` that ends their access sooner within
 * the horizon (today, in ten minutes, or already past), or a `valid_from` that starts it later.
 * This is what `max-removals` counts. Not the same as plan.ts's `revokes` (any narrowing, written
 * before the grants): a move from one group to another revokes but does not lock out, and an end
 * date beyond the horizon is a revocation but no lock-out. A create never locks anyone out.
 * Undefined when the person keeps all the access they had in the horizon, or had none.
 */
function locksOut(change, before, now) {
    if (change.kind === 'create')
        return undefined;
    const end = now + HORIZON_MS;
    const had = accessSpan(before, now, end);
    if (!had)
        return undefined;
    if (change.kind === 'remove')
        return 'removed';
    const after = afterChange(change, before);
    if (!after.enabled)
        return 'disabled';
    if (after.groups.length === 0)
        return 'no-groups';
    const has = accessSpan(after, now, end);
    if (has && has.from <= had.from && has.to >= had.to)
        return undefined;
    // Access lost within the horizon and still enabled and grouped: a date did it. It ends sooner, or starts later.
    return (instant(after.valid_to) ?? Number.POSITIVE_INFINITY) < had.to ? 'valid-to' : 'valid-from';
}
/**
 * The lock-out of one change, as the plan lists it (see locksOut): for a date, the `date` the
 * change sets, as an instant this action wrote (never the roster's or DoorFlow's text).
 */
function lockOutOf(change, before, now) {
    const how = locksOut(change, before, now);
    if (!how || change.kind === 'create')
        return undefined;
    const field = dateField(how);
    const set = change.kind === 'remove' || !field ? undefined : change.fields.find(f => f.field === field)?.to;
    const ms = instant(typeof set === 'string' ? set : undefined);
    const out = { systemId: change.systemId, name: change.name, personId: change.personId, how };
    return ms === undefined ? out : { ...out, date: (0,format/* iso */.KH)(ms) };
}
/** The date field behind a lock-out by date, or undefined for any other. */
function dateField(how) {
    return how === 'valid-to' ? 'valid_to' : how === 'valid-from' ? 'valid_from' : undefined;
}
/** How a lock-out reads in a message (a date's own words are in lockOutLabel). */
const LOCK_OUT_WORDS = {
    removed: 'removed',
    disabled: 'disabled',
    'no-groups': 'every group taken away',
    'valid-to': `valid_to within ${HORIZON_DAYS} days`,
    'valid-from': 'valid_from moved later'
};
/** When the guard looks for lock-outs, in a message. */
const WHEN = `now or in the next ${HORIZON_DAYS} days`;
/** How many people the roster lists: every change but a removal is one of them, and so is every unchanged person. */
function rosterSize(plan) {
    return plan.unchanged + plan.changes.filter(c => c.kind !== 'remove').length;
}
/** A locked-out person in a message: name, system_id and how (the date a date change sets), through the untrusted() gate. */
function lockOutLabel(l) {
    const field = dateField(l.how);
    const ms = field && l.date ? Date.parse(l.date) : Number.NaN;
    // The date is read back as an instant and written anew: a plan file's text never reaches the message.
    return (0,format/* personLabel */.Cf)(l, undefined, Number.isNaN(ms) ? LOCK_OUT_WORDS[l.how] : `${field} ${(0,format/* iso */.KH)(ms)}`);
}
/**
 * The guard's verdict on a plan. `maxRemovals`: the workflow's `max-removals`, undefined for the
 * default. A refusal's `reason` is one sentence that names the first `shown` people locked out;
 * the caller says "Refusing to apply: …" (apply) or "The apply would be refused: …" (dry run).
 */
function guard(plan, maxRemovals, shown = 10) {
    const limit = maxRemovals ?? defaultMaxRemovals(plan.managedCount);
    const limitSource = maxRemovals === undefined ? 'default' : 'max-removals';
    const { lockOuts } = plan;
    const count = lockOuts.length;
    const removals = plan.changes.filter(c => c.kind === 'remove');
    const base = { lockOuts: count, limit, limitSource };
    // An emptied or mistyped file must not remove anyone, whatever max-removals says.
    if (removals.length > 0 && rosterSize(plan) === 0) {
        const who = listed(removals.map(c => (0,format/* personLabel */.Cf)(c)), shown);
        return {
            ...base,
            refused: true,
            rule: 'empty-roster',
            reason: `the roster lists no people, and applying it would remove or disable ${(0,format/* headcount */.sg)(removals.length)}: ${who}. ` +
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
        rule: 'max-removals',
        reason: `the plan locks ${(0,format/* headcount */.sg)(count)} out of every door, ${WHEN}, more than max-removals (${limit}, ${why}): ${listed(lockOuts.map(lockOutLabel), shown)}. ` +
            `If that is intended, a reviewer approves it on the pull request: an approving review of its last commit, by someone with Write access other than its author, with the line \`${allowLine(count)}\`; otherwise fix the roster.`
    };
}
/**
 * The guard's report once a reviewer approved the plan's lock-outs on the pull request: let
 * through only when max-removals alone refused it (an empty roster is never approved) and the count
 * approved is exactly the plan's lock-outs (250 approved lets 250 through, never 251 nor 249).
 * Undefined when the approval does not apply. Pure.
 */
function approveGuard(report, approval) {
    if (!approval || !report.refused || report.rule !== 'max-removals')
        return undefined;
    if (approval.count !== report.lockOuts)
        return undefined;
    return { lockOuts: report.lockOuts, limit: approval.count, limitSource: 'approval', refused: false, approval };
}
/**
 * The verdict on a finished plan, for the apply. Nothing edits a plan once planRoster returns it
 * (plan.ts: read-only at every depth), so the digest taken here is the digest of the plan the
 * apply is handed, unless it is handed another one.
 */
function judgePlan(plan, approval) {
    const verdict = { report: approveGuard(plan.guard, approval) ?? plan.guard, fingerprint: (0,roster_digest/* planFingerprint */.an)(plan) };
    return verdict;
}
function listed(labels, shown) {
    const names = labels.slice(0, shown).join(', ');
    return labels.length > shown ? `${names} and ${labels.length - shown} more` : names;
}

// EXTERNAL MODULE: ./src/roster/roster.ts
var roster_roster = __webpack_require__(2768);
;// CONCATENATED MODULE: ./src/roster/personal.ts



/** What stands for a hidden value: "email (hidden) → (hidden)". */
const HIDDEN = '(hidden)';
/** The fields about access, shown everywhere; every other person field is personal data. */
const ACCESS_FIELDS = new Set(['enabled', 'valid_from', 'valid_to']);
const isPersonalField = (field) => !ACCESS_FIELDS.has(field);
function repositoryVisibility(runner) {
    if (runner.payloadProblem)
        return 'unreadable';
    const payload = runner.payload;
    const repository = payload
        ?.repository;
    if (repository?.visibility === 'public' || repository?.private === false)
        return 'public';
    if (repository?.private === true || repository?.visibility === 'private' || repository?.visibility === 'internal')
        return 'private';
    return 'silent';
}
/**
 * `personal-data`: `show` and `hide` say it outright; `auto` (the default) hides on a public
 * repository, and when the payload that would tell cannot be read (hidden is the safe side).
 */
function personalView(mode, visibility) {
    const hidden = 'people are named by id only in the log, job summary and pull-request comment (the plan file has it all)';
    if (mode === 'show')
        return { shown: true, why: 'Personal data: shown (personal-data is show).' };
    if (mode === 'hide')
        return { shown: false, why: `Personal data: hidden (personal-data is hide): ${hidden}.` };
    if (visibility === 'public')
        return {
            shown: false,
            why: `Personal data: hidden, as the repository is public: ${hidden}; personal-data: show shows it.`
        };
    if (visibility === 'unreadable')
        return {
            shown: false,
            why: `Personal data: hidden, as the event payload (GITHUB_EVENT_PATH) could not be read to tell whether the repository is public: ${hidden}; personal-data: show shows it.`
        };
    const said = visibility === 'private' ? 'the repository is private' : 'no event payload says the repository is public';
    return { shown: true, why: `Personal data: shown (${said}; personal-data: hide hides it).` };
}
/** A field change as published: a personal value is `(hidden)`, a cleared or empty one stays so. */
function hiddenField(f) {
    if (!isPersonalField(f.field))
        return f;
    const hide = (v) => (v === null || v === '' ? v : HIDDEN);
    return { ...f, from: hide(f.from), to: hide(f.to) };
}
/** One change as published without personal data: no name (labels show the id), personal values hidden. */
function withoutPersonalData(change) {
    switch (change.kind) {
        case 'create':
            return {
                ...change,
                name: '',
                fields: Object.fromEntries(Object.entries(change.fields).map(([field, value]) => [
                    field,
                    isPersonalField(field) && value !== null && value !== '' ? HIDDEN : value
                ]))
            };
        case 'update':
        case 'adopt':
            return { ...change, name: '', fields: change.fields.map(hiddenField) };
        case 'remove':
            return { ...change, name: '' };
    }
}
/**
 * The plan as published without personal data: every change as withoutPersonalData, the people
 * locked out and the unmanaged by id, and the guard's refusal worded again from those. Its digest
 * is not the plan's: the digest and the change hashes are always of the plan itself.
 */
function planWithoutPersonalData(plan) {
    const shown = {
        ...plan,
        changes: plan.changes.map(withoutPersonalData),
        lockOuts: plan.lockOuts.map(l => ({ ...l, name: '' })),
        ...(plan.unmanaged
            ? { unmanaged: { ...plan.unmanaged, first: plan.unmanaged.first.map(p => ({ ...p, name: '(name hidden)' })) } }
            : {})
    };
    if (!plan.guard.refused)
        return shown;
    const maxRemovals = plan.guard.limitSource === 'max-removals' ? plan.guard.limit : undefined;
    return { ...shown, guard: { ...plan.guard, reason: guard(shown, maxRemovals).reason } };
}
/** The plan or change as this run publishes it. */
function published(view, plan) {
    return view.shown ? plan : planWithoutPersonalData(plan);
}
function publishedChange(view, change) {
    return view.shown ? change : withoutPersonalData(change);
}
/** Anything shaped like an email in a message. */
const EMAIL = /[^\s'"(),;:<>@]+@[^\s'"(),;:<>@]+\.[^\s'"(),;:<>@]*[^\s'"(),;:<>@.]/g;
/** `text` with every email in it read as `(hidden)`: for DoorFlow's own words, which may quote a value sent. */
function withoutEmails(text) {
    return text.replace(EMAIL, HIDDEN);
}
/** The message of a problem past the listed ones: only counted where problems are published, so it needs no words of its own. */
const UNLISTED_PROBLEM = 'A further problem (only the first ones are listed); personal data hidden.';
/**
 * Problems as published without personal data: every email in a message reads `(hidden)`, and
 * each of `names` (the people the run read: DoorFlow's and the roster's, "First Last"), as a
 * message quotes it (raw, or through the planner's gate), reads `(name hidden)`. Messages quote
 * people only by those, so ids, groups, lines and advice stay. Only the first `listed` problems
 * are ever shown (the annotations, the summary and the comment list that many and count the
 * rest), so only they are searched for names, and every later one keeps its place but reads
 * UNLISTED_PROBLEM: the search costs names × listed, not names × problems, which for a roster of
 * 300,000 people with as many problems would be hours.
 */
function problemsWithoutPersonalData(problems, names, listed = roster_roster/* MAX_LISTED_PROBLEMS */.sl) {
    const quoted = new Set();
    for (const name of names) {
        const trimmed = name.trim();
        if (trimmed.length < 2)
            continue;
        quoted.add(trimmed);
        quoted.add((0,untrusted/* untrusted */.bp)(trimmed, 80));
    }
    const longestFirst = [...quoted].filter(q => q.length >= 2).sort((a, b) => b.length - a.length);
    return problems.map((p, i) => {
        if (i >= listed)
            return { ...p, message: UNLISTED_PROBLEM };
        let message = withoutEmails(p.message);
        for (const name of longestFirst)
            if (name.length <= message.length && message.includes(name))
                message = message.split(name).join('(name hidden)');
        return { ...p, message };
    });
}
/** The problems as this run publishes them; `names` is asked for only when they are hidden. */
function publishedProblems(view, problems, names) {
    return view.shown || !problems.length ? problems : problemsWithoutPersonalData(problems, names());
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
/** A value in a line of a `diff` block: shown as it is, yet never an HTML comment's start or end in the raw body. */
const code = text => (0,untrusted/* inertCode */.gQ)(text, 120);
/** "2 creates, 1 update, 1 removal (disable), 40 unchanged". */
function planCounts(plan) {
    const count = (kind) => plan.changes.filter(c => c.kind === kind).length;
    const parts = [
        count('create') && (0,format/* plural */.LS)(count('create'), 'create'),
        count('update') && (0,format/* plural */.LS)(count('update'), 'update'),
        count('adopt') && (0,format/* plural */.LS)(count('adopt'), 'adoption'),
        count('remove') && `${(0,format/* plural */.LS)(count('remove'), 'removal')} (${plan.prune})`
    ].filter(Boolean);
    return `${parts.length ? parts.join(', ') : 'no changes'}; ${plan.unchanged.toLocaleString('en-US')} unchanged`;
}
/** One change in words, names gated by `esc`. */
function describeChange(change, esc = plain) {
    const who = (0,format/* personLabel */.Cf)(change, esc);
    const names = (list) => list.map(n => esc(n.name)).join(', ');
    switch (change.kind) {
        case 'create':
            return `${who} is created: ${createParts(change, esc)}`;
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
/** What a create writes: "groups Engineering; email ada@example.com". */
function createParts(change, esc) {
    const names = (list) => list.map(n => esc(n.name)).join(', ');
    return [
        change.groups.length ? `groups ${names(change.groups)}` : 'no groups',
        ...(change.roles.length ? [`roles ${names(change.roles)}`] : []),
        ...Object.entries(change.fields)
            .filter(([field]) => field !== 'first_name' && field !== 'last_name' && field !== 'enabled')
            .map(([field, value]) => fieldWords({ field: field, from: null, to: value }, esc)),
        ...(change.fields.enabled === false ? ['disabled'] : [])
    ].join('; ');
}
/** "a", "a and b", "a, b and c". */
const render_listed = (items) => items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
/**
 * A drift change in words: first what happened in DoorFlow outside the roster, then what the apply
 * would do about it — "Ada Lovelace (EMP-1) was given Server Room in DoorFlow outside the roster (…); the apply
 * would take Server Room away" — never the apply's side alone (which reads as if the roster took
 * away what someone gave by hand). A change's `from` is DoorFlow's value, its `to` the roster's.
 */
function driftWords(change, esc = plain) {
    const who = (0,format/* personLabel */.Cf)(change, esc);
    const names = (list) => render_listed(list.map(n => esc(n.name)));
    if (change.kind === 'create')
        return `${who} is in the roster but not in DoorFlow (deleted there by hand, or never applied); the apply would create them: ${createParts(change, esc)}`;
    if (change.kind === 'remove') {
        const had = change.groups.length ? `, with ${names(change.groups)},` : '';
        return `${who} is in DoorFlow${had} but in no roster file (added there by hand, or never applied); the apply would ${change.mode === 'delete' ? 'delete' : 'disable'} them`;
    }
    const happened = [];
    const undo = [];
    if (change.kind === 'adopt') {
        happened.push(`was added without a system_id (DoorFlow person ${change.personId})`);
        undo.push(`adopt them (matched by ${change.matchedBy === 'doorflow_id' ? 'doorflow_id' : 'email'}, system_id ${esc(change.systemId)})`);
    }
    const m = change.memberships;
    for (const [list, kind] of [
        [m?.groupsLost, ''],
        [m?.rolesLost, 'role ']
    ])
        if (list?.length) {
            happened.push(`was given ${kind}${names(list)}`);
            undo.push(`take ${kind}${names(list)} away`);
        }
    for (const [list, kind] of [
        [m?.groupsGained, ''],
        [m?.rolesGained, 'role ']
    ])
        if (list?.length) {
            happened.push(`lost ${kind}${names(list)}`);
            undo.push(`give ${kind}${names(list)}`);
        }
    for (const f of change.fields) {
        const label = f.field.replace(/_/g, ' ');
        const value = (v) => esc(displayValue(f.field, v));
        if (f.field === 'enabled') {
            happened.push(f.to ? 'was disabled' : 'was enabled');
            undo.push(f.to ? 'enable them' : 'disable them');
        }
        else if (f.from === null || f.from === '') {
            happened.push(change.kind === 'adopt' ? `had no ${label}` : `had ${label} cleared`);
            undo.push(`set ${label} to ${value(f.to)}`);
        }
        else {
            happened.push(`had ${label} set to ${value(f.from)}`);
            undo.push(f.to === null ? `clear ${label}` : `set ${label} to ${value(f.to)}`);
        }
    }
    return `${who} ${render_listed(happened)} in DoorFlow outside the roster (by hand, or an apply that never ran); the apply would ${render_listed(undo)}`;
}
/** A change's line: what the apply does, or for drift what happened in DoorFlow and what the apply does about it. */
function changeWords(change, esc) {
    return change.drift ? driftWords(change, esc) : describeChange(change, esc);
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
 * …", or who is locked out within max-removals, or that nobody is.
 */
function guardLine(plan) {
    const g = plan.guard;
    if (g.refused)
        return `The apply would be refused: ${g.reason ?? ''}`;
    if (g.approval) {
        const labels = plan.lockOuts.map(lockOutLabel);
        const names = labels.slice(0, 10).join(', ') + (labels.length > 10 ? ` and ${labels.length - 10} more` : '');
        const by = `@${(0,untrusted/* untrusted */.bp)(g.approval.by, 100)} on pull request #${g.approval.pr}`;
        return `Locks ${(0,format/* headcount */.sg)(g.lockOuts)} out of every door, ${WHEN}, more than max-removals allows: approved by ${by} (\`${allowLine(g.approval.count)}\`): ${names}.`;
    }
    const limit = `max-removals ${g.limit}${g.limitSource === 'default' ? ', the default' : ''}`;
    if (!g.lockOuts)
        return `Nobody loses all door access, ${WHEN} (${limit}).`;
    const labels = plan.lockOuts.map(lockOutLabel);
    const names = labels.slice(0, 10).join(', ') + (labels.length > 10 ? ` and ${labels.length - 10} more` : '');
    return `Locks ${(0,format/* headcount */.sg)(g.lockOuts)} out of every door, ${WHEN}, within ${limit}: ${names}.`;
}
/**
 * The plan as lines for a log or a terminal: counts, what `manages` claims, then one line per change
 * in the summary's order (taken away, given, other changes, adoptions; natural id order in each),
 * then the guard's line.
 */
function planText(plan, { withGuard = true, withNotes = true } = {}) {
    const lines = [`Plan: ${planCounts(plan)}.`];
    lines.push(plan.manages === undefined
        ? '  (no manages in the roster: nobody is ever removed)'
        : `  manages ${(0,untrusted/* untrusted */.bp)(plan.manages, 400)} (${(0,format/* headcount */.sg)(plan.managedCount)} in DoorFlow)`);
    const sorted = [...plan.changes].sort(byId);
    const given = (c) => !(0,roster_plan/* revokes */.S)(c) && grants(c);
    const other = (c) => !(0,roster_plan/* revokes */.S)(c) && !grants(c) && c.kind !== 'adopt';
    const adopted = (c) => !(0,roster_plan/* revokes */.S)(c) && !grants(c) && c.kind === 'adopt';
    for (const change of [roster_plan/* revokes */.S, given, other, adopted].flatMap(f => sorted.filter(f)))
        lines.push(`  ${changeSymbol(change)} ${changeWords(change, plain)}${driftMark(change)}`);
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
/**
 * The first character of a change's line, which GitHub colours in a `diff` block: `-` (red) for a
 * change that takes any access away (the section "Access taken away"), `+` (green) for one that only
 * gives access ("Access given": a new hire, a group gained, a window reopened), `~` (no colour) for
 * one that changes no access. So the colour always says what the line does to who opens which door.
 */
function changeSymbol(change) {
    if ((0,roster_plan/* revokes */.S)(change))
        return '-';
    return grants(change) ? '+' : '~';
}
/** Whether a change gives someone access: a create, a gained group or role, being enabled again, or a validity window extended or reopened. */
function grants(change) {
    if (change.kind === 'create')
        return true;
    if (change.kind === 'remove')
        return false;
    const m = change.memberships;
    return ((m !== undefined && (m.groupsGained.length > 0 || m.rolesGained.length > 0)) ||
        change.fields.some(f => f.field === 'enabled' && f.to === true) ||
        (0,roster_plan/* widens */.v)(change));
}
/**
 * ✅ nothing taken away, ⚠ access is taken away (or DoorFlow has drifted), ❌ the apply would refuse the plan.
 * With drift, the words say first what happened in DoorFlow, then what the apply would do about it:
 * "1 person changed in DoorFlow outside the roster; the apply would take access away from 1 person".
 */
function planHeadline(plan) {
    const revoking = plan.changes.filter(roster_plan/* revokes */.S).length;
    const drifted = driftSummary(plan);
    if (plan.guard.refused)
        return { mark: '❌', words: drifted ? `${drifted}; the apply would be refused` : 'the apply would be refused' };
    if (drifted) {
        const apply = revoking
            ? `take access away from ${(0,format/* headcount */.sg)(revoking)}`
            : plan.changes.length
                ? 'take no access away'
                : 'change nothing';
        return { mark: '⚠', words: `${drifted}; the apply would ${apply}` };
    }
    if (revoking)
        return { mark: '⚠', words: `takes access away from ${(0,format/* headcount */.sg)(revoking)}` };
    if (!plan.changes.length)
        return { mark: '✅', words: 'nothing to change' };
    return { mark: '✅', words: 'takes no access away' };
}
/** What drifted, in a few words: "1 person changed in DoorFlow outside the roster and 2 people with door access no roster manages". */
function driftSummary(plan) {
    const total = driftCount(plan);
    if (!total)
        return undefined;
    const changed = plan.drift ?? 0;
    const unmanaged = total - changed;
    return render_listed([
        ...(changed ? [`${(0,format/* headcount */.sg)(changed)} changed in DoorFlow outside the roster`] : []),
        ...(unmanaged ? [`${(0,format/* headcount */.sg)(unmanaged)} with door access no roster manages`] : [])
    ]);
}
/** The sections of a plan, in the order a reviewer needs them: access taken away, access given, the rest. */
function sections(plan) {
    const sorted = [...plan.changes].sort(byId);
    const line = (c) => `${changeSymbol(c)} ${changeWords(c, code)}${driftMark(c)}`;
    const taken = sorted.filter(roster_plan/* revokes */.S);
    const given = sorted.filter(c => !(0,roster_plan/* revokes */.S)(c) && grants(c));
    const rest = sorted.filter(c => !(0,roster_plan/* revokes */.S)(c) && !grants(c));
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
        { title: `Access taken away, applied first (${(0,format/* headcount */.sg)(taken.length)})`, lines: taken.map(line) },
        { title: `Access given (${(0,format/* headcount */.sg)(given.length)})`, lines: given.map(line) },
        { title: `Other changes (${(0,format/* headcount */.sg)(other.length)})`, lines: other.map(line) },
        {
            title: `Adopted: already in DoorFlow, ${matched}, given their roster id; no access change (${(0,format/* headcount */.sg)(adoptions.length)})`,
            // A plain adoption is only a new system_id: one short line each, the section's title says the rest.
            lines: adoptions.map(c => c.kind === 'adopt' && !c.fields.length && !c.memberships
                ? `~ ${(0,format/* personLabel */.Cf)(c, code)}: DoorFlow person ${c.personId}`
                : line(c)),
            folded: `${(0,format/* headcount */.sg)(adoptions.length)} already in DoorFlow, ${matched}, get their roster id, e.g. ` +
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
 * summary. The first part opens with the headline, the counts, the guard's word and the commit, then every access
 * change that fits: taken away first, then given, by person in natural id order (EMP-2 before EMP-10); then other
 * changes, then adoptions (folded to a count in the first part when there is more to show). Every change of the plan
 * is in some part; when there is more than one, the first lines say so. Changes are lines of a `diff` block, which
 * GitHub shows as text (never links, mentions or HTML): each starts with the action's own symbol, so no value can
 * end the block; every other value goes through `inertMarkdown`.
 */
function planMarkdownParts(plan, options) {
    const max = Math.max(2000, options.maxChars ?? PART_MAX);
    const { mark, words } = planHeadline(plan);
    const files = options.files.map(f => (0,untrusted/* inertMarkdown */.Ic)(f, 200)).join(', ');
    const where = [
        commitWords(options.commit),
        `roster ${files}`,
        `prune: ${plan.prune}`,
        // How many DoorFlow people the manages claims: a short pattern claiming people no file lists shows here and as removals.
        plan.manages === undefined
            ? 'no `manages`: nobody is ever removed'
            : `manages ${(0,untrusted/* inertMarkdown */.Ic)(plan.manages, 400)} (${(0,format/* headcount */.sg)(plan.managedCount)} in DoorFlow)`
    ].filter(Boolean);
    const guarded = guardLine(plan);
    const guardText = guarded ? (0,untrusted/* inertMarkdown */.Ic)(guarded, 4000) : undefined;
    // DoorFlow people with door access that no roster manages: a count and what to do, then one per line.
    const unmanaged = unmanagedLines(plan, markdown);
    const head = (count) => [
        `### ${mark} DoorFlow roster plan: ${words}`,
        '',
        `**${planCounts(plan)}**`,
        ...(guardText ? ['', plan.guard.refused ? `> ❌ **Guard:** ${guardText}` : `**Guard:** ${guardText}`] : []),
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
/** The label of a change DoorFlow made outside the roster (drift.ts marks them). */
const DRIFT_LABEL = 'drift: changed in DoorFlow, not in this commit';
function driftMark(change) {
    return change.drift ? ` (${DRIFT_LABEL})` : '';
}
/**
 * The `drift` output: the changes that are drift (each one person's) and, unless `unmanaged:
 * ignore` left them out, the people with door access whom no roster manages — someone gave them
 * access in DoorFlow, outside any roster. Undefined when the run could not tell which changes are drift.
 */
function driftCount(plan) {
    return plan.drift === undefined ? undefined : plan.drift + (plan.unmanaged?.count ?? 0);
}
/**
 * "3 changes of 5 are drift: …", or nothing when no change is drift (or the run could not tell).
 * The unmanaged people the drift count also holds are said once, by unmanagedLines.
 */
function driftLines(plan) {
    const changed = plan.drift ?? 0;
    if (!changed)
        return [];
    return [
        `${(0,format/* plural */.LS)(changed, 'change')} of ${plan.changes.length} ${(0,format/* verb */.w3)(changed, 'is', 'are')} drift: DoorFlow was changed outside the roster (by hand, or by an apply that never ran), and applying puts the roster's values back.`
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
    // Counted in the drift output when the run tells drift (driftCount): said here, once.
    const drift = plan.drift === undefined ? '' : ' They count as drift; the apply leaves them as they are.';
    return [
        `${(0,format/* headcount */.sg)(u.count)} in DoorFlow ${(0,format/* verb */.w3)(u.count, 'has', 'have')} door access that no roster manages${more}: add them to a roster (npm run export writes entries for them), or disable them in DoorFlow.${drift}`,
        ...u.first.map(p => `    DoorFlow person ${p.personId}: ${esc(p.name || '(no name)')}${p.systemId === null ? ', no system_id' : `, system_id ${esc(p.systemId)}`}`)
    ];
}

;// CONCATENATED MODULE: ./src/roster/apply-step.ts
/**
 * The apply step of a roster run: the writes, refused before the first one unless the guard's
 * verdict on this very plan lets them through, and what the log, the outputs and the job summary
 * say of them. It returns its result; main.ts alone fails the step.
 */









/** The summary lists at most this many changes (failures first); the log has them all. */
const SUMMARY_ROWS = 200;
/**
 * Apply `plan`, which `guarded` (the run's guard step, guard.ts's judgePlan) must have been made
 * for and let through: otherwise nothing is written. `stop` names a reason to start no more
 * writes (a cancelled job); those in flight run until ctx.signal aborts them, and the caller syncs
 * what was applied. Whether a sync was accepted is the caller's to say: no message here claims one.
 */
async function applyRoster(ctx, plan, guarded, writer, settings, stop) {
    // The one binding of verdict to plan: the digest it judged is this plan's (plan.ts: nothing edits a plan).
    if (guarded.fingerprint !== (0,roster_digest/* planFingerprint */.an)(plan)) {
        return {
            ok: false,
            refused: true,
            wrote: false,
            message: "Refusing to apply: the guard's verdict was made for another plan. Nothing was written; run again to plan and guard afresh."
        };
    }
    const report = guarded.report;
    if (report.refused) {
        return {
            ok: false,
            refused: true,
            wrote: false,
            message: `Refusing to apply: ${settings.view ? published(settings.view, plan).guard?.reason : report.reason} Nothing was written.`
        };
    }
    if (plan.changes.length === 0) {
        core/* info */.pq('The plan is empty: DoorFlow already matches the roster, nothing to write.');
        return { ok: true, refused: false, wrote: false };
    }
    const revocations = plan.changes.filter(roster_plan/* revokes */.S).length;
    core/* info */.pq(`Applying ${(0,format/* plural */.LS)(plan.changes.length, 'change')} (${revocations} that take access away first), up to ${settings.writeConcurrency} writes at a time; ` +
        `${(0,format/* headcount */.sg)(report.lockOuts)} locked out, ${report.approval ? `as approved on pull request #${report.approval.pr}` : `max-removals ${report.limit}`}.`);
    const result = await applyPlan(ctx, plan, writer, {
        concurrency: settings.writeConcurrency,
        stop,
        warn: line => (0,annotate/* annotate */.fz)('warning', line, { title: 'Roster apply' }),
        label: change => (0,format/* personLabel */.Cf)(settings.view ? publishedChange(settings.view, change) : change)
    });
    if (settings.view && !settings.view.shown) {
        // DoorFlow's answers (a 422's words) may quote a value sent: its emails are hidden with the rest.
        for (const r of result.results) {
            r.log = r.log.map(withoutEmails);
            if (r.message)
                r.message = withoutEmails(r.message);
        }
    }
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
function applyRows(result, max = SUMMARY_ROWS, show = change => change) {
    const order = ['failed', 'not-attempted', 'applied'];
    const sorted = order.flatMap(status => result.results.filter(r => r.status === status));
    const cell = (r) => {
        if (r.status === 'applied')
            return '✅ applied';
        if (r.status === 'not-attempted')
            return '⏸ not attempted';
        return `❌ failed: ${(0,untrusted/* inertMarkdown */.Ic)(r.message, 400)}`;
    };
    const rows = sorted.slice(0, max).map((r) => [describeChange(show(r.change), markdown), cell(r)]);
    const omittedBy = { failed: 0, 'not-attempted': 0, applied: 0 };
    for (const r of sorted.slice(max))
        omittedBy[r.status]++;
    return { rows, omitted: Math.max(0, sorted.length - max), omittedBy };
}
/** The apply's headline in a few words, from what happened: "Applied 12 of 12 changes", "Refused: …". */
function applyHeadline(stepResult) {
    if (stepResult.refused)
        return '❌ Refused: the roster was not applied, nothing was written';
    const result = stepResult.result;
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
 * Adds the apply's section to the job summary, unwritten (run.ts's reportApplied writes it): its first line is the
 * headline of what happened, then the failure (once), the counts, and the table of changes, failures first. Markdown, with a
 * blank line before it, so that its heading renders after whatever HTML block came before.
 */
function addApplySummary(stepResult, view) {
    const lines = ['', `### ${applyHeadline(stepResult)}`, ''];
    if (stepResult.message)
        lines.push((0,untrusted/* inertMarkdown */.Ic)(stepResult.message, 4000), '');
    const result = stepResult.result;
    if (stepResult.refused || !result) {
        core/* summary */.z.addRaw(lines.join('\n'), true);
        return;
    }
    const { counts } = result;
    const limited = result.rateLimited
        ? `; DoorFlow rate-limited ${result.rateLimited} requests, ${(0,format/* seconds */.YA)(result.rateLimitWaitMs)} waited`
        : '';
    lines.push(`${counts.created} created, ${counts.updated} updated, ${counts.adopted} adopted, ${counts.removed} removed; ` +
        `${counts.failed} failed, ${counts.notAttempted} not attempted; in ${(0,format/* seconds */.YA)(result.elapsedMs)}${limited}.`, '');
    const { rows, omitted, omittedBy } = applyRows(result, SUMMARY_ROWS, change => view ? publishedChange(view, change) : change);
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
// EXTERNAL MODULE: ./src/roster/roster-files.ts
var roster_files = __webpack_require__(9730);
// EXTERNAL MODULE: ./src/github/comments.ts
var comments = __webpack_require__(6645);
;// CONCATENATED MODULE: ./src/roster/batch.ts
/**
 * A big batch of removals, approved where it is reviewed (github/removal-approval.ts has the rules).
 * On the pull request the plan asks GitHub whether a reviewer approved exactly its lock-outs and
 * says so in its comment (who approved, or the line still needed and why an approval there does not
 * count); on the merge the apply asks the same of the merged pull request (github/reviewed.ts) and
 * the guard lets exactly that many through (guard.ts's approveGuard).
 */






/** The lock-outs a reviewer may approve: the plan's, when max-removals alone refused it; else undefined. */
function approvable(guard) {
    return guard.refused && guard.rule === 'max-removals' ? guard.lockOuts : undefined;
}
/**
 * On a pull request (a dry run), whether a reviewer approved the plan's lock-outs: undefined when
 * the guard does not refuse them as over max-removals (or there is no pull request or token to ask
 * with). Never fails the run: what GitHub does not answer is no approval, and the comment says why.
 */
async function batchOnPullRequest(ctx, runner, roster, plan, isPullRequestHead) {
    const wanted = approvable(plan.guard);
    const pr = (0,comments/* pullRequestOf */._n)(runner);
    if (wanted === undefined || !pr || !roster.commentToken)
        return undefined;
    if (!isPullRequestHead)
        return { why: "this plan is not of the pull request's head commit" };
    const token = roster.commentToken;
    const who = await (0,comments/* whoAmI */.Wc)(ctx, pr.apiUrl, token);
    if (!who.ok)
        return { why: `GitHub would not say who the pr-comment-token is (${(0,untrusted/* untrusted */.bp)(who.message, 300)})` };
    const pull = { number: pr.number, headSha: pr.headSha, authorId: runner.pullRequest?.authorId };
    if (!pull.headSha || pull.authorId === undefined)
        return { why: "the event does not say the pull request's head commit and author" };
    const read = await (0,approvals/* latestVerdicts */.yc)(ctx, pr.apiUrl, pr.repository, token, pr.number);
    if (!read.ok)
        return { why: read.why };
    const got = await batchApproval(ctx, pr.apiUrl, pr.repository, token, who.me, pull, read.latest, wanted);
    return got.ok ? { approval: got.approval } : { why: got.why };
}
/**
 * The plan as its comment shows it, with what the pull request says of the approval: the guard
 * approved (and who approved it), or its refusal with why no approval counts yet. The plan itself
 * is never edited (its digest covers only its changes, so the reviewed trailer is the same).
 */
function shownWithBatch(shown, batch) {
    if (!batch)
        return shown;
    if ('approval' in batch) {
        const approved = approveGuard(shown.guard, batch.approval);
        return approved ? { ...shown, guard: approved } : shown;
    }
    const reason = `${shown.guard.reason ?? ''} Not approved yet: ${batch.why}.`;
    return { ...shown, guard: { ...shown.guard, reason } };
}
/**
 * On the merge, the approval the apply takes: the first merged pull request whose reviewers approved
 * exactly the plan's lock-outs; the log says who, or why none counts (the guard's refusal then stands).
 */
function approvalOfMerge(found) {
    for (const f of found) {
        if (f.batch?.ok) {
            const a = f.batch.approval;
            core/* info */.pq(`The removals are approved on pull request #${a.pr} by @${(0,untrusted/* untrusted */.bp)(a.by, 100)}: ${a.count} people may be locked out in this run.`);
            return a;
        }
    }
    for (const f of found)
        if (f.batch && !f.batch.ok)
            core/* info */.pq(`No approval of the removals on pull request #${f.pr}: ${(0,untrusted/* untrusted */.bp)(f.batch.why, 1000)}.`);
    return undefined;
}

// EXTERNAL MODULE: ./src/roster/email.ts
var roster_email = __webpack_require__(5803);
// EXTERNAL MODULE: ./src/roster/drift.ts
var roster_drift = __webpack_require__(8084);
;// CONCATENATED MODULE: ./src/roster/planner.ts






/** Roster and DoorFlow text inside a message: one line, capped (see untrusted.ts). */
const t = (text) => (0,untrusted/* untrusted */.bp)(text, 80);
const DATE_FIELDS = new Set(['valid_from', 'valid_to']);
/**
 * The finished plan: every input that shapes it goes in here (options), and nothing edits it after
 * (plan.ts's types are read-only). Drift is marked, unmanaged people named unless ignored, and the
 * guard's report with the run's max-removals is on it; the verdict for the apply is judged from it.
 */
function planRoster(roster, account, prune, options) {
    const problems = [];
    const groups = resolver('group', account.groups, problems);
    const roles = resolver('role', account.roles, problems);
    const bySystemId = new Map();
    const exactEmail = new Map();
    const foldedEmail = new Map();
    // People a created person could be a second record of: no system_id and no email, so not adoptable.
    const unreachable = new Map();
    const add = (map, key, p) => {
        const same = map.get(key);
        if (same)
            same.push(p);
        else
            map.set(key, [p]);
    };
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
    const twinWords = new Map();
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
            const key = nameKey(person.fields.first_name, person.fields.last_name);
            const twins = unreachable.get(key) ?? [];
            if (twins.length) {
                // Worded once per name: a roster may give thousands of entries the name of DoorFlow's many visitors.
                const { ids, adopt } = twinWords.get(key) ?? twinWords.set(key, wordTwins(twins)).get(key);
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
    const managed = (0,roster_roster/* managesMatcher */.Xc)(roster.manages, roster.except);
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
        const out = was ? lockOutOf(change, was, options.now) : undefined;
        if (out)
            lockOuts.push(out);
    }
    const drift = options.drift
        ? (0,roster_drift/* withDrift */.sb)(sorted, roster, options.drift.rosterPath, options.drift.changed)
        : { changes: sorted };
    const judged = { changes: drift.changes, unchanged, managedCount, lockOuts };
    const plan = {
        version: 1,
        manages: roster.manages.length ? managesWords(roster) : undefined,
        prune,
        ...judged,
        guard: guard(judged, options.maxRemovals),
        ...(options.unmanaged === 'ignore'
            ? {}
            : { unmanaged: unmanagedPeople(roster, account, new Set(adopted(sorted))) }),
        ...(drift.drift === undefined ? {} : { drift: drift.drift })
    };
    return { plan, problems };
}
/** How many unmanaged people a plan names; the count covers them all. */
const UNMANAGED_SHOWN = 10;
/**
 * DoorFlow people who can open a door and whom no roster manages: enabled, in at least one
 * group, and either with no system_id and not adopted by this plan (`adopted`: the DoorFlow ids
 * the plan matched to a roster entry by email or doorflow_id), or with a system_id that no
 * `manages` pattern matches and no roster lists. A shared email alone manages nobody: a roster
 * entry matched by its system_id adopts no one else. They keep their access whatever the roster
 * says, so every plan names them. Pure; the first UNMANAGED_SHOWN by DoorFlow id.
 */
function unmanagedPeople(roster, account, adopted) {
    const listed = new Set(roster.people.map(p => p.id));
    const managed = (0,roster_roster/* managesMatcher */.Xc)(roster.manages, roster.except);
    const found = account.people.filter(p => {
        if (!p.enabled || !p.groups.length || adopted.has(p.id))
            return false;
        return p.system_id === null || (!listed.has(p.system_id) && !managed?.(p.system_id));
    });
    const first = [...found]
        .sort((a, b) => a.id - b.id)
        .slice(0, UNMANAGED_SHOWN)
        .map(p => ({ personId: p.id, name: `${p.first_name} ${p.last_name}`.trim(), systemId: p.system_id }));
    return { count: found.length, first };
}
/**
 * The roster's manages for the plan: its patterns with a star first (a roster may hide `*` after
 * thousands of exact ids, past the header's cap), then its exact ids and the ids it excepts, each
 * capped (the count says how many).
 */
function managesWords(roster) {
    const capped = (ids, more) => ids.slice(0, 20).join(', ') + (ids.length > 20 ? ` and ${ids.length - 20} more${more}` : '');
    const starred = roster.manages.filter(m => m.includes('*'));
    const exact = roster.manages.filter(m => !m.includes('*'));
    const except = roster.except ?? [];
    return ([...starred, ...(exact.length ? [capped(exact, ' exact ids')] : [])].join(', ') +
        (except.length ? ` except ${capped(except, '')}` : ''));
}
/** The DoorFlow people a plan adopts: matched to a roster entry by email or doorflow_id. */
function adopted(changes) {
    return changes.flatMap(c => (c.kind === 'adopt' ? [c.personId] : []));
}
/** A DoorFlow person in a message: "202 (Bob Visitor, system_id X)", names through the gate. */
function describe(p) {
    return `${p.id} (${t(`${p.first_name} ${p.last_name}`.trim())}${p.system_id ? `, system_id ${t(p.system_id)}` : ''})`;
}
/** The DoorFlow ids of people a created person could be a second record of, and how to adopt the right one. */
function wordTwins(twins) {
    const ids = twins.map(p => p.id).join(', ');
    const adopt = twins.length === 1
        ? `adopt them with \`doorflow_id: ${twins[0].id}\` in this entry`
        : `adopt the right one with \`doorflow_id: N\` in this entry (N one of ${ids})`;
    return { ids, adopt };
}
/** First and last name, trimmed and ignoring ASCII case: the key of a possible second record. */
function nameKey(first, last) {
    const part = (v) => (0,roster_email/* asciiLower */.F)(typeof v === 'string' ? v.trim() : '');
    return `${part(first)}\n${part(last)}`;
}
/** Revocations first: removals, then changes that take access away, then the rest; by system_id within each. */
function ordered(changes) {
    const rank = (c) => (c.kind === 'remove' ? 0 : (0,roster_plan/* revokes */.S)(c) ? 1 : 2);
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
    const diff = (now, wanted) => {
        const had = new Set(now);
        const wants = new Set(wanted);
        return { gained: wanted.filter(id => !had.has(id)), lost: now.filter(id => !wants.has(id)) };
    };
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
/** At most this many different unknown names of one kind get a "did you mean" in a plan (see Suggester). */
const MAX_NAME_GUESSES = 1000;
function resolver(kind, list, problems) {
    const byName = new Map();
    for (const item of list) {
        const same = byName.get(item.name);
        if (same)
            same.push(item);
        else
            byName.set(item.name, [item]);
    }
    const byId = new Map(list.map(item => [item.id, item]));
    const names = [...byName.keys()];
    const suggester = new roster_roster/* Suggester */.ip(names, MAX_NAME_GUESSES);
    const firstNames = () => `${names
        .slice(0, 8)
        .map(n => t(n))
        .join(', ')}${names.length > 8 ? ', …' : ''}`;
    /** What DoorFlow has, as an unknown name's message lists it: worded once, however many names are unknown. */
    let some;
    return {
        resolve(wanted, at) {
            const ids = [];
            const seen = new Set();
            wanted.forEach((name, i) => {
                const found = byName.get(name);
                if (found?.length === 1) {
                    if (!seen.has(found[0].id)) {
                        seen.add(found[0].id);
                        ids.push(found[0].id);
                    }
                    return;
                }
                if (found) {
                    problems.push({
                        message: `DoorFlow has ${found.length} ${kind}s named '${t(name)}' (ids ${found.map(f => f.id).join(', ')}), so the name is ambiguous: rename one in DoorFlow.`,
                        at: at[i]
                    });
                    return;
                }
                const guess = suggester.guess(name);
                problems.push({
                    message: `Unknown ${kind} '${t(name)}': DoorFlow has no ${kind} of that name${guess ? `; did you mean '${t(guess)}'?` : (some ??= ` (it has ${list.length}: ${firstNames()}).`)} ${kind === 'group' ? 'Groups' : 'Roles'} are created in DoorFlow itself.`,
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

// EXTERNAL MODULE: ./src/roster/sync-after.ts
var sync_after = __webpack_require__(9531);
;// CONCATENATED MODULE: ./src/roster/planned-commit.ts


const sha = (value) => typeof value === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(value) ? value.toLowerCase() : undefined;
const planned_commit_short = (s) => (s ? s.slice(0, 7) : 'unknown');
/** The workspace's HEAD from git, or why git could not say. */
async function workspaceHead(workspace, git) {
    try {
        const out = sha((await git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], workspace)).trim());
        return out ? { sha: out } : { why: 'git rev-parse HEAD gave no commit' };
    }
    catch (err) {
        const stderr = err.stderr;
        const said = typeof stderr === 'string' && stderr.trim() ? stderr.trim().split('\n')[0] : err.message;
        return { why: `git rev-parse HEAD failed: ${(0,untrusted/* untrusted */.bp)(said, 200)}` };
    }
}
/**
 * Pure: the commit planned (the workspace's HEAD, else GITHUB_SHA) judged against the run's pull
 * request. Outside a pull request there is no head to compare with: isPullRequestHead is false.
 */
function judgePlannedCommit(runner, head) {
    const planned = sha(head.sha) ?? sha(runner.sha);
    const how = head.sha ? 'the workspace HEAD' : `GITHUB_SHA (${head.why ?? 'git did not answer'})`;
    const pr = runner.pullRequest;
    const prHead = sha(pr?.headSha);
    const commit = { sha: planned, head: prHead };
    if (!pr)
        return { commit: { sha: planned }, isPullRequestHead: false, why: `planned at ${planned_commit_short(planned)} (${how})` };
    if (!planned)
        return {
            commit: {},
            isPullRequestHead: false,
            why: `the commit planned could not be told (${head.why ?? 'no git'}; GITHUB_SHA unset), so this plan is not of the pull request's head ${planned_commit_short(prHead)}; it is not a reviewed plan`
        };
    const merge = runner.event !== 'pull_request_target' && planned === sha(runner.sha);
    if (planned === prHead || merge)
        return {
            commit,
            isPullRequestHead: true,
            why: `planned at ${planned_commit_short(planned)} (${how}), the pull request's ${planned === prHead ? 'head' : 'test merge commit'}`
        };
    const base = runner.event === 'pull_request_target' ? ' (a pull_request_target run checks out the base branch)' : '';
    return {
        // Shown as what it is, the commit planned, never as the head's plan.
        commit: { sha: planned },
        isPullRequestHead: false,
        why: `this plan is of commit ${planned_commit_short(planned)}${base}, not of the pull request's head ${planned_commit_short(prHead)}; it is not a reviewed plan`
    };
}
/** The commit planned in this run's workspace, judged against its pull request. */
async function plannedCommitOf(runner, workspace, git = (0,roster_drift/* gitIn */.uM)(runner.childEnv)) {
    return judgePlannedCommit(runner, runner.pullRequest ? await workspaceHead(workspace, git) : {});
}

// EXTERNAL MODULE: ./src/github/rate-limit.ts
var rate_limit = __webpack_require__(7403);
;// CONCATENATED MODULE: ./src/github/plan-comments.ts





/**
 * Whether a plan that could not be shown on the pull request fails the step. It does, so that no check is
 * green while the pull request shows no plan, an older one, or parts of two. The one exception: GitHub
 * refused our first write for good (403, not a rate limit; a fork's pull request only ever gets a
 * read-only token) and no plan of ours is there. Then nothing on the pull request can be taken for this
 * plan, the apply finds no reviewed plan there, the plan is in the job summary, and a red check would
 * say only that the token may not comment: a warning says it.
 */
function commentFailureFailsStep(failure) {
    return !(failure.readOnly && failure.earlier === 'none');
}
/** A written comment's html_url, from GitHub's answer, when it is safe to link. */
const linkOf = (body) => (0,comments/* safeLink */.o3)((0,net_json/* parseJsonObject */.w)(body)?.['html_url']);
/** A refusal that waiting will not lift: 403 without any sign of a rate limit. */
function refusedForGood(outcome) {
    // GitHub's own rule says which 403 is a rate limit (rate-limit.ts); any other 403 is for good.
    // Only whether it is one is asked, not the wait, so no clock is needed.
    return outcome?.kind === 'response' && outcome.status === 403 && !(0,rate_limit/* gitHubRateLimit */.Lw)(outcome, 0);
}
/**
 * Writes the plan's comments. A body that already says what it would say (PlanComments.same) is left
 * alone: no PATCH of an unchanged body. When any part 2.. is to be written and our part 1 exists, part
 * 1 is first marked out of date (PlanComments.stale), so no reader sees part 1 of one plan beside
 * parts of another; then parts 2.. (PATCHed in place when ours exists, else POSTed), then part 1
 * linking to them, then our parts an earlier, longer plan left (and repeats of a marker) are
 * deleted. On any failure our part 1, if it still shows a plan, is marked out of date, and the
 * failure says what is left (Earlier). Each body gets its marker here.
 */
async function upsertPlanComments(ctx, pr, token, roster, plan) {
    const stop = (message, earlier, readOnly = false) => ({
        ok: false,
        message: message ?? 'no answer',
        earlier,
        readOnly
    });
    const who = await (0,comments/* whoAmI */.Wc)(ctx, pr.apiUrl, token);
    if (!who.ok)
        return stop(who.message, 'unknown');
    const found = await (0,comments/* scanComments */.yX)(ctx, pr, token, who.me, roster, comments/* COMMENT */.YK, true);
    if (!found.ok)
        return stop(found.message, 'unknown');
    const first = found.comment;
    const call = (0,comments/* caller */.mF)(ctx, token);
    const base = `${pr.apiUrl}/repos/${pr.repository}/issues`;
    const same = plan.same ?? ((a, b) => a === b);
    let writes = 0;
    const write = (existing, text) => {
        writes++;
        return existing === undefined
            ? (0,retry/* withRetries */.L)(ctx, comments/* COMMENT */.YK, t => call('POST', `${base}/${pr.number}/comments`, t, { body: text }), {
                // A repeated POST that GitHub did process would leave two comments.
                mayRepeat: retry_policy/* notProcessed */.gI
            })
            : (0,retry/* withRetries */.L)(ctx, comments/* COMMENT */.YK, t => call('PATCH', `${base}/comments/${existing}`, t, { body: text }), {
                idempotent: true
            });
    };
    const staleBody = plan.stale === undefined ? undefined : `${(0,comments/* commentMarker */.Ql)(roster)}\n${plan.stale}`;
    let earlier = !first
        ? 'none'
        : staleBody !== undefined && same(first.body, staleBody)
            ? 'marked'
            : 'unmarked';
    if (!found.complete) {
        // Not every comment could be read: parts or repeats of ours may be past the last one read.
        if (first && earlier === 'unmarked' && staleBody !== undefined && (await write(first.id, staleBody)).ok)
            earlier = 'marked';
        return stop((0,comments/* stoppedShort */.Av)(comments/* COMMENT */.YK, found), first ? earlier : 'unknown');
    }
    /** A write failed: mark our part 1 out of date (once), and say what is left. */
    const failedWrite = async (what, written, markAgain = true) => {
        const readOnly = writes === 1 && refusedForGood(written.outcome);
        if (first && earlier === 'unmarked' && staleBody !== undefined && !readOnly && markAgain) {
            if ((await write(first.id, staleBody)).ok)
                earlier = 'marked';
        }
        return stop(`${what}${written.message ?? 'no answer'}`, earlier, readOnly);
    };
    const rest = plan.rest.slice(0, comments/* MAX_PLAN_COMMENTS */.mq - 1).map((body, i) => `${(0,comments/* partMarker */.Ai)(roster, i + 2)}\n${body}`);
    const unchanged = (i) => {
        const had = found.parts.get(i + 2);
        return had !== undefined && same(had.body, rest[i]);
    };
    if (first && earlier === 'unmarked' && staleBody !== undefined && rest.some((_, i) => !unchanged(i))) {
        // Part 1 still shows the earlier plan, linking to parts about to change: it says it is out of date first.
        const marked = await write(first.id, staleBody);
        if (!marked.ok)
            return failedWrite('our plan comment could not be marked out of date before its parts: ', marked, false);
        earlier = 'marked';
    }
    const parts = { created: 0, updated: 0, unchanged: 0, deleted: 0 };
    const links = [];
    for (const [i, body] of rest.entries()) {
        const had = found.parts.get(i + 2);
        if (had && unchanged(i)) {
            parts.unchanged++;
            links.push(had.url);
            continue;
        }
        const written = await write(had?.id, body);
        if (!written.ok || written.outcome?.kind !== 'response')
            return failedWrite(`part ${i + 2} of ${rest.length + 1}: `, written);
        parts[had === undefined ? 'created' : 'updated']++;
        links.push(linkOf(written.outcome.body));
    }
    const text = `${(0,comments/* commentMarker */.Ql)(roster)}\n${plan.first(links)}`;
    let action = first ? 'updated' : 'created';
    let url = first?.url ?? '';
    if (first && same(first.body, text))
        action = 'unchanged';
    else {
        const written = await write(first?.id, text);
        if (!written.ok || written.outcome?.kind !== 'response')
            return failedWrite('', written);
        url = linkOf(written.outcome.body) ?? '';
    }
    // Our parts past this plan's last, and repeats: a reviewer must never read a stale part.
    const stale = [...[...found.parts].filter(([k]) => k > rest.length + 1).map(([, c]) => c.id), ...found.repeats];
    let notDeleted = 0;
    for (const id of stale) {
        const gone = await (0,retry/* withRetries */.L)(ctx, comments/* COMMENT */.YK, t => call('DELETE', `${base}/comments/${id}`, t), {
            idempotent: true
        });
        // 404: already gone (a repeated DELETE that GitHub did process).
        const status = gone.outcome?.kind === 'response' ? gone.outcome.status : 0;
        if (gone.ok || status === 404)
            parts.deleted++;
        else
            notDeleted++;
    }
    // The plan is whole, but a comment of ours from an earlier plan is still there beside it.
    if (notDeleted)
        return stop(`${notDeleted === 1 ? 'a plan comment' : `${notDeleted} plan comments`} of ours left over from an earlier plan could not be deleted, beside the current plan`, 'unmarked');
    return { ok: true, action, url, foreign: found.foreign, parts };
}

;// CONCATENATED MODULE: ./src/roster/comment.ts
/**
 * A roster run's words for review: the plan as pull-request comments (in parts when it is long),
 * the dry run's job summary, and the comment itself, written in place on the pull request (or why
 * there is no plan), with the out-of-date text that stands while its parts are rewritten, and the
 * stamp that dates a comment.
 */









/** "commit 1a2b3c4d5e6f · 2026-12-05 18:00 UTC": when and of what a comment was written. */
function stamp(sha, nowMs) {
    const time = new Date(nowMs).toISOString().slice(0, 16).replace('T', ' ');
    const commit = sha && /^[0-9a-f]{7,64}$/i.test(sha) ? `commit \`${sha.slice(0, 12)}\` · ` : '';
    return `${commit}${time} UTC`;
}
/** Room kept in part 1 for the links to the other parts (MAX_PLAN_COMMENTS - 1 links of up to 300 characters, and a note). */
const LINKS_RESERVE = 7_000;
/**
 * The plan as pull-request comments, each under GitHub's 65,536 characters: part 1 (access changes
 * first, the digest, the hidden change hashes the apply reads) links to parts 2..; each other part
 * names the digest and commit it belongs to, so a reviewer can tell it matches part 1. Past
 * MAX_PLAN_COMMENTS parts, part 1 says where the rest is.
 */
function planComments(plan, files, commit, pr, roster, now, planned, shown = plan) {
    // A plan of another commit than the pull request's is never recorded as its reviewed plan: it
    // carries no trailer, so no apply finds a digest in it.
    const notTheHead = planned && !planned.isPullRequestHead ? notReviewedNote(planned) : undefined;
    const trailer = notTheHead ? '' : (0,roster_digest/* hiddenDigestLine */.xV)(plan, { roster, head: pr.headSha });
    const digest = (0,roster_digest/* planDigest */.Gb)(plan);
    const parts = planMarkdownParts(shown, {
        files,
        commit,
        restAt: 'on this pull request, linked at the end of this comment',
        maxChars: 60_000 - trailer.length - LINKS_RESERVE,
        footer: `_Planned by the DoorFlow Sync action for ${pr.repository}#${pr.number}; updated on every push._`
    });
    if (notTheHead)
        parts[0] = `${notTheHead}\n\n${parts[0]}`;
    const count = parts.length;
    // A plan whose last parts are not on the pull request was never shown whole to its reviewers: it
    // carries no trailer (so no apply takes it for a review), and the step fails (notWhole).
    const whole = count <= comments/* MAX_PLAN_COMMENTS */.mq;
    const hidden = whole ? trailer : '';
    // Stamped with the commit planned: the head's only when it is the pull request's plan.
    const stamped = notTheHead ? planned?.commit.sha : pr.headSha;
    const tag = `Plan digest \`${digest}\` · ${stamp(stamped, now)}`;
    const rest = parts
        .slice(1, comments/* MAX_PLAN_COMMENTS */.mq)
        .map((part, i) => [part, '', `Part ${i + 2} of ${count} of the plan with digest \`${digest}\` · ${stamp(stamped, now)}`].join('\n'));
    const first = (links) => {
        if (count === 1)
            return [parts[0], '', tag, hidden].join('\n');
        const named = links.map((url, i) => (url ? `[part ${i + 2}](${url})` : `part ${i + 2} (below)`));
        const over = count > comments/* MAX_PLAN_COMMENTS */.mq
            ? [
                '',
                `> Parts ${comments/* MAX_PLAN_COMMENTS */.mq + 1}–${count} are not on the pull request (a plan takes at most ${comments/* MAX_PLAN_COMMENTS */.mq} comments), so this plan cannot be reviewed here and no apply takes it for a review: split the change into smaller pull requests. Every change is in this run's job summary and log (the group "The plan, person by person"), and in the plan-file output.`
            ]
            : [];
        return [parts[0], '', `**The other parts of this plan:** ${named.join(' · ')}`, ...over, '', tag, hidden].join('\n');
    };
    const notWhole = whole
        ? undefined
        : `The plan takes ${count} comments and a pull request is given at most ${comments/* MAX_PLAN_COMMENTS */.mq}: parts ${comments/* MAX_PLAN_COMMENTS */.mq + 1}–${count} are not on pull request #${pr.number}, so it cannot be reviewed there and carries no digest for the apply. Split the change into smaller pull requests; every change is in this run's job summary.`;
    return { rest, first, ...(notWhole ? { notWhole } : {}) };
}
/**
 * The plan's first line when it is not of the pull request's code (another commit was checked
 * out, e.g. the base on pull_request_target): said plainly, so nobody reviews it as the change's.
 */
function notReviewedNote(planned) {
    const why = planned.why.charAt(0).toUpperCase() + planned.why.slice(1);
    // Our own words and hex SHAs read as they are; anything else (git's words) goes through the gate.
    return `> ⚠️ **Not a reviewed plan.** ${/^[\w\s'(),;.-]+$/.test(why) ? why : (0,untrusted/* inertMarkdown */.Ic)(why, 1000)}.`;
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
 * On a pull request (a dry run), comments updated in place: the plan (in parts when it is long), or
 * why there is none (and any part an earlier plan left is deleted). Returns the step's failure, in
 * one line, when the plan could not be shown whole (commentFailureFailsStep): then our earlier plan
 * comment says it is out of date, or the line says it could not be marked. A token that may not
 * comment at all, with no plan of ours on the pull request, is a warning only.
 */
async function commentOnPullRequest(ctx, runner, rosterSettings, body, planned) {
    if (!rosterSettings.dryRun)
        return undefined;
    const pr = (0,comments/* pullRequestOf */._n)(runner);
    if (!pr)
        return undefined;
    if (!rosterSettings.commentToken) {
        core/* info */.pq('No pr-comment-token: the plan is in the job summary only.');
        return undefined;
    }
    // What the workspace holds is what was read: a comment of another commit than the pull request's
    // is stamped with that commit, and a problems comment says it too (a plan's does, in planComments).
    const of = planned ?? (await plannedCommitOf(runner, rosterSettings.workspace));
    const shown = of.isPullRequestHead ? pr : { ...pr, headSha: of.commit.sha };
    const made = body(shown);
    const text = typeof made === 'string' && !of.isPullRequestHead ? `${notReviewedNote(of)}\n\n${made}` : made;
    const result = await upsertPlanComments(ctx, pr, rosterSettings.commentToken, (0,roster_digest/* rosterKey */.hU)(rosterSettings.path), {
        ...(typeof text === 'string' ? { rest: [], first: () => text } : text),
        stale: staleComment(runner.runUrl, pr, ctx.clock.now()),
        same: sameButTime
    });
    if (!result.ok) {
        const why = (0,untrusted/* untrusted */.bp)(result.message, 1000).replace(/\.$/, '');
        if (!commentFailureFailsStep(result)) {
            // The failure's advice says why a token may not comment, and that the plan is in the job summary.
            (0,annotate/* annotate */.fz)('warning', `The plan is not on the pull request: ${why}.`);
            return undefined;
        }
        const earlier = {
            none: '',
            marked: ' Our earlier plan comment now says it is out of date.',
            unmarked: ' Our earlier plan comment could not be marked out of date: it is stale, do not approve it.',
            unknown: ' Our plan comments could not be read, so an earlier plan there may be stale: do not approve it.'
        }[result.earlier];
        return `The plan could not be shown whole on pull request #${pr.number}: ${why}.${earlier} Re-run this job once GitHub accepts the comments; the plan is in this run's job summary.`;
    }
    const { created, updated, unchanged, deleted } = result.parts;
    const url = result.url ? `: ${(0,untrusted/* untrusted */.bp)(result.url, 300)}` : '';
    core/* info */.pq(result.action === 'unchanged'
        ? `Plan comment on pull request #${pr.number} already shows this plan; not written again${url}.`
        : `Plan comment ${result.action} on pull request #${pr.number}${url}.`);
    if (created + updated + unchanged)
        core/* info */.pq(`The plan's parts 2–${created + updated + unchanged + 1} are further comments on #${pr.number}: ${created} created, ${updated} updated, ${unchanged} unchanged.`);
    if (deleted)
        core/* info */.pq(`${(0,format/* plural */.LS)(deleted, 'plan comment')} left over from an earlier, longer plan deleted.`);
    if (result.foreign)
        core/* info */.pq(`${(0,format/* plural */.LS)(result.foreign, 'other comment')} on #${pr.number} carry the plan's marker but were not written by this token; left alone.`);
    return typeof text === 'string' ? undefined : text.notWhole;
}
/**
 * What our part 1 says while a plan's parts are rewritten, and when the plan could not be shown whole:
 * out of date, with no trailer (so never read as a review), and where the run is.
 */
function staleComment(runUrl, pr, now) {
    const link = runUrl ? `[this run](${runUrl})` : "this run's log";
    return [
        '### ⚠️ DoorFlow roster plan: out of date',
        '',
        `A newer plan is being written to this pull request, or could not be: until this comment shows it, it holds no plan, and no plan here may be approved. See ${link}.`,
        '',
        stamp(pr.headSha, now)
    ].join('\n');
}
/** Two comment bodies that differ only in the time they were planned at (the stamp's) say the same. */
function sameButTime(body, next) {
    const sans = (text) => text.replace(/(^| · )\d{4}-\d\d-\d\d \d\d:\d\d UTC$/gm, '$1');
    return body === next || sans(body) === sans(next);
}

;// CONCATENATED MODULE: ./src/roster/problems.ts
/**
 * A roster that cannot be planned: its problems listed (file and line, inert text) for the log,
 * the summary and the comment, and annotated on their lines (the valid part checked
 * against DoorFlow when it can be read, so every problem comes in one run), said on the pull
 * request, and the run's failure; or why no plan could be made at all.
 */










/** The problems as a Markdown list, each with its file and line. */
function problemsMarkdown(problems) {
    const lines = problems
        .slice(0, roster_roster/* MAX_LISTED_PROBLEMS */.sl)
        .map(p => `- ${p.at ? `${(0,untrusted/* inertMarkdown */.Ic)(`${p.at.file}:${p.at.line}`, 200)}: ` : ''}${(0,untrusted/* inertMarkdown */.Ic)(p.message, 500)}`);
    const more = problems.length - roster_roster/* MAX_LISTED_PROBLEMS */.sl;
    if (more > 0)
        lines.push(`- …and ${(0,format/* plural */.LS)(more, 'more problem')} (${problems.length} in all).`);
    return lines;
}
/** One problem in a line of log: "roster.yaml:4: unknown group …". */
function problemLine(p) {
    return (0,untrusted/* untrusted */.bp)(p.at ? `${p.at.file}:${p.at.line}: ${p.message}` : p.message, 500);
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
 * Reads groups, roles and people, and plans the valid part of a roster with problems against them
 * (who can open a door judged at the clock's now, with the default max-removals and no drift
 * marked), only for the problems DoorFlow adds.
 */
async function planAgainstDoorFlow(ctx, client, roster, prune) {
    const read = await (0,people/* readAccount */.GM)(ctx, client);
    if (!read.ok)
        return read;
    const { plan, problems } = planRoster(roster, read.account, prune, { now: ctx.clock.now() });
    return { ok: true, plan, problems, account: read.account };
}
/** The names ("First Last") of the roster's people and of DoorFlow's, as problems may quote them. */
function peopleNames(roster, account) {
    const name = (first, last) => `${typeof first === 'string' ? first : ''} ${typeof last === 'string' ? last : ''}`.trim();
    return [
        ...roster.people.map(p => name(p.fields.first_name, p.fields.last_name)),
        ...(account?.people ?? []).map(p => name(p.first_name, p.last_name))
    ];
}
/** The most characters of one problem's message in an error line, in the action and on the terminal (script/plan.ts). */
const PROBLEM_MAX = 2000;
/**
 * One error per problem, on its file and line when it has one, in the order found (the file's own
 * problems first, top to bottom), for the first MAX_LISTED_PROBLEMS (as the summary and comment
 * list them): the step's annotation budget (annotate.ts) makes the first ones annotations and logs
 * the rest. Those past them are only counted, so a file with 100,000 typos is not 100,000 lines of
 * log; the step's end says how many were left out.
 */
function annotateProblems(problems) {
    for (const p of problems.slice(0, roster_roster/* MAX_LISTED_PROBLEMS */.sl)) {
        const message = (0,untrusted/* untrusted */.bp)(p.message, PROBLEM_MAX);
        (0,annotate/* annotate */.fz)('error', message, p.at ? { title: 'Roster', file: p.at.file, startLine: p.at.line, startColumn: p.at.col } : { title: 'Roster' });
    }
    if (problems.length > roster_roster/* MAX_LISTED_PROBLEMS */.sl)
        (0,annotate/* unlistedErrors */.Ap)(problems.length - roster_roster/* MAX_LISTED_PROBLEMS */.sl);
}
/**
 * The roster file has problems: nothing is written. When DoorFlow can be read, the valid part of
 * the roster is planned against it (read-only scopes), so that unknown groups and taken emails
 * come in the same run as the file's own problems.
 */
async function reportProblems({ settings, rosterSettings, ctx, hold, view }, loaded) {
    const files = loaded.roster.files;
    let later = [];
    let note;
    if (files.length) {
        const signedIn = await (0,sign_in/* signIn */.Jv)(ctx, settings.auth, settings.baseUrl, hold, people/* READ_SCOPES */.vk);
        if (signedIn.ok) {
            core/* info */.pq(`Checking the valid part of the roster against DoorFlow (${settings.baseUrl}); nothing is written.`);
            const client = new people/* PeopleClient */.Z_(settings.baseUrl, signedIn.accessToken);
            const planned = await planAgainstDoorFlow(ctx, client, loaded.roster, rosterSettings.prune);
            if (planned.ok)
                later = publishedProblems(view, planned.problems, () => peopleNames(loaded.roster, planned.account));
            else
                note = `DoorFlow could not be read (${planned.message}), so the roster was not checked against it.`;
        }
        else
            note = `DoorFlow could not be read (${signedIn.message}), so the roster was not checked against it.`;
    }
    if (later.length)
        annotateProblems(later);
    if (note)
        (0,annotate/* annotate */.fz)('warning', (0,untrusted/* untrusted */.bp)(note, 2000), { title: 'Roster' });
    const read = files.length > 0 && note === undefined;
    return problemsFound(ctx, settings.runner, rosterSettings, files, [...loaded.problems, ...later], loaded.problems, note, read);
}
/** The roster cannot be planned: its problems go to the log, the summary and the pull request. */
async function problemsFound(ctx, runner, rosterSettings, files, problems, fileProblems, note, readDoorFlow = true) {
    const against = problems.length - fileProblems.length;
    const split = fileProblems.length && against ? ` (${fileProblems.length} in the file, ${against} against DoorFlow)` : '';
    const where = fileProblems.length
        ? `The roster has ${(0,format/* plural */.LS)(problems.length, 'problem')}${split}`
        : `The roster does not fit DoorFlow: ${(0,format/* plural */.LS)(problems.length, 'problem')}`;
    const notShown = await commentOnPullRequest(ctx, runner, rosterSettings, pr => [problemsComment(problems, files, note), '', stamp(pr.headSha, ctx.clock.now())].join('\n'));
    // The run fails for the problems; the comment's failure is said beside them.
    if (notShown)
        (0,annotate/* annotate */.fz)('warning', notShown);
    return {
        message: `${where}; nothing was ${readDoorFlow ? '' : 'read from or '}written to DoorFlow. First: ${problemLine(problems[0])}`,
        details: problemsMarkdown(problems).join('\n')
    };
}
/** No plan could be made (sign-in or reading DoorFlow failed): said on the pull request too. */
async function notPlanned(ctx, runner, rosterSettings, files, message) {
    const notShown = await commentOnPullRequest(ctx, runner, rosterSettings, pr => [
        '### ❌ DoorFlow roster: not planned',
        '',
        `The roster ${files.map(f => (0,untrusted/* inertMarkdown */.Ic)(f, 200)).join(', ')} could not be planned: ${(0,untrusted/* inertMarkdown */.Ic)(message, 2000)}`,
        '',
        stamp(pr.headSha, ctx.clock.now())
    ].join('\n'));
    if (notShown)
        (0,annotate/* annotate */.fz)('warning', notShown);
    return { message };
}

// EXTERNAL MODULE: ./src/github/comment-history.ts
var comment_history = __webpack_require__(2439);
;// CONCATENATED MODULE: ./src/github/reviewed.ts







const REVIEWED = {
    label: 'Reading the reviewed plan from the merged pull request',
    service: comments/* GITHUB */.U0,
    forbidden: 'The pr-comment-token may not read pull requests: give the job `permissions: pull-requests: read` on push.'
};
/** Pull requests asked of one commit (one page). */
const MAX_PULLS = 20;
/** Commits of one push whose pull requests are looked up at most, newest first. */
const MAX_PUSH_COMMITS = 100;
/** Merged pull requests of one push whose plan comment is read at most. */
const MAX_REVIEWED_PULLS = 20;
/**
 * Our plan comment for `roster` on each pull request the push merged, with each one's final head
 * commit to hold its plan against. The push's commits are taken newest first (at most
 * MAX_PUSH_COMMITS); each commit's associated pull requests are asked of GitHub, and a pull request
 * counts as merged by this push when it is merged, into the default branch (when the event names
 * it), as one of the push's commits (`merge_commit_sha`: the merge commit, the squashed commit, or
 * the last rebased commit). So a merge commit, a squash and a rebase find their one pull request,
 * and a merge queue's push every pull request of its group. At most MAX_REVIEWED_PULLS plan
 * comments are read; `enough` is asked after each and ends the walk once it holds (every change is
 * accounted for), so a push of one pull request costs one look-up however many commits it has.
 */
async function reviewedPlanComments(ctx, push, token, roster, enough, 
/** An unapproved pull request's plan is no review (unreviewed-changes: fail). */
requireApproval = false, 
/** The plan's lock-outs when the guard refused them as over max-removals: each pull request's approval of that many is asked. */
batch) {
    const call = (0,comments/* caller */.mF)(ctx, token);
    const pushed = new Set(push.commits);
    const found = [];
    const notes = [];
    const seen = new Set();
    let me;
    let looked = 0;
    const done = () => {
        if (found.length)
            return { ok: true, found, notes, looked };
        const what = looked === 1 ? `commit ${push.sha.slice(0, 12)}` : `any of the ${looked} commits looked up of this push`;
        return (0,comments/* failed */.gz)(notes.length ? notes.join('; ') : `no merged pull request is associated with ${what}`);
    };
    for (const sha of push.commits) {
        if (looked === MAX_PUSH_COMMITS) {
            notes.push(`this push brought ${push.commits.length} commits: the pull requests of the newest ${MAX_PUSH_COMMITS} were looked up, so a change reviewed only on an older one counts as unreviewed`);
            return done();
        }
        looked++;
        const url = `${push.apiUrl}/repos/${push.repository}/commits/${sha}/pulls?per_page=${MAX_PULLS}`;
        const got = await (0,retry/* withRetries */.L)(ctx, REVIEWED, t => call('GET', url, t), { idempotent: true });
        if (!got.ok || got.outcome?.kind !== 'response') {
            if (!found.length && !notes.length)
                return (0,comments/* failed */.gz)(got.message);
            notes.push(`the pull requests of commit ${sha.slice(0, 12)} could not be read (${(0,untrusted/* untrusted */.bp)(got.message ?? 'no answer', 500)})`);
            return done();
        }
        const pulls = (0,net_json/* parseJsonArray */.d)(got.outcome.body);
        if (!pulls)
            return (0,comments/* failed */.gz)(`${REVIEWED.label} failed: GitHub's list of the commit's pull requests is not JSON.`);
        for (const pull of pulls.slice(0, MAX_PULLS)) {
            if (!mergedByPush(pull, pushed, push.defaultBranch))
                continue;
            const number = pull.number;
            if (seen.has(number))
                continue;
            seen.add(number);
            if (seen.size > MAX_REVIEWED_PULLS) {
                notes.push(`this push merged more than ${MAX_REVIEWED_PULLS} pull requests: the plans of the newest ${MAX_REVIEWED_PULLS} were read, so a change reviewed only on another counts as unreviewed`);
                return done();
            }
            if (!me) {
                const who = await (0,comments/* whoAmI */.Wc)(ctx, push.apiUrl, token);
                if (!who.ok)
                    return who;
                me = who.me;
            }
            const pr = { apiUrl: push.apiUrl, repository: push.repository, number };
            const comment = await (0,comments/* findPlanComment */.iv)(ctx, pr, token, me, roster, REVIEWED, true);
            if (!comment.ok) {
                if (!found.length && !notes.length)
                    return comment;
                // What was read still counts; this pull request's changes count as unreviewed.
                notes.push(`the comments of pull request #${number} could not be read (${(0,untrusted/* untrusted */.bp)(comment.message, 500)})`);
                return done();
            }
            if (!comment.comment) {
                notes.push(`pull request #${number} has no plan comment by ${(0,untrusted/* untrusted */.bp)(me.login, 100)}${comment.foreign ? ` (${comment.foreign} by others with the marker were ignored)` : ''}`);
                continue;
            }
            const head = pull.head?.sha;
            const headSha = typeof head === 'string' && /^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(head) ? head.toLowerCase() : undefined;
            // Trusted only when nobody else edited it, and (requireApproval) someone approved its head.
            const { nodes, body } = comment.comment;
            const edited = await (0,comment_history/* editedPlanComments */.nN)(ctx, push.apiUrl, token, me, number, nodes, body);
            const author = pull.user?.id;
            const authorId = typeof author === 'number' ? author : undefined;
            const merged = { number, headSha, authorId };
            let notApproved;
            let approval;
            if (!edited) {
                const early = !headSha || authorId === undefined ? (0,approvals/* unapprovedOf */.gZ)([], me, merged) : undefined;
                const read = early ? undefined : await (0,approvals/* latestVerdicts */.yc)(ctx, push.apiUrl, push.repository, token, number);
                notApproved = early ?? (read?.ok ? (0,approvals/* unapprovedOf */.gZ)(read.latest, me, merged) : read?.why);
                if (batch !== undefined)
                    approval = read?.ok
                        ? await batchApproval(ctx, push.apiUrl, push.repository, token, me, merged, read.latest, batch)
                        : { ok: false, why: notApproved ?? 'its reviews were not read' };
            }
            const refused = edited ?? (requireApproval ? notApproved : undefined);
            const mergedAt = Date.parse(pull.merged_at);
            found.push({
                pr: number,
                body: comment.comment.body,
                headSha,
                refused,
                unapproved: notApproved,
                ...(approval ? { batch: approval } : {}),
                ...(Number.isNaN(mergedAt) ? {} : { mergedAt })
            });
            if (enough(found))
                return { ok: true, found, notes, looked };
        }
    }
    return done();
}
/** Whether `pull` was merged into the default branch (when known) as one of the push's commits. */
function mergedByPush(pull, pushed, defaultBranch) {
    if (pull === null || typeof pull !== 'object')
        return false;
    if (typeof pull.number !== 'number' || !Number.isInteger(pull.number) || pull.number < 1)
        return false;
    if (typeof pull.merged_at !== 'string' || typeof pull.merge_commit_sha !== 'string')
        return false;
    if (!pushed.has(pull.merge_commit_sha.toLowerCase()))
        return false;
    const base = pull.base?.ref;
    return defaultBranch === undefined || base === defaultBranch;
}

;// CONCATENATED MODULE: ./src/roster/reviewed-plan.ts
/**
 * After a merge, whether the plan applied is the one reviewed: the plan comments found on the
 * pull requests the push merged, which of them count as a review, and the check's words for the
 * log and the apply's summary.
 */




const prName = (pr) => (pr ? `pull request #${pr}` : 'the merged pull request');
/**
 * Whether one pull request's plan comment is a review of what it merged: its trailer is for this
 * roster (`roster`, its rosterKey) and was made of the pull request's final head commit. A plan of
 * an earlier push, or of a workspace that was not the head, is no review.
 */
function counted(found, roster) {
    const where = prName(found.pr);
    const reviewed = (0,roster_digest/* reviewedDigest */.Qr)(found.body);
    if (!reviewed || reviewed.roster !== roster)
        return { ok: false, why: `The plan comment on ${where} carries no digest` };
    if (!reviewed.head)
        return {
            ok: false,
            why: `The plan comment on ${where} was not made of the pull request's head commit, so it is no review`
        };
    if (!found.headSha || reviewed.head !== found.headSha)
        return {
            ok: false,
            why: `The plan comment on ${where} is of commit ${reviewed.head.slice(0, 12)}, not of the pull request's final head commit ` +
                `${found.headSha ? found.headSha.slice(0, 12) : '(GitHub did not say which)'}: the last push was never planned`
        };
    if (found.refused)
        return { ok: false, why: `${found.refused.charAt(0).toUpperCase()}${found.refused.slice(1)}` };
    return { ok: true, pr: found.pr, reviewed };
}
/** "pull request #7", "pull requests #8 and #9", "pull requests #8, #9 and #10". */
function prList(prs) {
    if (prs.length === 1)
        return prName(prs[0]);
    const names = prs.map(pr => (pr ? `#${pr}` : 'one more'));
    return `pull requests ${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
/** At most this many changes are listed in the summary, each with the pull request that reviewed it, or as unreviewed. */
const MAX_LISTED_CHANGES = 200;
/**
 * Compares the plan about to be applied with the plans reviewed on the pull requests the push
 * merged (one for a merge commit, a squash or a rebase; several for a merge queue). Each counts
 * only as counted() says. The plan is the reviewed one when every change it writes was in some
 * counted plan (its hash, digest.ts: what is written, not labels), each named with the pull
 * request that reviewed it; a plan that was too large to carry its hashes counts only when this
 * plan is exactly it (the same digest). An empty plan writes nothing: with a counted review it is
 * that review already applied. `found` empty: no plan comment was found (`why` says why); `notes`:
 * what the look-up left out, each a phrase (pull requests without a plan comment, a bound
 * reached), said when the plan is not the reviewed one. `show`: a change as the summary may name it
 * (personal.ts: without personal data where that is hidden).
 */
function compareWithReviewed(plan, roster, found, why, notes = [], show = change => change) {
    const digest = (0,roster_digest/* planDigest */.Gb)(plan);
    const none = (line) => ({ same: false, line, summary: [`⚠️ ${(0,untrusted/* inertMarkdown */.Ic)(line, 1000)}`], unreviewed: [] });
    const unchecked = `this plan (digest ${digest}) was not checked against a review.`;
    const counts = found.map(f => counted(f, roster));
    const reviews = counts.filter(c => c.ok);
    const sentence = (phrase) => `${phrase.charAt(0).toUpperCase()}${phrase.slice(1)}.`;
    const asides = [...counts.flatMap(c => (c.ok ? [] : [c.why])), ...notes].map(sentence);
    const aside = asides.join(' ');
    if (!found.length)
        return none(`No reviewed plan to compare with (${why}): ${unchecked}`);
    if (!reviews.length) {
        const [first, ...rest] = counts.flatMap(c => (c.ok ? [] : [c.why]));
        const more = [...rest, ...notes].map(sentence).join(' ');
        return none(`${first}: ${unchecked}${more ? ` ${more}` : ''}`);
    }
    const same = (line, listed = []) => ({
        same: true,
        line,
        summary: [`✅ ${line}`, ...listed],
        unreviewed: []
    });
    const exact = reviews.find(r => r.reviewed.digest === digest);
    if (exact && plan.changes.length)
        return same(`This plan (digest ${digest}) is the one reviewed on ${prName(exact.pr)}.`);
    const prs = reviews.map(r => r.pr);
    if (!plan.changes.length)
        return same(`The reviewed plan${prs.length > 1 ? 's' : ''} of ${prList(prs)} ${prs.length > 1 ? 'are' : 'is'} already applied: nothing to write.`);
    // The union: each change with the first counted plan that lists its hash.
    const hashed = reviews.filter(r => r.reviewed.changes);
    const by = new Map();
    for (const c of plan.changes) {
        const hash = (0,roster_digest/* changeHash */.F6)(c);
        const r = hashed.find(h => h.reviewed.changes.has(hash));
        if (r)
            by.set(c, r.pr);
    }
    const unreviewed = plan.changes.filter(c => !by.has(c));
    const reviewedHashes = new Set(hashed.flatMap(r => [...r.reviewed.changes]));
    const dropped = countDropped(plan, reviewedHashes);
    const esc = (text) => (0,untrusted/* inertMarkdown */.Ic)(text, 120);
    const list = (changes, tail) => [
        ...changes.slice(0, MAX_LISTED_CHANGES).map(c => `- ${describeChange(show(c), esc)}${tail(c)}`),
        ...(changes.length > MAX_LISTED_CHANGES
            ? [`- …and ${(0,format/* plural */.LS)(changes.length - MAX_LISTED_CHANGES, 'more change')}.`]
            : [])
    ];
    const noLonger = dropped
        ? ` ${(0,format/* plural */.LS)(dropped, 'reviewed change')} ${dropped === 1 ? 'is' : 'are'} no longer planned.`
        : '';
    if (!unreviewed.length) {
        const perPr = prs
            .map(pr => [pr, plan.changes.filter(c => by.get(c) === pr).length])
            .filter(([, n]) => n > 0)
            .map(([pr, n]) => `${n} on ${prName(pr)}`);
        const line = `Every change of this plan (digest ${digest}) was reviewed: ${perPr.join(', ')}.${noLonger}`;
        return same(line, ['', '**Reviewed on:**', '', ...list(plan.changes, c => ` (${prName(by.get(c))})`)]);
    }
    const digests = reviews.map(r => `${prName(r.pr)} (digest ${r.reviewed.digest})`);
    const large = reviews.filter(r => !r.reviewed.changes).map(r => r.pr);
    const tooLarge = large.length
        ? `the plan reviewed on ${prList(large)} was too large to list its changes, so it counts only when this plan is exactly it`
        : '';
    const line = `This plan (digest ${digest}) is not the one reviewed on ${digests.length > 1 ? `any of ${digests.join(', ')}` : digests[0]}: ` +
        (hashed.length
            ? `${(0,format/* plural */.LS)(unreviewed.length, 'change')} not in ${reviews.length > 1 ? 'any reviewed plan' : 'the reviewed plan'}` +
                (dropped ? `, ${(0,format/* plural */.LS)(dropped, 'reviewed change')} no longer planned` : '') +
                (tooLarge ? `; ${tooLarge}` : '') +
                '. DoorFlow or the roster changed after the review.'
            : `${tooLarge}. DoorFlow or the roster changed after the review.`) +
        (aside ? ` ${aside}` : '');
    const shown = hashed.length ? unreviewed : [];
    return {
        same: false,
        line,
        unreviewed: shown,
        summary: [
            `⚠️ ${(0,untrusted/* inertMarkdown */.Ic)(line, 2000)}`,
            ...(shown.length ? ['', '**Not in the reviewed plan:**', '', ...list(shown, () => '')] : []),
            ...(by.size ? ['', '**Reviewed on:**', '', ...list([...by.keys()], c => ` (${prName(by.get(c))})`)] : [])
        ]
    };
}
/** Reviewed changes that the current plan no longer has. */
function countDropped(plan, reviewed) {
    const hashes = new Set(plan.changes.map(roster_digest/* changeHash */.F6));
    let n = 0;
    for (const h of reviewed)
        if (!hashes.has(h))
            n++;
    return n;
}

;// CONCATENATED MODULE: ./src/roster/review-step.ts
/**
 * The review check before every apply: is every change of the plan the one reviewed on the pull
 * request the push merged (the hidden change hashes of its plan comment, reviewed-plan.ts)? It says so in
 * the log and the job summary, and refuses the apply on unreviewed-changes: fail.
 */













/**
 * Before every apply: is every change of this plan reviewed on a pull request the push merged (one,
 * or a merge queue's several)? Only a push has one (the merge's commit leads to it); an apply on any
 * other event (dry-run: false on a dispatch, a schedule…) has none, so it is unreviewed, and
 * unreviewed-changes: fail refuses it as it refuses a push's. `summary`: Markdown for the job
 * summary, below the apply's headline. `refusal`: the apply must not go on (fail, and the plan is
 * not the reviewed one or that cannot be told), and why, in one line. `approval`: when the guard
 * refused the plan's lock-outs as over max-removals, a reviewer's approval of exactly that many on a
 * merged pull request (batch.ts), which the apply's guard verdict takes.
 */
async function checkReviewed(ctx, runner, rosterSettings, plan, view) {
    const show = (c) => publishedChange(view, c);
    const push = (0,comments/* pushOf */.yS)(runner);
    const key = (0,roster_digest/* rosterKey */.hU)(rosterSettings.path);
    let check;
    let approval;
    // The merged pull requests whose plan comment of this roster was read: where the apply's record goes.
    let pulls = [];
    if (runner.event !== 'push') {
        const event = runner.event ? `a ${(0,untrusted/* untrusted */.bp)(runner.event, 100)} event` : 'a run without GITHUB_EVENT_NAME';
        check = compareWithReviewed(plan, key, [], `${event} has no merged pull request, so no plan was reviewed for it`);
    }
    else if (!push) {
        // A push whose commit cannot be told has no reviewed plan to find: unreviewed, never "not a push".
        check = compareWithReviewed(plan, key, [], 'GITHUB_REPOSITORY or GITHUB_SHA is missing or malformed, so the merged pull request cannot be found');
    }
    else if (!rosterSettings.commentToken) {
        check = compareWithReviewed(plan, key, [], "pr-comment-token is empty, so the merged pull request cannot be read; leave it unset for the workflow's GITHUB_TOKEN, with permissions pull-requests: read");
    }
    else {
        // The pull requests the push merged, newest first, until every change is accounted for.
        const enough = (found) => compareWithReviewed(plan, key, found, '').same;
        const fail = rosterSettings.unreviewedChanges === 'fail';
        const found = await reviewedPlanComments(ctx, push, rosterSettings.commentToken, key, enough, fail, approvable(plan.guard));
        if (found.ok)
            approval = approvalOfMerge(found.found);
        if (found.ok)
            pulls = found.found;
        check = found.ok
            ? compareWithReviewed(plan, key, found.found, '', found.notes, show)
            : compareWithReviewed(plan, key, [], found.message, [], show);
        // Under warn an unapproved pull request's plan still counts: said as a warning, and in the summary.
        for (const line of found.ok ? (0,approvals/* unapprovedWarnings */.sx)(found.found) : []) {
            (0,annotate/* annotate */.fz)('warning', (0,untrusted/* untrusted */.bp)(line, 1000), { title: 'Roster' });
            check.summary.push('', `⚠️ ${(0,untrusted/* inertMarkdown */.Ic)(line, 1000)}`);
        }
        if (found.ok && found.looked > 1)
            core/* info */.pq(`Looked up the pull requests of ${(0,format/* plural */.LS)(found.looked, 'commit')} of this push (of ${push.commits.length}); ` +
                `${(0,format/* plural */.LS)(found.found.length, 'plan comment')} read.`);
    }
    const summary = check.summary.join('\n');
    if (check.same) {
        core/* info */.pq(check.line);
        return { summary, approval, pulls };
    }
    // An empty plan writes nothing, so nothing unreviewed can reach DoorFlow: refusing it would fail a
    // run whose doors already have the roster.
    if (!plan.changes.length) {
        core/* info */.pq(`${check.line} The plan is empty: nothing is written, so nothing unreviewed.`);
        return { summary, pulls };
    }
    if (rosterSettings.unreviewedChanges === 'warn') {
        (0,annotate/* annotate */.fz)('warning', (0,untrusted/* untrusted */.bp)(check.line, 2000), { title: 'Roster' });
        for (const c of check.unreviewed.slice(0, 50))
            core/* info */.pq(`  unreviewed: ${describeChange(show(c))}`);
        // A reviewer approved the lock-outs of the plan they read, not a count: when this plan is not
        // that one (DoorFlow or the roster changed since), the same count may be other people, so the
        // approval lets nobody through and the guard's refusal stands.
        if (approval)
            core/* info */.pq(`The approval on pull request #${approval.pr} is of the plan reviewed there, and this plan is not it: the removals are not approved.`);
        return { summary, pulls };
    }
    const message = `${check.line} unreviewed-changes is fail, so nothing was written. ` +
        'Open a pull request (any change to the roster) to review the current plan and merge it, or set unreviewed-changes: warn.';
    setApplyOutputs(undefined);
    return { summary, refusal: message, pulls };
}

// EXTERNAL MODULE: ./src/roster/record-step.ts + 1 modules
var record_step = __webpack_require__(1172);
;// CONCATENATED MODULE: ./src/roster/outcome.ts
/**
 * How a roster run ended, one variant a way: what main.ts needs to end the step (its failure, the
 * sync to send or why none is sent, a cancel), and the failure line the job summary starts with.
 */



/** The outcome's failure, in one line; undefined when the run passes. */
function failureOf(outcome) {
    switch (outcome.kind) {
        case 'planned':
        case 'applied':
        case 'applied-no-sync':
            return outcome.failure;
        case 'problems':
        case 'not-planned':
        case 'refused':
        case 'guard-refused':
        case 'cancelled':
            return outcome.message;
    }
}
/** A failed run's outcome as the job summary's first line, unless the apply's section already says it. */
async function summariseFailure(runner, outcome) {
    const summarised = ['guard-refused', 'applied', 'applied-no-sync', 'cancelled'].includes(outcome.kind);
    const failure = failureOf(outcome);
    if (failure === undefined || summarised || !runner.summary)
        return;
    const details = 'details' in outcome ? outcome.details : undefined;
    // The blank line first: a heading right after an HTML block (the apply's) would show as text.
    const message = (0,untrusted/* inertMarkdown */.Ic)(failure, 2000);
    await (0,report/* writeSummaryOrWarn */.vV)(core/* summary */.z
        .addRaw(`\n### ❌ DoorFlow roster failed\n\n${message}\n${details ? `\n${details}\n` : ''}`, true)
        .write());
}

;// CONCATENATED MODULE: ./src/roster/run.ts
/**
 * Door access as code, in the action: the roster pipeline. rosterPipeline is its steps in order:
 * plan the roster (planTheRoster: read and parse it, every problem annotated on its line before
 * any request; read DoorFlow, signed in with the scopes the run needs; plan; guard, once: the apply
 * takes that verdict), show the plan (log, outputs, plan file); then a dry run puts it up for
 * review (job summary, pull-request comment), and an apply checks that it is the plan reviewed,
 * applies it, reports what was applied and says whether a sync carries it. The steps come first,
 * their helpers after them. `npm run plan` (script/plan.ts) runs planTheRoster with its own words.
 * Called from main.ts, which ends the step with the outcome (outcome.ts).
 */






























/** What applying needs: writing people (which covers reading them), reading groups and roles, and the sync after. */
const APPLY_SCOPES = [people/* PEOPLE_WRITE_SCOPE */.V_, people/* GROUPS_READ_SCOPE */.te, people/* ROLES_READ_SCOPE */.uq, 'account.sync'];
/** The roster path of the action; a failure is also the job summary's first line. */
async function runRoster(settings, rosterSettings, ctx, hold) {
    const view = personalView(rosterSettings.personalData, repositoryVisibility(settings.runner));
    core/* info */.pq(view.why);
    const run = {
        settings,
        rosterSettings,
        ctx,
        hold,
        view,
        maxRemovals: settings.maxRemovals,
        baseUrl: settings.baseUrl,
        log: line => core/* info */.pq(line),
        signIn: scopes => (0,sign_in/* signIn */.Jv)(ctx, settings.auth, settings.baseUrl, hold, scopes),
        changedFiles: () => (0,roster_drift/* changedFiles */.Y_)(settings.runner, rosterSettings.workspace),
        cannotPlan: {
            rosterProblems: async (parsed, problems) => {
                annotateProblems(problems);
                return { kind: 'problems', ...(await reportProblems(run, { roster: parsed, problems })) };
            },
            unreadable: async (files, message) => ({
                kind: 'not-planned',
                ...(await notPlanned(ctx, settings.runner, rosterSettings, files, message))
            }),
            misfit: async (files, problems) => {
                annotateProblems(problems);
                return { kind: 'problems', ...(await problemsFound(ctx, settings.runner, rosterSettings, files, problems, [])) };
            }
        }
    };
    const outcome = (await strangersRosterWithSecrets(settings.runner, rosterSettings)) ?? (await rosterPipeline(run));
    await summariseFailure(settings.runner, outcome);
    return outcome;
}
/**
 * A pull_request_target run holds the repository's secrets; when its workspace is the head of a
 * pull request from a fork, the roster there is a stranger's, and nothing of it is read: the one
 * pattern docs/roster.md says never to use. (A fork's pull request plans on pull_request, with no
 * secrets; pull_request_target's own checkout is the base, whose plan says it is not the head.)
 */
async function strangersRosterWithSecrets(runner, rosterSettings) {
    const pr = runner.pullRequest;
    if (runner.event !== 'pull_request_target' || !pr?.fromFork)
        return undefined;
    const planned = await plannedCommitOf(runner, rosterSettings.workspace);
    if (!planned.isPullRequestHead)
        return undefined;
    const from = pr.headRepo ? ` (from ${(0,untrusted/* untrusted */.bp)(pr.headRepo, 200)})` : '';
    return {
        kind: 'not-planned',
        message: `This pull_request_target run has checked out the head of pull request #${pr.number}, from a fork${from}: its roster is a stranger's, ` +
            "in a job that holds this repository's secrets, so nothing of it was read and nothing was read from or written to DoorFlow. " +
            'Plan pull requests on pull_request (a fork gets no secrets), or keep pull_request_target on its own checkout of the base (docs/roster.md, "Pull requests from forks").'
    };
}
/**
 * The pipeline, one named step a line: plan the roster (read and parse it, read DoorFlow, plan,
 * guard), show the plan; then a dry run reviews it on the pull request, and an apply checks it
 * was the plan reviewed, applies it under the guard's verdict and says whether a sync carries it.
 * A step that must end the run returns its outcome (a Stop).
 */
async function rosterPipeline(run) {
    const planned = await planTheRoster(run);
    if ('stop' in planned)
        return planned.stop;
    const { plan, verdict, doorflow } = planned;
    const digest = showPlan(run, plan);
    if (run.rosterSettings.dryRun)
        return reviewOnPullRequest(run, plan, planned.roster.files, digest);
    const reviewed = await checkBeforeApply(run, plan);
    if ('stop' in reviewed)
        return reviewed.stop;
    const applied = await applyUnderGuard(run, plan, verdict, doorflow, reviewed.approval);
    await reportApplied(run.settings.runner, applied, reviewed.summary, run.view);
    return syncAfter(run, applied, doorflow.signedIn, reviewed.pulls);
}
/**
 * The pipeline's first step, which `npm run plan` runs too: read and parse the roster, read
 * DoorFlow, plan, guard. A run that cannot plan ends as its front end says (`cannotPlan`).
 */
async function planTheRoster(run) {
    const parsed = await readAndParseRoster(run);
    if ('stop' in parsed)
        return parsed;
    const doorflow = await readDoorFlow(run, parsed.roster);
    if ('stop' in doorflow)
        return doorflow;
    const planned = await planAgainstAccount(run, parsed.roster, doorflow.account);
    if ('stop' in planned)
        return planned;
    const verdict = guardPlan(planned.plan);
    return { roster: parsed.roster, doorflow, plan: planned.plan, verdict };
}
/** Reads and validates the roster's files; on a problem nothing is written, and the run ends (see reportProblems). */
async function readAndParseRoster(run) {
    const { rosterSettings } = run;
    const loaded = loadRoster(rosterSettings.path, rosterSettings.workspace);
    if (loaded.problems.length) {
        const problems = publishedProblems(run.view, loaded.problems, () => peopleNames(loaded.roster));
        return { stop: await run.cannotPlan.rosterProblems(loaded.roster, problems) };
    }
    run.log(`Roster: ${(0,format/* headcount */.sg)(loaded.roster.people.length)} from ${(0,untrusted/* untrusted */.bp)(loaded.roster.files.join(', '))}; ` +
        (loaded.roster.manages.length
            ? `manages ${(0,untrusted/* untrusted */.bp)(loaded.roster.manages.join(', '))}` +
                (loaded.roster.except?.length ? ` except ${(0,format/* headcount */.sg)(loaded.roster.except.length)} by id` : '')
            : 'no manages (nobody is ever removed)') +
        `; prune: ${rosterSettings.prune}.`);
    return { roster: loaded.roster };
}
/** Signs in with the scopes the run needs, and reads DoorFlow's groups, roles and people. */
async function readDoorFlow(run, roster) {
    const { ctx, baseUrl } = run;
    const scopes = run.rosterSettings.dryRun ? people/* READ_SCOPES */.vk : APPLY_SCOPES;
    const signedIn = await run.signIn(scopes);
    if (!signedIn.ok)
        return { stop: await run.cannotPlan.unreadable(roster.files, signedIn.message) };
    const client = new people/* PeopleClient */.Z_(baseUrl, signedIn.accessToken);
    run.log(`Reading groups, roles and people from ${baseUrl}.`);
    const read = await (0,people/* readAccount */.GM)(ctx, client);
    if (!read.ok)
        return { stop: await run.cannotPlan.unreadable(roster.files, read.message) };
    const { account } = read;
    run.log(`Read ${(0,format/* headcount */.sg)(account.people.length)}, ${(0,format/* plural */.LS)(account.groups.length, 'group')} and ${(0,format/* plural */.LS)(account.roles.length, 'role')} in ${(0,format/* plural */.LS)(account.requests, 'request')}.`);
    return { signedIn: { accessToken: signedIn.accessToken, note: signedIn.note }, client, account };
}
/**
 * Plans the roster against what DoorFlow holds, who can open a door judged at the clock's now, with
 * every input that shapes the plan given to the planner (unmanaged, the changed files for drift,
 * max-removals for the guard's report): the plan comes back finished, and nothing edits it after. A
 * roster that does not fit DoorFlow ends the run.
 */
async function planAgainstAccount(run, parsed, account) {
    const { rosterSettings, ctx } = run;
    const changed = await run.changedFiles();
    const planned = planRoster(parsed, account, rosterSettings.prune, {
        now: ctx.clock.now(),
        maxRemovals: run.maxRemovals,
        unmanaged: rosterSettings.unmanaged,
        drift: { changed, rosterPath: rosterSettings.path }
    });
    const { plan } = planned;
    const problems = publishedProblems(run.view, planned.problems, () => peopleNames(parsed, account));
    if (problems.length)
        return { stop: await run.cannotPlan.misfit(parsed.files, problems) };
    if (changed.kind === 'unknown')
        run.log(`Drift: no change is marked as drift: ${changed.why}.`);
    else if (changed.kind === 'all')
        run.log(`Drift: ${changed.why}.`);
    else if (plan.changes.length)
        run.log(`Drift: judged from ${changed.why}.`);
    return { plan };
}
/**
 * The guard's verdict, once per run, judged from the finished plan (whose report the planner
 * made with the run's max-removals): what the apply takes. It holds the plan's digest, and
 * applyRoster refuses a plan whose digest is not that one.
 */
function guardPlan(plan) {
    return judgePlan(plan);
}
/** Shows the plan in the log (without personal data when hidden), the outputs and the plan file (all of it); returns its digest. */
function showPlan({ rosterSettings, settings, view }, plan) {
    const planFile = writePlanFile(settings.runner.temp, plan);
    const shown = published(view, plan);
    const digest = (0,roster_digest/* planDigest */.Gb)(plan);
    core/* setOutput */.uH('changes', String(plan.changes.length));
    core/* setOutput */.uH('drift', String(driftCount(plan) ?? ''));
    core/* setOutput */.uH('plan-file', planFile);
    const [headline, ...details] = planText(shown, { withGuard: false, withNotes: false });
    const mode = rosterSettings.dryRun ? 'Dry run: nothing was written and no sync was sent.' : 'Applying it.';
    core/* info */.pq(`${headline} Digest ${digest}. ${mode} The plan as JSON: ${planFile}`);
    const guarded = guardLine(shown);
    if (!plan.guard.refused)
        core/* info */.pq(guarded);
    if (details.length) {
        core/* startGroup */.Oh(`The plan, person by person (${(0,format/* plural */.LS)(plan.changes.length, 'change')})`);
        for (const line of details)
            core/* info */.pq(line);
        core/* endGroup */.N4();
    }
    for (const line of [...driftLines(shown), ...unmanagedLines(shown)])
        core/* info */.pq(line);
    return digest;
}
/**
 * A dry run's last step: the plan for review, in the job summary and on the pull request. A plan
 * the apply would refuse is said here, not first after the merge.
 */
async function reviewOnPullRequest(run, plan, files, digest) {
    const { rosterSettings, ctx } = run;
    const unmanaged = unmanagedFailure(rosterSettings, plan);
    const { runner } = run.settings;
    const planned = await plannedCommitOf(runner, rosterSettings.workspace);
    // Lock-outs over max-removals: has a reviewer approved exactly that many on the pull request?
    const batch = await batchOnPullRequest(ctx, runner, rosterSettings, plan, planned.isPullRequestHead);
    const shown = shownWithBatch(published(run.view, plan), batch);
    if (shown.guard?.refused)
        (0,annotate/* annotate */.fz)('warning', `The apply would be refused: ${shown.guard.reason ?? ''}`, { title: 'Roster' });
    else if (batch && 'approval' in batch)
        core/* info */.pq(guardLine(shown));
    const notTheHead = runner.pullRequest && !planned.isPullRequestHead ? notReviewedNote(planned) : undefined;
    if (notTheHead)
        (0,annotate/* annotate */.fz)('warning', (0,untrusted/* untrusted */.bp)(`${planned.why}.`, 1000), { title: 'Roster' });
    const body = `${notTheHead ? `${notTheHead}\n\n` : ''}${summaryParts(shown, files, planned.commit)}`;
    if (runner.summary) {
        await (0,report/* writeSummaryOrWarn */.vV)(core/* summary */.z.addRaw(`${body}\n\nPlan digest \`${digest}\`.\n`, true).write());
    }
    const notShown = await commentOnPullRequest(ctx, runner, rosterSettings, pr => planComments(plan, files, planned.commit, pr, (0,roster_digest/* rosterKey */.hU)(rosterSettings.path), ctx.clock.now(), planned, shown), planned);
    const failures = [unmanaged && `${unmanaged} Dry run: nothing was written.`, notShown].filter(Boolean);
    return failures.length ? { kind: 'planned', failure: failures.join(' ') } : { kind: 'planned' };
}
/**
 * Before an apply: nothing is written when unmanaged: fail finds people no roster manages, or
 * (see checkReviewed) when this plan is not the one reviewed on the merged pull request.
 * `summary`: what the review check says, for the job summary below the apply's headline.
 */
async function checkBeforeApply(run, plan) {
    const unmanaged = unmanagedFailure(run.rosterSettings, plan);
    if (unmanaged)
        return { stop: { kind: 'refused', message: `${unmanaged} Nothing was written.` } };
    const review = await checkReviewed(run.ctx, run.settings.runner, run.rosterSettings, plan, run.view);
    if (review.refusal) {
        const record = (0,record_step/* recordTargetOf */.W)(run, review.pulls, { refused: 'refused-unreviewed', planned: plan.changes.length });
        return { stop: { kind: 'refused', message: review.refusal, details: review.summary, record } };
    }
    return { summary: review.summary, approval: review.approval, pulls: review.pulls };
}
/**
 * The writes, under the guard's verdict on this plan (applyRoster refuses before the first
 * write unless it lets the plan through); with a reviewer's approval of exactly the plan's
 * lock-outs on the merged pull request (`approval`, batch.ts), the verdict judged with it. A cancel stops new writes, lets those under way run until
 * the reserve before the kill (then aborts them), and sends one sync at once, so that revocations
 * already written reach the doors before the runner ends the step.
 */
async function applyUnderGuard(run, plan, judged, doorflow, approval) {
    const { settings, ctx } = run;
    const guarded = approval ? judgePlan(plan, approval) : judged;
    const apply = { writeConcurrency: settings.writeConcurrency, view: run.view };
    let cancelled = false;
    let synced;
    let accepted;
    const stepResult = await run.hold('applying the roster', async (held) => {
        const stop = () => (held.timeLeft() === Infinity ? undefined : 'the job was cancelled');
        const writes = (0,signals/* heldContext */.BW)(ctx, held, SYNC_RESERVE_BEFORE_KILL_MS);
        const done = await applyRoster(writes, plan, guarded, doorflow.client, apply, stop);
        cancelled = stop() !== undefined;
        if (cancelled && done.wrote) {
            core/* info */.pq('Cancelled: sending one sync now, so that the changes already written reach the doors.');
            const client = new doorflow_client/* DoorFlowClient */.o(settings.baseUrl, doorflow.signedIn.accessToken);
            const sync = await (0,retry/* withRetries */.L)((0,signals/* heldContext */.BW)(ctx, held), operations/* SYNC */.a9, (t, s) => client.sync(t, s));
            accepted = sync.ok;
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
    return { stepResult, cancelled, synced, accepted, planned: plan.changes.length };
}
/**
 * Reports the apply: its outputs, and its section of the job summary with the review check below
 * it; after a cancel, one line under it for the cancel and the sync it sent (the section already
 * says what was and was not written, so the run's failure is not said again).
 */
async function reportApplied(runner, { stepResult, cancelled, synced }, reviewSummary, view) {
    setApplyOutputs(stepResult.refused ? undefined : (stepResult.result?.counts ?? NOTHING_APPLIED));
    addApplySummary(stepResult, view);
    if (cancelled)
        core/* summary */.z.addRaw(`\n### ⏹️ Cancelled while applying the roster\n\n${(0,untrusted/* inertMarkdown */.Ic)(synced ?? '', 500)}\n`, true);
    core/* summary */.z.addRaw(`\n${reviewSummary}\n`, true);
    if (runner.summary) {
        await (0,report/* writeSummaryOrWarn */.vV)(core/* summary */.z.write());
    }
}
/**
 * The last step of an apply: whether a sync carries what was applied. main.ts sends it, with the token
 * signed in here; nothing to carry when the guard refused, and nothing written syncs only on
 * sync: always (sync-after.ts). A cancelled run already sent its one sync. After the sync main.ts
 * writes the apply's record on `pulls`, the merged pull requests the review check read (record-step.ts).
 */
function syncAfter(run, applied, signedIn, pulls) {
    const { stepResult, cancelled, synced, accepted, planned } = applied;
    if (cancelled) {
        const message = `while applying the roster. ${stepResult.message ?? ''} ${synced ?? ''}`.replace(/\s+/g, ' ').trim();
        const record = (0,record_step/* recordTargetOf */.W)(run, pulls, { stepResult, cancelled: true });
        return { kind: 'cancelled', message, ...(record ? { record, accepted } : {}) };
    }
    const failure = stepResult.ok ? undefined : (stepResult.message ?? 'The roster run failed.');
    const after = (0,sync_after/* syncAfterApply */.UD)(run.rosterSettings.sync, stepResult);
    const record = after.sync || after.why !== undefined
        ? (0,record_step/* recordTargetOf */.W)(run, pulls, { stepResult })
        : (0,record_step/* recordTargetOf */.W)(run, pulls, { refused: 'refused-guard', planned });
    const recorded = record ? { record } : {};
    if (after.sync)
        return { kind: 'applied', failure, wrote: stepResult.wrote, sync: signedIn, ...recorded };
    if (after.why === undefined)
        return { kind: 'guard-refused', message: failure ?? 'The roster run failed.', ...recorded };
    return { kind: 'applied-no-sync', failure, why: after.why, ...recorded };
}
/** The roster's files, parsed and validated: no request is sent before this says ok. */
function loadRoster(path, workspace) {
    const read = (0,roster_files/* readRosterFiles */.Vy)(path, workspace);
    if (read.problems.length)
        return { roster: { manages: [], people: [], files: [] }, problems: read.problems };
    return (0,parse/* parseRoster */.Rh)(read.files);
}
/**
 * With unmanaged: fail, the failure when DoorFlow has people with door access whom no roster
 * manages. `setting` names the setting as the front end has it (`npm run plan`: its option).
 */
function unmanagedFailure(rosterSettings, plan, setting = { is: 'Input unmanaged is', set: 'set unmanaged: report' }) {
    const count = plan.unmanaged?.count ?? 0;
    if (rosterSettings.unmanaged !== 'fail' || !count)
        return undefined;
    return `${setting.is} fail, and ${(0,format/* headcount */.sg)(count)} in DoorFlow ${(0,format/* verb */.w3)(count, 'has', 'have')} door access that no roster manages (named above): add them to a roster (npm run export writes entries for them), disable them in DoorFlow, or ${setting.set}.`;
}
/**
 * Time kept back, after a cancel, from what is left before the runner kills the job, for the one
 * sync that carries what was applied: writes in flight are aborted when only this is left. 3 s: one
 * sync request that DoorFlow answers within 3 s, inside the 10 s SIGINT gives (SIGTERM's 2.5 s
 * leaves less than this, so writes stop at once; see signals.ts). Not the budget's reserve for the
 * sync after a finished apply (writes.ts's SYNC_RESERVE_IN_BUDGET_MS).
 */
const SYNC_RESERVE_BEFORE_KILL_MS = 3000;
/** The plan as JSON in a new file under RUNNER_TEMP (the plan-file output). */
function writePlanFile(base, plan) {
    (0,external_node_fs_.mkdirSync)(base, { recursive: true });
    const file = (0,external_node_path_.join)((0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(base, 'doorflow-roster-')), 'plan.json');
    (0,external_node_fs_.writeFileSync)(file, `${JSON.stringify(plan, null, 2)}\n`);
    return file;
}


/***/ })

};
