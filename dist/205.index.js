export const id = 205;
export const ids = [205];
export const modules = {

/***/ 2439:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   l8: () => (/* binding */ recordEdits),
/* harmony export */   nN: () => (/* binding */ editedPlanComments)
/* harmony export */ });
/* unused harmony export partsNamed */
/* harmony import */ var _net_retry_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7893);
/* harmony import */ var _net_json_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4457);
/* harmony import */ var _untrusted_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(873);
/* harmony import */ var _request_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7398);
/* harmony import */ var _operations_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4845);





/** `nodes(ids:)` takes at most 100 ids; one plan has at most MAX_PLAN_COMMENTS (20) comments. */
const MAX_NODES = 100;
const EDITS = {
    label: 'Asking GitHub who last edited the plan comments of the merged pull request',
    service: (0,_operations_js__WEBPACK_IMPORTED_MODULE_3__/* .gitHubService */ .DL)('pr-comment-token'),
    forbidden: 'GitHub would not say who last edited the plan comments, so they cannot be trusted as reviewed.'
};
const QUERY = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on IssueComment { id databaseId lastEditedAt author { __typename login ... on Bot { databaseId } ... on User { databaseId } } editor { __typename login ... on Bot { databaseId } ... on User { databaseId } } } } }`;
const idOf = (actor) => (typeof actor?.databaseId === 'number' ? actor.databaseId : undefined);
const nameOf = (actor) => typeof actor?.login === 'string' ? (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .untrusted */ .bp)(actor.login, 100) : 'an account GitHub does not name';
/** How part 1 of a plan in several comments names the others (roster/run.ts, planComments). */
const OTHER_PARTS = '**The other parts of this plan:** ';
/**
 * The parts (2 and up) that part 1 says the plan has: its last line naming them, which the plan run
 * writes after all roster text (inert: no roster value starts a line with it). Empty for a plan in one
 * comment. Part 1 itself is trusted only once nobody else edited it (editedPlanComments).
 */
function partsNamed(part1) {
    const line = part1
        .split('\n')
        .filter(l => l.startsWith(OTHER_PARTS))
        .at(-1);
    return line ? [...line.matchAll(/\bpart (\d{1,3})\b/g)].map(m => Number(m[1])) : [];
}
const partName = (part, of) => (of > 1 ? `part ${part} of the plan comment` : 'the plan comment');
/**
 * Why the plan comments of pull request `pr` are no review because of who last edited them; undefined
 * when each was written by `me` and edited (if ever) last by `me`. `me` is the token's identity
 * (its REST user id). One request for all of `comments`.
 */
async function editedPlanComments(ctx, apiUrl, token, me, pr, comments, 
/** Part 1's body: a part it names that is not among `comments` was deleted, and is no review either. */
part1) {
    const where = `pull request #${pr}`;
    const no = (why) => `${why}, so it is no review`;
    const gone = partsNamed(part1 ?? '').filter(k => !comments.some(c => c.part === k));
    if (gone.length)
        return no(`part ${gone[0]} of the plan comment on ${where} is missing (deleted after it was planned: anyone with Write access may delete comments)`);
    const ids = comments.map(c => c.nodeId);
    if (!ids.length || ids.some(id => id === undefined))
        return no(`GitHub gave no node_id for a plan comment on ${where}, so who last edited it cannot be asked`);
    if (ids.length > MAX_NODES)
        return no(`${where} has more plan comments than can be asked about at once`);
    const got = await askNodes(ctx, apiUrl, token, ids, EDITS);
    const cannot = (detail) => no(`Who last edited the plan comment on ${where} could not be asked of GitHub (${(0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .untrusted */ .bp)(detail, 300)})`);
    if (!got.ok)
        return cannot(got.why);
    if (got.error)
        return cannot(got.error);
    for (const [i, c] of comments.entries()) {
        const node = got.nodes[i];
        const what = `${partName(c.part, comments.length)} on ${where}`;
        if (node?.__typename !== 'IssueComment' || node.id !== c.nodeId)
            return cannot(`no answer for ${what}`);
        if (idOf(node.author) !== me.id)
            return no(`${what} was not written by the pr-comment-token's identity`);
        if (!wasEdited(node))
            continue;
        if (idOf(node.editor) !== me.id)
            return no(`${what} was edited by ${nameOf(node.editor)} after it was planned`);
    }
    return undefined;
}
const wasEdited = (node) => (node.lastEditedAt !== null && node.lastEditedAt !== undefined) || (node.editor !== null && node.editor !== undefined);
/**
 * One `nodes(ids:)` request (at most MAX_NODES ids): the nodes in the order asked (null where GitHub has
 * none), and `error`, the first of GraphQL's errors, when it gave any; or why there is no usable answer.
 */
