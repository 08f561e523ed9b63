export const id = 551;
export const ids = [551];
export const modules = {

/***/ 8949:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GM: () => (/* binding */ readAccount),
/* harmony export */   OU: () => (/* binding */ PERSON_FIELDS),
/* harmony export */   V_: () => (/* binding */ PEOPLE_WRITE_SCOPE),
/* harmony export */   Z_: () => (/* binding */ PeopleClient),
/* harmony export */   te: () => (/* binding */ GROUPS_READ_SCOPE),
/* harmony export */   uq: () => (/* binding */ ROLES_READ_SCOPE),
/* harmony export */   vk: () => (/* binding */ READ_SCOPES)
/* harmony export */ });
/* unused harmony exports PEOPLE_READ_SCOPE, READ_PEOPLE, READ_GROUPS, READ_ROLES, PAGE_SIZE, PEOPLE_LIST_MAX_BYTES, MAX_PAGES, PageWalk, parseNamedList, parseDoorFlowPerson, parsePeople */
/* harmony import */ var _net_retry_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7893);
/* harmony import */ var _net_http_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1298);
/* harmony import */ var _net_failure_messages_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6202);
/* harmony import */ var _net_json_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(4457);
/* harmony import */ var _operations_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4036);
/* harmony import */ var _untrusted_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(873);






/** Person fields the roster may set and the export reads, by DoorFlow's API names (PersonInput). */
const PERSON_FIELDS = [
    'first_name',
    'last_name',
    'email',
    'enabled',
    'valid_from',
    'valid_to',
    'salutation',
    'job_title',
    'department',
    'telephone',
    'mobile',
    'notes',
    'custom_1',
    'custom_2',
    'custom_3',
    'custom_4',
    'custom_5'
];
const PEOPLE_READ_SCOPE = 'account.person.readonly';
const PEOPLE_WRITE_SCOPE = 'account.person';
const GROUPS_READ_SCOPE = 'account.group.readonly';
const ROLES_READ_SCOPE = 'account.role.readonly';
/** What reading people, groups and roles needs: a roster's dry run, and the export. */
const READ_SCOPES = [PEOPLE_READ_SCOPE, GROUPS_READ_SCOPE, ROLES_READ_SCOPE];
/** What a 403 on a read says: the scope, and how to get a token with every scope the plan reads with. */
const readForbidden = (scope) => `The token needs scope ${scope}: authorize with the plan's scopes (npm run authorize -- --scope "${PEOPLE_READ_SCOPE} ${GROUPS_READ_SCOPE} ${ROLES_READ_SCOPE}") and use the new token.`;
const READ_PEOPLE = (0,_operations_js__WEBPACK_IMPORTED_MODULE_3__/* .doorflowOperation */ .qv)('Reading people', readForbidden(PEOPLE_READ_SCOPE));
const READ_GROUPS = (0,_operations_js__WEBPACK_IMPORTED_MODULE_3__/* .doorflowOperation */ .qv)('Reading groups', readForbidden(GROUPS_READ_SCOPE));
const READ_ROLES = (0,_operations_js__WEBPACK_IMPORTED_MODULE_3__/* .doorflowOperation */ .qv)('Reading roles', readForbidden(ROLES_READ_SCOPE));
/** DoorFlow's largest page. */
const PAGE_SIZE = 100;
/** Pages of people read at once when DoorFlow paginates. */
const PAGE_CONCURRENCY = 4;
/**
 * How much of an unpaginated people list is read: about 500 bytes a person, so 100,000 people.
 * A longer list is cut and read again in pages, each well under the usual 1 MiB cap.
 */
const PEOPLE_LIST_MAX_BYTES = 64 * 1024 * 1024;
/** People, groups and roles, one request per call; retries belong to the caller (see readAccount). */
class PeopleClient {
    baseUrl;
    token;
    maxListBytes;
    constructor(baseUrl, token, 
    /** Most bytes of an unpaginated people list to read (tests lower it). */
    maxListBytes = PEOPLE_LIST_MAX_BYTES) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.maxListBytes = maxListBytes;
    }
    /** GET /api/3/people with the given query (skip_pagination, per_page, page, system_id, email). */
    listPeople(query, timeoutMs, signal) {
        const q = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
        const all = query['skip_pagination'] === true || query['skip_pagination'] === 'true';
        return this.call('GET', `/api/3/people${q ? `?${q}` : ''}`, timeoutMs, undefined, all ? this.maxListBytes : undefined, signal);
    }
    /** GET /api/3/people?system_id=…: the lookup after a create whose answer was lost. */
    findBySystemId(systemId, timeoutMs, signal) {
        return this.listPeople({ system_id: systemId, skip_pagination: true }, timeoutMs, signal);
    }
    getPerson(id, timeoutMs, signal) {
        return this.call('GET', `/api/3/people/${id}`, timeoutMs, undefined, undefined, signal);
    }
    /** POST /api/3/people: 201 with the Person. Not idempotent: never repeat blindly. */
    createPerson(input, timeoutMs, signal) {
        return this.call('POST', '/api/3/people', timeoutMs, input, undefined, signal);
    }
    /** PUT /api/3/people/{id}: 201 with the Person; only the fields sent change. Idempotent. */
    updatePerson(id, input, timeoutMs, signal) {
        return this.call('PUT', `/api/3/people/${id}`, timeoutMs, input, undefined, signal);
    }
    /** DELETE /api/3/people/{id}: DoorFlow's soft delete, 200. Idempotent. */
    deletePerson(id, timeoutMs, signal) {
        return this.call('DELETE', `/api/3/people/${id}`, timeoutMs, undefined, undefined, signal);
    }
    groups(timeoutMs, signal) {
        return this.call('GET', '/api/3/groups', timeoutMs, undefined, undefined, signal);
    }
    roles(timeoutMs, signal) {
        return this.call('GET', '/api/3/roles', timeoutMs, undefined, undefined, signal);
    }
    call(method, path, timeoutMs, body, maxBodyBytes, signal) {
        return (0,_net_http_js__WEBPACK_IMPORTED_MODULE_1__/* .send */ .tN)({
            signal,
            maxBodyBytes,
            method,
            url: `${this.baseUrl}${path}`,
            headers: {
                Authorization: `Bearer ${this.token}`,
                Accept: 'application/json',
                ...(body === undefined ? {} : { 'Content-Type': 'application/json' })
            },
            body: body === undefined ? undefined : JSON.stringify(body),
            timeoutMs
        });
    }
}
/** The most pages of people read: 1,000 pages of 100, so 100,000 people. A longer list fails the read. */
const MAX_PAGES = 1000;
const NOTHING_WRITTEN = 'Nothing was written.';
const PAGING_BROKEN = "This is DoorFlow's answer (or a proxy's), not the roster: run again, and if it repeats, report this line to DoorFlow support.";
/**
 * The page walk over GET /api/3/people, as pure decisions: after each answer, whether the list
 * is complete, where to read next, or why DoorFlow's paging cannot be believed. The list ends
 * at the first short page (fewer than PAGE_SIZE people); a Total header only says how many
 * pages may be read at once, never that the list has ended. People are kept in page order,
 * each id once: an id seen twice fails the walk, because a list that shifted or repeated while
 * it was read may also have lost someone, and a plan made from it could create a person twice.
 */
