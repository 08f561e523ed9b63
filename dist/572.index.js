export const id = 572;
export const ids = [572];
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

/***/ 4572:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runAccessReview: () => (/* binding */ runAccessReview)
});

// UNUSED EXPORTS: setReviewOutputs

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 19 modules
var core = __webpack_require__(5321);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/doorflow/people.ts
var people = __webpack_require__(8949);
// EXTERNAL MODULE: ./src/net/context.ts
var context = __webpack_require__(288);
// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
// EXTERNAL MODULE: ./src/net/retry.ts
var retry = __webpack_require__(7893);
// EXTERNAL MODULE: ./src/net/http.ts + 2 modules
var http = __webpack_require__(1298);
// EXTERNAL MODULE: ./src/net/json.ts
var json = __webpack_require__(4457);
// EXTERNAL MODULE: ./src/doorflow/operations.ts
var operations = __webpack_require__(4036);
// EXTERNAL MODULE: ./src/untrusted.ts
var untrusted = __webpack_require__(873);
;// CONCATENATED MODULE: ./src/doorflow/events.ts
/**
 * When each person last opened a door: DoorFlow's access events (`GET /api/3/events`, scope
 * account.event.access.readonly), admits only (`event_codes` 10-18 and 70), since the window's start,
 * newest first (`sort=DESC`), in pages of 1,000 (`n`, DoorFlow's largest). Newest first, an event
 * that arrives while the pages are read pushes older ones one place on: one may be read twice, none
 * is skipped. The read is bounded three ways: the window (`since`; an event older than it ends the
 * read, should DoorFlow not honour `since`), a number of pages, and the budget (it stops while
 * `reserveMs` of it is left for what comes after). When it stops early, it says how far back it read
 * and why, so that the review never takes "not seen" for "not used".
 */







const EVENTS_READ_SCOPE = 'account.event.access.readonly';
/** Admit codes: card, PIN, manual, REX, AUX, application, unlocked, Apple, Google (10-18); multi-factor admit (70). */
const ADMIT_CODES = [10, 11, 12, 13, 14, 15, 16, 17, 18, 70];
/** DoorFlow's largest page of events. */
const EVENTS_PAGE_SIZE = 1000;
/** The most pages read: 2,000 pages of 1,000, two million admits. */
const MAX_EVENT_PAGES = 2000;
/** A page of 1,000 events with long labels; a larger answer is not read. */
const EVENTS_PAGE_BYTES = 8 * 1024 * 1024;
const READ_EVENTS = (0,operations/* doorflowOperation */.qv)('Reading access events', `The token needs scope ${EVENTS_READ_SCOPE}: authorize with it (npm run authorize -- --scope "${EVENTS_READ_SCOPE} account.person.readonly account.group.readonly account.role.readonly") and use the new token.`);
/**
 * A page of events: each event's person and time. Events without a person (a REX press) are
 * skipped; undefined when the body is not a list of events with a created_at.
 */
function parseEventPage(body) {
    const list = (0,json/* parseJsonArray */.d)(body);
    if (!list)
        return undefined;
    const admits = [];
    let oldest;
    for (const item of list) {
        const o = item;
        if (!o || typeof o !== 'object' || typeof o['created_at'] !== 'string')
            return undefined;
        const at = Date.parse(o['created_at']);
        if (Number.isNaN(at))
            return undefined;
        oldest = oldest === undefined ? at : Math.min(oldest, at);
        const code = o['event_code'];
        if (typeof o['person_id'] === 'number' && ADMIT_CODES.includes(code))
            admits.push({ personId: o['person_id'], at });
    }
    return { admits, oldest, count: list.length };
}
/** The fold over pages, newest first: pure. */
class UsageFold {
    limits;
    lastUsed = new Map();
    coveredFrom;
    events = 0;
    pages = 0;
    constructor(limits) {
        this.limits = limits;
        this.coveredFrom = limits.now;
    }
    /** Takes one page; true when the window is read whole (a short page, or an event older than the window). */
    add(page, pageSize) {
        this.pages++;
        this.events += page.count;
        for (const a of page.admits) {
            if (a.at < this.limits.since || a.at > this.limits.now)
                continue;
            const seen = this.lastUsed.get(a.personId);
            if (seen === undefined || a.at > seen)
                this.lastUsed.set(a.personId, a.at);
        }
        if (page.oldest !== undefined)
            this.coveredFrom = Math.min(this.coveredFrom, page.oldest);
        const done = page.count < pageSize || (page.oldest !== undefined && page.oldest < this.limits.since);
        if (done)
            this.coveredFrom = this.limits.since;
        return done;
    }
}
/** GET /api/3/events, one page. */
function eventsPage(baseUrl, token, since, page) {
    const q = new URLSearchParams({
        event_codes: ADMIT_CODES.join(','),
        since: new Date(since).toISOString(),
        sort: 'DESC',
        n: String(EVENTS_PAGE_SIZE),
        page: String(page)
    });
    return (timeoutMs, signal) => (0,http/* send */.tN)({
        signal,
        method: 'GET',
        url: `${baseUrl}/api/3/events?${q.toString().replace(/%2C/g, ',')}`,
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        timeoutMs,
        maxBodyBytes: EVENTS_PAGE_BYTES
    });
}
/**
 * Reads admits newest first until the window is covered or a bound is reached. Never fails: a page
 * that cannot be read ends the read early, and the result says why.
 */
async function readUsage(ctx, baseUrl, token, limits) {
    const fold = new UsageFold(limits);
    let requests = 0;
    const stop = (why) => ({
        lastUsed: fold.lastUsed,
        coveredFrom: fold.coveredFrom,
        complete: false,
        stoppedWhy: why,
        events: fold.events,
        pages: fold.pages,
        requests
    });
    for (let page = 1;; page++) {
        if (page > limits.maxPages)
            return stop(`the read stops at ${limits.maxPages} pages of ${EVENTS_PAGE_SIZE} events`);
        if (ctx.signal?.aborted)
            return stop('the run was cancelled');
        if ((0,context/* timeLeft */.f$)(ctx) <= limits.reserveMs)
            return stop(`the time budget ran out after ${(0,format/* plural */.LS)(fold.pages, 'page')} (the rest is kept for the pull requests and the files)`);
        const got = await (0,retry/* withRetries */.L)(ctx, READ_EVENTS, (t, signal) => {
            requests++;
            return eventsPage(baseUrl, token, limits.since, page)(t, signal);
        });
        if (!got.ok || got.outcome?.kind !== 'response')
            return stop(`page ${page} could not be read: ${(0,untrusted/* untrusted */.bp)(got.message ?? 'no answer', 300)}`);
        if (got.outcome.truncated)
            return stop(`page ${page} is larger than ${EVENTS_PAGE_BYTES} bytes`);
        const parsed = parseEventPage(got.outcome.body);
        if (!parsed)
            return stop(`page ${page} is not the documented list of events`);
        const perPage = Number((0,http/* header */.wx)(got.outcome.headers, 'per-page') ?? EVENTS_PAGE_SIZE);
        const size = Number.isInteger(perPage) && perPage > 0 ? Math.min(perPage, EVENTS_PAGE_SIZE) : EVENTS_PAGE_SIZE;
        if (fold.add(parsed, size))
            return {
                lastUsed: fold.lastUsed,
                coveredFrom: fold.coveredFrom,
                complete: true,
                events: fold.events,
                pages: fold.pages,
                requests
            };
    }
}

// EXTERNAL MODULE: ./src/github/comments.ts
var comments = __webpack_require__(6645);
// EXTERNAL MODULE: ./src/report.ts
var report = __webpack_require__(665);
// EXTERNAL MODULE: ./src/sign-in.ts + 1 modules
var sign_in = __webpack_require__(3896);
// EXTERNAL MODULE: ./src/runner.ts + 1 modules
var runner = __webpack_require__(8186);
// EXTERNAL MODULE: ./src/annotate.ts
var annotate = __webpack_require__(3927);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/github/request.ts
var request = __webpack_require__(7398);
// EXTERNAL MODULE: ./src/github/operations.ts
var github_operations = __webpack_require__(4845);
;// CONCATENATED MODULE: ./src/github/pull-facts-graphql.ts





const COMMITS_PER_QUERY = 50;
const PULLS_PER_COMMIT = 20;
const REVIEWS_PER_PULL = 100;
const ANSWER_BYTES = 16 * 1024 * 1024;
const READ_PULLS = {
    label: "Reading the roster history's pull requests",
    service: (0,github_operations/* gitHubService */.DL)('github-token'),
    forbidden: 'The token may not read pull requests: give the job `permissions: pull-requests: read` (and contents: read).'
};
const ACTOR = '{ __typename login ... on User { databaseId } ... on Bot { databaseId } }';
/** What is asked of each commit. The fake GitHub answers exactly this selection. */
const COMMIT_SELECTION = `... on Commit { associatedPullRequests(first: ${PULLS_PER_COMMIT}) { nodes { number mergedAt mergeCommit { oid } ` +
    `headRefOid author ${ACTOR} reviews(first: ${REVIEWS_PER_PULL}) { pageInfo { hasNextPage } ` +
    `nodes { state commit { oid } authorAssociation author ${ACTOR} } } } } }`;
/** The query for these commits (lowercase 40-hex SHAs only: anything else is never put in a query). */
function commitsQuery(shas) {
    const aliases = shas.map((sha, i) => {
        if (!/^[0-9a-f]{40}$/.test(sha))
            throw new Error(`not a commit SHA: ${(0,untrusted/* untrusted */.bp)(sha, 60)}`);
        return `c${i}: object(oid: "${sha}") { ${COMMIT_SELECTION} }`;
    });
    return `query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { ${aliases.join(' ')} } }`;
}
function actor(a) {
    if (a === null)
        return { bot: false };
    if (!a || typeof a !== 'object')
        return undefined;
    const o = a;
    return {
        ...(typeof o.databaseId === 'number' ? { id: o.databaseId } : {}),
        ...(typeof o.login === 'string' ? { login: o.login } : {}),
        bot: o.__typename === 'Bot'
    };
}
function pullOf(p) {
    if (!p || typeof p !== 'object')
        return undefined;
    const o = p;
    if (typeof o['number'] !== 'number')
        return undefined;
    const author = actor(o['author']);
    const reviews = o['reviews'];
    if (!author || !reviews || typeof reviews !== 'object' || !Array.isArray(reviews.nodes))
        return undefined;
    const more = reviews.pageInfo?.hasNextPage;
    if (typeof more !== 'boolean')
        return undefined;
    const list = [];
    for (const r of reviews.nodes) {
        const who = r && typeof r === 'object' ? actor(r.author) : undefined;
        const review = r;
        const state = review?.state;
        if (!who || typeof state !== 'string')
            return undefined;
        // A review whose commit is gone (null) or whose standing is not said is no approval of anything.
        const commit = review?.commit?.oid;
        const association = review?.authorAssociation;
        list.push({
            ...who,
            state,
            ...(typeof commit === 'string' ? { commit } : {}),
            ...(typeof association === 'string' ? { association } : {})
        });
    }
    const merge = o['mergeCommit']?.oid;
    const head = o['headRefOid'];
    return {
        number: o['number'],
        ...(typeof o['mergedAt'] === 'string' ? { mergedAt: o['mergedAt'] } : {}),
        ...(typeof merge === 'string' ? { mergeCommit: merge } : {}),
        ...(typeof head === 'string' ? { headOid: head } : {}),
        ...(author.id !== undefined ? { authorId: author.id } : {}),
        ...(more ? {} : { reviews: list })
    };
}
/**
 * The pull requests of each commit GitHub answered in full; a commit left out (its alias missing, null,
 * or of another shape) is for REST to ask. `error`: the whole answer is unusable, and why.
 */