async function askNodes(ctx, apiUrl, token, ids, operation, counter) {
    const got = await (0,_net_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .withRetries */ .L)(ctx, operation, t => {
        if (counter)
            counter.requests++;
        return (0,_request_js__WEBPACK_IMPORTED_MODULE_2__/* .gitHubRequest */ .pv)({
            signal: ctx.signal,
            clock: ctx.clock,
            method: 'POST',
            url: (0,_request_js__WEBPACK_IMPORTED_MODULE_2__/* .graphqlUrl */ .XS)(apiUrl),
            token,
            json: { query: QUERY, variables: { ids } },
            timeoutMs: t
        });
    }, { idempotent: true });
    if (!got.ok || got.outcome?.kind !== 'response')
        return { ok: false, why: got.message ?? 'no answer' };
    const answer = (0,_net_json_js__WEBPACK_IMPORTED_MODULE_4__/* .parseJsonObject */ .w)(got.outcome.body);
    const errors = answer?.['errors'];
    const first = Array.isArray(errors) && errors.length ? errors[0]?.message : null;
    const error = first === null ? undefined : `GraphQL: ${typeof first === 'string' ? first : 'an error'}`;
    const nodes = answer?.['data']?.nodes;
    if (!Array.isArray(nodes) || nodes.length !== ids.length)
        return { ok: false, why: error ?? 'its answer has no node for each comment' };
    return {
        ok: true,
        nodes: nodes.map(n => (n && typeof n === 'object' ? n : null)),
        ...(error ? { error } : {})
    };
}
/**
 * For the access review: whether each comment (by its REST `node_id`) was last edited by anyone but its
 * author (by id: `databaseId`), MAX_NODES a request. A comment GitHub gave no usable answer for (an
 * error, no node, a node of another comment or without an author) is `unknown`: fail closed, as the apply
 * does with its plan comments. `operation` names the request in a failure's words.
 */
async function recordEdits(ctx, apiUrl, token, ids, operation, counter) {
    const out = new Map();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += MAX_NODES) {
        const batch = unique.slice(i, i + MAX_NODES);
        const got = await askNodes(ctx, apiUrl, token, batch, operation, counter);
        for (const [k, id] of batch.entries()) {
            if (!got.ok) {
                out.set(id, { ok: false, unknown: (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .untrusted */ .bp)(got.why, 300) });
                continue;
            }
            const node = got.nodes[k];
            const author = idOf(node?.author);
            if (node?.__typename !== 'IssueComment' || node.id !== id || author === undefined)
                out.set(id, { ok: false, unknown: (0,_untrusted_js__WEBPACK_IMPORTED_MODULE_1__/* .untrusted */ .bp)(got.error ?? 'GitHub gave no answer for it', 300) });
            else if (wasEdited(node) && idOf(node.editor) !== author)
                out.set(id, { ok: false, edited: nameOf(node.editor) });
            else
                out.set(id, { ok: true });
        }
    }
    return out;
}


/***/ }),

/***/ 6645:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ai: () => (/* binding */ partMarker),
/* harmony export */   Av: () => (/* binding */ stoppedShort),
/* harmony export */   Ql: () => (/* binding */ commentMarker),
/* harmony export */   U0: () => (/* binding */ GITHUB),
/* harmony export */   Wc: () => (/* binding */ whoAmI),
/* harmony export */   YK: () => (/* binding */ COMMENT),
/* harmony export */   _n: () => (/* binding */ pullRequestOf),
/* harmony export */   gz: () => (/* binding */ failed),
/* harmony export */   iv: () => (/* binding */ findPlanComment),
/* harmony export */   mF: () => (/* binding */ caller),
/* harmony export */   mq: () => (/* binding */ MAX_PLAN_COMMENTS),
/* harmony export */   o3: () => (/* binding */ safeLink),
/* harmony export */   pL: () => (/* binding */ firstLineIs),
/* harmony export */   yS: () => (/* binding */ pushOf),
/* harmony export */   yX: () => (/* binding */ scanComments)
/* harmony export */ });
/* unused harmony exports partOf, isOurs */
/* harmony import */ var _net_retry_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7893);
/* harmony import */ var _net_http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1298);
/* harmony import */ var _request_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7398);
/* harmony import */ var _net_json_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4457);
/* harmony import */ var _operations_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4845);





/**
 * The push this run is for, from the runner's context: its last commit (GITHUB_SHA) and every commit
 * the event's `commits` lists, newest first; undefined for any other event, or when
 * GITHUB_REPOSITORY, GITHUB_SHA or GITHUB_API_URL is unusable. Without a payload the push is
 * GITHUB_SHA alone.
 */
function pushOf(runner) {
    if (runner.event !== 'push' || !runner.repository || !runner.sha || !runner.api.ok)
        return undefined;
    const sha = runner.sha.toLowerCase();
    const listed = [...(runner.push?.commits ?? [])].reverse();
    return {
        apiUrl: runner.api.url,
        repository: runner.repository,
        sha,
        commits: [...new Set([sha, ...listed])],
        defaultBranch: runner.defaultBranch
    };
}
/**
 * The pull request this run is for, from the runner's event; undefined for any other event. A
 * review (pull_request_review: "submitted", "edited", "dismissed") plans the pull request again, so
 * that its comment says whether a reviewer approved the removals (removal-approval.ts).
 */