class PageWalk {
    limits;
    people = [];
    /** Page on which each id was read (0: the skip_pagination answer). */
    seenOn = new Map();
    previous;
    /** The short page that ended the list, once read. */
    endedAt;
    constructor(limits = { maxPages: MAX_PAGES }) {
        this.limits = limits;
    }
    /** The answer to skip_pagination=true&per_page=PAGE_SIZE. */
    first(page) {
        const n = page.people.length;
        const perPage = intOf(page.perPage);
        // Per-Page is either the page size asked (DoorFlow paginated anyway) or the whole list's length.
        if (page.perPage !== undefined && perPage !== PAGE_SIZE && perPage !== n) {
            return this.broken(`asked for every person (skip_pagination, per_page=${PAGE_SIZE}), it sent ${n} with Per-Page: ${shown(page.perPage)}`);
        }
        if (n > this.limits.maxPages * PAGE_SIZE)
            return this.ceiling();
        const added = this.add(0, page.people);
        if (added)
            return added;
        // More than a page of what was asked: skip_pagination was honoured and this is everyone.
        if (n > PAGE_SIZE)
            return { next: 'done' };
        const total = intOf(page.total);
        // Exactly a page: the first of several, or everyone; page 2 tells.
        if (n === PAGE_SIZE)
            return this.limits.maxPages > 1 ? this.from(2, total) : this.ceiling();
        // Fewer than a page, yet Total says there are more: the pages were not the size asked. Read them afresh.
        if (total !== undefined && total > n) {
            this.people.length = 0;
            this.seenOn.clear();
            this.previous = undefined;
            return this.from(1, total);
        }
        return { next: 'done' };
    }
    /** The answer to per_page=PAGE_SIZE&page=`number`; pages are given in order. */
    page(number, page) {
        const n = page.people.length;
        if (page.perPage !== undefined && intOf(page.perPage) !== PAGE_SIZE) {
            return this.broken(`asked for page ${number} with per_page=${PAGE_SIZE}, it answered Per-Page: ${shown(page.perPage)}`);
        }
        if (n > PAGE_SIZE)
            return this.broken(`asked for page ${number} with per_page=${PAGE_SIZE}, it sent ${n} people`);
        if (this.endedAt !== undefined) {
            if (n === 0)
                return { next: 'done' };
            return this.broken(`page ${this.endedAt} ended the list, yet page ${number} holds ${n} people (the list changed while it was read, or the pages disagree)`);
        }
        const added = this.add(number, page.people);
        if (added)
            return added;
        if (n < PAGE_SIZE) {
            this.endedAt = number;
            return { next: 'done' };
        }
        if (number >= this.limits.maxPages)
            return this.ceiling();
        return this.from(number + 1, intOf(page.total));
    }
    /** Reading on from page `from`; Total, when it names later pages, lets them be read a few at once. */
    from(from, total) {
        const last = total === undefined ? undefined : Math.min(Math.ceil(total / PAGE_SIZE), this.limits.maxPages);
        return last !== undefined && last > from ? { next: 'page', from, last } : { next: 'page', from };
    }
    /** Keeps a page's people, or fails when one of them was already read. */
    add(number, people) {
        const ids = people.map(p => p.id);
        const where = (page) => (page === 0 ? 'the first answer' : `page ${page}`);
        const previous = this.previous;
        if (previous && ids.length && ids.length === previous.ids.length && ids.every((id, i) => id === previous.ids[i])) {
            return this.broken(`page ${number} repeats ${where(previous.page)}: the same ${ids.length} people (ids ${ids[0]}–${ids.at(-1)}), as if the page parameter were ignored`);
        }
        for (const person of people) {
            const before = this.seenOn.get(person.id);
            if (before !== undefined) {
                return this.broken(before === number
                    ? `${where(number)} lists person ${person.id} twice`
                    : `person ${person.id} is on ${where(before)} and again on page ${number} (the list changed while it was read, or the pages overlap)`);
            }
            this.seenOn.set(person.id, number);
            this.people.push(person);
        }
        this.previous = { page: number, ids };
        return undefined;
    }
    broken(what) {
        return {
            next: 'fail',
            message: `Reading people failed: DoorFlow's paging of the people list cannot be trusted: ${what}. ${NOTHING_WRITTEN} ${PAGING_BROKEN}`
        };
    }
    ceiling() {
        const pages = this.limits.maxPages;
        return {
            next: 'fail',
            message: `Reading people failed: DoorFlow's people list goes on past ${pages.toLocaleString('en-US')} pages of ${PAGE_SIZE} ` +
                `(${(pages * PAGE_SIZE).toLocaleString('en-US')} people), the most this action reads. ${NOTHING_WRITTEN} ` +
                `If the account has fewer people, DoorFlow's paging does not end: report this line to DoorFlow support; ` +
                'if it has more, it is too large for one roster run.'
        };
    }
}
/**
 * Reads groups, roles and every person. People come in one request with skip_pagination
 * (asked with per_page=100, so that when DoorFlow ignores it the answer is a full first page
 * and nothing is wasted); then pages of 100 until a short page says done (see PageWalk), a few
 * at once where the Total header says how many there are. Every request is under the budget.
 */
async function readAccount(ctx, client, limits = { maxPages: MAX_PAGES }) {
    let requests = 0;
    let truncated = false;
    const get = async (operation, attempt, parse) => {
        // withRetries hands each attempt ctx.signal, so a cancel ends a read in flight, not only between attempts.
        const result = await (0,_net_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .withRetries */ .L)(ctx, operation, (t, signal) => {
            requests++;
            return attempt(t, signal);
        });
        if (!result.ok || result.outcome?.kind !== 'response')
            return { ok: false, message: result.message ?? `${operation.label} failed.` };
        truncated = result.outcome.truncated === true;
        const value = parse(result.outcome.body);
        if (value === undefined) {
            return {
                ok: false,
                message: `${operation.label} failed: DoorFlow's answer is not the documented list (${(0,_net_failure_messages_js__WEBPACK_IMPORTED_MODULE_2__/* .describeOutcome */ .SS)(result.outcome)}).`
            };
        }
        return { ok: true, value, outcome: result.outcome };
    };
    const pageOf = (answer) => ({
        people: answer.value,
        total: (0,_net_http_js__WEBPACK_IMPORTED_MODULE_1__/* .header */ .wx)(answer.outcome.headers, 'total'),
        perPage: (0,_net_http_js__WEBPACK_IMPORTED_MODULE_1__/* .header */ .wx)(answer.outcome.headers, 'per-page')
    });
    const groups = await get(READ_GROUPS, (t, s) => client.groups(t, s), parseNamedList);
    if (!groups.ok)
        return groups;
    const roles = await get(READ_ROLES, (t, s) => client.roles(t, s), parseNamedList);
    if (!roles.ok)
        return roles;
    const walk = new PageWalk(limits);
    const first = await get(READ_PEOPLE, (t, s) => client.listPeople({ skip_pagination: true, per_page: PAGE_SIZE }, t, s), 
    // A list cut at PEOPLE_LIST_MAX_BYTES is read again in pages, from the first.
    body => (truncated ? [] : parsePeople(body)));
    if (!first.ok)
        return first;
    let step = truncated ? { next: 'page', from: 1 } : walk.first(pageOf(first));
    if (truncated)
        ctx.log(`The people list is longer than ${client.maxListBytes} bytes: reading it in pages of ${PAGE_SIZE}.`);
    else if (step.next === 'page')
        ctx.log(`DoorFlow paginated the people list (skip_pagination not honoured): reading pages of ${PAGE_SIZE}.`);
    while (step.next === 'page') {
        // Pages up to the one Total names are read a few at a time; past it, one by one until a short page.
        const from = step.from;
        const upTo = Math.max(from, Math.min(step.last ?? from, from + PAGE_CONCURRENCY - 1));
        const batch = Array.from({ length: upTo - from + 1 }, (_, i) => get(READ_PEOPLE, (t, s) => client.listPeople({ per_page: PAGE_SIZE, page: from + i }, t, s), parsePeople));
        const answers = await Promise.all(batch);
        let next = { next: 'done' };
        for (const [i, answer] of answers.entries()) {
            if (!answer.ok)
                return answer;
            next = walk.page(from + i, pageOf(answer));
            if (next.next === 'fail')
                return { ok: false, message: next.message };
        }
        // A walk that ended inside the batch has checked the pages after it; otherwise read on.
        step = next.next === 'page' ? { ...next, last: next.last ?? step.last } : next;
    }
    if (step.next === 'fail')
        return { ok: false, message: step.message };
    return { ok: true, account: { people: walk.people, groups: groups.value, roles: roles.value, requests } };
}
function intOf(raw) {
    return raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw) : undefined;
}
/** A header value DoorFlow sent, as it may appear in a message. */
function shown(raw) {
    return `'${(0,_untrusted_js__WEBPACK_IMPORTED_MODULE_4__/* .untrusted */ .bp)(raw, 40)}'`;
}
/** A JSON array whose every item `parseItem` accepts, in order; undefined when the body is not one. */
function parseEvery(body, parseItem) {
    const list = (0,_net_json_js__WEBPACK_IMPORTED_MODULE_5__/* .parseJsonArray */ .d)(body);
    if (!list)
        return undefined;
    const parsed = [];
    for (const item of list) {
        const value = parseItem(item);
        if (value === undefined)
            return undefined;
        parsed.push(value);
    }
    return parsed;
}
/** A group or role list: [{ id, name, … }]; undefined when the body is not one. */
function parseNamedList(body) {
    return parseEvery(body, item => {
        const o = item;
        return o && typeof o['id'] === 'number' && typeof o['name'] === 'string'
            ? { id: o['id'], name: o['name'] }
            : undefined;
    });
}
/** One Person object; undefined when it lacks what the schema requires. */
function parseDoorFlowPerson(value) {
    const o = value;
    if (!o || typeof o !== 'object' || typeof o['id'] !== 'number')
        return undefined;
    const ids = (v) => (Array.isArray(v) && v.every(n => typeof n === 'number') ? v : undefined);
    const groups = ids(o['groups']);
    const roles = ids(o['roles']);
    if (!groups || !roles || typeof o['enabled'] !== 'boolean')
        return undefined;
    const person = {
        id: o['id'],
        first_name: typeof o['first_name'] === 'string' ? o['first_name'] : '',
        last_name: typeof o['last_name'] === 'string' ? o['last_name'] : '',
        enabled: o['enabled'],
        system_id: typeof o['system_id'] === 'string' && o['system_id'] !== '' ? o['system_id'] : null,
        groups,
        roles
    };
    for (const field of PERSON_FIELDS) {
        if (field === 'first_name' || field === 'last_name' || field === 'enabled')
            continue;
        const v = o[field];
        person[field] = typeof v === 'string' ? v : null;
    }
    return person;
}
/** A people list; undefined when the body is not an array of Person objects. */
function parsePeople(body) {
    return parseEvery(body, parseDoorFlowPerson);
}


