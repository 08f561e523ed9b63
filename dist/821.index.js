export const id = 821;
export const ids = [821];
export const modules = {

/***/ 7821:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runExport: () => (/* binding */ runExport)
});

// UNUSED EXPORTS: beyondRosterBounds, leftOutLines, writeExportFiles

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 19 modules
var core = __webpack_require__(5321);
// EXTERNAL MODULE: ./src/report.ts
var report = __webpack_require__(665);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/doorflow/people.ts
var people = __webpack_require__(8949);
// EXTERNAL MODULE: ./src/format.ts
var format = __webpack_require__(6264);
// EXTERNAL MODULE: ./src/sign-in.ts + 1 modules
var sign_in = __webpack_require__(3896);
// EXTERNAL MODULE: ./src/untrusted.ts
var untrusted = __webpack_require__(873);
// EXTERNAL MODULE: ./src/runner.ts + 1 modules
var runner = __webpack_require__(8186);
// EXTERNAL MODULE: ./src/roster/parse.ts
var parse = __webpack_require__(7888);
// EXTERNAL MODULE: ./src/roster/characters.ts
var characters = __webpack_require__(8159);
// EXTERNAL MODULE: ./src/roster/email.ts
var email = __webpack_require__(5803);
;// CONCATENATED MODULE: ./src/export/order.ts
/** Natural order: runs of digits by their value, so EMP-2 comes before EMP-10. */
function naturalCompare(a, b) {
    const x = a.match(/\d+|\D+/g) ?? [];
    const y = b.match(/\d+|\D+/g) ?? [];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const p = x[i];
        const q = y[i];
        if (p === q)
            continue;
        const digits = /^\d/.test(p) && /^\d/.test(q);
        if (digits) {
            const pv = p.replace(/^0+/, '');
            const qv = q.replace(/^0+/, '');
            if (pv.length !== qv.length)
                return pv.length - qv.length;
            if (pv !== qv)
                return pv < qv ? -1 : 1;
            continue;
        }
        return p < q ? -1 : 1;
    }
    if (x.length !== y.length)
        return x.length - y.length;
    return a < b ? -1 : a > b ? 1 : 0;
}

;// CONCATENATED MODULE: ./src/export/manages.ts
/**
 * The exported roster's `manages`, declared once for the whole directory: a few prefix patterns
 * (`EMP-*`, `DF-*`) that match every exported person, and nobody else DoorFlow holds, with the
 * people left out of the export named in `except`. So a new hire is one entry in their
 * department's file (`EMP-10001` matches `EMP-*`), a leaver deleted from a file is removed by the
 * apply, and a person left out is never managed, so never removed.
 *
 * Exactness is checked against every system_id DoorFlow holds, exported or not, and those the
 * export gives: a pattern is written only when each id it matches is exported or named in
 * `except`. An id that `except` cannot name (a character the roster refuses, a `*`) is kept out
 * by longer prefixes instead; an id that ends in no number is listed as it is.
 */

/**
 * `exported`: the ids of the exported people (their system_id or the generated one). `known`:
 * every system_id DoorFlow holds. `nameable(id)`: whether `except` can name the id.
 */