function pullRequestOf(runner) {
    const { event, pullRequest, repository, api } = runner;
    if (event !== 'pull_request' && event !== 'pull_request_target' && event !== 'pull_request_review')
        return undefined;
    if (!pullRequest || !repository || !api.ok)
        return undefined;
    return { apiUrl: api.url, repository, number: pullRequest.number, headSha: pullRequest.headSha ?? runner.sha };
}
/** How every plan comment's first line starts, whichever roster and part it is. */
const MARKER_START = '<!-- doorflow-roster-plan';
/**
 * The hidden marker that finds this action's plan comment (part 1) for one roster on a pull
 * request: `roster` is the roster's key (rosterKey, hex), so two roster workflows on one pull
 * request never update or delete each other's comments.
 */
function commentMarker(roster) {
    return `${MARKER_START} ${roster} -->`;
}
/** The markers an earlier version wrote, for one plan per pull request: our comments with them are stale. */
const LEGACY = /^<!-- doorflow-roster-plan (?:part [1-9]\d{0,2} )?-->/;
/** GitHub answering for pr-comment-token: its advice names that input, not github-token. */
const GITHUB = (0,_operations_js__WEBPACK_IMPORTED_MODULE_3__/* .gitHubService */ .DL)('pr-comment-token');
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
/**
 * Reading the comments. GitHub lists a pull request's comments oldest first, at most 100 a page
 * ("List issue comments", per_page), and a comment body holds at most 65,536 characters. In a list
 * answer a character takes at most 6 bytes (a `\u003c` escape; any other character is UTF-8, at
 * most 4), and the rest of a comment (author, URLs, reactions, an app) well under 16 KiB: so
 * COMMENT_MAX_BYTES is the most one comment can take, and a page of SMALL_PAGE comments always fits
 * in PAGE_BYTES. Pages are read 100 at a time; one over PAGE_BYTES (others' long comments) is read
 * again SMALL_PAGE at a time, so no length of others' comments stops the walk. Only our comments'
 * bodies are kept. The walk stops at MAX_COMMENTS comments or MAX_LIST_REQUESTS requests, and then
 * says plainly that it could not read further.
 */
const COMMENTS_PER_PAGE = 100;
const SMALL_PAGE = 10;
const COMMENT_MAX_BYTES = 65_536 * 6 + 16 * 1024;
const PAGE_BYTES = SMALL_PAGE * COMMENT_MAX_BYTES;
const MAX_COMMENTS = 5_000;
const MAX_LIST_REQUESTS = 100;
function caller(ctx, token) {
    // Every request is torn down when the run is cancelled (ctx.signal), as the sync client's are.
    return (method, url, timeoutMs, json, maxBodyBytes) => (0,_request_js__WEBPACK_IMPORTED_MODULE_2__/* .gitHubRequest */ .pv)({ signal: ctx.signal, clock: ctx.clock, method, url, token, json, timeoutMs, maxBodyBytes });
}
const failed = (message) => ({ ok: false, message: message ?? 'no answer' });
/** `GET /user` for a user's token; on its 403 (an installation token), GraphQL `viewer`. */
async function whoAmI(ctx, apiUrl, token) {
    const call = caller(ctx, token);
    const user = await (0,_net_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .withRetries */ .L)(ctx, IDENTITY, t => call('GET', `${apiUrl}/user`, t), { idempotent: true });
    const answer = user.outcome?.kind === 'response' ? user.outcome : undefined;
    if (user.ok && answer) {
        const json = (0,_net_json_js__WEBPACK_IMPORTED_MODULE_4__/* .parseJsonObject */ .w)(answer.body);
        if (json && typeof json['login'] === 'string' && typeof json['id'] === 'number')
            return { ok: true, me: { login: json['login'], id: json['id'] } };
        return failed(`${IDENTITY.label} failed: GitHub's answer to GET /user has no login and id.`);
    }
    if (answer?.status !== 403)
        return failed(user.message);
    // An installation token: GET /user is not for it; GraphQL's viewer is its app's bot.
    const graphql = (0,_request_js__WEBPACK_IMPORTED_MODULE_2__/* .graphqlUrl */ .XS)(apiUrl);
    const viewer = await (0,_net_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .withRetries */ .L)(ctx, IDENTITY, t => call('POST', graphql, t, { query: 'query { viewer { login databaseId } }' }), { idempotent: true });
    if (!viewer.ok || viewer.outcome?.kind !== 'response')
        return failed(viewer.message);
    const data = (0,_net_json_js__WEBPACK_IMPORTED_MODULE_4__/* .parseJsonObject */ .w)(viewer.outcome.body)?.['data'];
    const v = data?.viewer;
    if (v && typeof v.login === 'string' && typeof v.databaseId === 'number')
        return { ok: true, me: { login: v.login, id: v.databaseId } };
    return failed(`${IDENTITY.label} failed: GitHub's GraphQL viewer answer has no login and databaseId.`);
}
/** Comments one plan takes at most: part 1 and up to 19 more; a longer plan's last parts are in the job summary and log. */
const MAX_PLAN_COMMENTS = 20;
/**
 * The hidden marker of part K (2 and up) of one roster's plan that takes several comments. It never
 * starts with that roster's commentMarker, so a part is never read as part 1 (the one carrying the
 * reviewed digest).
 */
