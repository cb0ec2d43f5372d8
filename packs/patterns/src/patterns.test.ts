import { definePersona, defineWorkflow, type WorkflowDefinition } from '@troupe/sdk';
import { createScriptedProvider, createTestEngine, type ScriptedResponder } from '@troupe/testing';
import { describe, expect, it } from 'vitest';
import pack, { debate, defaultPatternWorkflows, groupChat, orchestratorWorker, reflectUntilValid, validationGate } from './index.js';

/** A persona on the scripted provider for each role, matched by the pattern's default capability. */
function personas(...roleIds: string[]) {
  return roleIds.map((roleId) => definePersona({ id: `${roleId}-persona`, instructions: `You are the ${roleId}.`, providerId: 'scripted', capabilities: [`patterns.${roleId}`] }));
}

function engineFor(definitions: readonly WorkflowDefinition[], roleIds: string[], byTask: Record<string, ScriptedResponder | readonly ScriptedResponder[]>) {
  const provider = createScriptedProvider({ id: 'scripted', byTask });
  const t = createTestEngine({
    descriptors: [...(pack.descriptors ?? []).filter((d) => d.kind === 'code'), provider.descriptor, ...personas(...roleIds), ...definitions.map((d) => defineWorkflow(d))],
  });
  return { t, provider };
}