function parseCommitsAnswer(body, shas) {
    const pulls = new Map();
    const answer = (0,json/* parseJsonObject */.w)(body);
    if (!answer)
        return { pulls, error: 'its answer is not JSON' };
    const repo = answer['data']?.repository;
    if (!repo || typeof repo !== 'object') {
        const errors = answer['errors'];
        const first = Array.isArray(errors) ? errors[0]?.message : undefined;
        return {
            pulls,
            error: `GraphQL: ${(0,untrusted/* untrusted */.bp)(typeof first === 'string' ? first : 'no repository in its answer', 300)}`
        };
    }
    shas.forEach((sha, i) => {
        const commit = repo[`c${i}`];
        const nodes = commit
            ?.associatedPullRequests?.nodes;
        if (!Array.isArray(nodes))
            return;
        const list = nodes.map(pullOf);
        if (list.every(p => p !== undefined))
            pulls.set(sha, list);
    });
    return { pulls };
}
/** One GraphQL request for these commits (at most COMMITS_PER_QUERY). */
async function askCommits(ctx, where, shas, counter) {
    const [owner, name] = where.repository.split('/');
    const got = await (0,retry/* withRetries */.L)(ctx, READ_PULLS, t => {
        counter.requests++;
        return (0,request/* gitHubRequest */.pv)({
            signal: ctx.signal,
            clock: ctx.clock,
            method: 'POST',
            url: (0,request/* graphqlUrl */.XS)(where.apiUrl),
            token: where.token,
            json: { query: commitsQuery(shas), variables: { owner, name } },
            timeoutMs: t,
            maxBodyBytes: ANSWER_BYTES
        });
    }, { idempotent: true });
    if (!got.ok || got.outcome?.kind !== 'response')
        return { pulls: new Map(), error: (0,untrusted/* untrusted */.bp)(got.message ?? 'no answer', 300) };
    return parseCommitsAnswer(got.outcome.body, shas);
}

// EXTERNAL MODULE: ./src/github/approvals.ts
var approvals = __webpack_require__(47);
;// CONCATENATED MODULE: ./src/github/pull-facts.ts








const pull_facts_READ_PULLS = {
    label: "Reading the roster history's pull requests",
    service: (0,github_operations/* gitHubService */.DL)('github-token'),
    forbidden: 'The token may not read pull requests: give the job `permissions: pull-requests: read` (and contents: read).'
};
const PAGE_BYTES = 8 * 1024 * 1024;
const MAX_REVIEW_PAGES = 10;
const MAX_COMMENT_PAGES = 10;
function get(ctx, where, path, counter) {
    return (0,retry/* withRetries */.L)(ctx, pull_facts_READ_PULLS, t => {
        counter.requests++;
        return (0,request/* gitHubRequest */.pv)({
            signal: ctx.signal,
            clock: ctx.clock,
            method: 'GET',
            url: `${where.apiUrl}/repos/${where.repository}${path}`,
            token: where.token,
            timeoutMs: t,
            maxBodyBytes: PAGE_BYTES
        });
    }, { idempotent: true });
}
function writeCheck(ctx, where, counter) {
    const may = new Map();
    return async (logins) => {
        const kept = [];
        for (const login of logins) {
            if (!may.has(login)) {
                const got = await get(ctx, where, `/collaborators/${encodeURIComponent(login)}/permission`, counter);
                const answer = got.ok && got.outcome?.kind === 'response' ? (0,json/* parseJsonObject */.w)(got.outcome.body) : undefined;
                const permission = answer?.['permission'];
                if (typeof permission !== 'string')
                    return `${(0,untrusted/* untrusted */.bp)(login, 100)}'s access could not be read (${(0,untrusted/* untrusted */.bp)(got.message ?? 'an answer without a permission', 300)})`;
                may.set(login, approvals/* WRITE_PERMISSIONS */.jo.has(permission));
            }
            if (may.get(login))
                kept.push(login);
        }
        return kept;
    };
}
/**
 * The merged pull request that carried `sha` (the one whose merge commit it is, else the first merged
 * one listed) and its approvers; `{ none }` saying why when there is none or it cannot be read.
 */
async function pullOfCommit(ctx, where, sha, counter, 
/** Approvers already read, by pull request number; an answer read here is added. */
known = new Map(), writers = writeCheck(ctx, where, counter)) {
    const got = await get(ctx, where, `/commits/${sha}/pulls?per_page=20`, counter);
    if (!got.ok || got.outcome?.kind !== 'response')
        return { none: `its pull requests could not be read (${(0,untrusted/* untrusted */.bp)(got.message ?? 'no answer', 300)})` };
    // Only a whole answer that is a list says which pull requests there are: a cut or malformed one is no
    // answer (not cached, asked again), never "pushed without one".
    if (got.outcome.truncated)
        return { none: `its pull requests could not be read (GitHub's answer is over ${PAGE_BYTES / 1024 / 1024} MiB)` };
    const list = (0,json/* parseJsonArray */.d)(got.outcome.body);
    if (!list)
        return { none: "its pull requests could not be read (GitHub's answer is not a JSON list)" };
    const pulls = list;
    const merged = pulls.filter(p => p && typeof p === 'object' && typeof p.number === 'number' && typeof p.merged_at === 'string');
    const pull = merged.find(p => typeof p.merge_commit_sha === 'string' && p.merge_commit_sha.toLowerCase() === sha) ?? merged[0];
    if (!pull)
        return { none: 'GitHub lists no merged pull request for this commit (pushed without one)' };
    const number = pull.number;
    const mergedAt = Date.parse(pull.merged_at);
    const author = pull.user?.id;
    const head = pull.head?.sha;
    const standing = known.get(number) ??
        (await approversOf(ctx, where, number, typeof author === 'number' ? author : undefined, typeof head === 'string' ? head : undefined, counter));
    if (typeof standing === 'string')
        return { none: standing };
    const approvers = known.has(number) ? standing : await writers(standing);
    if (typeof approvers === 'string')
        return { none: `the approvers of pull request ${number}: ${approvers}` };
    known.set(number, approvers);
    const merge = typeof pull.merge_commit_sha === 'string' ? pull.merge_commit_sha.toLowerCase() : undefined;
    return {
        number,
        ...(Number.isNaN(mergedAt) ? {} : { mergedAt }),
        approvers,
        ...(merge ? { mergeCommit: merge } : {})
    };
}
async function approversOf(ctx, where, number, authorId, headSha, counter) {
    const reviews = [];
    for (let page = 1; page <= MAX_REVIEW_PAGES; page++) {
        const got = await get(ctx, where, `/pulls/${number}/reviews?per_page=100&page=${page}`, counter);
        if (!got.ok || got.outcome?.kind !== 'response')
            return `the reviews of pull request ${number} could not be read (${(0,untrusted/* untrusted */.bp)(got.message ?? 'no answer', 300)})`;
        const cannot = (why) => `the reviews of pull request ${number} could not be read (${why})`;
        if (got.outcome.truncated)
            return cannot(`a page is over ${PAGE_BYTES / 1024 / 1024} MiB`);
        const list = (0,json/* parseJsonArray */.d)(got.outcome.body);
        if (!list)
            return cannot("GitHub's answer is not a JSON list");
        for (const r of list) {
            if (!r || typeof r !== 'object' || !r.user || typeof r.user !== 'object')
                continue;
            reviews.push({
                ...(typeof r.user.id === 'number' ? { id: r.user.id } : {}),
                ...(typeof r.user.login === 'string' ? { login: r.user.login } : {}),
                bot: r.user.type === 'Bot',
                state: typeof r.state === 'string' ? r.state : '',
                ...(typeof r.commit_id === 'string' ? { commit: r.commit_id } : {}),
                ...(typeof r.author_association === 'string' ? { association: r.author_association } : {})
            });
        }
        const more = /<[^>]+>;\s*rel="next"/.test((0,http/* header */.wx)(got.outcome.headers, 'link') ?? '');
        if (!more || list.length < 100)
            return standingApprovers(reviews, authorId, headSha);
    }
    // Reviews past the pages read could withdraw an approval read here (a later request for changes):
    // counting what was read would credit it, so the approval is unknown.
    return `the reviews of pull request ${number} could not be read (more than ${MAX_REVIEW_PAGES * 100} reviews)`;
}
/**
 * Who approved, from a pull request's reviews oldest first (REST or GraphQL): each reviewer's standing
 * review is their latest that is not COMMENTED or PENDING; they approve when it is APPROVED of the pull
 * request's final head commit `headSha` (an approval of an earlier push approved other changes), they
 * are neither the pull request's author nor a bot, and their author association is OWNER, MEMBER or
 * COLLABORATOR (REPOSITORY_ASSOCIATIONS). A review with no reviewer id (a deleted account) counts not; with no head
 * commit known, nobody's does. The association says nothing of the role: writeCheck then keeps those
 * who may write.
 */
function standingApprovers(reviews, authorId, headSha) {
    const latest = new Map();
    for (const r of reviews) {
        if (r.id === undefined || r.state === 'COMMENTED' || r.state === 'PENDING')
            continue;
        latest.set(r.id, r);
    }
    const head = headSha?.toLowerCase();
    const out = [];
    for (const [id, r] of latest)
        if (id !== authorId &&
            !r.bot &&
            r.state === 'APPROVED' &&
            head !== undefined &&
            r.commit?.toLowerCase() === head &&
            r.association !== undefined &&
            approvals/* REPOSITORY_ASSOCIATIONS */._j.has(r.association) &&
            r.login !== undefined)
            out.push((0,untrusted/* untrusted */.bp)(r.login, 100));
    return out.sort();
}
/** The comments read on a pull request (at most MAX_COMMENTS): more than these were not read. */
const MAX_COMMENTS = MAX_COMMENT_PAGES * 100;
/**
 * The comments on pull request `number` whose author `isAuthor` takes (GitHub's `user`: by id in the
 * action, the identity of the token that writes the records; by login from a terminal), oldest first:
 * where the apply's record is. Anyone may comment on a pull request, so only that identity's comments
 * are read; others', a quoted trailer included, never are. `cut`: the pull request has more than
 * MAX_COMMENTS comments and those past them were not read.
 */