function partMarker(roster, k) {
    return `${MARKER_START} ${roster} part ${k} -->`;
}
const PART = /^<!-- doorflow-roster-plan ([0-9a-f]{12}) part ([1-9]\d{0,2}) -->/;
/** The part number (2 and up) a comment body's marker says for `roster`; undefined for part 1, another roster and any other comment. */
function partOf(body, roster) {
    if (typeof body !== 'string')
        return undefined;
    const m = PART.exec(body);
    const k = m && m[1] === roster ? Number(m[2]) : 0;
    return k >= 2 ? k : undefined;
}
/** Whether the token's identity wrote the comment. */
function byMe(comment, me) {
    const user = comment.user;
    return user?.login === me.login && user?.id === me.id;
}
/** Whether `body`'s first line is exactly `marker`. */
function firstLineIs(body, marker) {
    return body === marker || body.startsWith(`${marker}\n`);
}
/** A comment is ours when the token's identity wrote it and its first line is exactly `marker`. */
function isOurs(comment, me, marker) {
    return typeof comment.body === 'string' && firstLineIs(comment.body, marker) && byMe(comment, me);
}
/** One page of comments, `size` a page: the comments, and whether GitHub says there are more; or why not. */
async function listPage(ctx, pr, token, operation, size, page) {
    const url = `${pr.apiUrl}/repos/${pr.repository}/issues/${pr.number}/comments?per_page=${size}&page=${page}`;
    const call = caller(ctx, token);
    const got = await (0,_net_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .withRetries */ .L)(ctx, operation, t => call('GET', url, t, undefined, PAGE_BYTES), { idempotent: true });
    if (!got.ok || got.outcome?.kind !== 'response')
        return failed(got.message);
    if (got.outcome.truncated)
        return {
            ok: false,
            truncated: true,
            message: `${operation.label} failed: a page of ${size} comments is over ${Math.round(PAGE_BYTES / 1024)} KiB, more than GitHub's comments can hold.`
        };
    const comments = (0,_net_json_js__WEBPACK_IMPORTED_MODULE_4__/* .parseJsonArray */ .d)(got.outcome.body);
    if (!comments)
        return failed(`${operation.label} failed: GitHub's comment list is not JSON.`);
    const more = /<[^>]+>;\s*rel="next"/.test((0,_net_http_js__WEBPACK_IMPORTED_MODULE_1__/* .header */ .wx)(got.outcome.headers, 'link') ?? '');
    return { ok: true, comments, more: more && comments.length > 0 };
}
/**
 * Our plan comments for `roster` on the pull request, read page by page (see COMMENTS_PER_PAGE);
 * `foreign` counts comments that carry this roster's marker but are not ours (left alone). Another
 * roster's comments are neither ours nor foreign. The author is checked first: only our comments'
 * bodies are kept. With `all` unset the walk stops at part 1.
 */
async function scanComments(ctx, pr, token, me, roster, operation, all, 
/** The first line that makes a comment ours: the plan's part 1 unless another (the apply record's) is given. */
marker = commentMarker(roster)) {
    const scan = { ok: true, parts: new Map(), repeats: [], foreign: 0, complete: false, seen: 0 };
    const take = (c) => {
        if (c === null || typeof c !== 'object' || typeof c.body !== 'string')
            return;
        if (!byMe(c, me)) {
            if (c.body.startsWith(marker) || partOf(c.body, roster) !== undefined)
                scan.foreign++;
            return;
        }
        if (typeof c.id !== 'number')
            return;
        const nodeId = typeof c.node_id === 'string' ? c.node_id : undefined;
        const mine = { id: c.id, body: c.body, url: safeLink(c.html_url), nodeId };
        const k = partOf(c.body, roster);
        if (isOurs(c, me, marker)) {
            // A second part 1 of ours (two runs that each found none and posted one) is a repeat:
            // deleted once the first holds the new plan, so no reviewer reads the stale one.
            if (scan.comment)
                scan.repeats.push(c.id);
            else
                scan.comment = mine;
        }
        else if (k !== undefined && isOurs(c, me, partMarker(roster, k))) {
            if (scan.parts.has(k))
                scan.repeats.push(c.id);
            else
                scan.parts.set(k, mine);
        }
        else if (LEGACY.test(c.body))
            scan.repeats.push(c.id);
    };
    let requests = 0;
    while (scan.seen < MAX_COMMENTS && requests < MAX_LIST_REQUESTS) {
        requests++;
        const page = await listPage(ctx, pr, token, operation, COMMENTS_PER_PAGE, scan.seen / COMMENTS_PER_PAGE + 1);
        let more;
        if (page.ok) {
            for (const c of page.comments)
                take(c);
            scan.seen += page.comments.length;
            more = page.more && page.comments.length === COMMENTS_PER_PAGE;
        }
        else if (page.truncated) {
            // Others' long comments: the same span again, SMALL_PAGE at a time (always under PAGE_BYTES).
            const first = scan.seen;
            more = true;
            while (more && scan.seen < first + COMMENTS_PER_PAGE && requests < MAX_LIST_REQUESTS) {
                requests++;
                const small = await listPage(ctx, pr, token, operation, SMALL_PAGE, scan.seen / SMALL_PAGE + 1);
                if (!small.ok)
                    return failed(small.message);
                for (const c of small.comments)
                    take(c);
                scan.seen += small.comments.length;
                more = small.more && small.comments.length === SMALL_PAGE;
            }
            if (more && scan.seen < first + COMMENTS_PER_PAGE)
                break;
        }
        else
            return failed(page.message);
        if (!more) {
            scan.complete = true;
            return scan;
        }
        if (scan.comment && !all)
            return scan;
    }
    return scan;
}
/** Why a walk that stopped short could not say what it was asked. */
const stoppedShort = (operation, scan) => `${operation.label} failed: only the first ${scan.seen.toLocaleString('en-US')} comments on the pull request could be read (at most ${MAX_COMMENTS.toLocaleString('en-US')} in ${MAX_LIST_REQUESTS} requests), and ${scan.comment ? 'comments of the plan may be past them' : 'the plan comment is not among them'}.`;
/**
 * Our plan comment (part 1) for `roster` on the pull request, read page by page (see
 * COMMENTS_PER_PAGE); `foreign` counts comments that carry its marker but are not ours (left alone).
 * A walk that stopped short of it says so: never "no plan comment" when it was not looked for.
 */