/***/ }),

/***/ 8159:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N_: () => (/* binding */ refuseCharacters),
/* harmony export */   Qu: () => (/* binding */ FORBIDDEN_IN_VALUE),
/* harmony export */   RK: () => (/* binding */ visible),
/* harmony export */   pp: () => (/* binding */ characterName)
/* harmony export */ });
/* harmony import */ var _yaml_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5356);
/* harmony import */ var _roster_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2768);
/* harmony import */ var _untrusted_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(873);
/**
 * The characters a roster refuses: in the file (before any value is read from it) and in a value
 * (where a quoted string's escapes can put them), each problem naming the character.
 */



/**
 * Characters a roster may not hold: C0 and C1 controls (a NUL makes git show the file as
 * binary, so the diff cannot be reviewed), bidi controls, zero-width and other invisible
 * characters, the byte-order mark and the line and paragraph separators. Each would make the
 * file, the diff or the plan read differently from what is written to DoorFlow (the plan shows
 * text through untrusted(), which drops or replaces every one of them). In the file, tab, LF
 * and the CR of CRLF are allowed, and a byte-order mark as its first character.
 */
const FORBIDDEN_IN_FILE = new RegExp(String.raw `${_untrusted_js__WEBPACK_IMPORTED_MODULE_2__/* .INVISIBLE_SOURCE */ .SM}|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]|\r(?!\n)`, 'gu');
/**
 * In a value (where a quoted string's escapes such as "\t" or "\u200b" can put them), every control
 * character and every character the gate (untrusted.ts) drops as invisible: the soft hyphen,
 * Hangul fillers, tag characters and the rest, so the plan never shows less than is written.
 */
const FORBIDDEN_IN_VALUE = new RegExp(String.raw `${_untrusted_js__WEBPACK_IMPORTED_MODULE_2__/* .INVISIBLE_SOURCE */ .SM}|[\u0000-\u001f\u007f-\u009f\u2028\u2029]`, 'u');
/** At most this many refused characters are listed per file; the rest are counted in one more problem. */
const MAX_CHARACTER_PROBLEMS = 20;
/** What a refused character is, for the message. */
function characterName(c) {
    const code = c.codePointAt(0) ?? 0;
    const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    const names = {
        0: 'NUL',
        9: 'tab',
        10: 'line feed',
        13: 'carriage return',
        0x1b: 'escape',
        0x200b: 'zero-width space',
        0x200c: 'zero-width non-joiner',
        0x200d: 'zero-width joiner',
        0x2028: 'line separator',
        0x2029: 'paragraph separator',
        0x2060: 'word joiner',
        0xfeff: 'byte-order mark'
    };
    const kind = names[code] ??
        (code < 0x20 || (code >= 0x7f && code <= 0x9f)
            ? 'control character'
            : code === 0x61c ||
                (code >= 0x200e && code <= 0x200f) ||
                (code >= 0x202a && code <= 0x202e) ||
                (code >= 0x2066 && code <= 0x2069)
                ? 'bidi control'
                : 'invisible character');
    return `${hex} (${kind})`;
}
/** Whether `value` is free of refused characters; a problem naming the field and the character when not. */
function visible(value, what, where, fail) {
    const found = FORBIDDEN_IN_VALUE.exec(value);
    if (!found)
        return true;
    fail(`${what} holds ${characterName(found[0])}: control, bidi and invisible characters are refused, so that the plan shows exactly what is written to DoorFlow.`, where);
    return false;
}
/** Problems for every refused character in the file (the first few, then their count). True when any. */
function refuseCharacters(file, problems) {
    FORBIDDEN_IN_FILE.lastIndex = file.text.startsWith('\ufeff') ? 1 : 0;
    let count = 0;
    let lines;
    for (let m = FORBIDDEN_IN_FILE.exec(file.text); m; m = FORBIDDEN_IN_FILE.exec(file.text)) {
        if (++count > MAX_CHARACTER_PROBLEMS)
            continue;
        lines ??= (0,_yaml_js__WEBPACK_IMPORTED_MODULE_0__/* .lineStarts */ ._$)(file.text);
        problems.push({
            message: `${characterName(m[0])} at column ${lines.linePos(m.index).col}: a roster file holds no control, bidi or invisible characters (git shows such a file as binary, or the diff reads differently from what is written); delete it.`,
            at: { file: file.file, ...lines.linePos(m.index) }
        });
    }
    if (count > MAX_CHARACTER_PROBLEMS)
        problems.push({
            message: `${(0,_roster_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(file.file)} holds ${count} such characters in all; the first ${MAX_CHARACTER_PROBLEMS} are listed.`,
            at: { file: file.file, line: 1, col: 1 }
        });
    FORBIDDEN_IN_FILE.lastIndex = 0;
    return count > 0;
}


/***/ }),

/***/ 5803:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ asciiLower),
/* harmony export */   P: () => (/* binding */ sameEmail)
/* harmony export */ });
/**
 * How the roster compares emails, everywhere (adoption, "already belongs to", the diff, duplicate
 * checks): exactly, or ignoring ASCII case only. No Unicode folding: `toLowerCase()` turns
 * U+212A KELVIN SIGN into `k` and U+0130 into `i̇`, so a look-alike address in DoorFlow would match
 * a roster's plain one and hand that record the roster's access.
 */
/** The text with A–Z lowered to a–z and every other character as it is. */
function asciiLower(text) {
    return text.replace(/[A-Z]/g, c => String.fromCharCode(c.charCodeAt(0) + 32));
}
/** Whether two emails are the same address, ignoring ASCII case only. */
function sameEmail(a, b) {
    return asciiLower(a) === asciiLower(b);
}


/***/ }),

/***/ 7888:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MB: () => (/* binding */ EMAIL_ADDRESS),
/* harmony export */   QG: () => (/* binding */ dateInstant),
/* harmony export */   Rh: () => (/* binding */ parseRoster),
/* harmony export */   hj: () => (/* binding */ DOORFLOW_ID)
/* harmony export */ });
/* unused harmony exports TOP_KEYS, PERSON_KEYS, MAX_STARRED_PATTERNS */
/* harmony import */ var _email_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5803);
/* harmony import */ var _doorflow_people_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8949);
/* harmony import */ var _roster_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2768);
/* harmony import */ var _yaml_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(5356);
/* harmony import */ var _characters_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8159);
/**
 * Parses the roster: the text of its files (roster-files.ts reads them), merged. Everything wrong
 * is found at once, before any request, each problem with its file, line and column so that it
 * shows as an annotation in the pull request's diff. Pure. The YAML is read in yaml.ts, and the
 * characters a roster refuses are characters.ts's.
 *
 * Rules (docs/roster.md):
 * - `version: 1` in every file; `manages` a pattern or list of patterns (`*` any run of
 *   characters); `people` a list. Without `manages` nothing is ever removed. `except`, a list
 *   of exact system_ids that no pattern manages (in any file: it only ever narrows manages).
 * - A person needs `id` (DoorFlow's system_id), `first_name`, `last_name` and `groups` (the
 *   complete set; `[]` for none). `roles`, when given, is the complete set; omitted, DoorFlow's
 *   roles stay. `enabled` defaults to true. Every other field the roster omits is left as
 *   DoorFlow has it; `null` clears it.
 * - Dates: a bare date `valid_from: 2026-12-01` is the start of that day in UTC
 *   (2026-12-01T00:00:00Z); `valid_to: 2027-03-31` is the end of that day in UTC
 *   (2027-03-31T23:59:59Z), so the day named is included. A date-time needs a zone (Z or ±hh:mm).
 * - An unquoted number is read as written: `telephone: 0123` stays "0123".
 * - `doorflow_id: 123`, optional: DoorFlow's own id of the person to adopt (one without a
 *   system_id, e.g. one with no email); unique in the roster.
 */





