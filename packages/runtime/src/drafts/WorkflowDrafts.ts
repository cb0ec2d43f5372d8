import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TroupeError, type WorkflowDefinition } from '@troupe/sdk';

/** A workflow proposed from a problem statement: it runs only once approved. */
export interface WorkflowDraft {
  readonly id: string;
  readonly statement: string;
  readonly createdAt: number;
  readonly status: 'draft' | 'approved';
  /** The proposal, under its generated id (`generated.<draftId>`) and version. */
  readonly definition: WorkflowDefinition;
  /** The generation run that produced it (its log has every proposal and problem). */
  readonly generationRunId: string;
  /** Proposals it took (1 + repair rounds used). */
  readonly rounds: number;
  readonly approvedAt?: number;
  readonly approvedBy?: string;
}

const DRAFT_ID = /^d[0-9a-f]{8}$/;

/**
 * Drafts as JSON files in one folder (default `.troupe/drafts` beside the
 * config): readable, diffable, and each written whole (temp file, then rename)
 * so a crash never leaves half a draft.
 */
export class WorkflowDrafts {
  constructor(readonly dir: string) {}

  save(draft: WorkflowDraft): string {
    mkdirSync(this.dir, { recursive: true });
    const file = this.fileOf(draft.id);
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(draft, null, 2)}\n`);
    renameSync(temp, file);
    return file;
  }

  /** The draft `id`; E_DRAFT_NOT_FOUND if there is none (or the id is not a draft id). */
  get(id: string): WorkflowDraft {
    if (!DRAFT_ID.test(id)) throw new TroupeError('E_DRAFT_NOT_FOUND', { draftId: id, dir: this.dir });
    try {
      return JSON.parse(readFileSync(this.fileOf(id), 'utf8')) as WorkflowDraft;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new TroupeError('E_DRAFT_NOT_FOUND', { draftId: id, dir: this.dir });
      throw error;
    }
  }

  /** Every readable draft, oldest first; a file that is not a draft (edited by hand, cut short) is skipped, not fatal. */
  list(): WorkflowDraft[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const drafts: WorkflowDraft[] = [];
    for (const name of names) {
      const id = name.slice(0, -5);
      if (!name.endsWith('.json') || !DRAFT_ID.test(id)) continue;
      try {
        const draft = this.get(id);
        if (isDraft(draft, id)) drafts.push(draft);
      } catch {
        // Not JSON: skipped.
      }
    }
    return drafts.sort((a, b) => a.createdAt - b.createdAt);
  }

  private fileOf(id: string): string {
    return join(this.dir, `${id}.json`);
  }
}

function isDraft(value: WorkflowDraft, id: string): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    value.id === id &&
    (value.status === 'draft' || value.status === 'approved') &&
    typeof value.definition === 'object' &&
    value.definition !== null &&
    typeof value.definition.id === 'string' &&
    typeof value.createdAt === 'number'
  );
}