async function commentsBy(ctx, where, number, isAuthor, counter) {
    const comments = [];
    for (let page = 1; page <= MAX_COMMENT_PAGES; page++) {
        const got = await get(ctx, where, `/issues/${number}/comments?per_page=100&page=${page}`, counter);
        if (!got.ok || got.outcome?.kind !== 'response')
            return {
                none: `the comments of pull request ${number} could not be read (${(0,untrusted/* untrusted */.bp)(got.message ?? 'no answer', 300)})`
            };
        const list = (0,json/* parseJsonArray */.d)(got.outcome.body);
        if (!list)
            return { none: `GitHub's comments of pull request ${number} are not JSON` };
        for (const c of list)
            if (c && typeof c === 'object' && typeof c.body === 'string' && c.user && isAuthor(c.user))
                comments.push({ body: c.body, ...(typeof c.node_id === 'string' ? { nodeId: c.node_id } : {}) });
        const more = /<[^>]+>;\s*rel="next"/.test((0,http/* header */.wx)(got.outcome.headers, 'link') ?? '');
        if (!more || list.length < 100)
            return { comments, cut: false };
    }
    return { comments, cut: true };
}
/** The pull request GraphQL named for `sha` as the REST path chooses it, its approvers read over REST when it has more reviews than one answer holds. */
async function fromGraph(ctx, where, sha, pulls, counter, known, writers) {
    const merged = pulls.filter(p => p.mergedAt !== undefined);
    const pull = merged.find(p => p.mergeCommit?.toLowerCase() === sha) ?? merged[0];
    if (!pull)
        return { none: 'GitHub lists no merged pull request for this commit (pushed without one)' };
    const mergedAt = Date.parse(pull.mergedAt);
    const standing = known.get(pull.number) ??
        (pull.reviews
            ? standingApprovers(pull.reviews, pull.authorId, pull.headOid)
            : await approversOf(ctx, where, pull.number, pull.authorId, pull.headOid, counter));
    if (typeof standing === 'string')
        return { none: standing };
    const approvers = known.has(pull.number) ? standing : await writers(standing);
    if (typeof approvers === 'string')
        return { none: `the approvers of pull request ${pull.number}: ${approvers}` };
    known.set(pull.number, approvers);
    return {
        number: pull.number,
        ...(Number.isNaN(mergedAt) ? {} : { mergedAt }),
        approvers,
        ...(pull.mergeCommit ? { mergeCommit: pull.mergeCommit.toLowerCase() } : {})
    };
}
/**
 * The pull request of each commit, asking GitHub only of those the cache lacks: COMMITS_PER_QUERY
 * commits a GraphQL request (pull-facts-graphql.ts), REST for what that answer leaves out, and for the
 * reviews of each pull request once; the cache grows. A commit whose pull requests could not be read is
 * not cached (the next review asks again): `failed` says why. `stop()` is asked before each request
 * of commits: true leaves the rest unasked (`skipped`).
 */
async function pullsOfCommits(ctx, where, commits, cache, counter, stop) {
    let asked = 0;
    let skipped = 0;
    const failed = new Map();
    // The approvers of the pull requests the cache already holds: the same answer it gives their commits.
    const known = new Map();
    for (const c of Object.values(cache))
        if (!('none' in c))
            known.set(c.number, c.approvers);
    const todo = [...new Set(commits.filter(sha => !cache[sha]))];
    const writers = writeCheck(ctx, where, counter);
    const keep = (sha, read) => {
        if ('none' in read && read.none.includes('could not be read'))
            failed.set(sha, read.none);
        else
            cache[sha] = read;
    };
    // Only a SHA as git writes it goes into a query; anything else is asked over REST, as before.
    const hex = todo.filter(sha => /^[0-9a-f]{40}$/.test(sha));
    const rest = todo.filter(sha => !/^[0-9a-f]{40}$/.test(sha));
    for (let i = 0; i < hex.length; i += COMMITS_PER_QUERY) {
        if (stop() || ctx.signal?.aborted) {
            skipped += hex.length - i;
            break;
        }
        const batch = hex.slice(i, i + COMMITS_PER_QUERY);
        const answer = await askCommits(ctx, where, batch, counter);
        for (const sha of batch) {
            const pulls = answer.pulls.get(sha);
            if (pulls) {
                asked++;
                keep(sha, await fromGraph(ctx, where, sha, pulls, counter, known, writers));
            }
            else
                rest.push(sha);
        }
    }
    for (const sha of rest) {
        if (stop() || ctx.signal?.aborted) {
            skipped++;
            continue;
        }
        asked++;
        keep(sha, await pullOfCommit(ctx, where, sha, counter, known, writers));
    }
    return { asked, skipped, failed };
}

// EXTERNAL MODULE: ./src/roster/roster-files.ts
var roster_files = __webpack_require__(9730);
// EXTERNAL MODULE: ./src/roster/parse.ts
var parse = __webpack_require__(7888);
// EXTERNAL MODULE: ./src/roster/digest.ts
var digest = __webpack_require__(4015);
// EXTERNAL MODULE: ./src/roster/roster.ts
var roster_roster = __webpack_require__(2768);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: ./src/roster/drift.ts
var drift = __webpack_require__(8084);
;// CONCATENATED MODULE: ./src/review/review.ts

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const REVIEW_DEFAULTS = { unusedDays: 90, endingDays: 30, delayHours: 24, periodDays: 90 };
/** The key of a leaver's apply times in AccessReviewInput.records: their change's commit and their system_id. */
function leaverRecordKey(commit, systemId) {
    return `${commit}\u0000${systemId}`;
}
const FLAGS = ['unmanaged', 'not-granted', 'ending', 'unused', 'use-unknown', 'no-approval'];
/** An instant from DoorFlow's text; undefined when absent or not a date. */
function instant(text) {
    if (!text)
        return undefined;
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : ms;
}
/** Whether DoorFlow lets the person through now: enabled and inside the validity window. */
function canEnter(person, now) {
    if (!person.enabled)
        return false;
    const from = instant(person.valid_from);
    const to = instant(person.valid_to);
    return (from === undefined || from <= now) && (to === undefined || to >= now);
}
function grantKey(systemId, group) {
    return `${systemId}\u0000${group}`;
}
function personName(p) {
    return `${p.first_name} ${p.last_name}`.trim();
}
/** The review, as of options.asOf. */
function accessReview(input, options) {
    const now = options.asOf;
    const windowStart = now - options.unusedDays * DAY_MS;
    const endingBy = now + options.endingDays * DAY_MS;
    const groupName = new Map(input.groups.map(g => [g.id, g.name]));
    const byGroup = new Map(input.groups.map(g => [g.id, []]));
    const flagged = zeroFlags();
    const inside = new Set();
    let grants = 0;
    const notes = [...input.historyNotes];
    const unknownGroups = new Set();
    for (const person of input.people) {
        if (!canEnter(person, now) || !person.groups.length)
            continue;
        const sid = person.system_id;
        const managed = !!(sid && input.roster?.managed(sid));
        const rosterGroups = sid ? input.roster?.grants.get(sid) : undefined;
        const validTo = instant(person.valid_to);
        const last = input.usage.lastUsed.get(person.id);
        const usedInWindow = last !== undefined && last >= windowStart;
        for (const gid of new Set(person.groups)) {
            const name = groupName.get(gid);
            if (name === undefined) {
                unknownGroups.add(gid);
                continue;
            }
            inside.add(person.id);
            grants++;
            const flags = [];
            const source = !managed ? 'unmanaged' : rosterGroups?.has(name) ? 'roster' : 'not-granted';
            if (source !== 'roster')
                flags.push(source);
            if (validTo !== undefined && validTo <= endingBy)
                flags.push('ending');
            if (!usedInWindow)
                flags.push(input.usage.complete ? 'unused' : 'use-unknown');
            const member = {
                doorflowId: person.id,
                name: personName(person),
                systemId: sid,
                ...(validTo === undefined ? {} : { validTo }),
                source,
                ...(last === undefined ? {} : { lastUsed: last }),
                flags
            };
            if (source === 'roster') {
                const commit = input.grants.get(grantKey(sid, name));
                if (!commit) {
                    member.grant = { commit: '', at: 0, why: 'the roster history read does not show when this was granted' };
                    flags.push('no-approval');
                }
                else {
                    const pull = input.pulls.get(commit.commit);
                    if (pull === undefined || typeof pull === 'string') {
                        member.grant = { ...commit, why: pull ?? 'its pull request was not looked up' };
                        flags.push('no-approval');
                    }
                    else {
                        member.grant = { ...commit, pull };
                        if (!pull.approvers.length)
                            flags.push('no-approval');
                    }
                }
            }
            for (const f of flags)
                flagged[f]++;
            byGroup.get(gid).push(member);
        }
    }
    if (unknownGroups.size)
        notes.push(`${(0,format/* plural */.LS)(unknownGroups.size, 'group id')} that people hold ${(0,format/* verb */.w3)(unknownGroups.size, 'is', 'are')} not in DoorFlow's list of groups (${[...unknownGroups].slice(0, 10).join(', ')}); their access is not in this review.`);
    const groups = input.groups
        .map(g => {
        const members = byGroup.get(g.id).sort((a, b) => a.name.localeCompare(b.name) || a.doorflowId - b.doorflowId);
        const counts = { ...zeroFlags(), members: members.length, roster: 0 };
        for (const m of members) {
            if (m.source === 'roster')
                counts.roster++;
            for (const f of m.flags)
                counts[f]++;
        }
        return { id: g.id, name: g.name, members, counts };
    })
        .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
    const leavers = reviewLeavers(input, options);
    if (!input.usage.complete)
        notes.push(`DoorFlow's events were read back to ${new Date(input.usage.coveredFrom).toISOString()} only, not to the window's start ` +
            `(${new Date(windowStart).toISOString()}): ${input.usage.stoppedWhy ?? 'the read stopped early'}. Access not seen used since then ` +
            `is marked "use unknown", not unused.`);
    const { lastUsed: _lastUsed, ...usage } = input.usage;
    return {
        options,
        groups,
        leavers,
        usage: { ...usage, windowStart },
        counts: {
            groups: groups.length,
            people: inside.size,
            grants,
            flagged,
            leavers: leavers.length,
            leaversFlagged: leavers.filter(l => l.flags.length).length
        },
        notes
    };
}
function zeroFlags() {
    return Object.fromEntries(FLAGS.map(f => [f, 0]));
}
/**
 * Each person the roster disabled or removed in the period (by the merge time, else the commit's),
 * the latest change per person, with the times of the apply record of the push that carried it. The
 * delay runs from the merge to the doors: confirmed, else synced, else applied.
 */