const TOP_KEYS = ['version', 'manages', 'except', 'people'];
const PERSON_KEYS = ['id', 'doorflow_id', 'groups', 'roles', ..._doorflow_people_js__WEBPACK_IMPORTED_MODULE_0__/* .PERSON_FIELDS */ .OU];
const REQUIRED = ['id', 'first_name', 'last_name', 'groups'];
/** Parses and validates every file, then the rules that span files (duplicate ids and emails, manages). */
function parseRoster(files, documentMaxBytes = _yaml_js__WEBPACK_IMPORTED_MODULE_2__/* .DOCUMENT_MAX_BYTES */ .$h) {
    const problems = [];
    const people = [];
    const manages = [];
    const except = [];
    const shared = { guess: guesses(), starred: 0, documentMaxBytes };
    for (const file of files)
        parseFile(file, people, manages, except, problems, shared);
    const ids = new Map();
    const emails = new Map();
    const doorflowIds = new Map();
    const matches = (0,_roster_js__WEBPACK_IMPORTED_MODULE_1__/* .managesMatcher */ .Xc)(manages, except);
    const unique = [];
    for (const p of people) {
        const first = ids.get(p.id);
        if (first) {
            problems.push({ message: `Duplicate id ${(0,_roster_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(p.id)}: already used at ${where(first.at)}.`, at: p.at });
            continue;
        }
        ids.set(p.id, p);
        unique.push(p);
        if (p.doorflowId !== undefined) {
            const other = doorflowIds.get(p.doorflowId);
            if (other)
                problems.push({
                    message: `Duplicate doorflow_id ${p.doorflowId}: already used by ${(0,_roster_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(other.id)} at ${where(other.at)}; one DoorFlow person is adopted by one entry.`,
                    at: p.doorflowIdAt ?? p.at
                });
            else
                doorflowIds.set(p.doorflowId, p);
        }
        if (typeof p.fields.email === 'string') {
            const key = (0,_email_js__WEBPACK_IMPORTED_MODULE_4__/* .asciiLower */ .F)(p.fields.email);
            const other = emails.get(key);
            if (other)
                problems.push({
                    message: `Duplicate email ${(0,_roster_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(p.fields.email)}: already used by ${(0,_roster_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(other.id)} at ${where(other.at)}; DoorFlow keeps emails unique.`,
                    at: p.fieldsAt?.email ?? p.at
                });
            else
                emails.set(key, p);
        }
        if (matches && !matches(p.id))
            problems.push({
                message: except.includes(p.id)
                    ? `id ${(0,_roster_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(p.id)} is in except, so no roster manages it: list the person or except them, not both.`
                    : `id ${(0,_roster_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(p.id)} is outside manages (${shownPatterns(manages)}): this roster may only list people it manages. Change the id or widen manages.`,
                at: p.idAt ?? p.at
            });
    }
    return {
        roster: { manages, ...(except.length ? { except } : {}), people: unique, files: files.map(f => f.file) },
        problems
    };
}
/** Patterns in a message: the first few, then a count (an exported roster may list thousands). */
function shownPatterns(manages) {
    const shown = manages.slice(0, 5).map(m => (0,_roster_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(m));
    return shown.join(', ') + (manages.length > 5 ? ` and ${manages.length - 5} more` : '');
}
function parseFile(file, people, manages, except, problems, shared) {
    const { guess } = shared;
    const locator = new _yaml_js__WEBPACK_IMPORTED_MODULE_2__/* .Locator */ .hO(file, shared.documentMaxBytes);
    const at = (path, part) => locator.at(path, part);
    const fail = (message, where) => problems.push({ message, at: where });
    // Characters that would make the file read differently from how it looks, then directives:
    // either refuses the whole file, before any value is read from it.
    if ((0,_characters_js__WEBPACK_IMPORTED_MODULE_3__/* .refuseCharacters */ .N_)(file, problems) || (0,_yaml_js__WEBPACK_IMPORTED_MODULE_2__/* .refuseDirectives */ .v6)(file, problems))
        return;
    const values = (0,_yaml_js__WEBPACK_IMPORTED_MODULE_2__/* .readValues */ .N$)(file, locator, fail);
    if (!values)
        return;
    const { root } = values;
    if (!isObject(root)) {
        fail('The roster must be a mapping with version, manages and people (see roster.schema.json).', at([]));
        return;
    }
    const top = entries(root, [], TOP_KEYS, 'the roster', fail, at, guess);
    if (!top.has('version'))
        fail('Missing version: start the file with `version: 1`.', at([]));
    else if (String(top.get('version')) !== '1')
        fail('version must be 1 (the only roster format so far).', at(['version']));
    if (top.has('manages')) {
        const m = top.get('manages');
        const items = Array.isArray(m) ? m.map((v, i) => [v, ['manages', i]]) : [[m, ['manages']]];
        for (const [item, path] of items) {
            const text = typeof item === 'string' ? item.trim() : '';
            if (!text)
                fail('manages must be a system_id pattern such as "EMP-*", or a list of them.', at([...path]));
            else if (!(0,_characters_js__WEBPACK_IMPORTED_MODULE_3__/* .visible */ .RK)(text, 'manages', at([...path]), fail))
                continue;
            else if (!text.includes('*'))
                manages.push(text);
            else if (++shared.starred <= MAX_STARRED_PATTERNS)
                manages.push(text);
            else if (shared.starred === MAX_STARRED_PATTERNS + 1)
                fail(`manages has more than ${MAX_STARRED_PATTERNS} patterns with *, the most a roster may have (each id is checked against every one): list exact ids, or use fewer, wider patterns.`, at([...path]));
        }
    }
    if (top.has('except')) {
        // Exact system_ids that no pattern manages: taken as written (no trim), never a pattern.
        const e = top.get('except');
        if (!Array.isArray(e))
            fail('except must be a list of exact system_ids, e.g. [EMP-17].', at(['except']));
        else
            e.forEach((item, i) => {
                const id = text(item);
                const where = at(['except', i]);
                if (!id)
                    fail('Each entry of except must be a system_id.', where);
                else if (id.includes('*'))
                    fail(`except ${(0,_roster_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(id)} holds '*': except takes exact system_ids, never patterns.`, where);
                else if ((0,_characters_js__WEBPACK_IMPORTED_MODULE_3__/* .visible */ .RK)(id, 'except', where, fail))
                    except.push(id);
            });
    }
    if (!top.has('people'))
        return;
    const list = top.get('people');
    if (!Array.isArray(list)) {
        fail('people must be a list: each entry starts with "- id: …".', at(['people']));
        return;
    }
    list.forEach((item, i) => {
        if (!isObject(item)) {
            fail('Each person must be a mapping with id, first_name, last_name and groups.', at(['people', i]));
            return;
        }
        const person = parseRosterEntry(item, ['people', i], fail, at, guess);
        if (person)
            people.push(person);
    });
}
/**
 * The most `manages` patterns with a `*` a roster may have, over all its files: every id in the
 * roster and in DoorFlow is matched against each, so their number multiplies. Exact ids (no `*`,
 * as an export writes them) are looked up in a set and have no limit.
 */
const MAX_STARRED_PATTERNS = 100;
/** At most this many different unknown keys get a "did you mean" in one parse (see Suggester). */
const MAX_KEY_GUESSES = 1000;
function guesses() {
    const suggesters = new Map();
    return known => {
        let s = suggesters.get(known);
        if (!s)
            suggesters.set(known, (s = new _roster_js__WEBPACK_IMPORTED_MODULE_1__/* .Suggester */ .ip(known, MAX_KEY_GUESSES)));
        return s;
    };
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** The map's known keys; unknown keys are problems with a "did you mean". */
function entries(map, path, known, what, fail, at, guess) {
    const pairs = new Map();
    const suggester = guess(known);
    for (const [key, value] of Object.entries(map)) {
        if (!suggester.knows(key)) {
            const guessed = suggester.guess(key);
            fail(`Unknown key ${(0,_roster_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(key)} in ${what}${guessed ? `; did you mean '${guessed}'?` : `; allowed: ${suggester.listed}.`}`, at([...path, key], 'key'));
            continue;
        }
        pairs.set(key, value);
    }
    return pairs;
}
function parseRosterEntry(map, path, fail, at, guess) {
    const here = at(path);
    const idText = text(map['id']);
    const label = idText?.trim() ? `person ${(0,_roster_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(idText)}` : `the person at line ${here.line}`;
    const pairs = entries(map, path, PERSON_KEYS, label, fail, at, guess);
    const problem = (message, where) => fail(message, where);
    for (const key of REQUIRED) {
        if (!pairs.has(key))
            problem(`Missing ${key} in ${label}${key === 'groups' ? ': list the complete set of DoorFlow groups, or [] for none' : ''}.`, here);
    }
    const fields = { enabled: true };
    const fieldsAt = {};
    const person = {
        id: '',
        fields,
        fieldsAt,
        groups: [],
        roles: undefined,
        at: here,
        idAt: here,
        groupsAt: [],
        rolesAt: []
    };
    for (const [key, value] of pairs) {
        const where = at([...path, key]);
        // The planner points at the email when DoorFlow gives it to someone else.
        if (key === 'email')
            fieldsAt.email = where;
        switch (key) {
            case 'id': {
                const id = text(value);
                person.idAt = where;
                if (!id?.trim())
                    problem(`id in ${label} must be the person's DoorFlow system_id, e.g. EMP-1042.`, where);
                else if (id !== id.trim())
                    problem(`id ${(0,_roster_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(id)} has leading or trailing spaces.`, where);
                else if ((0,_characters_js__WEBPACK_IMPORTED_MODULE_3__/* .visible */ .RK)(id, `id ${(0,_roster_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(id)}`, where, problem))
                    person.id = id;
                break;
            }
            case 'doorflow_id': {
                const raw = text(value);
                person.doorflowIdAt = where;
                if (raw === undefined || !DOORFLOW_ID.test(raw))
                    problem(`doorflow_id in ${label} must be DoorFlow's id of the person to adopt, a whole number such as 123 (the id in the DoorFlow person's address).`, where);
                else
                    person.doorflowId = Number(raw);
                break;
            }
            case 'first_name':
            case 'last_name': {
                const name = text(value);
                if (!name?.trim())
                    problem(`${key} in ${label} must be a non-empty text.`, where);
                else if ((0,_characters_js__WEBPACK_IMPORTED_MODULE_3__/* .visible */ .RK)(name, `${key} in ${label}`, where, problem))
                    fields[key] = name;
                break;
            }
            case 'email': {
                if (value === null) {
                    fields.email = null;
                    break;
                }
                const email = text(value);
                if (!email || !EMAIL_ADDRESS.test(email))
                    problem(`email in ${label} is not an email address: ${(0,_roster_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(email ?? '')}.`, where);
                else if ((0,_characters_js__WEBPACK_IMPORTED_MODULE_3__/* .visible */ .RK)(email, `email in ${label}`, where, problem))
                    fields.email = email;
                break;
            }
            case 'enabled':
                if (typeof value !== 'boolean')
                    problem(`enabled in ${label} must be true or false.`, where);
                else
                    fields.enabled = value;
                break;
            case 'valid_from':
            case 'valid_to': {
                if (value === null) {
                    fields[key] = null;
                    break;
                }
                const instant = dateInstant(text(value) ?? '', key === 'valid_to' ? 'end' : 'start');
                if (typeof instant !== 'string')
                    problem(`${key} in ${label}: ${instant.error}`, where);
                else
                    fields[key] = instant;
                break;
            }
            case 'groups':
            case 'roles': {
                const names = nameList(value, [...path, key], key, label, problem, at);
                if (names) {
                    person[key] = names.names;
                    person[key === 'groups' ? 'groupsAt' : 'rolesAt'] = names.at;
                }
                break;
            }
            default: {
                const field = key;
                if (value === null)
                    fields[field] = null;
                else {
                    const t = text(value);
                    if (t === undefined)
                        problem(`${key} in ${label} must be text (quote it), or null to clear it.`, where);
                    else if ((0,_characters_js__WEBPACK_IMPORTED_MODULE_3__/* .visible */ .RK)(t, `${key} in ${label}`, where, problem))
                        fields[field] = t;
                }
            }
        }
    }
    const from = fields.valid_from;
    const to = fields.valid_to;
    if (typeof from === 'string' && typeof to === 'string' && Date.parse(to) < Date.parse(from))
        problem(`valid_to in ${label} (${to}) is before valid_from (${from}).`, at([...path, 'valid_to']));
    // A person with other problems still takes part in the checks across people (duplicates, manages).
    return person.id ? person : undefined;
}
function nameList(value, path, key, label, problem, at) {
    if (!Array.isArray(value)) {
        problem(`${key} in ${label} must be a list of DoorFlow ${key === 'groups' ? 'group' : 'role'} names, e.g. [Engineering]; [] for none.`, at(path));
        return undefined;
    }
    const names = [];
    const seen = new Set();
    const positions = [];
    let ok = true;
    value.forEach((item, i) => {
        const name = text(item);
        if (!name?.trim()) {
            problem(`Each entry of ${key} in ${label} must be a name.`, at([...path, i]));
            ok = false;
        }
        else if (!(0,_characters_js__WEBPACK_IMPORTED_MODULE_3__/* .visible */ .RK)(name, `${key} of ${label}`, at([...path, i]), problem)) {
            ok = false;
        }
        else if (seen.has(name)) {
            problem(`${(0,_roster_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(name)} is listed twice in ${key} of ${label}.`, at([...path, i]));
            ok = false;
        }
        else {
            seen.add(name);
            names.push(name);
            positions.push(at([...path, i]));
        }
    });
    return ok ? { names, at: positions } : undefined;
}
/** A doorflow_id the roster takes: a whole number from 1 to 999,999,999,999,999 (so below 2^53, exact in JSON). */
const DOORFLOW_ID = /^[1-9]\d{0,14}$/;
/**
 * An email the roster takes: name@domain.tld, no spaces. The lookahead checks the whole domain
 * once before the dot is placed, so that a domain with a second @ or a space fails at once: without
 * it, every dot of `a@a.a.a….@` was tried against the rest of the line (minutes for one long line).
 */
const EMAIL_ADDRESS = /^[^@\s]+@(?=[^@\s]*$)[^@\s]+\.[^@\s]+$/;
/** A scalar's text: strings as they are (numbers are text in SCHEMA); undefined for anything else. */
function text(value) {
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number' || typeof value === 'bigint')
        return String(value);
    return undefined;
}
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
/**
 * A roster date as an instant in UTC ISO 8601 (whole seconds). A bare date is the start of the
 * day (UTC) or, for valid_to, its last second, so that the day named is included.
 */
function dateInstant(raw, edge) {
    const value = raw.trim();
    const d = DATE.exec(value);
    const dt = d ? undefined : DATE_TIME.exec(value);
    const parts = d ?? dt;
    if (!parts)
        return { error: `${(0,_roster_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(value)} is not a date (YYYY-MM-DD) or a date-time (YYYY-MM-DDThh:mm:ssZ).` };
    const [y, mo, da] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
    const day = new Date(Date.UTC(y, mo - 1, da));
    if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== da)
        return { error: `${(0,_roster_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(value)} is not a calendar date.` };
    if (d)
        return `${value}T${edge === 'start' ? '00:00:00' : '23:59:59'}Z`;
    if (!dt[7])
        return { error: `${(0,_roster_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(value)} has no time zone: add Z (UTC) or an offset such as +01:00.` };
    if (Number(dt[4]) > 23 || Number(dt[5]) > 59 || Number(dt[6] ?? 0) > 59)
        return { error: `${(0,_roster_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(value)} is not a valid time of day.` };
    const ms = Date.parse(value.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (Number.isNaN(ms))
        return { error: `${(0,_roster_js__WEBPACK_IMPORTED_MODULE_1__/* .quote */ .hD)(value)} is not a valid date-time.` };
    return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
function where(p) {
    return `${p.file}:${p.line}`;
}


/***/ }),

/***/ 9730:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BE: () => (/* binding */ MAX_FILES),
/* harmony export */   Hc: () => (/* binding */ isRosterFileName),
/* harmony export */   Vy: () => (/* binding */ readRosterFiles),
/* harmony export */   gZ: () => (/* binding */ MAX_FILE_BYTES),
/* harmony export */   gx: () => (/* binding */ MAX_TOTAL_BYTES)
/* harmony export */ });
/* unused harmony exports MAX_DIRECTORY_ENTRIES, yamlFilesIn */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _untrusted_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(873);
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8186);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6264);
/* harmony import */ var _roster_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2768);
/**
 * The roster's files read from the workspace, within bounds: one YAML file or a directory of
 * *.yaml files (not recursive), each a regular file inside the workspace, at most MAX_FILE_BYTES,
 * MAX_FILES of them and MAX_TOTAL_BYTES together, UTF-8. A roster from a fork's pull request must
 * not make the job read /dev/zero, wait on a FIFO, or show a file from outside the checkout. The
 * only part of reading a roster that touches the file system; parse.ts reads the text.
 */