function managesCover(exported, known, nameable) {
    const isExported = new Set(exported);
    const all = [...new Set([...known, ...exported])].sort();
    const patterns = [];
    const exact = [];
    const except = [];
    // Families: an id with its trailing digits taken off (EMP-1042 → EMP-). The shortest prefix
    // wins: EMP- covers EMP-X-, and every id under it is checked anyway.
    const prefixes = new Set();
    for (const id of exported) {
        const prefix = id.replace(/\d+$/, '');
        if (prefix && prefix !== id)
            prefixes.add(prefix);
        else
            exact.push(id);
    }
    const families = [];
    for (const prefix of [...prefixes].sort()) {
        const last = families[families.length - 1];
        if (last === undefined || !prefix.startsWith(last))
            families.push(prefix);
    }
    /** Covers the ids all[lo..hi), which all start with `prefix`, at least one of them exported. */
    const cover = (prefix, lo, hi) => {
        const outside = all.slice(lo, hi).filter(id => !isExported.has(id));
        if (outside.every(nameable)) {
            patterns.push(`${prefix}*`);
            except.push(...outside);
            return;
        }
        // One character (code point) longer, where an exported id goes; the id equal to the prefix itself, if any, sorts first.
        let i = lo;
        if (all[i] === prefix) {
            if (isExported.has(prefix))
                exact.push(prefix);
            i++;
        }
        while (i < hi) {
            const next = prefix + String.fromCodePoint(all[i].codePointAt(prefix.length));
            let j = i;
            let any = false;
            while (j < hi && all[j].startsWith(next))
                any = isExported.has(all[j++]) || any;
            if (any)
                cover(next, i, j);
            i = j;
        }
    };
    for (const prefix of families) {
        const lo = lowerBound(all, prefix);
        let hi = lo;
        while (hi < all.length && all[hi].startsWith(prefix))
            hi++;
        cover(prefix, lo, hi);
    }
    // An exact id that a pattern matches already (EMP-X under EMP-*) is not written twice.
    const alone = exact.filter(id => !patterns.some(p => id.startsWith(p.slice(0, -1))));
    return {
        manages: [...patterns.sort(naturalCompare), ...[...new Set(alone)].sort(naturalCompare)],
        except: [...new Set(except)].sort(naturalCompare)
    };
}
/** The first index of a sorted list whose item is not below `value`. */
function lowerBound(sorted, value) {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid] < value)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

;// CONCATENATED MODULE: ./src/export/names.ts
/**
 * File names for the export's files, made from DoorFlow's department and group names (DoorFlow's
 * text: anything at all). A name must be one plain file on every checkout the roster may land
 * on: Linux, and the case-insensitive file systems of macOS and Windows, where `Sales.yaml` and
 * `sales.yaml` are one file and `con.yaml` is a device, not a file. Two names that one of those
 * checkouts would take for the same file get distinct suffixes, so no file overwrites another.
 */
/** The most characters (code points) of a name, before `.yaml`. */
const NAME_MAX = 60;
/**
 * Names Windows keeps for devices, whatever the extension (`con.yaml` opens the console): CON,
 * PRN, AUX, NUL, COM0–COM9 and LPT0–LPT9, the superscript digits ¹ ² ³ included (Windows reads
 * `COM¹` as a port too). Matched after NFKC and lower case, so `ＣＯＮ` and `com¹` are caught.
 */
const RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/;
/**
 * A file name (without `.yaml`) for a split key: compatibility-normalised (NFKC: `ſ` is `s`,
 * `¹` is `1`, full-width letters are plain ones), lower case, only letters and digits joined by
 * `-` (a letter keeps its combining marks), at most NAME_MAX characters, never a Windows device name (`con` becomes `con-people`).
 * Nothing else is possible in it: no dot (so no dot-file, no trailing dot, no extension of its
 * own), no space, no `< > : " / \ | ? *`, no control character. `unnamed` when nothing is left.
 */
function safeName(key) {
    const name = key
        .normalize('NFKC')
        .toLowerCase()
        .normalize('NFKC')
        // Combining marks stay with their letter (`İ` lower-cased is `i` and a combining dot).
        .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
        .replace(/^[-\p{M}]+|-+$/gu, '');
    const short = [...name].slice(0, NAME_MAX).join('').replace(/-+$/, '');
    if (!short)
        return 'unnamed';
    return RESERVED.test(short) ? `${short}-people` : short;
}
/**
 * Two names that a case-insensitive, normalising file system (Windows, macOS) takes for one
 * file have the same key: NFKC, then upper case (Unicode's full mapping: `σ` and final `ς` are
 * both `Σ`, `ß` is `SS`, `ſ` is `S`), then NFKC again. It may join a few names Windows would
 * keep apart (`ß` and `ss`): that costs a suffix, never a lost file.
 */
function foldedName(name) {
    return name.normalize('NFKC').toUpperCase().normalize('NFKC');
}
/**
 * A distinct file name for each key, in the keys' order: the first key to claim a folded name
 * keeps it, each later one gets `-2`, `-3`, … (itself checked against every name taken). The
 * same keys always give the same names. `reserved` are names already taken (the export's own).
 */