function reviewLeavers(input, options) {
    const now = options.asOf;
    const from = now - options.periodDays * DAY_MS;
    const limit = options.delayHours * HOUR_MS;
    const bySystemId = new Map();
    for (const p of input.people)
        if (p.system_id)
            bySystemId.set(p.system_id, [...(bySystemId.get(p.system_id) ?? []), p]);
    const latest = new Map();
    for (const change of input.leavers) {
        const seen = latest.get(change.systemId);
        if (!seen || change.at >= seen.at)
            latest.set(change.systemId, change);
    }
    const out = [];
    for (const change of latest.values()) {
        const found = input.pulls.get(change.commit);
        const pull = typeof found === 'object' ? found : undefined;
        const record = input.records.get(leaverRecordKey(change.commit, change.systemId));
        const merged = pull?.mergedAt ?? record?.merged;
        const when = merged ?? change.at;
        if (when < from || when > now)
            continue;
        const doors = record?.confirmed ?? record?.synced ?? record?.applied;
        const delayMs = merged !== undefined && doors !== undefined ? Math.max(0, doors - merged) : undefined;
        const stillHasAccess = (bySystemId.get(change.systemId) ?? []).some(p => canEnter(p, now) && p.groups.length > 0);
        const flags = [];
        if (stillHasAccess)
            flags.push('still has access in DoorFlow');
        if (!record)
            flags.push(input.recordProblems?.get(leaverRecordKey(change.commit, change.systemId)) ?? 'no apply record found');
        else if (record.synced === undefined)
            flags.push('applied but no sync recorded');
        if (delayMs !== undefined && delayMs > limit)
            flags.push(`delay over ${options.delayHours} h`);
        if (merged === undefined)
            flags.push(typeof found === 'string' ? `no pull request: ${found}` : 'merge time unknown');
        out.push({
            ...change,
            ...(pull ? { pull } : {}),
            ...(merged === undefined ? {} : { merged }),
            ...(record ? { applied: record.applied } : {}),
            ...(record?.synced === undefined ? {} : { synced: record.synced }),
            ...(record?.confirmed === undefined ? {} : { confirmed: record.confirmed }),
            ...(delayMs === undefined ? {} : { delayMs }),
            stillHasAccess,
            flags
        });
    }
    return out.sort((a, b) => (a.merged ?? a.at) - (b.merged ?? b.at) || a.systemId.localeCompare(b.systemId));
}

;// CONCATENATED MODULE: ./src/review/history.ts
/**
 * The roster's history, as the review reads it: the roster at each commit that changed it, oldest
 * first, gives the commit that last granted each group to each person (the step from "not granted"
 * to "granted": listed, enabled, the group named) and each person the roster disabled or removed.
 * Pure: git.ts reads the snapshots. One snapshot at a time is held beside the state, so 10,000
 * people over hundreds of commits stay in memory once.
 */

/** The fold over the history: feed snapshots oldest first, then read `grants` and `leavers`. */
class GrantHistory {
    grants = new Map();
    leavers = [];
    /** Commits whose roster could not be read. */
    unreadable = [];
    commits = 0;
    previous = new Map();
    add(snapshot) {
        this.commits++;
        if (!snapshot.people) {
            this.unreadable.push(snapshot.commit);
            return;
        }
        const { commit, at } = snapshot;
        for (const [id, now] of snapshot.people) {
            const before = this.previous.get(id);
            if (!now.enabled) {
                if (before?.enabled)
                    this.leavers.push({ systemId: id, name: now.name, change: 'disabled', commit, at });
                continue;
            }
            const had = before?.enabled ? new Set(before.groups) : undefined;
            for (const group of now.groups)
                if (!had?.has(group))
                    this.grants.set(grantKey(id, group), { commit, at });
        }
        for (const [id, before] of this.previous)
            if (!snapshot.people.has(id) && before.enabled)
                this.leavers.push({ systemId: id, name: before.name, change: 'removed', commit, at });
        this.previous = snapshot.people;
    }
    /**
     * The commits the review needs the pull requests of: the last grant of each grant still in force
     * (`inForce`: grant keys), and each leaver's change committed since `since` (ms). The history is read
     * along the first parent, so a commit is what was pushed to the branch: its time is the merge's.
     */
    commitsToLookUp(inForce, since) {
        const out = new Set();
        for (const key of inForce) {
            const g = this.grants.get(key);
            if (g)
                out.add(g.commit);
        }
        for (const l of this.leavers)
            if (l.at >= since)
                out.add(l.commit);
        return [...out];
    }
}

;// CONCATENATED MODULE: ./src/review/git.ts
/**
 * The roster's history from git in the workspace, for the review: every commit along the first
 * parent that changed the roster path (what was pushed to the branch: a merge commit, a squash, the
 * last of a rebase), oldest first, and the roster as it stood at each. Each file is sized, then read by
 * its blob id and parsed by the roster's own parser once per blob, so a directory of rosters costs one
 * parse per file version, not per commit. A commit whose own files the apply refuses (too big, not
 * UTF-8, problems) granted nothing: the reading before it stands; so does a commit git could not give,
 * said apart. Bounded: the newest MAX_HISTORY_COMMITS commits, the roster's own file limits (a file
 * over them is never read), and the budget (the walk stops while `reserveMs` is left, and says so).
 * The checkout needs the history (`fetch-depth: 0`); a shallow one is said.
 */







/** The most commits of the roster's history read. */
const MAX_HISTORY_COMMITS = 5000;
const GIT_TIMEOUT_MS = 30_000;
/** git as a child process in `env` (the runner's, runner.ts), never prompting for credentials. */
const historyGitIn = (env) => (args, cwd, maxBytes, input) => new Promise((resolve, reject) => {
    const child = (0,external_node_child_process_.execFile)('git', ['-c', 'core.quotepath=off', ...args], {
        cwd,
        encoding: input === undefined ? 'utf8' : 'latin1',
        timeout: GIT_TIMEOUT_MS,
        maxBuffer: maxBytes,
        env: { ...env, GIT_TERMINAL_PROMPT: '0' }
    }, (err, stdout, stderr) => {
        if (err)
            reject(new Error((0,untrusted/* untrusted */.bp)(stderr || err.message, 300)));
        else
            resolve(stdout);
    });
    // git may close its input before reading it all (it failed, or needs none): its exit says so, not EPIPE.
    child.stdin?.on('error', () => { });
    child.stdin?.end(input);
});
/** Bytes as git gave them (latin1, one character a byte) read as UTF-8; undefined when they are not UTF-8. */
function strictUtf8(latin1) {
    try {
        return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(latin1, 'latin1'));
    }
    catch {
        return undefined;
    }
}
/** A name as git gave it byte for byte: as UTF-8 when it is, and whether it is. */
function utf8Name(latin1) {
    const file = strictUtf8(latin1);
    return file === undefined
        ? { file: Buffer.from(latin1, 'latin1').toString('utf8'), utf8: false }
        : { file, utf8: true };
}
/** A file right inside the directory `root` ('.' for the workspace's top), not in a subdirectory. */
const inDirectory = (file, root) => root === '.' ? !file.includes('/') : file.startsWith(`${root}/`) && !file.slice(root.length + 1).includes('/');
/**
 * The grant history of the roster at `path` (relative to `workspace`, a file or a directory).
 * `stop()` is asked before each commit: true ends the walk early, and a note says how far it got.
 */
async function readHistory(workspace, path, stop, git) {
    const history = new GrantHistory();
    const notes = [];
    const root = (0,drift/* normalPath */.FE)(path).replace(/\/+$/, '') || '.';
    try {
        if ((await git(['rev-parse', '--is-shallow-repository'], workspace, 1024)).trim() === 'true')
            notes.push('The checkout is shallow: grants made before its first commit are not traced (check out with fetch-depth: 0).');
    }
    catch (err) {
        notes.push(`The roster's history could not be read: ${err.message}`);
        return { history, notes };
    }
    // The newest MAX_HISTORY_COMMITS and one more (to know whether any were left out), newest first:
    // git stops there, so a history of any length fits the buffer.
    let log;
    try {
        log = await git([
            'log',
            '--first-parent',
            `--max-count=${MAX_HISTORY_COMMITS + 1}`,
            '--format=%H %ct',
            '--no-renames',
            '--',
            root
        ], workspace, (MAX_HISTORY_COMMITS + 1) * 96);
    }
    catch (err) {
        notes.push(`The roster's history could not be read: ${err.message}`);
        return { history, notes };
    }
    let commits = log
        .split('\n')
        .map(line => /^([0-9a-f]{40}|[0-9a-f]{64}) (\d+)$/.exec(line.trim()))
        .filter((m) => m !== null)
        .map(m => ({ sha: m[1], at: Number(m[2]) * 1000 }));
    if (commits.length > MAX_HISTORY_COMMITS) {
        commits = commits.slice(0, MAX_HISTORY_COMMITS);
        notes.push(`The roster has ${await countCommits(git, workspace, root)} commits; the newest ${MAX_HISTORY_COMMITS.toLocaleString('en-US')} were read, so an older grant is traced to the first of them.`);
    }
    commits.reverse();
    const files = new BlobCache();
    let gitFailed = 0;
    for (const [i, { sha, at }] of commits.entries()) {
        if (stop()) {
            notes.push(`The roster's history was read up to commit ${i} of ${commits.length} only (the time budget); later grants are not traced.`);
            break;
        }
        let tree;
        try {
            // Read byte for byte (latin1, as with input): a name that is not UTF-8 is told apart below.
            tree = await git(['ls-tree', '-z', sha, '--', root === '.' ? '.' : root, ...(root === '.' ? [] : [`${root}/`])], workspace, 16 * 1024 * 1024, '');
        }
        catch {
            gitFailed++;
            history.add({ commit: sha, at, people: undefined });
            continue;
        }
        const blobs = tree
            .split('\0')
            // A name may hold any byte but NUL, a line feed too: everything after the tab.
            .map(entry => /^(\d+) (\w+) ([0-9a-f]+)\t([^]+)$/.exec(entry))
            .filter((m) => m !== null)
            .map(m => ({ mode: m[1], type: m[2], blob: m[3], ...utf8Name(m[4]) }))
            .filter(b => b.file === root || (inDirectory(b.file, root) && (0,roster_files/* isRosterFileName */.Hc)(b.file.slice(b.file.lastIndexOf('/') + 1))));
        // The apply refuses a roster file that is a link (its target is not in the diff), anything not a
        // regular file (a directory or a submodule named *.yaml) and a name that is not UTF-8: such a
        // commit granted nothing.
        const refusedByApply = (b) => b.type !== 'blob' || (b.mode !== '100644' && b.mode !== '100755') || !b.utf8;
        if (!blobs.length || blobs.length > roster_files/* MAX_FILES */.BE || blobs.some(refusedByApply)) {
            history.add({ commit: sha, at, people: blobs.length ? undefined : new Map() });
            continue;
        }
        const people = await snapshotOf(blobs, files, git, workspace);
        if (people === GIT_FAILED)
            gitFailed++;
        history.add({ commit: sha, at, people: people === GIT_FAILED ? undefined : people });
    }
    const refused = history.unreadable.length - gitFailed;
    if (refused)
        notes.push(`${(0,format/* plural */.LS)(refused, 'commit')} of the roster's history had problems, so the apply refused ${(0,format/* verb */.w3)(refused, 'it', 'them')} and ${(0,format/* verb */.w3)(refused, 'it', 'they')} granted nothing.`);
    if (gitFailed)
        notes.push(`${(0,format/* plural */.LS)(gitFailed, 'commit')} of the roster's history could not be read from git; what ${(0,format/* verb */.w3)(gitFailed, 'it', 'they')} granted is traced to a later commit.`);
    return { history, notes };
}
/** How many commits along the first parent changed `root` ("more than MAX_HISTORY_COMMITS" when git cannot say). */
async function countCommits(git, workspace, root) {
    try {
        const count = (await git(['rev-list', '--first-parent', '--count', 'HEAD', '--', root], workspace, 64)).trim();
        if (/^\d+$/.test(count))
            return Number(count).toLocaleString('en-US');
    }
    catch {
        // The count is only for the note.
    }
    return `more than ${MAX_HISTORY_COMMITS.toLocaleString('en-US')}`;
}
/** snapshotOf's answer when git could not give a file of the commit: nothing is judged by it, and it is asked again. */
const GIT_FAILED = Symbol('git failed');
/**
 * The file versions met so far, by blob id: each one's size (`git cat-file --batch-check`) and its
 * people, or undefined when the apply refuses it (not UTF-8, problems). Only what a blob's own bytes
 * decide is kept: a read that failed leaves the blob to be read again, never marked unreadable.
 */