async function findPlanComment(ctx, pr, token, me, roster, operation = COMMENT, 
/** Read every comment, for every part (`nodes`: part 1 and each part 2..); else stop at part 1. */
all = false) {
    const scan = await scanComments(ctx, pr, token, me, roster, operation, all);
    if (!scan.ok)
        return scan;
    if ((!scan.comment || all) && !scan.complete)
        return failed(stoppedShort(operation, scan));
    const parts = [...scan.parts].map(([part, c]) => ({ part, nodeId: c.nodeId }));
    const comment = scan.comment && {
        id: scan.comment.id,
        body: scan.comment.body,
        nodes: [{ part: 1, nodeId: scan.comment.nodeId }, ...parts]
    };
    return { ok: true, comment, foreign: scan.foreign };
}
/** A URL GitHub gave, when it is safe to put in a Markdown link. */
function safeLink(url) {
    return typeof url === 'string' && url.length <= 300 && /^https?:\/\/[^\s<>()[\]"'`\\]+$/.test(url) ? url : undefined;
}


/***/ }),

/***/ 9129:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Iy: () => (/* binding */ recordMarker),
/* harmony export */   Pv: () => (/* binding */ nextRecord),
/* harmony export */   ZC: () => (/* binding */ recordComment),
/* harmony export */   aE: () => (/* binding */ readRecord),
/* harmony export */   to: () => (/* binding */ MAX_REVOKED_IDS)
/* harmony export */ });
/* unused harmony exports OUTCOME_WORDS, MAX_RUNS, utc, recordTrailer */
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6264);
/**
 * The apply's record on the merged pull request: what each apply of its merge wrote to DoorFlow
 * and when, one comment of ours per roster beside the plan, updated on every re-run. Pure: what
 * the comment says (a table a person reads) and the trailer on its last line (what a program
 * reads back, strictly: the access review does, review/records.ts). Nothing of a roster or of a
 * server is in it: counts, DoorFlow person ids, hex SHAs, UTC times and our own words only, so it
 * is inert whatever anyone wrote elsewhere.
 */

