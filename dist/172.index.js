export const id = 172;
export const ids = [172];
export const modules = {

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


/***/ })

};