class BlobCache {
    sizes = new Map();
    parsed = new Map();
}
/**
 * The people of one commit's roster files, as the apply reads them: undefined when it refuses them (a
 * file over MAX_FILE_BYTES, more than MAX_TOTAL_BYTES together, not UTF-8, a problem), GIT_FAILED when
 * git could not give one. Versions not met before are sized with one `git cat-file --batch-check`, then
 * those the caps allow are read with one `git cat-file --batch` (one by one if that fails): a few
 * processes a commit, not one a file. A file too big is never read, so it cannot crowd out the others.
 */
async function snapshotOf(blobs, cache, git, workspace) {
    const unsized = [...new Set(blobs.map(b => b.blob).filter(id => !cache.sizes.has(id)))];
    if (unsized.length) {
        try {
            for (const [id, size] of await blobSizes(git, workspace, unsized))
                cache.sizes.set(id, size);
        }
        catch {
            return GIT_FAILED;
        }
    }
    let total = 0;
    for (const { blob } of blobs) {
        const size = cache.sizes.get(blob);
        if (size === undefined)
            return GIT_FAILED;
        if (size > roster_files/* MAX_FILE_BYTES */.gZ)
            return undefined;
        total += size;
    }
    if (total > roster_files/* MAX_TOTAL_BYTES */.gx)
        return undefined;
    const fresh = new Map();
    for (const { blob, file } of blobs)
        if (!cache.parsed.has(blob))
            fresh.set(blob, { size: cache.sizes.get(blob) ?? 0, file });
    if (fresh.size)
        for (const [id, raw] of await readBlobs(git, workspace, [...fresh].map(([id, { size }]) => ({ id, size }))))
            cache.parsed.set(id, parseFile(raw, fresh.get(id)?.file ?? id));
    const people = new Map();
    let refused = false;
    for (const { blob } of blobs) {
        if (!cache.parsed.has(blob))
            return GIT_FAILED;
        const found = cache.parsed.get(blob);
        if (!found)
            refused = true;
        else
            for (const [id, p] of found)
                people.set(id, p);
    }
    return refused ? undefined : people;
}
/** The sizes of these blobs, by id, from one `git cat-file --batch-check`; one git does not have is absent. */
async function blobSizes(git, workspace, ids) {
    const out = await git(['cat-file', '--batch-check'], workspace, ids.length * 128, `${ids.join('\n')}\n`);
    const sizes = new Map();
    for (const line of out.split('\n')) {
        const m = /^([0-9a-f]+) blob (\d+)$/.exec(line);
        if (m)
            sizes.set(m[1], Number(m[2]));
    }
    return sizes;
}
/**
 * The bytes of these blobs (one character a byte), by id, from one `git cat-file --batch` whose buffer
 * is their sizes; when it fails, each is read alone, and one git cannot give is absent.
 */
async function readBlobs(git, workspace, blobs) {
    try {
        const out = await git(['cat-file', '--batch'], workspace, blobs.reduce((n, b) => n + b.size + 128, 0), `${blobs.map(b => b.id).join('\n')}\n`);
        return batchAnswers(out);
    }
    catch {
        const texts = new Map();
        if (blobs.length > 1)
            for (const blob of blobs)
                for (const [id, raw] of await readBlobs(git, workspace, [blob]))
                    texts.set(id, raw);
        return texts;
    }
}
/** `git cat-file --batch`'s answers (each `<id> blob <size>`, the bytes, a newline), whole ones only. */
function batchAnswers(out) {
    const texts = new Map();
    let at = 0;
    while (at < out.length) {
        const eol = out.indexOf('\n', at);
        if (eol < 0)
            break;
        const head = /^([0-9a-f]+) blob (\d+)$/.exec(out.slice(at, eol));
        if (!head) {
            at = eol + 1;
            continue;
        }
        const size = Number(head[2]);
        if (eol + 1 + size <= out.length)
            texts.set(head[1], out.slice(eol + 1, eol + 1 + size));
        at = eol + 1 + size + 1;
    }
    return texts;
}
/** One file version's people, or undefined when the apply refuses it: not UTF-8 (as roster-files.ts reads it), or a problem. */
function parseFile(raw, file) {
    const text = strictUtf8(raw);
    if (text === undefined)
        return undefined;
    const { roster, problems } = (0,parse/* parseRoster */.Rh)([{ file, text }]);
    if (problems.length)
        return undefined;
    return new Map(roster.people.map(p => [
        p.id,
        {
            name: `${String(p.fields.first_name ?? '')} ${String(p.fields.last_name ?? '')}`.trim(),
            enabled: p.fields.enabled !== false,
            groups: p.groups
        }
    ]));
}

;// CONCATENATED MODULE: ./src/review/markdown.ts
/**
 * The review as Markdown for the job summary: counts first, then what the events read did not cover,
 * the leavers, and each group folded (`<details>`), its flagged members first. A job summary holds
 * 1 MiB per step (GitHub: "Job summary: at most 1 MiB per step; larger ones are not uploaded", so one
 * byte over loses all of it), and the text stays under SUMMARY_MAX_BYTES whatever the input: every
 * piece is measured as written (after inertMarkdown, which makes a punctuation mark up to 12 bytes),
 * the groups' folded lines with their counts take at most three quarters of the room and the groups
 * past it are one counted line, and the rows that do not fit are counted; all of it is in the CSV and
 * JSON files. Every name, id and login is text this action did not write and goes through
 * inertMarkdown (untrusted.ts): it cannot open a link, an image, HTML or a table cell, nor start a
 * workflow command. Links are only the ones made here.
 */