/** What each outcome says in the record, ours only: never a server's or a roster's text. */
const OUTCOME_WORDS = {
    'refused-guard': 'the guard refused the plan',
    'refused-unreviewed': 'the plan is not the one reviewed (unreviewed-changes: fail)',
    'refused-unmanaged': 'people no roster manages have door access (unmanaged: fail)',
    cancelled: 'the job was cancelled while applying'
};
/** Revoked ids carried per run; more are counted, not listed (the comment stays well under 65,536 characters). */
const MAX_REVOKED_IDS = 200;
/** Runs a record keeps: the first and the newest MAX_RUNS - 1. */
const MAX_RUNS = 20;
/** The hidden first line that finds our record comment for one roster (hex key: inert). */
function recordMarker(roster) {
    return `<!-- doorflow-roster-applied ${roster} -->`;
}
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const KEY = /^[0-9a-f]{12}$/;
/** A time as the trailer writes it: UTC, whole seconds. */
const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const COUNT = /^(?:0|[1-9]\d{0,8})$/;
/** UTC, whole seconds: 2026-12-07T05:30:00Z. */
function utc(ms) {
    return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
function runWords(run) {
    const time = (ms) => (ms === undefined ? '-' : utc(ms));
    const ids = run.revoked.length ? run.revoked.join(',') : '-';
    const more = run.revokedMore ? ` +${run.revokedMore}` : '';
    const outcome = run.outcome ? ` outcome ${run.outcome.replace('refused-', 'refused reason ')}` : '';
    return (`apply ${utc(run.applied)}${outcome} written ${run.written} failed ${run.failed} not-attempted ${run.notAttempted} ` +
        `sync ${run.sync} synced ${time(run.synced)} confirmed ${time(run.confirmed)} revoked ${ids}${more}`);
}
/**
 * The trailer: the record's last line, one HTML comment (hidden when rendered):
 * `<!-- doorflow-apply-record roster KEY commit SHA merged TIME|- runs N apply TIME[ outcome refused reason
 * guard|unreviewed|unmanaged| outcome cancelled] written N failed N not-attempted N sync accepted|not-sent|failed
 * synced TIME|- confirmed TIME|- revoked -|ID,ID[ +N] … -->`, one `apply …` group a run, oldest first. Hex,
 * digits, UTC times and fixed words only. `outcome` is only written for a run that did not apply (a
 * trailer without it, as every record before it was, is of applies).
 */
function recordTrailer(record) {
    const merged = record.merged === undefined ? '-' : utc(record.merged);
    const runs = record.runs.map(runWords).join(' ');
    return `<!-- doorflow-apply-record roster ${record.roster} commit ${record.commit} merged ${merged} runs ${record.runs.length} ${runs} -->`;
}
const HEAD = /^<!-- doorflow-apply-record roster (\S+) commit (\S+) merged (\S+) runs (\S+) (apply .*) -->$/;
const RUN = /^apply (\S+)(?: outcome (refused reason (?:guard|unreviewed|unmanaged)|cancelled))? written (\S+) failed (\S+) not-attempted (\S+) sync (accepted|not-sent|failed) synced (\S+) confirmed (\S+) revoked (-|\d{1,16}(?:,\d{1,16})*)(?: \+([1-9]\d{0,8}))?$/;
/**
 * The record a comment body carries, read from its last line only (trailing white space aside):
 * undefined unless that line is a trailer recordTrailer could have written, every field well
 * formed (a time that is no real UTC time, a count with a leading zero, a run count that is not
 * the number of runs: no record). Text anywhere else, a reviewer's quote of a trailer included,
 * is never read.
 */
function readRecord(body) {
    const text = body.trimEnd();
    const m = HEAD.exec(text.slice(text.lastIndexOf('\n') + 1));
    if (!m)
        return undefined;
    const [, roster, commit, mergedText, count, rest] = m;
    if (!KEY.test(roster) || !SHA.test(commit) || !COUNT.test(count))
        return undefined;
    const merged = mergedText === '-' ? undefined : timeOf(mergedText);
    if (merged === null)
        return undefined;
    const groups = rest.split(/ (?=apply )/);
    if (groups.length !== Number(count) || groups.length > MAX_RUNS)
        return undefined;
    const runs = [];
    for (const group of groups) {
        const r = RUN.exec(group);
        if (!r)
            return undefined;
        const [, appliedText, outcomeText, written, failed, notAttempted, sync, syncedText, confirmedText, ids, more] = r;
        if (![written, failed, notAttempted].every(n => COUNT.test(n)))
            return undefined;
        const applied = timeOf(appliedText);
        const synced = syncedText === '-' ? undefined : timeOf(syncedText);
        const confirmed = confirmedText === '-' ? undefined : timeOf(confirmedText);
        if (applied === null || applied === undefined || synced === null || confirmed === null)
            return undefined;
        if (sync !== 'accepted' && (synced !== undefined || confirmed !== undefined))
            return undefined;
        // A refused run wrote nothing and sent no sync: a trailer that says otherwise is none of ours.
        const refused = outcomeText?.startsWith('refused');
        if (refused && (written !== '0' || failed !== '0' || sync !== 'not-sent'))
            return undefined;
        const revoked = ids === '-' ? [] : ids.split(',').map(Number);
        if (!revoked.every(Number.isSafeInteger))
            return undefined;
        if (revoked.length > MAX_REVOKED_IDS || (more && revoked.length < MAX_REVOKED_IDS))
            return undefined;
        runs.push({
            applied,
            ...(outcomeText ? { outcome: outcomeText.replace('refused reason ', 'refused-') } : {}),
            written: Number(written),
            failed: Number(failed),
            notAttempted: Number(notAttempted),
            sync: sync,
            ...(synced === undefined ? {} : { synced }),
            ...(confirmed === undefined ? {} : { confirmed }),
            revoked,
            revokedMore: more ? Number(more) : 0
        });
    }
    return { roster, commit, ...(merged === undefined ? {} : { merged }), runs };
}
/** A trailer time as ms; null when it is not a real UTC time (2026-02-30T…), undefined never. */
function timeOf(text) {
    if (!TIME.test(text))
        return null;
    const ms = Date.parse(text);
    return Number.isNaN(ms) || utc(ms) !== text ? null : ms;
}
/**
 * The record after this run: the earlier record's runs when it is of the same roster and commit (a
 * re-run of the apply), then this run's. A run that wrote nothing, failed nothing and sent no sync
 * adds nothing a reader needs once there is a record: the record stays as it was (and is not
 * written again). At most MAX_RUNS runs: the first (when access first changed) and the newest.
 */
function nextRecord(earlier, of, run) {
    const same = earlier && earlier.roster === of.roster && earlier.commit === of.commit ? earlier : undefined;
    const idle = run.written === 0 && run.failed === 0 && run.notAttempted === 0 && run.sync !== 'accepted';
    if (same && same.runs.length && idle)
        return same;
    const runs = [...(same?.runs ?? []), run];
    const kept = runs.length > MAX_RUNS ? [runs[0], ...runs.slice(runs.length - (MAX_RUNS - 1))] : runs;
    // GitHub's merged_at is its word: a time the trailer cannot read back (year 10000) is left out, not written.
    const merged = of.merged !== undefined && TIME.test(utc(of.merged)) ? of.merged : same?.merged;
    return { roster: of.roster, commit: of.commit, ...(merged === undefined ? {} : { merged }), runs: kept };
}
/** "2026-12-07 05:30:00 UTC", for the table. */
const shown = (ms) => (ms === undefined ? '—' : `${utc(ms).replace('T', ' ').replace('Z', '')} UTC`);
function syncCell(run) {
    if (run.sync === 'not-sent')
        return 'not sent: nothing was written';
    if (run.sync === 'failed')
        return '❌ not accepted';
    // A cancelled run's sync, sent at once: accepted, its time not kept.
    return run.synced === undefined ? 'accepted' : shown(run.synced);
}
function confirmedCell(run) {
    if (run.confirmed !== undefined)
        return shown(run.confirmed);
    return run.sync === 'accepted' ? 'not waited for, or not confirmed' : '—';
}
/**
 * The record as a comment (its marker is added by the writer): the newest run's headline, a table of
 * every run, and the trailer on the last line. `runUrl`: this run's page (runner.ts made it safe).
 */
function recordComment(record, runUrl) {
    const last = record.runs[record.runs.length - 1];
    const whole = last.failed === 0 && last.notAttempted === 0;
    const synced = last.sync === 'accepted' || (last.sync === 'not-sent' && last.written === 0);
    const refused = last.outcome?.startsWith('refused');
    const head = refused
        ? '### ⛔ DoorFlow roster not applied: refused'
        : last.outcome === 'cancelled'
            ? '### ⏹️ DoorFlow roster applied in part: cancelled'
            : whole && synced
                ? '### ✅ DoorFlow roster applied'
                : `### ⚠️ DoorFlow roster applied ${whole ? 'but not synced' : 'in part'}`;
    const revoked = last.revoked.length + last.revokedMore;
    const by = runUrl ? `[this run](${runUrl})` : 'the apply';
    const why = last.outcome ? ` ${refused ? 'refused' : 'cancelled'}, as ${OUTCOME_WORDS[last.outcome]}:` : '';
    const lines = [
        head,
        '',
        `Merge commit \`${record.commit.slice(0, 12)}\`${record.merged === undefined ? '' : `, merged ${shown(record.merged)}`}; last ${refused ? 'run' : 'applied'} by ${by}:${why} ` +
            `${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .plural */ .LS)(last.written, 'change')} written, ${last.failed} failed, ${last.notAttempted} not attempted` +
            `${revoked ? ` (${(0,_format_js__WEBPACK_IMPORTED_MODULE_0__/* .plural */ .LS)(revoked, 'person', 'people')} lost access)` : ''}.`,
        ''
    ];
    // A refusal after a run that wrote (a re-run, say) leaves what that run wrote: only this run wrote nothing.
    if (refused && record.runs.some(r => r.written > 0))
        lines.push('> This run wrote nothing to DoorFlow; what an earlier run of this merge wrote (the table) stays in force. Once the refusal is resolved (the run says how), re-run the apply job: it adds its row here.', '');
    else if (refused)
        lines.push('> Nothing of this merge was written to DoorFlow: everyone keeps the access they had before it. Once the refusal is resolved (the run says how), re-run the apply job: it adds its row here.', '');
    else if (!whole)
        lines.push('> Re-run the apply job once what failed is fixed: it plans afresh, writes only what is still missing, and adds its row here.', '');
    lines.push('| Apply | Applied | Written | Failed | Not attempted | Sync accepted | Doors confirmed |', '| --- | --- | --- | --- | --- | --- | --- |', ...record.runs.map((run, i) => `| ${i + 1} | ${shown(run.applied)}${run.outcome ? ` (${run.outcome.startsWith('refused') ? 'refused' : 'cancelled'})` : ''} | ${run.written} | ${run.failed} | ${run.notAttempted} | ${syncCell(run)} | ${confirmedCell(run)} |`), '', "_The DoorFlow Sync action's record of what was applied for this pull request, updated on every re-run; times are the runner's, in UTC._", recordTrailer(record));
    return lines.join('\n');
}


/***/ }),