function fileNames(keys, reserved = []) {
    const taken = new Set(reserved.map(foldedName));
    const names = new Map();
    for (const key of keys) {
        const base = safeName(key);
        let name = base;
        for (let n = 2; taken.has(foldedName(name)); n++)
            name = `${base}-${n}`;
        taken.add(foldedName(name));
        names.set(key, name);
    }
    return names;
}

;// CONCATENATED MODULE: ./src/export/export.ts








/** The file that holds the directory's `manages` when the export writes several files. */
const MANAGES_FILE = '_manages.yaml';
const SPLIT_KEYS = (/* unused pure expression or super */ null && (['department', 'group', 'none']));
const DEFAULT_ID_TEMPLATE = 'DF-{id}';
/** Why an id template cannot be used, or undefined when it can. */
function checkIdTemplate(template) {
    if (!template.includes('{id}'))
        return "must hold {id} (the DoorFlow id), e.g. 'DF-{id}'.";
    if (template.length > 100)
        return 'is longer than 100 characters.';
    if (template !== template.trim())
        return 'has leading or trailing spaces.';
    if (template.includes('*'))
        return "holds '*', which manages reads as a wildcard.";
    const bad = FORBIDDEN.exec(template);
    if (bad)
        return `holds ${(0,characters/* characterName */.pp)(bad[0])}.`;
    return undefined;
}
/** Characters a roster value may not hold, and lone surrogates (a roster file, being UTF-8, has none; DoorFlow's JSON may). */
const FORBIDDEN = new RegExp(`${characters/* FORBIDDEN_IN_VALUE */.Qu.source}|\\p{Cs}`, 'u');
function exportRoster(account, options) {
    const templateProblem = checkIdTemplate(options.idTemplate);
    if (templateProblem)
        throw new Error(`The id template ${templateProblem}`);
    const leftOut = [];
    const groupNames = names(account.groups);
    const roleNames = names(account.roles);
    // Every system_id the account holds or the export would give, and how often.
    const idCount = new Map();
    const idOf = (p) => p.system_id ?? options.idTemplate.split('{id}').join(String(p.id));
    for (const p of account.people)
        idCount.set(idOf(p), (idCount.get(idOf(p)) ?? 0) + 1);
    const emailCount = new Map();
    for (const p of account.people)
        if (p.email)
            emailCount.set((0,email/* asciiLower */.F)(p.email), (emailCount.get((0,email/* asciiLower */.F)(p.email)) ?? 0) + 1);
    const entries = [];
    for (const person of account.people) {
        const id = idOf(person);
        const why = refusal(person, id, idCount, emailCount, groupNames, roleNames);
        if (why) {
            leftOut.push({ personId: person.id, why });
            continue;
        }
        const groups = sortedNames(person.groups.map(g => groupNames.get(g).name));
        const roles = sortedNames(person.roles.map(r => roleNames.get(r).name));
        const key = options.split === 'none'
            ? 'roster'
            : options.split === 'department'
                ? person.department?.trim() || 'no-department'
                : (groups[0] ?? 'no-group');
        entries.push({ id, person, groups, roles, key });
    }
    // One file per key, with a safe name no other file of the directory folds to.
    const byKey = new Map();
    for (const e of entries) {
        const list = byKey.get(e.key);
        if (list)
            list.push(e);
        else
            byKey.set(e.key, [e]);
    }
    const keys = [...byKey.keys()].sort(naturalCompare);
    const fileOf = fileNames(keys, [MANAGES_FILE.replace(/\.yaml$/, '')]);
    // manages once, for every file: matching each exported id and no other system_id DoorFlow holds
    // but those left out, which `except` names. Ids are checked against everyone, not just the exported.
    const known = account.people.flatMap(p => (p.system_id === null ? [] : [p.system_id]));
    const cover = entries.length
        ? managesCover(entries.map(e => e.id), known, id => !id.includes('*') && !FORBIDDEN.test(id))
        : undefined;
    const personOf = new Map();
    for (const p of account.people)
        if (p.system_id !== null)
            personOf.set(p.system_id, [...(personOf.get(p.system_id) ?? []), p.id]);
    const files = [];
    const one = options.split === 'none';
    if (cover && !one)
        files.push({ name: MANAGES_FILE, text: fileText(managesLines(cover, personOf, true), undefined), people: 0 });
    for (const key of keys) {
        const list = byKey.get(key).sort((a, b) => naturalCompare(a.id, b.id));
        const head = one && cover
            ? managesLines(cover, personOf, false)
            : [`# Who this directory manages (and so may remove) is in ${MANAGES_FILE}: add a new hire here only.`];
        files.push({ name: `${fileOf.get(key)}.yaml`, text: fileText(head, list), people: list.length });
    }
    return { files, people: entries.length, leftOut };
}
/** Why a person cannot be exported as DoorFlow holds them, or undefined. */
function refusal(p, id, idCount, emailCount, groups, roles) {
    // An id the roster's doorflow_id cannot hold (0, negative, fractional, past 15 digits) names nobody the roster can adopt or write to.
    if (typeof p.id !== 'number' || !parse/* DOORFLOW_ID */.hj.test(String(p.id)))
        return 'its DoorFlow id is not a whole number from 1 to 999,999,999,999,999, which the roster refuses.';
    if ((idCount.get(id) ?? 0) > 1)
        return p.system_id !== null
            ? 'its system_id is also another DoorFlow person’s (give each a unique system_id in DoorFlow).'
            : 'the system_id the id template gives it is already another DoorFlow person’s (choose another --id-template).';
    if (id !== id.trim())
        return 'its system_id has leading or trailing spaces, which the roster refuses.';
    if (id.includes('*'))
        return "its system_id holds '*', which manages would read as a wildcard.";
    if (!p.first_name.trim())
        return 'its first_name is empty; the roster needs one.';
    if (!p.last_name.trim())
        return 'its last_name is empty; the roster needs one.';
    const texts = [['system_id', id]];
    for (const field of people/* PERSON_FIELDS */.OU) {
        const v = p[field];
        if (typeof v === 'string')
            texts.push([field, v]);
    }
    for (const [field, value] of texts) {
        const bad = FORBIDDEN.exec(value);
        if (bad)
            return `${field} holds ${(0,characters/* characterName */.pp)(bad[0])}, which the roster refuses.`;
    }
    if (p.email) {
        if (!parse/* EMAIL_ADDRESS */.MB.test(p.email))
            return 'its email is not an address the roster takes (name@domain.tld).';
        if ((emailCount.get((0,email/* asciiLower */.F)(p.email)) ?? 0) > 1)
            return 'its email is also another DoorFlow person’s (ignoring ASCII case); the roster keeps emails unique.';
    }
    for (const field of ['valid_from', 'valid_to']) {
        const v = p[field];
        if (v && Number.isNaN(Date.parse(v)))
            return `its ${field} is not a date-time.`;
        if (v && !readsBack(v, field))
            return `its ${field} is a date the roster cannot read back (it takes years 0100 to 9999), which would fail every plan.`;
    }
    if (p.valid_from && p.valid_to && Date.parse(p.valid_to) < Date.parse(p.valid_from))
        return 'its valid_to is before its valid_from, which the roster refuses.';
    for (const [kind, ids, known] of [
        ['group', p.groups, groups],
        ['role', p.roles, roles]
    ]) {
        for (const gid of ids) {
            const named = known.get(gid);
            if (!named)
                return `it is in ${kind} ${gid}, which DoorFlow’s ${kind} list does not name.`;
            if (!named.unique)
                return `it is in ${kind} ${gid}, whose name another ${kind} has too (rename one in DoorFlow).`;
            const bad = FORBIDDEN.exec(named.name);
            if (bad)
                return `the name of its ${kind} ${gid} holds ${(0,characters/* characterName */.pp)(bad[0])}, which the roster refuses.`;
            if (!named.name.trim())
                return `the name of its ${kind} ${gid} is empty.`;
        }
    }
    return undefined;
}
function names(list) {
    const count = new Map();
    for (const n of list)
        count.set(n.name, (count.get(n.name) ?? 0) + 1);
    return new Map(list.map(n => [n.id, { ...n, unique: count.get(n.name) === 1 }]));
}
function sortedNames(list) {
    return [...new Set(list)].sort(naturalCompare);
}
/** The lines that say who the roster manages: its patterns, and the people left out, each with their DoorFlow id. */
function managesLines(cover, personOf, directory) {
    return [
        directory
            ? '# For every file of this directory: a DoorFlow person whose system_id matches manages and whom no file lists is removed (input prune).'
            : '# A DoorFlow person whose system_id matches manages and who is not listed is removed (input prune).',
        'manages:',
        ...cover.manages.map(m => `  - ${scalar(m)}`),
        ...(cover.except.length
            ? [
                '# Left out of the export (DoorFlow data the roster refuses): never managed, so never removed.',
                'except:',
                ...cover.except.map(id => `  - ${scalar(id)} # DoorFlow person ${(personOf.get(id) ?? []).join(', ')}`)
            ]
            : [])
    ];
}
/** A roster file: the export's note, version, `head` (manages, or where it is), then the people when there are entries. */
function fileText(head, entries) {
    const lines = [
        '# Exported from DoorFlow: review it, then commit it. docs/roster.md explains every field.',
        'version: 1',
        ...head
    ];
    if (!entries)
        return `${lines.join('\n')}\n`;
    lines.push('people:');
    for (const { id, person: p, groups, roles } of entries) {
        lines.push(`  - id: ${scalar(id)}`);
        if (p.system_id === null)
            lines.push(`    doorflow_id: ${p.id}`);
        lines.push(`    first_name: ${scalar(p.first_name)}`, `    last_name: ${scalar(p.last_name)}`);
        for (const field of people/* PERSON_FIELDS */.OU) {
            if (field === 'first_name' || field === 'last_name')
                continue;
            if (field === 'enabled') {
                if (!p.enabled)
                    lines.push('    enabled: false');
                continue;
            }
            const v = p[field];
            if (v === null || v === undefined || v === '')
                continue;
            lines.push(`    ${field}: ${scalar(field === 'valid_from' || field === 'valid_to' ? instant(v, field) : v)}`);
        }
        lines.push(`    groups: [${groups.map(scalar).join(', ')}]`);
        if (roles.length)
            lines.push(`    roles: [${roles.map(scalar).join(', ')}]`);
    }
    return `${lines.join('\n')}\n`;
}
/** Whether the date the export would write for DoorFlow's `value` is one the roster reads, as the same second. */
function readsBack(value, field) {
    const read = (0,parse/* dateInstant */.QG)(instant(value, field), field === 'valid_to' ? 'end' : 'start');
    return typeof read === 'string' && Math.floor(Date.parse(read) / 1000) === Math.floor(Date.parse(value) / 1000);
}
/** DoorFlow's date-time as the roster writes it back to the same second (a bare date would move valid_to to 23:59:59). */
function instant(value, field) {
    const asIs = (0,parse/* dateInstant */.QG)(value, field === 'valid_to' ? 'end' : 'start');
    const ms = Date.parse(value);
    if (typeof asIs === 'string' && Math.floor(Date.parse(asIs) / 1000) === Math.floor(ms / 1000))
        return value;
    return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
/** Words that YAML (1.2 or 1.1) reads as something other than text. */
const KEYWORDS = /^(?:null|true|false|yes|no|on|off|y|n|~)$/i;
/**
 * A YAML scalar that reads back as exactly `value`: plain when it is words of letters, digits
 * and `_ . @ + / -` (starting with a letter, no YAML keyword), double-quoted (JSON escapes,
 * which YAML 1.2 reads alike) otherwise.
 */
function scalar(value) {
    if (/^[A-Za-z][A-Za-z0-9_.@+/-]*(?: [A-Za-z0-9_.@+/-]+)*$/.test(value) && !KEYWORDS.test(value))
        return value;
    return JSON.stringify(value);
}

// EXTERNAL MODULE: ./src/roster/roster-files.ts
var roster_files = __webpack_require__(9730);
// EXTERNAL MODULE: ./src/annotate.ts
var annotate = __webpack_require__(3927);
;// CONCATENATED MODULE: ./src/export/run.ts
/**
 * The export's side effects: read the account, write the roster files into a directory inside
 * the workspace, report what was left out. Used by the action's `export` input and by
 * `npm run export`. Nothing is ever written to DoorFlow.
 */












/**
 * Writes the files into `dir` (relative to `workspace`, created when missing). The directory's
 * real path must lie inside the workspace's, and it must hold no *.yaml or *.yml file yet: the
 * export is a fresh roster, never merged into an old one. Each file is created new (never
 * through a link, never over a file). `what` names the input or option in messages.
 */
function writeExportFiles(dir, workspace, result, what) {
    const fail = (message) => ({ ok: false, message: `${what}: ${message}` });
    const shown = (p) => `'${(0,untrusted/* untrusted */.bp)(p, 200)}'`;
    if (!dir.trim())
        return fail('is empty: name a directory inside the workspace, such as access.');
    const unreadable = beyondRosterBounds(result);
    if (unreadable)
        return fail(unreadable);
    if ((0,external_node_path_.isAbsolute)(dir) || /^[a-zA-Z]:[\\/]/.test(dir))
        return fail(`${shown(dir)} is an absolute path; give a directory relative to the workspace, such as access.`);
    let root;
    try {
        root = (0,external_node_fs_.realpathSync)(workspace);
    }
    catch {
        return fail(`the workspace ${shown(workspace)} does not exist.`);
    }
    const inside = (p) => (0,runner/* isInside */.FK)(p, root);
    const target = (0,external_node_path_.resolve)(root, dir);
    const created = [];
    if (!inside(target))
        return fail(`${shown(dir)} leads outside the workspace; give a directory inside it.`);
    // The deepest part that exists must really be inside (a link in the path could lead out).
    if (!(0,runner/* insideWorkspace */.CT)(dir, root))
        return fail(`${shown(dir)} is, or lies under, a link that leads outside the workspace.`);
    try {
        (0,external_node_fs_.mkdirSync)(target, { recursive: true });
        const finalReal = (0,external_node_fs_.realpathSync)(target);
        if (!inside(finalReal))
            return fail(`${shown(dir)} leads outside the workspace.`);
        if (!(0,external_node_fs_.lstatSync)(finalReal).isDirectory())
            return fail(`${shown(dir)} is not a directory.`);
        const old = (0,external_node_fs_.readdirSync)(finalReal).filter(name => /\.ya?ml$/i.test(name));
        if (old.length)
            return fail(`${shown(dir)} already holds ${(0,format/* plural */.LS)(old.length, 'YAML file')} (${(0,untrusted/* untrusted */.bp)(old.slice(0, 3).join(', '), 200)}${old.length > 3 ? ', …' : ''}): the export writes a fresh roster; give a new or empty directory, or delete the old files first.`);
        for (const file of result.files) {
            const path = (0,external_node_path_.join)(finalReal, file.name);
            const fd = (0,external_node_fs_.openSync)(path, external_node_fs_.constants.O_WRONLY | external_node_fs_.constants.O_CREAT | external_node_fs_.constants.O_EXCL | (external_node_fs_.constants.O_NOFOLLOW ?? 0), 0o644);
            created.push(path);
            try {
                (0,external_node_fs_.writeSync)(fd, file.text);
            }
            finally {
                (0,external_node_fs_.closeSync)(fd);
            }
        }
        return { ok: true, paths: created.map(path => (0,external_node_path_.relative)(root, path).split('\\').join('/')) };
    }
    catch (err) {
        // Half a roster is worse than none: the files this call created go, so a re-run starts clean.
        const left = created.filter(path => !removed(path));
        return fail(`${shown(dir)} cannot be written (${(0,untrusted/* untrusted */.bp)(err.code ?? 'error', 40)}); ` +
            (left.length
                ? `${(0,format/* plural */.LS)(left.length, 'file')} it wrote could not be removed (${(0,untrusted/* untrusted */.bp)(left.map(p => (0,external_node_path_.relative)(root, p)).join(', '), 200)}): delete them before running again.`
                : 'no file of the export is left in it.'));
    }
}
function removed(path) {
    try {
        (0,external_node_fs_.unlinkSync)(path);
        return true;
    }
    catch {
        return false;
    }
}
/**
 * Why no roster run could read these files (roster-files.ts's bounds on a roster directory), or
 * undefined: an export that the roster then refuses whole would only look done.
 */
function beyondRosterBounds(result) {
    const other = 'Export with another split (npm run export -- --split group, or --split none for one file).';
    if (result.files.length > roster_files/* MAX_FILES */.BE)
        return `the export would be ${result.files.length.toLocaleString('en-US')} files${result.files[0]?.name === MANAGES_FILE ? ` (${MANAGES_FILE} and ${(result.files.length - 1).toLocaleString('en-US')} of people)` : ''}, more than the ${roster_files/* MAX_FILES */.BE} a roster directory may hold, so no roster run could read them. ${other}`;
    let total = 0;
    for (const file of result.files) {
        const bytes = Buffer.byteLength(file.text);
        if (bytes > roster_files/* MAX_FILE_BYTES */.gZ)
            return `${(0,untrusted/* untrusted */.bp)(file.name, 200)} would be ${bytes.toLocaleString('en-US')} bytes, more than the ${(0,format/* byteSize */.mz)(roster_files/* MAX_FILE_BYTES */.gZ)} a roster file may be, so no roster run could read it. Export with another split (npm run export -- --split department or --split group).`;
        total += bytes;
    }
    if (total > roster_files/* MAX_TOTAL_BYTES */.gx)
        return `the files would hold ${total.toLocaleString('en-US')} bytes, more than the ${(0,format/* byteSize */.mz)(roster_files/* MAX_TOTAL_BYTES */.gx)} a roster may, so no roster run could read them; split the building's people across rosters.`;
    return undefined;
}
/** One line per person left out, naming the DoorFlow id; the first `max`, then a count. */
function leftOutLines(result, max = 50) {
    const lines = result.leftOut
        .slice(0, max)
        .map(l => `DoorFlow person ${(0,untrusted/* untrusted */.bp)(String(l.personId), 40)} is left out of the export: ${l.why}`);
    if (result.leftOut.length > max)
        lines.push(`…and ${result.leftOut.length - max} more left out (${result.leftOut.length} in all).`);
    return lines;
}
/** The action's `export` input: sign in with the read scopes, read, export, write; nothing to DoorFlow, no sync. */
async function runExport(settings, input, ctx, hold) {
    // The action's export splits by department and names people without a system_id DF-{id};
    // `npm run export` offers the other splits and templates.
    const options = { ...input, split: 'department', idTemplate: DEFAULT_ID_TEMPLATE };
    const signedIn = await (0,sign_in/* signIn */.Jv)(ctx, settings.auth, settings.baseUrl, hold, people/* READ_SCOPES */.vk);
    if (!signedIn.ok)
        return { ok: false, message: signedIn.message };
    core/* info */.pq(`Export: reading groups, roles and people from ${settings.baseUrl}.`);
    const read = await (0,people/* readAccount */.GM)(ctx, new people/* PeopleClient */.Z_(settings.baseUrl, signedIn.accessToken));
    if (!read.ok)
        return { ok: false, message: `${read.message} No roster file was written.` };
    const { account } = read;
    const result = exportRoster(account, options);
    for (const line of leftOutLines(result))
        (0,annotate/* annotate */.fz)('warning', line, { title: 'Export' });
    const written = writeExportFiles(options.dir, options.workspace, result, "Input 'export'");
    if (!written.ok)
        return { ok: false, message: `${written.message} Nothing was written to DoorFlow.` };
    core/* setOutput */.uH('exported-files', written.paths.join('\n'));
    core/* setOutput */.uH('exported-people', String(result.people));
    const line = `Exported ${(0,format/* headcount */.sg)(result.people)} of ${account.people.length} to ${(0,format/* plural */.LS)(written.paths.length, 'file')} in ${(0,untrusted/* untrusted */.bp)(options.dir, 200)} ` +
        `(${(0,format/* plural */.LS)(account.requests, 'request')}; ${result.leftOut.length} left out). Nothing was written to DoorFlow and no sync was sent.`;
    core/* info */.pq(line);
    if (settings.runner.summary) {
        // Department names become file names: DoorFlow's text, so nothing in it may link, mention or format.
        const files = written.paths.map(p => `- ${(0,untrusted/* inertMarkdown */.Ic)(p, 200)}`).join('\n');
        await (0,report/* writeSummaryOrWarn */.vV)(core/* summary */.z.addRaw(`### DoorFlow export\n\n${(0,untrusted/* inertMarkdown */.Ic)(line, 2000)}\n\n${files}\n`, true).write());
    }
    return { ok: true };
}


/***/ })

};