/** The summary's budget, under GitHub's 1 MiB a step with room for what else the step writes. */
const SUMMARY_MAX_BYTES = 900_000;
const FLAG_WORDS = {
    unmanaged: 'no roster manages',
    'not-granted': 'the roster does not grant',
    ending: 'ends soon',
    unused: 'not used',
    'use-unknown': 'use unknown',
    'no-approval': 'no approval found'
};
const day = (ms) => (ms === undefined ? '—' : new Date(ms).toISOString().slice(0, 10));
const time = (ms) => ms === undefined ? '—' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
/** A delay: "2 min 40 s" under an hour, "30.0 h" from one. */
const delay = (ms) => (ms < HOUR_MS ? (0,format/* duration */.p0)(ms) : `${(ms / HOUR_MS).toFixed(1)} h`);
function pullText(n, o) {
    return o.pullUrl ? `[#${n}](${o.pullUrl(n)})` : `pull request ${n}`;
}
function grantCell(m, o) {
    if (m.source !== 'roster')
        return '—';
    const g = m.grant;
    if (!g?.pull)
        return `⚠️ ${(0,untrusted/* inertMarkdown */.Ic)(g?.why ?? 'unknown', 200)}`;
    const who = g.pull.approvers.length
        ? `approved by ${g.pull.approvers.map(a => (0,untrusted/* inertMarkdown */.Ic)(a, 60)).join(', ')}`
        : '⚠️ no approving review';
    return `${pullText(g.pull.number, o)}, merged ${day(g.pull.mergedAt)}, ${who}`;
}
function memberRow(m, o) {
    const flags = m.flags.map(f => FLAG_WORDS[f]).join(', ') || '—';
    const id = m.systemId === null ? `DoorFlow ${m.doorflowId}` : (0,untrusted/* inertMarkdown */.Ic)(m.systemId, 100);
    return `| ${(0,untrusted/* inertMarkdown */.Ic)(m.name, 120) || '—'} | ${id} | ${grantCell(m, o)} | ${day(m.lastUsed)} | ${day(m.validTo)} | ${flags} |`;
}
const MEMBER_HEAD = '| Person | Id | Granted by | Last used | Ends | Flags |\n| --- | --- | --- | --- | --- | --- |';
const NOBODY = 'Nobody can open this group now.\n';
const CLOSING = '\n</details>\n';
/** Room kept for one "…and N more leavers/groups" line (under 100 bytes at any count). */
const FOLD_LINE_MAX = 120;
const moreLine = (n) => `\n…and ${(0,format/* headcount */.sg)(n)} more, in the files.\n`;
function groupHead(g) {
    const flagged = g.members.filter(m => m.flags.length).length;
    return `<details><summary>${(0,untrusted/* inertMarkdown */.Ic)(g.name, 120)}: ${(0,format/* headcount */.sg)(g.counts.members)}, ${g.counts.roster} by the roster, ${flagged} flagged</summary>\n\n`;
}
/** The bytes a group takes with none of its rows: its folded line, table head, "…and N more" line and closing. */
function groupFixedBytes(g) {
    const body = g.members.length ? `${MEMBER_HEAD}\n${moreLine(g.members.length)}` : NOBODY;
    return Buffer.byteLength(groupHead(g) + body + CLOSING);
}
function leaverRow(l, o) {
    const pr = l.pull ? pullText(l.pull.number, o) : '—';
    const flags = l.flags.length ? `⚠️ ${l.flags.map(f => (0,untrusted/* inertMarkdown */.Ic)(f, 200)).join('; ')}` : '—';
    return `| ${(0,untrusted/* inertMarkdown */.Ic)(l.name, 120) || '—'} | ${(0,untrusted/* inertMarkdown */.Ic)(l.systemId, 100)} | ${l.change} | ${pr} | ${time(l.merged)} | ${time(l.applied)} | ${time(l.synced)} | ${l.delayMs === undefined ? '—' : delay(l.delayMs)} | ${flags} |`;
}
/** The review as Markdown, under `maxBytes`. */
function reviewMarkdown(review, o = {}) {
    const max = o.maxBytes ?? SUMMARY_MAX_BYTES;
    const c = review.counts;
    const opt = review.options;
    const head = [
        `## DoorFlow access review as of ${time(opt.asOf)}`,
        '',
        `${(0,format/* plural */.LS)(c.groups, 'group')}, ${(0,format/* headcount */.sg)(c.people)} who can enter now, ${(0,format/* plural */.LS)(c.grants, 'grant')}; ${(0,format/* plural */.LS)(c.leavers, 'leaver')} in the last ${opt.periodDays} days (${c.leaversFlagged} flagged).`,
        '',
        '| Flag | Grants |',
        '| --- | --- |',
        ...FLAGS.map(f => `| ${FLAG_WORDS[f]}${flagDetail(f, review)} | ${c.flagged[f]} |`),
        ''
    ];
    const u = review.usage;
    head.push(u.complete
        ? `Usage: ${(0,format/* plural */.LS)(u.events, 'admit event')} read in ${(0,format/* plural */.LS)(u.pages, 'page')}, the whole window back to ${day(u.windowStart)}.`
        : `> ⚠️ **Usage not fully read.** DoorFlow's events were read back to ${time(u.coveredFrom)} only, not to ${day(u.windowStart)} ` +
            `(${(0,untrusted/* inertMarkdown */.Ic)(u.stoppedWhy ?? 'the read stopped early', 300)}). Access not seen used since then is "use unknown": ` +
            `nobody is called unused.`, '');
    // Notes take at most an eighth of the budget; past it they are counted and left to the JSON file.
    const notes = review.notes.filter(n => !n.startsWith("DoorFlow's events were read"));
    let notesRoom = Math.floor(max / 8);
    for (const [i, note] of notes.entries()) {
        const line = `> ${(0,untrusted/* inertMarkdown */.Ic)(note, 1000)}\n`;
        if (Buffer.byteLength(line) + 1 > notesRoom) {
            head.push(`> …and ${(0,format/* plural */.LS)(notes.length - i, 'more note')}: in the JSON file.`, '');
            break;
        }
        notesRoom -= Buffer.byteLength(line) + 1;
        head.push(line.slice(0, -1), '');
    }
    let out = head.join('\n');
    // Leavers: each a row; they are few and what an auditor reads first after the counts.
    const leaverHead = `### Leavers in the period\n\n${review.leavers.length
        ? '| Person | Id | Change | Pull request | Merged | Applied | Synced | Delay | Flags |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n'
        : `Nobody was disabled or removed by the roster in the last ${opt.periodDays} days.\n`}`.replace('\n\n', `\n\nThe delay runs from the merge to the doors (confirmed, else synced, else applied); over ${opt.delayHours} h is flagged.\n\n`);
    out += `\n${leaverHead}`;
    const groupsHead = '\n### Groups\n\n';
    const filesNote = `_Every row is in the review's CSV and JSON files${o.filesAt ? ` (${o.filesAt})` : ''}._`;
    const tail = `\n${filesNote}\n`;
    // What is left once the fixed words are in, with room for the two "…and N more" lines (leavers, groups).
    const room = Math.max(0, max - Buffer.byteLength(out) - Buffer.byteLength(groupsHead) - Buffer.byteLength(tail) - 2 * FOLD_LINE_MAX);
    // Each group's folded line, its table head, its closing and its "…and N more" line, measured as written (after
    // inertMarkdown, which makes a punctuation mark up to 12 bytes). They take at most three quarters of the room;
    // the groups past that are one line, counted, and are in the files.
    const fixed = review.groups.map(groupFixedBytes);
    let headsRoom = Math.floor((room * 3) / 4);
    let groupsShown = 0;
    for (const bytes of fixed) {
        if (bytes > headsRoom)
            break;
        headsRoom -= bytes;
        groupsShown++;
    }
    let budget = room - fixed.slice(0, groupsShown).reduce((n, b) => n + b, 0);
    let leftOut = 0;
    for (const [i, l] of review.leavers.entries()) {
        const row = `${leaverRow(l, o)}\n`;
        if (Buffer.byteLength(row) > budget / 2) {
            leftOut = review.leavers.length - i;
            break;
        }
        budget -= Buffer.byteLength(row);
        out += row;
    }
    if (leftOut)
        out += `\n…and ${(0,format/* plural */.LS)(leftOut, 'more leaver')}: not shown here for room.\n`;
    out += groupsHead;
    // Each group's rows get an even share of what is left; what a group does not use passes on to the next.
    for (const [i, g] of review.groups.slice(0, groupsShown).entries()) {
        const share = Math.floor(budget / (groupsShown - i));
        let rows = '';
        let used = 0;
        const ordered = [...g.members.filter(m => m.flags.length), ...g.members.filter(m => !m.flags.length)];
        let shown = 0;
        for (const m of ordered) {
            const row = `${memberRow(m, o)}\n`;
            const size = Buffer.byteLength(row);
            if (used + size > share)
                break;
            rows += row;
            used += size;
            shown++;
        }
        budget -= used;
        out += groupHead(g);
        if (!g.members.length)
            out += NOBODY;
        else
            out += `${MEMBER_HEAD}\n${rows}${shown < ordered.length ? moreLine(ordered.length - shown) : ''}`;
        out += CLOSING;
    }
    const folded = review.groups.length - groupsShown;
    if (folded)
        out += `\n…and ${(0,format/* plural */.LS)(folded, 'more group')}: in the files (access-review.csv/json).\n`;
    return out + tail;
}
function flagDetail(f, r) {
    const o = r.options;
    if (f === 'ending')
        return ` (within ${o.endingDays} days)`;
    if (f === 'unused')
        return ` (in ${o.unusedDays} days)`;
    return '';
}

// EXTERNAL MODULE: ./src/github/comment-history.ts
var comment_history = __webpack_require__(2439);
// EXTERNAL MODULE: ./src/roster/apply-record.ts
var apply_record = __webpack_require__(9129);
;// CONCATENATED MODULE: ./src/review/leaver-records.ts






const EDITS = {
    label: 'Asking GitHub who last edited the apply records of the leavers',
    service: (0,github_operations/* gitHubService */.DL)('github-token'),
    forbidden: 'GitHub would not say who last edited the apply records, so their times are not used.'
};
async function leaverRecords(ctx, input, counter) {
    const out = { records: new Map(), problems: new Map(), notes: [] };
    const chosen = [];
    const problem = (sha, why) => {
        for (const l of input.leavers)
            if (l.commit === sha)
                out.problems.set(leaverRecordKey(sha, l.systemId), why);
    };
    for (const sha of new Set(input.leavers.map(l => l.commit))) {
        const pull = input.pulls.get(sha);
        if (typeof pull !== 'object' || input.stop())
            continue;
        const read = await commentsBy(ctx, input.github, pull.number, input.github.recordAuthor, counter);
        if ('none' in read) {
            out.notes.push(`${read.none}: its leavers show no apply record.`);
            problem(sha, 'the comments of its pull request could not be read');
            continue;
        }
        const comment = read.comments.find(c => (0,comments/* firstLineIs */.pL)(c.body, (0,apply_record/* recordMarker */.Iy)(input.roster)));
        if (!comment) {
            if (read.cut)
                problem(sha, `more than ${MAX_COMMENTS} comments: the record was not looked for past them`);
            continue;
        }
        const record = (0,apply_record/* readRecord */.aE)(comment.body);
        if (!record || record.roster !== input.roster) {
            problem(sha, 'its apply record cannot be read');
            continue;
        }
        // A rebase merge records its last commit, the pull request's merge commit; any other merge, the leaver's.
        // With no merge commit known (a cache written before it kept them), a record of another commit is not taken.
        const merge = pull.mergeCommit;
        if (record.commit !== sha && record.commit !== merge) {
            problem(sha, merge === undefined
                ? `its apply record is of commit ${record.commit.slice(0, 12)}, and the pull request's merge commit is not known to hold it against`
                : `its apply record is of another commit (${record.commit.slice(0, 12)})`);
            continue;
        }
        chosen.push({ sha, comment });
    }
    if (!chosen.length)
        return out;
    const ids = chosen.flatMap(c => (c.comment.nodeId === undefined ? [] : [c.comment.nodeId]));
    const edits = ids.length
        ? await (0,comment_history/* recordEdits */.l8)(ctx, input.github.apiUrl, input.github.token, ids, EDITS, counter)
        : new Map();
    for (const { sha, comment } of chosen) {
        const edit = comment.nodeId === undefined ? undefined : edits.get(comment.nodeId);
        if (!edit)
            problem(sha, 'apply record could not be checked (GitHub gave no node_id to ask who edited it)');
        else if ('edited' in edit)
            problem(sha, `apply record edited by someone else (${edit.edited}): its times are not used`);
        else if ('unknown' in edit)
            problem(sha, `apply record could not be checked (who last edited it: ${edit.unknown})`);
        else
            for (const leaver of input.leavers.filter(l => l.commit === sha)) {
                const times = input.recordTimes(comment.body, input.ids(leaver.systemId), input.roster);
                if (times)
                    out.records.set(leaverRecordKey(sha, leaver.systemId), times);
            }
    }
    return out;
}

;// CONCATENATED MODULE: ./src/review/files.ts
/**
 * The review as files for a compliance tool: `access-review.csv` (one row per person and group),
 * `leavers.csv` (one row per leaver) and `access-review.json` (the whole review). Every text this
 * action did not write (names, system_ids, logins, reasons) goes through untrusted() (one line,
 * capped, no control or invisible characters), and a CSV cell that a spreadsheet would take as a
 * formula (one starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is written with a
 * leading `'`, as OWASP's "CSV Injection" advises; every cell is quoted.
 */

/** A piece of text as it may stand in a file: gated, at most `max` characters. */
const files_text = (value, max = 300) => (0,untrusted/* untrusted */.bp)(value ?? '', max);
const isoOf = (ms) => (ms === undefined ? '' : new Date(ms).toISOString());
/**
 * One CSV cell: formula-safe, quoted, quotes doubled. The formula check looks at the first character that shows: an
 * invisible one in front (U+061C, a zero-width space) would hide `=` from it and not from a spreadsheet. Cells are
 * gated by untrusted(), which removes those characters first; this check does not rely on it.
 */