/** The most one roster file may hold; a bigger file is refused with its size, and no more than this is ever read. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** The most YAML files a roster directory may hold; with more, none is read. */
const MAX_FILES = 1000;
/** The most a roster's files may hold together; files past it are refused unread. */
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;
/** The most entries of a roster directory looked at (files of any kind, dot-files, folders). */
const MAX_DIRECTORY_ENTRIES = 100_000;
/**
 * Why a link inside the workspace is not read either: what it points to is not in the pull
 * request's diff, and it can be any file of the checkout, whose text a problem would quote in a
 * public comment (.git/config holds the token actions/checkout persists; a credentials file an
 * earlier step wrote).
 */
const LINKED = "is a link (or inside a linked folder); it is not read: a roster file must be a regular file of the repository, as a link's target is not in the pull request's diff and may be any file of the workspace, .git/config with the checkout's token among them.";
/**
 * The roster's files: `input` is a file or a directory (its *.yaml and *.yml files, sorted by
 * name, not recursive, dot-files left out), relative to `workspace`. Problems when it cannot be
 * read. Every file read is a regular file of the workspace, reached by no link, at most
 * MAX_FILE_BYTES, and UTF-8: a roster from a pull request must not make the job read /dev/zero,
 * wait on a FIFO, or show any file it did not add (LINKED).
 */
