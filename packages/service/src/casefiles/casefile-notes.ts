import { randomUUID } from 'node:crypto';
import { CasefileNote, Id, NoteBody, type Principal, principalId } from '@hindsight/models';
import {
  deleteCasefileNote,
  findCasefileNote,
  insertCasefileNote,
  updateCasefile,
  updateCasefileNote,
} from '@hindsight/repository';
import * as v from 'valibot';
import { nowOf, type ServiceContext } from '../context.js';
import { ForbiddenError, NotFoundError } from '../errors.js';
import { casefileRoleOf } from '../hub/access.js';
import { operation } from '../hub/operation.js';
import { casefileTarget } from './casefile-detail.js';

const NoteInput = v.object({ id: Id, note_id: Id });

async function requireNote(ctx: ServiceContext, casefileId: string, noteId: string) {
  const note = await findCasefileNote(ctx.db, casefileId, noteId);
  if (!note) throw new NotFoundError('note', noteId);
  return note;
}

/** The author may always change their note; `moderate` lets an owner (or an admin) delete it too. */
async function requireAuthor(
  ctx: ServiceContext,
  note: CasefileNote,
  principal: Principal,
  moderate: boolean,
): Promise<void> {
  if (note.author_id === principalId(principal)) return;
  if (moderate && (await casefileRoleOf(ctx, principal, note.casefile_id)) === 'owner') return;
  throw new ForbiddenError(
    moderate
      ? 'only its author or an owner of the casefile may delete a note'
      : 'only its author may edit a note',
  );
}

export const addCasefileNoteOperation = operation({
  name: 'casefiles.addNote',
  input: v.object({ id: Id, body: NoteBody }),
  output: CasefileNote,
  scope: 'read',
  audit: true,
  casefile: { id: (input) => input.id, role: 'editor' },
  target: (input) => casefileTarget(input.id),
  summarize: (input) => ({ id: input.id, body_chars: input.body.length }),
  run: async ({ ctx, input, caller }) => {
    const now = nowOf(ctx);
    const note: CasefileNote = {
      id: randomUUID(),
      casefile_id: input.id,
      author_id: principalId(caller.principal),
      body: input.body,
      created_at_us: now,
      updated_at_us: now,
    };
    await insertCasefileNote(ctx.db, note);
    await updateCasefile(ctx.db, input.id, { updated_at_us: now });
    return note;
  },
});

/** Only the note's author edits it (an editor still, or the casefile would be read-only to them). */
export const editCasefileNoteOperation = operation({
  name: 'casefiles.editNote',
  input: v.object({ ...NoteInput.entries, body: NoteBody }),
  output: CasefileNote,
  scope: 'read',
  audit: true,
  casefile: { id: (input) => input.id, role: 'editor' },
  target: (input) => casefileTarget(input.id),
  summarize: (input) => ({ id: input.id, note_id: input.note_id, body_chars: input.body.length }),
  run: async ({ ctx, input, caller }) => {
    const note = await requireNote(ctx, input.id, input.note_id);
    await requireAuthor(ctx, note, caller.principal, false);
    const now = nowOf(ctx);
    const edited = await updateCasefileNote(ctx.db, note.id, {
      body: input.body,
      updated_at_us: now,
    });
    if (!edited) throw new NotFoundError('note', note.id);
    await updateCasefile(ctx.db, input.id, { updated_at_us: now });
    return edited;
  },
});

/** Its author, or an owner of the casefile (moderation), deletes a note. */
export const deleteCasefileNoteOperation = operation({
  name: 'casefiles.deleteNote',
  input: NoteInput,
  output: v.object({ id: Id }),
  scope: 'read',
  audit: true,
  casefile: { id: (input) => input.id, role: 'editor' },
  target: (input) => casefileTarget(input.id),
  run: async ({ ctx, input, caller }) => {
    const note = await requireNote(ctx, input.id, input.note_id);
    await requireAuthor(ctx, note, caller.principal, true);
    await deleteCasefileNote(ctx.db, note.id);
    await updateCasefile(ctx.db, input.id, { updated_at_us: nowOf(ctx) });
    return { id: note.id };
  },
});