function csvCell(value) {
    let s = value === undefined ? '' : String(value);
    if (/^[=+\-@\t\r]/.test((0,untrusted/* withoutInvisible */.OT)(s)))
        s = `'${s}`;
    return `"${s.replace(/"/g, '""')}"`;
}
const row = (cells) => `${cells.map(csvCell).join(',')}\r\n`;
const ACCESS_COLUMNS = [
    'group_id',
    'group',
    'doorflow_id',
    'name',
    'system_id',
    'source',
    'valid_to',
    'last_used',
    'grant_commit',
    'pull_request',
    'merged_at',
    'approvers',
    'grant_note',
    'flags'
];
const LEAVER_COLUMNS = [
    'system_id',
    'name',
    'change',
    'commit',
    'pull_request',
    'merged_at',
    'applied_at',
    'synced_at',
    'confirmed_at',
    'delay_hours',
    'still_has_access',
    'flags'
];
/** access-review.csv, written in pieces (a generator) so 500,000 rows never make one string. */
function* accessCsv(review) {
    yield row([...ACCESS_COLUMNS]);
    for (const g of review.groups)
        for (const m of g.members)
            yield row(accessCells(g.id, g.name, m));
}
function accessCells(groupId, group, m) {
    const pull = m.grant?.pull;
    return [
        groupId,
        files_text(group),
        m.doorflowId,
        files_text(m.name),
        files_text(m.systemId),
        m.source,
        isoOf(m.validTo),
        isoOf(m.lastUsed),
        m.grant?.commit || undefined,
        pull?.number,
        isoOf(pull?.mergedAt),
        pull?.approvers.map(a => files_text(a, 100)).join(' '),
        m.grant?.why === undefined ? undefined : files_text(m.grant.why),
        m.flags.join(' ')
    ];
}
function leaversCsv(review) {
    return [row([...LEAVER_COLUMNS]), ...review.leavers.map(l => row(leaverCells(l)))].join('');
}
function leaverCells(l) {
    return [
        files_text(l.systemId),
        files_text(l.name),
        l.change,
        l.commit,
        l.pull?.number,
        isoOf(l.merged),
        isoOf(l.applied),
        isoOf(l.synced),
        isoOf(l.confirmed),
        l.delayMs === undefined ? undefined : (l.delayMs / 3_600_000).toFixed(2),
        l.stillHasAccess ? 'yes' : 'no',
        l.flags.map(f => files_text(f)).join('; ')
    ];
}
/** access-review.json, in pieces: the review with every outside text gated, times as ISO 8601. */
function* reviewJson(review) {
    const o = review.options;
    const head = {
        as_of: isoOf(o.asOf),
        options: {
            unused_days: o.unusedDays,
            ending_days: o.endingDays,
            delay_hours: o.delayHours,
            period_days: o.periodDays
        },
        counts: review.counts,
        usage: {
            complete: review.usage.complete,
            covered_from: isoOf(review.usage.coveredFrom),
            window_start: isoOf(review.usage.windowStart),
            events: review.usage.events,
            pages: review.usage.pages,
            ...(review.usage.stoppedWhy === undefined ? {} : { stopped_why: files_text(review.usage.stoppedWhy) })
        },
        notes: review.notes.map(n => files_text(n, 1000)),
        leavers: review.leavers.map(l => Object.fromEntries(LEAVER_COLUMNS.map((k, i) => [k, leaverCells(l)[i] ?? null])))
    };
    const start = JSON.stringify(head);
    yield `${start.slice(0, -1)},"groups":[`;
    for (const [i, g] of review.groups.entries()) {
        const members = g.members.map(m => Object.fromEntries(ACCESS_COLUMNS.slice(2).map((k, j) => [k, accessCells(g.id, g.name, m)[j + 2] ?? null])));
        yield `${i ? ',' : ''}${JSON.stringify({ id: g.id, name: files_text(g.name), counts: g.counts, members })}`;
    }
    yield ']}\n';
}

;// CONCATENATED MODULE: ./src/review/run.ts
/**
 * The access review, run: read the roster now, DoorFlow's people and groups, the admits of the
 * window, the roster's history and the pull requests behind it, then write the review's files. One
 * pipeline for the terminal (`npm run access-review`) and the action (`access-review` input). Every
 * read is bounded by the budget, and each later read keeps a share of it for what follows, so an
 * events read that would take all the time stops early and says so instead of leaving no review.
 */


















/** The names of the files the review writes in its directory. */
const REVIEW_FILES = {
    csv: 'access-review.csv',
    leavers: 'leavers.csv',
    json: 'access-review.json',
    markdown: 'access-review.md'
};
/** A cache file of pull requests is read up to this size; a larger one is ignored. */
const MAX_CACHE_BYTES = 16 * 1024 * 1024;
/** The share of the budget left for what follows each read: events stop with 40 % left, the history with 20 %. */
const EVENTS_RESERVE = 0.4;
const HISTORY_RESERVE = 0.2;
async function runReview(ctx, run) {
    const total = ctx.budget.timeoutMs;
    const now = run.options.asOf;
    let roster;
    if (run.roster !== undefined) {
        const read = (0,roster_files/* readRosterFiles */.Vy)(run.roster, run.workspace);
        if (read.problems.length)
            return { ok: false, message: 'The roster cannot be read.', problems: read.problems };
        const parsed = (0,parse/* parseRoster */.Rh)(read.files);
        if (parsed.problems.length)
            return {
                ok: false,
                message: `The roster has ${(0,format/* plural */.LS)(parsed.problems.length, 'problem')}.`,
                problems: parsed.problems
            };
        const matches = (0,roster_roster/* managesMatcher */.Xc)(parsed.roster.manages);
        const listed = new Set(parsed.roster.people.map(p => p.id));
        roster = {
            managed: id => listed.has(id) || (matches?.(id) ?? false),
            grants: new Map(parsed.roster.people.filter(p => p.fields.enabled !== false).map(p => [p.id, new Set(p.groups)]))
        };
    }
    const client = new people/* PeopleClient */.Z_(run.doorflow.baseUrl, run.doorflow.token);
    const account = await (0,people/* readAccount */.GM)(ctx, client);
    if (!account.ok)
        return { ok: false, message: account.message };
    let doorflowRequests = account.account.requests;
    const windowStart = now - run.options.unusedDays * DAY_MS;
    const usage = await readUsage(ctx, run.doorflow.baseUrl, run.doorflow.token, {
        since: windowStart,
        now,
        maxPages: run.maxEventPages ?? MAX_EVENT_PAGES,
        reserveMs: total * EVENTS_RESERVE
    });
    doorflowRequests += usage.requests;
    const notes = [];
    const pulls = new Map();
    const records = new Map();
    const recordProblems = new Map();
    let githubRequests = 0;
    let commitsAsked = 0;
    let history;
    if (run.roster !== undefined) {
        history = await readHistory(run.workspace, run.roster, () => (0,context/* timeLeft */.f$)(ctx) <= total * HISTORY_RESERVE, run.git ?? historyGitIn(run.childEnv));
        notes.push(...history.notes);
    }
    const periodStart = now - run.options.periodDays * DAY_MS;
    if (history && run.github) {
        const inForce = [];
        for (const p of account.account.people)
            if (p.system_id && roster?.grants.get(p.system_id))
                for (const g of roster.grants.get(p.system_id))
                    inForce.push(grantKey(p.system_id, g));
        const commits = history.history.commitsToLookUp(inForce, periodStart);
        const cache = readCache(run.cacheFile, notes);
        const counter = { requests: 0 };
        const asked = await pullsOfCommits(ctx, run.github, commits, cache, counter, () => (0,context/* timeLeft */.f$)(ctx) <= 5000);
        commitsAsked = asked.asked;
        if (asked.skipped)
            notes.push(`${(0,format/* plural */.LS)(asked.skipped, 'commit')} ${(0,format/* verb */.w3)(asked.skipped, 'was', 'were')} not looked up on GitHub (the time budget): their grants show no pull request.`);
        for (const sha of commits) {
            const c = cache[sha];
            if (c)
                pulls.set(sha, 'none' in c ? c.none : c);
            else
                pulls.set(sha, asked.failed.get(sha) ?? 'not looked up (the time budget ran out)');
        }
        // The apply records of the period's leavers: on the pull request of each leaver's commit (leaver-records.ts).
        if (run.recordTimes && run.roster !== undefined) {
            const read = await leaverRecords(ctx, {
                github: run.github,
                roster: (0,digest/* rosterKey */.hU)(run.roster),
                leavers: history.history.leavers.filter(l => l.at >= periodStart),
                pulls,
                ids: sid => account.account.people.filter(p => p.system_id === sid).map(p => p.id),
                recordTimes: run.recordTimes,
                stop: () => (0,context/* timeLeft */.f$)(ctx) <= 5000
            }, counter);
            for (const [k, v] of read.records)
                records.set(k, v);
            for (const [k, v] of read.problems)
                recordProblems.set(k, v);
            notes.push(...read.notes);
            if (run.github.sharedAuthor && read.records.size)
                notes.push('The apply records are comments of github-actions[bot], which every workflow of this repository can comment and edit as: they hold as far as the repository\'s workflows do (docs/roster.md, "Who can change what"). A GitHub App\'s token as pr-comment-token gives the apply an identity of its own.');
        }
        githubRequests = counter.requests;
        if (run.cacheFile)
            writeCache(run.cacheFile, cache, notes);
    }
    else if (history && !run.github)
        notes.push('No GitHub token or repository was given: grants are not traced to pull requests.');
    const review = accessReview({
        people: account.account.people,
        groups: account.account.groups,
        roster,
        usage,
        grants: history?.history.grants ?? new Map(),
        pulls,
        leavers: history?.history.leavers ?? [],
        records,
        recordProblems,
        historyNotes: notes
    }, run.options);
    const markdown = reviewMarkdown(review, {
        ...(run.github?.pullUrl ? { pullUrl: run.github.pullUrl } : {}),
        filesAt: 'the review directory'
    });
    let files;
    try {
        files = writeFiles(run.outDir, review, markdown);
    }
    catch (err) {
        return { ok: false, message: `The review's files could not be written: ${(0,untrusted/* untrusted */.bp)(err.message, 300)}.` };
    }
    return {
        ok: true,
        review,
        markdown,
        files,
        requests: { doorflow: doorflowRequests, github: githubRequests },
        commitsAsked
    };
}
/**
 * Writes the four files; the CSV and JSON in pieces, so 500,000 rows are never one string. A file is
 * never written through a link (O_NOFOLLOW): a link a commit planted in the directory would otherwise
 * aim the review at any file the job may write. Throws with the system's words.
 */
function writeFiles(dir, review, markdown) {
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    const streamed = (name, pieces) => {
        const path = (0,external_node_path_.join)(dir, name);
        const fd = (0,external_node_fs_.openSync)(path, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_TRUNC | external_node_fs_.constants.O_NOFOLLOW, 0o644);
        try {
            let buffer = '';
            for (const piece of pieces) {
                buffer += piece;
                if (buffer.length > 1 << 20) {
                    (0,external_node_fs_.writeSync)(fd, buffer);
                    buffer = '';
                }
            }
            (0,external_node_fs_.writeSync)(fd, buffer);
        }
        finally {
            (0,external_node_fs_.closeSync)(fd);
        }
        return path;
    };
    return [
        streamed(REVIEW_FILES.csv, accessCsv(review)),
        streamed(REVIEW_FILES.leavers, [leaversCsv(review)]),
        streamed(REVIEW_FILES.json, reviewJson(review)),
        streamed(REVIEW_FILES.markdown, [markdown])
    ];
}
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
/**
 * The cache of pull requests, every entry checked; an unreadable or foreign file is an empty cache (and a
 * note). It is trusted, so it must be the user's own file: a link is not followed (a link to a FIFO would
 * block the read, to /dev/zero never end it), only a regular file is read, and never more than
 * MAX_CACHE_BYTES of it, from the descriptor that was checked.
 */