function readRosterFiles(input, workspace) {
    const fail = (message) => ({ files: [], problems: [{ message: `Input 'roster': ${message}` }] });
    if ((0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(input) || /^[a-zA-Z]:[\\/]/.test(input))
        return fail(`${(0,_roster_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .hD)(input)} is an absolute path; give a path relative to the workspace, such as access/roster.yaml.`);
    let root;
    try {
        root = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(workspace);
    }
    catch {
        return fail(`the workspace ${(0,_roster_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .hD)(workspace)} does not exist; check out the repository first (actions/checkout).`);
    }
    const path = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(root, input);
    const rel = (p) => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(root, p).split('\\').join('/') || '.';
    const inside = (p) => (0,_runner_js__WEBPACK_IMPORTED_MODULE_3__/* .isInside */ .FK)(p, root);
    if (!inside(path))
        return fail(`${(0,_roster_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .hD)(input)} leads outside the workspace; give a path inside the repository.`);
    let real;
    try {
        real = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(path);
    }
    catch {
        return fail(`${(0,_untrusted_js__WEBPACK_IMPORTED_MODULE_2__/* .untrusted */ .bp)(rel(path))} does not exist (it is read relative to the workspace, ${(0,_untrusted_js__WEBPACK_IMPORTED_MODULE_2__/* .untrusted */ .bp)(root)}); check out the repository first (actions/checkout) and check the path.`);
    }
    if (!inside(real))
        return fail(`${(0,_roster_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .hD)(rel(path))} is a link that leads outside the workspace; it is not read.`);
    if (real !== path)
        return fail(`${(0,_roster_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .hD)(rel(path))} ${LINKED}`);
    let paths;
    try {
        if ((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(real).isDirectory()) {
            const listed = yamlFilesIn(real);
            if (typeof listed === 'string')
                return fail(`the directory ${(0,_roster_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .hD)(rel(path))} ${listed}`);
            paths = listed.map(name => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(path, name));
        }
        else
            paths = [path];
    }
    catch (err) {
        return fail(`${(0,_roster_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .hD)(rel(path))} cannot be read (${(0,_untrusted_js__WEBPACK_IMPORTED_MODULE_2__/* .untrusted */ .bp)(err.code ?? 'error')}).`);
    }
    if (!paths.length)
        return fail(`the directory ${(0,_roster_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .hD)(rel(path))} has no *.yaml or *.yml files.`);
    const files = [];
    const problems = [];
    // Every byte read counts, a refused file's too: 1,000 links to one big file that is not UTF-8
    // must not make the job read 16 GiB.
    let total = 0;
    for (const [i, p] of paths.entries()) {
        const read = readOne(p, rel(p), inside, MAX_TOTAL_BYTES - total, n => (total += n));
        if (typeof read === 'string')
            files.push({ file: rel(p), text: read });
        else if (read === TOO_MUCH) {
            problems.push({
                message: `Input 'roster': its files hold more than ${(0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .byteSize */ .mz)(MAX_TOTAL_BYTES)} together, the most a roster may; ` +
                    `${(0,_roster_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .hD)(rel(p))} and ${paths.length - i - 1} more after it were not read. Keep the roster smaller, or split the building's people across workflows with their own manages patterns.`
            });
            break;
        }
        else
            problems.push(read);
    }
    return { files, problems };
}
/**
 * Whether a file of a roster directory is a roster file: *.yaml or *.yml in any case (B.YAML too),
 * not a dot-file. The one rule, for the files read now and for the history the review reads.
 */
const isRosterFileName = (name) => /\.ya?ml$/i.test(name) && !name.startsWith('.');
/**
 * The *.yaml and *.yml files of a directory, sorted by name, no dot-files; or why it will not be
 * read: more than MAX_FILES of them, or more than MAX_DIRECTORY_ENTRIES entries to look through.
 */
function yamlFilesIn(dir, limits = { files: MAX_FILES, entries: MAX_DIRECTORY_ENTRIES }) {
    const names = [];
    const handle = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.opendirSync)(dir);
    try {
        for (let seen = 0;; seen++) {
            const entry = handle.readSync();
            if (!entry)
                break;
            if (seen >= limits.entries)
                return `holds more than ${limits.entries.toLocaleString('en-US')} entries; it is not read. Give the folder of roster files itself.`;
            if (isRosterFileName(entry.name))
                names.push(entry.name);
            if (names.length > limits.files)
                return `has more than ${limits.files} *.yaml or *.yml files, the most a roster may have; none was read. Merge files (a file may hold many people).`;
        }
    }
    finally {
        handle.closeSync();
    }
    return names.sort();
}
/** readOne's answer when the file would take the roster past MAX_TOTAL_BYTES. */
const TOO_MUCH = Symbol('over the total');
/** One roster file's text, or the problem that keeps it from being read (never a word of its contents); `spent` hears of every byte read. */
function readOne(path, file, inside, left, spent) {
    const problem = (why) => ({ message: `Roster file ${(0,_roster_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .hD)(file)} ${why}`, at: undefined });
    let real;
    try {
        real = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.realpathSync)(path);
    }
    catch {
        // Listed but not there by that name: a link to nothing, or a name that is not UTF-8 (it was
        // listed with U+FFFD in place of the bad bytes, and no file has that name).
        return problem(isLink(path)
            ? 'cannot be read: it is a broken link.'
            : 'cannot be read by its name: the name is not UTF-8 text (or the file was removed meanwhile); rename it.');
    }
    if (!inside(real))
        return problem('is a link that leads outside the workspace; it is not read.');
    if (real !== path)
        return problem(LINKED);
    let fd;
    try {
        if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.statSync)(real).isFile())
            return problem('is not a regular file (a directory, FIFO, socket or device); it is not read.');
        // O_NONBLOCK: a FIFO swapped in after the check cannot block the open; fstat then refuses it.
        fd = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.openSync)(real, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_RDONLY | (node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NONBLOCK ?? 0) | (node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.O_NOFOLLOW ?? 0));
        const info = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.fstatSync)(fd);
        if (!info.isFile())
            return problem('is not a regular file (a directory, FIFO, socket or device); it is not read.');
        if (info.size > MAX_FILE_BYTES)
            return problem(`is ${(0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .exactBytes */ .X2)(info.size)}, more than the ${(0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .byteSize */ .mz)(MAX_FILE_BYTES)} a roster file may be; split it into a directory of files.`);
        if (info.size > left)
            return TOO_MUCH;
        // Never more than the cap, even when the file grows while it is read.
        const cap = Math.min(MAX_FILE_BYTES, left);
        const chunks = [];
        let length = 0;
        for (;;) {
            const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, cap + 1 - length));
            const n = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readSync)(fd, chunk, 0, chunk.length, null);
            if (n === 0)
                break;
            chunks.push(chunk.subarray(0, n));
            length += n;
            spent(n);
            if (length > cap)
                return problem(`grew past ${(0,_format_js__WEBPACK_IMPORTED_MODULE_4__/* .byteSize */ .mz)(cap)} while it was read; it is not read.`);
        }
        const bytes = Buffer.concat(chunks, length);
        try {
            return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        }
        catch {
            const line = new TextDecoder('utf-8').decode(bytes).split('\ufffd')[0].split('\n').length;
            return {
                message: `Roster file ${(0,_roster_js__WEBPACK_IMPORTED_MODULE_5__/* .quote */ .hD)(file)} is not UTF-8 text (an invalid byte on line ${line}); save it as UTF-8.`,
                at: { file, line, col: 1 }
            };
        }
    }
    catch (err) {
        return problem(`cannot be read (${(0,_untrusted_js__WEBPACK_IMPORTED_MODULE_2__/* .untrusted */ .bp)(err.code ?? 'error')}).`);
    }
    finally {
        if (fd !== undefined)
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.closeSync)(fd);
    }
}
function isLink(path) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(path).isSymbolicLink();
    }
    catch {
        return false;
    }
}


/***/ }),

/***/ 2768:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Xc: () => (/* binding */ managesMatcher),
/* harmony export */   hD: () => (/* binding */ quote),
/* harmony export */   ip: () => (/* binding */ Suggester),
/* harmony export */   sl: () => (/* binding */ MAX_LISTED_PROBLEMS)
/* harmony export */ });
/* unused harmony exports globMatch, editDistance, editDistanceWithin, didYouMean */
/* harmony import */ var _untrusted_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(873);

