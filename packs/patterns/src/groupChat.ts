import type { TaskDefinition, WorkflowDefinition } from '@troupe/sdk';
import { speakTaskId } from './code.js';
import { roleOf, type PatternBase, type RoleBinding } from './roles.js';

export interface GroupChatOptions extends PatternBase {
  /** The participants, in speaking order (role id → who plays it). Default: `alice`, `bob`. */
  readonly participants?: Readonly<Record<string, RoleBinding | undefined>>;
  /** `round-robin` (default): everyone speaks each round, in order. `selector`: a `selector` seat picks one speaker per round. */
  readonly mode?: 'round-robin' | 'selector';
  readonly selector?: RoleBinding;
  /** Most rounds (loop maxRounds). Default 4. */
  readonly maxRounds?: number;
  /** Stop when the keyword is said (`keyword`, default) or said by every speaker of a round (`consensus`). */
  readonly stopOn?: 'keyword' | 'consensus';
  /** Default `DONE` (keyword) or `AGREED` (consensus); matched case-insensitively. */
  readonly keyword?: string;
}

/**
 * Group chat: participants take turns on a topic, round after round (a
 * `loop` over the round sub-workflow), until the stop keyword is said (or, in
 * consensus mode, said by every speaker of a round) or `maxRounds` rounds ran
 * (the chat then ends with the transcript so far). Run input: `{ "topic": string }`.
 * Returns the main workflow and its round sub-workflow: register both.
 */
export function groupChat(options: GroupChatOptions = {}): readonly [WorkflowDefinition, WorkflowDefinition] {
  const id = options.id ?? 'patterns.group-chat';
  const version = options.version ?? '1.0.0';
  const participants = options.participants ?? { alice: undefined, bob: undefined };
  const speakers = Object.keys(participants);
  const mode = options.mode ?? 'round-robin';
  const stopOn = options.stopOn ?? 'keyword';
  const keyword = options.keyword ?? (stopOn === 'consensus' ? 'AGREED' : 'DONE');
  const roles = speakers.map((speaker) => roleOf(speaker, participants[speaker]));
  if (mode === 'selector') roles.push(roleOf('selector', options.selector, 'Selector'));
  const instructions = `Take your turn in the discussion of the topic: one short message. Say "${keyword}" when ${stopOn === 'consensus' ? 'you agree with the others' : 'the discussion is finished'}.`;

  const turns: TaskDefinition[] = [];
  if (mode === 'selector') {
    turns.push({
      id: 'select',
      executor: { type: 'gmi', roleId: 'selector', outputFormat: 'json', instructions: `Pick who speaks next, one of ${speakers.join(', ')}. Reply with JSON only: {"speaker": "..."}.` },
      input: { topic: { from: 'input.topic' }, earlierRounds: { from: 'input.history' } },
    });
  }
  speakers.forEach((speaker, index) => {
    const earlier = mode === 'selector' ? ['select'] : speakers.slice(0, index).map(speakTaskId);
    turns.push({
      id: speakTaskId(speaker),
      ...(earlier.length ? { dependsOn: earlier } : {}),
      ...(mode === 'selector' ? { when: `tasks.select.output.speaker == ${JSON.stringify(speaker)}` } : {}),
      executor: { type: 'gmi', roleId: speaker, instructions },
      input: { topic: { from: 'input.topic' }, earlierRounds: { from: 'input.history' } },
    });
  });
  turns.push({ id: 'turns', dependsOn: speakers.map(speakTaskId), executor: { type: 'code', codeId: 'patterns.chat-turns' } });

  const round: WorkflowDefinition = {
    id: `${id}.round`,
    version,
    displayName: 'Group chat round',
    roles,
    tasks: turns,
    output: { from: 'tasks.turns.output' },
  };
  const chat: WorkflowDefinition = {
    id,
    version,
    displayName: 'Group chat',
    description: `Participants (${speakers.join(', ')}) discuss a topic in bounded rounds until ${stopOn === 'consensus' ? 'everyone agrees' : `someone says ${keyword}`}.`,
    roles,
    goalSchema: { type: 'object', required: ['topic'], properties: { topic: { type: 'string', minLength: 1 } } },
    tasks: [
      {
        id: 'chat',
        executor: { type: 'workflow', workflowId: round.id },
        input: {
          topic: { from: 'input.topic' },
          history: { from: 'round.history' },
          speakers: { value: speakers },
          keyword: { value: keyword },
          stopOn: { value: stopOn },
        },
        loop: { maxRounds: options.maxRounds ?? 4, until: 'round.output.stop == true', onMaxRounds: 'complete' },
      },
    ],
    output: {
      rounds: { from: 'tasks.chat.output.rounds' },
      stoppedBy: { from: 'tasks.chat.output.stoppedBy' },
      transcript: { from: 'tasks.chat.output.history' },
    },
  };
  return [chat, round];
}