function readCache(file, notes) {
    const cache = {};
    if (!file)
        return cache;
    const refuse = (why) => {
        notes.push(`The cache of pull requests ${why} and was not read; every commit was asked again.`);
        return cache;
    };
    let fd;
    try {
        if ((0,external_node_fs_.lstatSync)(file).isSymbolicLink())
            return refuse('is a link (a link is not followed)');
        // O_NOFOLLOW: a link swapped in after the check is refused (ELOOP); O_NONBLOCK: a FIFO cannot block the open.
        fd = (0,external_node_fs_.openSync)(file, external_node_fs_.constants.O_RDONLY | (external_node_fs_.constants.O_NOFOLLOW ?? 0) | (external_node_fs_.constants.O_NONBLOCK ?? 0));
        const info = (0,external_node_fs_.fstatSync)(fd);
        if (!info.isFile())
            return refuse('is not a regular file (a FIFO, socket, device or directory)');
        if (info.size > MAX_CACHE_BYTES)
            return refuse(`is larger than ${MAX_CACHE_BYTES} bytes`);
        // Its size as checked and one byte more: a file that grows while it is read is refused, never read past the cap.
        const buffer = Buffer.allocUnsafe(info.size + 1);
        let length = 0;
        for (;;) {
            const n = (0,external_node_fs_.readSync)(fd, buffer, length, buffer.length - length, null);
            if (n === 0)
                break;
            length += n;
            if (length > info.size)
                return refuse('grew while it was read');
        }
        const json = JSON.parse(buffer.toString('utf8', 0, length));
        if (!json || typeof json !== 'object' || Array.isArray(json))
            throw new Error('not an object');
        for (const [sha, v] of Object.entries(json)) {
            const o = v;
            if (!SHA.test(sha) || !o || typeof o !== 'object')
                continue;
            if (typeof o['none'] === 'string')
                cache[sha] = { none: (0,untrusted/* untrusted */.bp)(o['none'], 300) };
            else if (typeof o['number'] === 'number' &&
                Number.isInteger(o['number']) &&
                Array.isArray(o['approvers']) &&
                o['approvers'].every(a => typeof a === 'string') &&
                (o['mergedAt'] === undefined || typeof o['mergedAt'] === 'number'))
                cache[sha] = {
                    number: o['number'],
                    approvers: o['approvers'].map(a => (0,untrusted/* untrusted */.bp)(a, 100)),
                    ...(typeof o['mergedAt'] === 'number' ? { mergedAt: o['mergedAt'] } : {}),
                    ...(typeof o['mergeCommit'] === 'string' && SHA.test(o['mergeCommit'])
                        ? { mergeCommit: o['mergeCommit'].toLowerCase() }
                        : {})
                };
        }
    }
    catch (err) {
        const code = err.code;
        if (code === 'ELOOP')
            return refuse('is a link (a link is not followed)');
        if (code !== 'ENOENT')
            notes.push(`The cache of pull requests could not be read (${(0,untrusted/* untrusted */.bp)(err.message, 200)}); every commit was asked again.`);
    }
    finally {
        if (fd !== undefined)
            (0,external_node_fs_.closeSync)(fd);
    }
    return cache;
}
/**
 * The cache written back: to a new file beside it, then renamed over it, so a link at its name is
 * replaced, never written through (its target, any file the user can write, is left as it was).
 */
function writeCache(file, cache, notes) {
    const temp = (0,external_node_path_.join)((0,external_node_path_.dirname)(file), `.${(0,external_node_path_.basename)(file)}.${process.pid}.${(0,external_node_crypto_.randomBytes)(6).toString('hex')}.tmp`);
    try {
        // The old file's permissions carry over (a cache kept private stays so); a link's are not a file's.
        const old = (0,external_node_fs_.lstatSync)(file, { throwIfNoEntry: false });
        const mode = old?.isFile() ? old.mode & 0o777 : 0o600;
        (0,external_node_fs_.writeFileSync)(temp, `${JSON.stringify(cache)}\n`, { flag: 'wx', mode });
        (0,external_node_fs_.chmodSync)(temp, mode);
        (0,external_node_fs_.renameSync)(temp, file);
    }
    catch (err) {
        (0,external_node_fs_.rmSync)(temp, { force: true });
        notes.push(`The cache of pull requests could not be written (${(0,untrusted/* untrusted */.bp)(err.message, 200)}).`);
    }
}

;// CONCATENATED MODULE: ./src/review/records.ts
/**
 * A leaver's times from the apply record on the pull request that removed them (the trailer that
 * roster/apply-record.ts writes and reads back strictly): when it was merged, and the apply run that
 * carried the change - the one whose revoked ids name the person, else the last that wrote, else
 * the last - with its applied, synced and confirmed times (a run the record says was refused is
 * never it: it applied nothing). Only a record of the roster reviewed is read: a pull request that
 * changed two rosters carries one of each, written by two apply jobs at their own times. Only
 * comments of the identity that writes the records reach here (github/pull-facts.ts's commentsBy).
 */

function applyTimesOf(body, doorflowIds, 
/** rosterKey of the roster reviewed: a pull request that changed two rosters carries a record of each. */
roster) {
    const record = (0,apply_record/* readRecord */.aE)(body);
    if (!record || (roster !== undefined && record.roster !== roster))
        return undefined;
    // A rebase merge pushes several commits and records the last: any record on the commit's pull request is its.
    // A refused run applied nothing: its time is no time the change was applied.
    const runs = record.runs.filter(r => !r.outcome?.startsWith('refused'));
    // The run that names the person; else the last that wrote (a revoked list may be cut short, and a
    // later run is the safe guess: it can only make the delay look longer, never shorter); else the last.
    const wrote = runs.filter(r => r.written > 0);
    const run = runs.find(r => r.revoked.some(id => doorflowIds.includes(id))) ?? wrote[wrote.length - 1] ?? runs[runs.length - 1];
    if (!run)
        return undefined;
    return {
        ...(record.merged === undefined ? {} : { merged: record.merged }),
        applied: run.applied,
        ...(run.synced === undefined ? {} : { synced: run.synced }),
        ...(run.confirmed === undefined ? {} : { confirmed: run.confirmed })
    };
}

;// CONCATENATED MODULE: ./src/review/step.ts
/**
 * The action's `access-review` input: sign in with the read scopes and the events scope, run the
 * review (run.ts), write its files into the directory inside the workspace, and show the review in
 * the job summary. Reads only: nothing is written to DoorFlow and no sync is sent. With `roster`,
 * grants are traced through the checkout's history and the pull requests, read with
 * pr-comment-token (the workflow's GITHUB_TOKEN by default), whose identity also wrote the apply
 * records the leavers' times come from.
 */














async function runAccessReview(settings, input, ctx, hold) {
    const signedIn = await (0,sign_in/* signIn */.Jv)(ctx, settings.auth, settings.baseUrl, hold, [...people/* READ_SCOPES */.vk, EVENTS_READ_SCOPE]);
    if (!signedIn.ok)
        return { ok: false, message: signedIn.message };
    const outDir = reviewDirectory(input);
    if (typeof outDir !== 'string')
        return outDir;
    const { runner } = settings;
    const token = settings.roster?.commentToken ?? '';
    let github;
    if (settings.roster && token && runner.repository && runner.api.ok) {
        const me = await (0,comments/* whoAmI */.Wc)(ctx, runner.api.url, token);
        if (!me.ok)
            (0,annotate/* annotate */.fz)('warning', `The apply records cannot be told apart from others' comments: ${me.message}`);
        const server = runner.runUrl?.replace(/\/actions\/runs\/\d+$/, '');
        github = {
            apiUrl: runner.api.url,
            repository: runner.repository,
            token,
            // By id: GraphQL's login of a bot lacks the [bot] suffix that REST gives it.
            recordAuthor: user => me.ok && user.id === me.me.id,
            sharedAuthor: me.ok && /^github-actions(\[bot\])?$/.test(me.me.login),
            ...(server ? { pullUrl: (n) => `${server}/pull/${n}` } : {})
        };
    }
    core/* info */.pq(`Access review: reading DoorFlow's people, groups and admits of the last ${input.windows.unusedDays} days.`);
    const done = await runReview(ctx, {
        workspace: input.workspace,
        roster: settings.roster?.path,
        outDir,
        options: { asOf: ctx.clock.now(), ...input.windows },
        doorflow: { baseUrl: settings.baseUrl, token: signedIn.accessToken },
        childEnv: runner.childEnv,
        recordTimes: applyTimesOf,
        ...(github ? { github } : {})
    });
    if (!done.ok) {
        for (const p of (done.problems ?? []).slice(0, 9))
            (0,annotate/* annotate */.fz)('error', p.message, p.at ? { file: p.at.file, startLine: p.at.line, startColumn: p.at.col } : {});
        return { ok: false, message: `${done.message} No review was written.` };
    }
    const c = done.review.counts;
    setReviewOutputs(done.review);
    core/* info */.pq(`Access review: ${(0,format/* plural */.LS)(c.groups, 'group')}, ${c.people} people, ${(0,format/* plural */.LS)(c.grants, 'grant')}; ` +
        `${(0,format/* plural */.LS)(c.leavers, 'leaver')} (${c.leaversFlagged} flagged); files in ${(0,untrusted/* untrusted */.bp)(input.dir, 200)} ` +
        `(${done.requests.doorflow} DoorFlow and ${done.requests.github} GitHub requests). Nothing was written to DoorFlow.`);
    if (!done.review.usage.complete)
        (0,annotate/* annotate */.fz)('warning', `Access review: ${done.review.notes.find(n => n.startsWith("DoorFlow's events")) ?? ''}`);
    if (runner.summary)
        await (0,report/* writeSummaryOrWarn */.vV)(core/* summary */.z.addRaw(done.markdown, true).write());
    return { ok: true };
}
/** The counts a workflow can branch on (action.yml's review-* outputs); numbers only, nothing from a server. */
function setReviewOutputs(review) {
    const { flagged, grants, leavers, leaversFlagged } = review.counts;
    core/* setOutput */.uH('review-grants', String(grants));
    core/* setOutput */.uH('review-unmanaged', String(flagged.unmanaged));
    core/* setOutput */.uH('review-not-granted', String(flagged['not-granted']));
    core/* setOutput */.uH('review-ending', String(flagged.ending));
    core/* setOutput */.uH('review-unused', String(flagged.unused));
    core/* setOutput */.uH('review-use-unknown', String(flagged['use-unknown']));
    core/* setOutput */.uH('review-no-approval', String(flagged['no-approval']));
    core/* setOutput */.uH('review-leavers', String(leavers));
    core/* setOutput */.uH('review-leavers-flagged', String(leaversFlagged));
    core/* setOutput */.uH('review-events-complete', String(review.usage.complete));
}
/** The directory, created inside the workspace; its real path must stay inside (settings.ts checked the name). */
function reviewDirectory(input) {
    const fail = (why) => ({ ok: false, message: `Input 'access-review' ${why} No review was written.` });
    try {
        const root = (0,external_node_fs_.realpathSync)(input.workspace);
        const target = (0,external_node_path_.resolve)(root, input.dir);
        (0,external_node_fs_.mkdirSync)(target, { recursive: true });
        const real = (0,external_node_fs_.realpathSync)(target);
        if (!(0,runner/* isInside */.FK)(real, root))
            return fail('leads outside the workspace.');
        return real;
    }
    catch (err) {
        return fail(`cannot be created: ${(0,untrusted/* untrusted */.bp)(err.message, 200)}.`);
    }
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


/***/ })

};