/***/ 4015:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F6: () => (/* binding */ changeHash),
/* harmony export */   Gb: () => (/* binding */ planDigest),
/* harmony export */   Qr: () => (/* binding */ reviewedDigest),
/* harmony export */   an: () => (/* binding */ planFingerprint),
/* harmony export */   hU: () => (/* binding */ rosterKey),
/* harmony export */   xV: () => (/* binding */ hiddenDigestLine)
/* harmony export */ });
/* unused harmony exports DIGEST_CHARS, canonicalJson, MAX_HIDDEN_CHANGES */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/**
 * The plan's fingerprint, so that what a reviewer approved can be told from what a merge applies:
 * a SHA-256 over a canonical JSON of what the changes do to DoorFlow (ids and values, never the
 * display names shown with them; keys sorted, so the same changes always hash alike), shown as its
 * first 12 hex digits. Each change has its own short hash too; the
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
const sha256 = (text) => (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(text).digest('hex').slice(0, DIGEST_CHARS);
/**
 * What the review's digest and hashes cover of a change: what it does to DoorFlow — which person
 * (system_id, DoorFlow id), each field with its value before and after, the group and role ids
 * written, gained and lost, the removal's mode — and none of the labels shown with it (the
 * person's display name, group and role names). A display name changed by another pull request
 * (or a group renamed in DoorFlow) leaves a reviewed change the same change; a value or an id
 * never does. The guard's fingerprint keeps the labels (planFingerprint): it is of one plan.
 */