/** One finding about the roster, reported as an annotation on its line when it has one. */
/** At most this many problems are listed in a comment or summary; one more line gives the rest's count. */
const MAX_LISTED_PROBLEMS = 50;
/**
 * A `manages` pattern as a test on system_ids: `*` matches any run of characters (none
 * included), every other character matches itself, case-sensitively, over the whole id. An id
 * in `except` is matched by none.
 */
function managesMatcher(patterns, except = []) {
    if (!patterns.length)
        return undefined;
    // Ids without a star are looked up, not scanned: an exported roster may list thousands.
    const exact = new Set(patterns.filter(p => !p.includes('*')));
    const globs = patterns.filter(p => p.includes('*')).map(p => p.split('*'));
    // `except` only ever narrows what the patterns claim: an id in it is nobody's to remove.
    const excepted = new Set(except);
    return id => !excepted.has(id) && (exact.has(id) || globs.some(parts => globMatch(parts, id)));
}
/**
 * Whether `text` matches the pattern split at its stars, in time linear in the text's length
 * (no regular expression, so no backtracking: a roster from a fork can write any pattern). The
 * first part is a prefix, the last a suffix, and each part between is taken at its leftmost
 * place after the one before: a leftmost place leaves the most room for what follows, so when
 * this fails no other placement succeeds.
 */
function globMatch(parts, text) {
    if (parts.length === 1)
        return text === parts[0];
    const first = parts[0];
    const last = parts[parts.length - 1];
    if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last))
        return false;
    let from = first.length;
    const end = text.length - last.length;
    for (let i = 1; i < parts.length - 1; i++) {
        const part = parts[i];
        if (!part)
            continue;
        const found = text.indexOf(part, from);
        if (found < 0 || found + part.length > end)
            return false;
        from = found + part.length;
    }
    return true;
}
/** Levenshtein distance, for "did you mean". */
function editDistance(a, b) {
    return editDistanceWithin(a, b, Math.max(a.length, b.length));
}
/**
 * Levenshtein distance when it is at most `max`, else `max + 1`: only the band of cells within
 * `max` of the diagonal is computed, so a 16 MiB word against a short one costs its length times
 * `max`, not the product of the lengths.
 */
function editDistanceWithin(a, b, max) {
    if (Math.abs(a.length - b.length) > max)
        return max + 1;
    const over = max + 1;
    let row = Array.from({ length: b.length + 1 }, (_, j) => (j <= max ? j : over));
    for (let i = 1; i <= a.length; i++) {
        const next = new Array(b.length + 1).fill(over);
        const from = Math.max(1, i - max);
        const to = Math.min(b.length, i + max);
        if (from === 1)
            next[0] = i <= max ? i : over;
        let best = next[0];
        for (let j = from; j <= to; j++) {
            next[j] = Math.min(over, row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
            if (next[j] < best)
                best = next[j];
        }
        if (best > max)
            return over;
        row = next;
    }
    return Math.min(over, row[b.length]);
}
/** The closest candidate, when close enough to be a likely typo (case ignored). */
function didYouMean(word, candidates) {
    return new Suggester(candidates).guess(word);
}
/**
 * "Did you mean" for many words against one list of candidates, in bounded time: each word is
 * compared only with candidates of a length within the typo limit (at most 3 edits), through a
 * band of that width; a word asked again is answered from memory; and after `maxLookups`
 * different words no more are looked up (undefined), so a roster of a million unknown names
 * against a thousand DoorFlow groups costs at most `maxLookups` lookups, not a billion. Messages
 * past the first few dozen are only counted anyway (review.ts, MAX_LISTED_PROBLEMS).
 */
class Suggester {
    maxLookups;
    byLength = new Map();
    memo = new Map();
    all;
    joined;
    constructor(candidates, maxLookups = Infinity) {
        this.maxLookups = maxLookups;
        this.all = new Set(candidates);
        candidates.forEach((name, index) => {
            const lower = name.toLowerCase();
            const same = this.byLength.get(lower.length);
            if (same)
                same.push({ name, lower, index });
            else
                this.byLength.set(lower.length, [{ name, lower, index }]);
        });
    }
    /** Whether `word` is one of the candidates, exactly. */
    knows(word) {
        return this.all.has(word);
    }
    /** The candidates, comma-separated, as a message lists them (joined once). */
    get listed() {
        return (this.joined ??= [...this.all].join(', '));
    }
    guess(word) {
        if (this.memo.has(word))
            return this.memo.get(word);
        if (this.memo.size >= this.maxLookups)
            return undefined;
        const w = word.toLowerCase();
        const limit = Math.max(1, Math.min(3, Math.floor(w.length / 3)));
        // The nearest; of equally near ones, the first in the candidates' order.
        let best;
        for (let length = w.length - limit; length <= w.length + limit; length++) {
            for (const c of this.byLength.get(length) ?? []) {
                const d = editDistanceWithin(w, c.lower, limit);
                if (d <= limit && (!best || d < best.d || (d === best.d && c.index < best.index)))
                    best = { name: c.name, d, index: c.index };
            }
        }
        const found = best?.name;
        this.memo.set(word, found);
        return found;
    }
}
/** A roster value inside a message: through the one gate (a fork's pull request writes the roster), quoted. */
function quote(value) {
    return `'${(0,_untrusted_js__WEBPACK_IMPORTED_MODULE_0__/* .untrusted */ .bp)(value, 80)}'`;
}


/***/ }),

/***/ 5356:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $h: () => (/* binding */ DOCUMENT_MAX_BYTES),
/* harmony export */   N$: () => (/* binding */ readValues),
/* harmony export */   _$: () => (/* binding */ lineStarts),
/* harmony export */   hO: () => (/* binding */ Locator),
/* harmony export */   v6: () => (/* binding */ refuseDirectives)
/* harmony export */ });
/* harmony import */ var js_yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3243);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8815);
/* harmony import */ var _untrusted_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(873);
/**
 * The glue between the roster's two YAML libraries, and why there are two. js-yaml reads the
 * values: 52 ms for a roster of 10,000 people (1.4 MiB). The `yaml` library knows where every node
 * stands and lists every syntax error (js-yaml stops at the first), but its Document with a line
 * counter takes 1.1 s for the same file, 21 times as long (bench/results.md, section 5: the two
 * YAML libraries, `npm run bench -- roster`). So js-yaml reads every file, and the `yaml` Document
 * is built only when a position is first read or js-yaml fails, that is, only when there is a
 * problem to show (Locator, LazyPosition); a roster without problems never pays for it.
 *
 * js-yaml's schema here is YAML 1.2's without numbers, so a plain scalar is text as written (`0123`
 * stays "0123"; `version: 1` is "1"), and without timestamps, so a date stays the text the user
 * wrote. Only true/false and null are typed. A `%YAML` directive other than 1.2 refuses the file.
 */



// js-yaml exports its built-in types as `types`; @types/js-yaml does not declare them.
const { types } = js_yaml__WEBPACK_IMPORTED_MODULE_0__/* ["default"] */ .Ay;
const SCHEMA = js_yaml__WEBPACK_IMPORTED_MODULE_0__/* ["default"].FAILSAFE_SCHEMA */ .Ay.FAILSAFE_SCHEMA.extend({ implicit: [types.null, types.bool] });
/**
 * The most bytes of a file whose `yaml` Document is built (for positions and every syntax
 * error): it takes 1 to 3 s a MiB, so a 16 MiB file would take most of a minute. In a larger file
 * a position is found by a second js-yaml pass that notes where each mapping and list begins and
 * ends (SpanIndex), then the Document of the smallest one that holds it, when that is at most
 * this size; otherwise the position is where that mapping or list begins. Its syntax errors are
 * js-yaml's first.
 */
const DOCUMENT_MAX_BYTES = 1024 * 1024;
/**
 * Where things stand in one file. The `yaml` Document, which knows every node's offset, is
 * built only when a position is first read, that is, only when there is a problem to show.
 */
