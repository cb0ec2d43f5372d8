import { TroupeError, type HumanAnswer } from '@troupe/sdk';
import type { CliIo } from './CliIo.js';
import type { CommandInput } from './Command.js';
import { startCliHost } from './createCliHost.js';
import { followRun, pendingQuestions } from './followRun.js';

/**
 * Answers a human task of a stored run and keeps driving the run in this
 * process until it ends or waits again (what `approve` and `answer` share).
 * The host resumes the store's unfinished runs at start, this one included.
 */
export async function answerTask(input: CommandInput, io: CliIo, runId: string, taskId: string, mode: 'approval' | 'input', answer: HumanAnswer): Promise<number> {
  const { host } = await startCliHost(input, io, { quiet: true, holder: `troupe ${mode === 'input' ? 'answer' : 'approve'} ${runId}` });
  try {
    return await followRun(host, runId, input, io, async (show) => {
      const state = await host.engine.getRun(runId);
      // A paused run cannot take answers; its own error (E_PACK_INCOMPATIBLE) says why and what to do.
      if (state.status === 'paused' && state.error) throw state.error;
      const question = (await pendingQuestions(host, state, input, io)).find((candidate) => candidate.taskId === taskId);
      if (question && question.mode !== mode) {
        throw new TroupeError('E_CLI_ANSWER_MODE', { runId, taskId, mode: question.mode === 'input' ? 'an input value' : 'an approval', command: mode === 'input' ? 'answer' : 'approve' });
      }
      if (input.values.json !== true) {
        const verb = 'value' in answer ? 'answered' : answer.approved ? 'approved' : 'rejected';
        io.stdout.write(`${verb} ${taskId} of run ${runId}\n`);
      }
      show(state);
      await host.engine.answerHumanTask(runId, taskId, answer);
    });
  } finally {
    await host.stop();
  }
}