function reviewedPart(change) {
    const { drift: _drift, name: _name, ...rest } = change;
    const ids = (list) => list.map(n => n.id);
    if (rest.kind === 'create')
        return { ...rest, groups: ids(rest.groups), roles: ids(rest.roles) };
    if (rest.kind === 'remove')
        return { ...rest, groups: ids(rest.groups) };
    const m = rest.memberships;
    if (!m)
        return rest;
    return {
        ...rest,
        memberships: {
            groupIds: m.groupIds,
            roleIds: m.roleIds,
            groupsGained: ids(m.groupsGained),
            groupsLost: ids(m.groupsLost),
            rolesGained: ids(m.rolesGained),
            rolesLost: ids(m.rolesLost)
        }
    };
}
/** One change's short hash: of what it writes, not of its labels (reviewedPart). */
function changeHash(change) {
    return sha256(canonicalJson(reviewedPart(change)));
}
/** The plan's digest: over its change list, in order, as changeHash sees each (an empty plan has one too). */
function planDigest(plan) {
    return sha256(canonicalJson(plan.changes.map(reviewedPart)));
}
/**
 * The full SHA-256 of the whole finished plan, as its JSON file has it (labels, drift, the guard's
 * report and all): what a guard verdict holds (guard.ts's judgePlan), and what the apply compares
 * with its own plan's, once, before the first write.
 */
function planFingerprint(plan) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(canonicalJson(plan)).digest('hex');
}
/**
 * Which roster a plan comment is for: the first 12 hex digits of the SHA-256 of the roster input's
 * path as the workflow gives it, normalised (`./access/`, `access` and `access\\` are one roster).
 * Two roster workflows on one pull request (London's and Paris's) so have comments of their own,
 * and an apply reads only its own roster's plan. Hex only: it is inert in any comment.
 */
function rosterKey(path) {
    const normal = node_path__WEBPACK_IMPORTED_MODULE_1__.posix
        .normalize(path.trim().replace(/\\/g, '/'))
        .replace(/^(\.\/)+/, '')
        .replace(/\/+$/, '');
    return sha256(normal || '.');
}
const TRAILER = /^<!-- doorflow-plan-digest roster ([0-9a-f]{12}) head ([0-9a-f]{40}|[0-9a-f]{64}|-) digest ([0-9a-f]{12}) changes (-|[0-9a-f]{12}(?: [0-9a-f]{12})*) -->$/;
/**
 * At most this many change hashes go into the comment (13 characters each, ~20 kB of the 65,536 a
 * comment holds); a bigger plan carries its digest only, and a differing digest then cannot name
 * which changes are new.
 */
const MAX_HIDDEN_CHANGES = 1500;
/**
 * The trailer a plan comment ends with: the roster, the head commit planned (`-` when the workspace
 * was not the pull request's head), the digest and each change's hash. Hex only, so it stays inert
 * whatever the roster or DoorFlow say; it is the comment's last line, where no roster text can stand.
 */
function hiddenDigestLine(plan, of, max = MAX_HIDDEN_CHANGES) {
    const hashes = plan.changes.length > max ? '-' : plan.changes.map(changeHash).join(' ');
    const head = of.head && /^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(of.head) ? of.head.toLowerCase() : '-';
    return `<!-- doorflow-plan-digest roster ${of.roster} head ${head} digest ${planDigest(plan)} changes ${hashes} -->`;
}
/**
 * What a plan comment says was reviewed, read from its last line only (trailing white space
 * aside): the trailer hiddenDigestLine wrote. A digest line anywhere else (a roster value quoted in
 * the plan, a reviewer's text) is never read. Undefined when the last line is not a well-formed
 * trailer.
 */
function reviewedDigest(body) {
    const text = body.trimEnd();
    const m = TRAILER.exec(text.slice(text.lastIndexOf('\n') + 1));
    if (!m)
        return undefined;
    const [, roster, head, digest, hashes] = m;
    return {
        roster,
        head: head === '-' ? undefined : head,
        digest,
        ...(hashes === '-' ? {} : { changes: new Set(hashes.split(' ')) })
    };
}


/***/ })

};