class Locator {
    file;
    documentMaxBytes;
    doc;
    lines = new yaml__WEBPACK_IMPORTED_MODULE_1__/* .LineCounter */ .HN();
    spans;
    /** A map node's pairs by key text, built on the first look-up in it (a person with 100,000 keys). */
    pairs = new WeakMap();
    constructor(file, documentMaxBytes = DOCUMENT_MAX_BYTES) {
        this.file = file;
        this.documentMaxBytes = documentMaxBytes;
    }
    /** The position of the value at `path` (or of its key), resolved when first read. */
    at(path, part = 'value') {
        return new LazyPosition(this.file.file, this, path, part);
    }
    /** Whether the whole file's `yaml` Document may be built (DOCUMENT_MAX_BYTES). */
    get small() {
        return this.file.text.length <= this.documentMaxBytes;
    }
    /** The `yaml` Document, for its syntax errors (all of them, where js-yaml stops at the first). */
    document() {
        this.doc ??= (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .parseDocument */ .Tp)(this.file.text, {
            lineCounter: this.lines,
            prettyErrors: false,
            uniqueKeys: true,
            version: '1.2'
        });
        return this.doc;
    }
    offsetPosition(offset) {
        this.document();
        return { file: this.file.file, ...this.lines.linePos(offset) };
    }
    resolve(path, part) {
        if (this.small) {
            this.document();
            return this.lines.linePos(this.offsetIn(this.document().contents, path, part));
        }
        this.spans ??= new SpanIndex(this.file.text);
        return this.spans.resolve(path, part, (text, rest) => {
            if (text.length > DOCUMENT_MAX_BYTES)
                return undefined;
            const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .parseDocument */ .Tp)(text, { prettyErrors: false, version: '1.2' });
            return doc.errors.length ? undefined : this.offsetIn(doc.contents, rest, part);
        });
    }
    /** The offset of `path` (or its key) from `root`, as far down as the nodes lead. */
    offsetIn(root, path, part) {
        let node = root;
        let offset = node?.range?.[0] ?? 0;
        for (const [i, step] of path.entries()) {
            if ((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isMap */ .jh)(node)) {
                const pair = this.pairOf(node, String(step));
                if (!pair)
                    break;
                const keyAt = pair.key.range?.[0] ?? offset;
                if (part === 'key' && i === path.length - 1) {
                    offset = keyAt;
                    break;
                }
                node = pair.value;
                offset = node?.range?.[0] ?? keyAt;
            }
            else if ((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isSeq */ .oP)(node) && typeof step === 'number' && node.items[step]) {
                node = node.items[step];
                offset = node.range?.[0] ?? offset;
            }
            else
                break;
        }
        return offset;
    }
    pairOf(node, key) {
        let byKey = this.pairs.get(node);
        if (!byKey) {
            byKey = new Map();
            for (const p of node.items)
                if ((0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .isScalar */ .jn)(p.key) && !byKey.has(keyText(p.key)))
                    byKey.set(keyText(p.key), p);
            this.pairs.set(node, byKey);
        }
        return byKey.get(key);
    }
}
/**
 * Where each mapping and list of a large file begins and ends, from a js-yaml pass that listens
 * to its nodes opening and closing (about as fast as reading the values). A position inside one
 * is found in the `yaml` Document of its own text (`within`), as if it stood alone.
 */
class SpanIndex {
    text;
    root;
    spans = new Map();
    lines;
    constructor(text) {
        this.text = text;
        const opened = [];
        this.lines = lineStarts(text);
        // Read only for positions: a file js-yaml cannot read has its error reported already.
        try {
            this.root = js_yaml__WEBPACK_IMPORTED_MODULE_0__/* ["default"].load */ .Ay.load(text, {
                schema: SCHEMA,
                listener: (event, state) => {
                    if (event === 'open')
                        opened.push(state.position);
                    else {
                        const start = opened.pop() ?? 0;
                        const result = state.result;
                        if (typeof result === 'object' && result !== null && !this.spans.has(result))
                            this.spans.set(result, { start: this.skipSpace(start), end: state.position });
                    }
                }
            });
        }
        catch {
            this.root = undefined;
        }
    }
    resolve(path, part, within) {
        let value = this.root;
        let span = typeof value === 'object' && value !== null ? this.spans.get(value) : undefined;
        let depth = 0;
        // Down through the mappings and lists of the path, as far as each has a span.
        for (const step of path) {
            const next = typeof value === 'object' && value !== null ? value[step] : undefined;
            const nextSpan = typeof next === 'object' && next !== null ? this.spans.get(next) : undefined;
            if (!nextSpan || (part === 'key' && depth === path.length - 1))
                break;
            value = next;
            span = nextSpan;
            depth++;
        }
        if (!span)
            return this.lines.linePos(0);
        const rest = path.slice(depth);
        if (rest.length) {
            // The span's own text, indented as in the file, so that a block mapping reads the same.
            const lineStart = this.text.lastIndexOf('\n', span.start - 1) + 1;
            const pad = span.start - lineStart;
            const inner = within(' '.repeat(pad) + this.text.slice(span.start, span.end), rest);
            if (inner !== undefined)
                return this.lines.linePos(span.start + Math.max(0, inner - pad));
        }
        return this.lines.linePos(span.start);
    }
    /** The first offset from `at` that is not a space, a line end or a comment. */
    skipSpace(at) {
        let i = at;
        for (;;) {
            const c = this.text[i];
            if (c === ' ' || c === '\t' || c === '\r' || c === '\n')
                i++;
            else if (c === '#') {
                const end = this.text.indexOf('\n', i);
                if (end < 0)
                    return i;
                i = end + 1;
            }
            else
                return i;
        }
    }
}
/** A Position whose line and column are looked up on first read (10,000 people make 100,000 of them). */
class LazyPosition {
    file;
    locator;
    path;
    part;
    found;
    constructor(file, locator, path, part) {
        this.file = file;
        this.locator = locator;
        this.path = path;
        this.part = part;
    }
    get line() {
        return (this.found ??= this.locator.resolve(this.path, this.part)).line;
    }
    get col() {
        return (this.found ??= this.locator.resolve(this.path, this.part)).col;
    }
    toJSON() {
        return { file: this.file, line: this.line, col: this.col };
    }
}
/**
 * The file's values as js-yaml reads them (SCHEMA), or undefined when it cannot read them: then
 * its problems go to `fail`, every syntax error the `yaml` Document finds, each on its line, or
 * js-yaml's own error when the Document finds none (an unknown tag).
 */
function readValues(file, locator, fail) {
    try {
        return { root: js_yaml__WEBPACK_IMPORTED_MODULE_0__/* ["default"].load */ .Ay.load(file.text, { schema: SCHEMA, filename: file.file }) };
    }
    catch (err) {
        // The values come from js-yaml alone: when it fails, its error is reported and the file is
        // not read. js-yaml stops at the first error; the yaml Document lists every syntax error.
        const doc = locator.small ? locator.document() : undefined;
        if (doc?.errors.length) {
            for (const error of doc.errors)
                fail(`YAML syntax: ${(0,_untrusted_js__WEBPACK_IMPORTED_MODULE_2__/* .untrusted */ .bp)(error.message)}`, locator.offsetPosition(error.pos[0]));
            return undefined;
        }
        const e = err;
        const reason = e.reason ?? 'the file cannot be read as YAML';
        const message = /^unknown tag/.test(reason)
            ? `YAML: ${(0,_untrusted_js__WEBPACK_IMPORTED_MODULE_2__/* .untrusted */ .bp)(reason)}: tags such as !!binary or !foo are not part of the roster format; remove the tag (quote the value if it is text).`
            : `YAML: ${(0,_untrusted_js__WEBPACK_IMPORTED_MODULE_2__/* .untrusted */ .bp)(reason)}.`;
        fail(message, e.mark ? { file: file.file, line: e.mark.line + 1, col: e.mark.column + 1 } : locator.at([]));
        return undefined;
    }
}
/**
 * `%YAML` directives stand before the document; only 1.2 (the version the roster is read as)
 * is allowed, since YAML 1.1 reads `0042` as 34 and `off` as false. Problems; true when any.
 */
function refuseDirectives(file, problems) {
    let refused = false;
    let line = 0;
    for (let start = 0; start < file.text.length; line++) {
        const end = file.text.indexOf('\n', start);
        const text = file.text.slice(start, end < 0 ? undefined : end).replace(/\r$/, '');
        start = end < 0 ? file.text.length : end + 1;
        if (!text.startsWith('%')) {
            if (/^\s*(#.*)?$/.test(text.replace(/^\ufeff/, '')))
                continue;
            break;
        }
        const version = /^%YAML\s+(\S+)/.exec(text)?.[1];
        if (version !== undefined && version !== '1.2') {
            problems.push({
                message: `%YAML ${(0,_untrusted_js__WEBPACK_IMPORTED_MODULE_2__/* .untrusted */ .bp)(version, 20)}: a roster is read as YAML 1.2 only (under 1.1, 0042 would be 34 and off would be false); delete the directive.`,
                at: { file: file.file, line: line + 1, col: 1 }
            });
            refused = true;
        }
    }
    return refused;
}
/** Line starts of a text, for positions of offsets found without a Document (refused characters). */
function lineStarts(text) {
    const lines = new yaml__WEBPACK_IMPORTED_MODULE_1__/* .LineCounter */ .HN();
    lines.addNewLine(0);
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1))
        lines.addNewLine(i + 1);
    return lines;
}
/** A key as js-yaml reads it (SCHEMA keeps numbers as written), for finding it in the yaml Document. */
function keyText(key) {
    if (key.type === 'PLAIN' && typeof key.source === 'string') {
        if (/^(?:~|null|Null|NULL|)$/.test(key.source))
            return 'null';
        return key.source;
    }
    return String(key.value);
}


/***/ })

};