describe('@troupe/pack-patterns', () => {
  it('registers every pattern with a valid definition', () => {
    const ids = defaultPatternWorkflows.map((definition) => definition.id);
    expect(ids).toEqual([
      'patterns.orchestrator-worker',
      'patterns.group-chat',
      'patterns.group-chat.round',
      'patterns.debate',
      'patterns.debate.round',
      'patterns.reflect',
      'patterns.reflect.round',
      'patterns.validation-gate',
      'patterns.validation-gate.round',
    ]);
  });

  it('orchestrator-worker: the planner emits subtasks, one worker instance each (in order), the synthesiser answers', async () => {
    const { t, provider } = engineFor([orchestratorWorker({ concurrency: 2 })], ['planner', 'worker', 'synthesizer'], {
      plan: { text: '{"subtasks": ["research owls", "research bats", "compare them"]}' },
      work: (request) => {
        const subtask = /"subtask": "([^"]+)"/.exec(request.messages.at(-1)!.content)![1]!;
        return `done: ${subtask}`;
      },
      synthesize: 'Owls and bats both hunt at night.',
    });
    const { runId } = await t.engine.startWorkflow('patterns.orchestrator-worker', { input: { goal: 'Compare owls and bats' } });
    const done = await t.engine.wait(runId);
    expect(done.status).toBe('completed');
    expect(done.output).toEqual({
      answer: 'Owls and bats both hunt at night.',
      subtasks: ['research owls', 'research bats', 'compare them'],
      results: ['done: research owls', 'done: research bats', 'done: compare them'],
    });
    expect(done.tasks.work!.instances).toHaveLength(3);
    expect(provider.calls.filter((call) => call.taskId === 'work')).toHaveLength(3);
    expect(provider.calls.find((call) => call.taskId === 'synthesize')!.request.messages.at(-1)!.content).toContain('done: compare them');
  });

  it('group chat (round-robin): everyone speaks each round until the keyword is said', async () => {
    const { t } = engineFor(groupChat({ participants: { alice: undefined, bob: undefined }, maxRounds: 5 }), ['alice', 'bob'], {
      'speak-alice': ['Cats are better.', 'Fine, dogs are loyal.'],
      'speak-bob': ['Dogs are better.', 'Then we agree. DONE'],
    });
    const { runId } = await t.engine.startWorkflow('patterns.group-chat', { input: { topic: 'cats or dogs' } });
    const done = await t.engine.wait(runId);
    expect(done.status).toBe('completed');
    expect(done.output).toEqual({
      rounds: 2,
      stoppedBy: 'until',
      transcript: [
        {
          messages: [
            { speaker: 'alice', text: 'Cats are better.' },
            { speaker: 'bob', text: 'Dogs are better.' },
          ],
          stop: false,
        },
        {
          messages: [
            { speaker: 'alice', text: 'Fine, dogs are loyal.' },
            { speaker: 'bob', text: 'Then we agree. DONE' },
          ],
          stop: true,
        },
      ],
    });
  });

  it('group chat (selector, consensus): a selector seat picks one speaker per round; bounded by maxRounds', async () => {
    const { t } = engineFor(groupChat({ id: 'panel', participants: { ann: undefined, ben: undefined }, mode: 'selector', stopOn: 'consensus', maxRounds: 2 }), ['ann', 'ben', 'selector'], {
      select: [{ text: '{"speaker": "ben"}' }, { text: '{"speaker": "ann"}' }],
      'speak-ann': 'Not yet.',
      'speak-ben': 'Hmm.',
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('panel', { input: { topic: 'lunch' } })).runId);
    expect(done.status).toBe('completed');
    expect(done.output).toMatchObject({ rounds: 2, stoppedBy: 'maxRounds' });
    const transcript = (done.output as { transcript: { messages: { speaker: string }[] }[] }).transcript;
    expect(transcript.map((round) => round.messages.map((message) => message.speaker))).toEqual([['ben'], ['ann']]);
  });

  it('debate with a judge: rounds until the judge decides', async () => {
    const { t } = engineFor(debate({ maxRounds: 3 }), ['proponent', 'opponent', 'judge'], {
      'pro': ['Remote work saves time.', 'And it widens hiring.'],
      'con': ['It hurts mentoring.', 'Hiring is not everything.'],
      judge: [{ text: '{"decided": false, "reasoning": "even"}' }, { text: '{"decided": true, "winner": "proponent", "reasoning": "stronger case"}' }],
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('patterns.debate', { input: { motion: 'Remote work is better' } })).runId);
    expect(done.status).toBe('completed');
    expect(done.output).toMatchObject({ rounds: 2, decided: true, verdict: { decided: true, winner: 'proponent' } });
    expect(done.tasks.debate!.instances!.map((round) => round.childRunId)).toEqual([`${done.runId}/debate/round-0.1`, `${done.runId}/debate/round-1.1`]);
  });

  it('reflect-until-valid by JSON Schema: the generator revises with the problems until the draft matches', async () => {
    const schema = { type: 'object', required: ['title', 'tags'], properties: { title: { type: 'string' }, tags: { type: 'array', minItems: 1 } } };
    const { t, provider } = engineFor(reflectUntilValid({ validateBy: { schema } }), ['generator'], {
      draft: [{ text: '{"title": "Owls"}' }, { text: '{"title": "Owls", "tags": ["birds"]}' }],
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('patterns.reflect', { input: { task: 'Describe owls as JSON' } })).runId);
    expect(done.status).toBe('completed');
    expect(done.output).toEqual({ result: { title: 'Owls', tags: ['birds'] }, rounds: 2 });
    expect(provider.calls[1]!.request.messages.at(-1)!.content).toContain("must have required property 'tags'");
  });

  it('reflect-until-valid by a critic seat fails with E_LOOP_MAX_ROUNDS when no draft is accepted', async () => {
    const { t } = engineFor(reflectUntilValid({ maxRounds: 2 }), ['generator', 'critic'], {
      draft: 'A poem.',
      review: { text: '{"valid": false, "feedback": "rhyme it"}' },
    });
    const done = await t.engine.wait((await t.engine.startWorkflow('patterns.reflect', { input: { task: 'Write a poem' } })).runId);
    expect(done.status).toBe('failed');
    expect(done.tasks.reflect!.error!.code).toBe('E_LOOP_MAX_ROUNDS');
  });

  it('validation gate: passes at the threshold, retries below it, escalates to a human after the last try', async () => {
    const passing = engineFor(validationGate({ threshold: 70, maxTries: 2 }), ['worker', 'judge'], {
      produce: ['draft 1', 'draft 2'],
      score: [{ text: '{"score": 40, "feedback": "too short"}' }, { text: '{"score": 85, "feedback": "good"}' }],
    });
    const passed = await passing.t.engine.wait((await passing.t.engine.startWorkflow('patterns.validation-gate', { input: { task: 'Summarise' } })).runId);
    expect(passed.status).toBe('completed');
    expect(passed.output).toEqual({ result: 'draft 2', score: 85, passed: true, escalated: false });
    expect(passing.provider.calls.filter((call) => call.taskId === 'produce')[1]!.request.messages.at(-1)!.content).toContain('too short');

    const failing = engineFor(validationGate({ threshold: 70, maxTries: 2 }), ['worker', 'judge'], {
      produce: 'meh',
      score: { text: '{"score": 10, "feedback": "no"}' },
    });
    const { runId } = await failing.t.engine.startWorkflow('patterns.validation-gate', { input: { task: 'Summarise' } });
    const waiting = await failing.t.engine.wait(runId);
    expect(waiting.status).toBe('awaiting_input');
    expect(waiting.tasks.escalate!.status).toBe('awaiting_input');
    await failing.t.engine.answerHumanTask(runId, 'escalate', { approved: true, actor: 'lead' });
    const approved = await failing.t.engine.wait(runId);
    expect(approved.output).toEqual({ result: 'meh', score: 10, passed: false, escalated: true });
  });
});
